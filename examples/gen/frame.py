"""Cover, team overview and declaration around the step sections (organiser template text lives here)."""

from __future__ import annotations

from . import templates
from .context import Ctx
from .doc import Para, Report, Section, Table, pick


def add_frame(rep: Report, ctx: Ctx) -> None:
    r = ctx.rng
    cover = Section("cover")
    cover.items.append(Para(ctx.company.name, tag="company"))
    cover.items.append(Para(ctx.team, tag="team"))
    pub = ctx.members[0].name
    cover.items.append(Para(f"发布人：{pub}", tag="presenter"))
    mo = r.choice((9, 10, 10, 11))
    cover.items.append(Para(pick(r, f"{ctx.year}年{mo}月", f"{ctx.year}年{mo}月{r.randrange(1, 29)}日", f"{ctx.year}.{mo:02d}"), tag="date"))
    cover.items.append(Para(templates.COVER, tag="template"))
    cover.items.append(Para(templates.POLICY, tag="template"))
    team = Section("team")
    ptype = "创新型" if rep.ptype == "innovative" else ("问题解决型（指令性目标）" if rep.target_kind == "directive" else "问题解决型（自定目标）")
    n_act = r.randrange(14, 30)
    months = r.randrange(7, 10)
    team.items.append(Para(pick(r, "小组概况", "一、小组简介", "小组介绍"), style="label"))
    founded = f"{ctx.founded}年{r.randrange(1, 13)}月"
    m1 = r.randrange(2, 4)
    period = f"{ctx.year}年{m1}月—{ctx.year}年{min(12, m1 + months)}月" if r.random() < 0.5 else f"{ctx.year}.{m1:02d}—{ctx.year}.{min(12, m1 + months):02d}"
    attend = r.randrange(92, 100)
    edu_h = r.randrange(40, 96)
    layout = r.randrange(3)
    if layout == 0:
        info = [
            ["小组名称", ctx.team, "成立时间", founded],
            ["课题名称", rep.title, "课题类型", ptype],
            ["注册编号", ctx.reg_no, "小组人数", f"{len(ctx.members)}人"],
            ["活动时间", period, "活动次数", f"{n_act}次（出勤率{attend}%）"],
            ["TQC教育", f"人均{edu_h}学时", "所在部门", ctx.company.short],
        ]
        team.items.append(Table(["项目", "内容", "项目", "内容"], info, caption=pick(r, "小组概况表", "小组基本情况")))
    elif layout == 1:
        info = [["小组名称", ctx.team], ["注册号", ctx.reg_no], ["课题", rep.title], ["类型", ptype], ["成立日期", founded],
                ["活动周期", period], ["活动频次", f"共{n_act}次，出勤率{attend}%"], ["人均受教育时间", f"{edu_h}h"]]
        team.items.append(Table(pick(r, "类别|情况", "项目|说明").split("|"), info, caption=pick(r, f"{ctx.team}简介", "QC小组简介")))
    else:
        info = [[ctx.team, ctx.reg_no, rep.title, ptype, period, f"{len(ctx.members)}人", f"{n_act}次/{attend}%"]]
        team.items.append(Table(["小组名称", "注册编号", "课题名称", "课题类型", "活动时间", "人数", "活动次数/出勤率"], info,
                                caption=pick(r, f"{ctx.team}情况一览", f"{ctx.company.short}QC小组概况")))
    hv = r.randrange(4)
    if hv == 0:
        header = ["序号", "姓名", "性别", "文化程度", "职务/职称", "组内职务", "组内分工"]
        rows = [[str(i + 1), m.name, m.sex, m.edu, m.post, m.role, m.duty] for i, m in enumerate(ctx.members)]
    elif hv == 1:
        header = ["姓名", "性别", "学历", "岗位", "小组职务", "主要分工"]
        rows = [[m.name, m.sex, m.edu, m.post, m.role, m.duty] for m in ctx.members]
    elif hv == 2:
        header = ["序号", "成员", "文化程度", "职称/岗位", "组内角色", "负责内容"]
        rows = [[str(i + 1), m.name, m.edu, m.post, m.role, m.duty] for i, m in enumerate(ctx.members)]
    else:
        header = ["组内职务", "姓名", "职务", "学历", "分工"]
        rows = [[m.role, m.name, m.post, m.edu, m.duty] for m in ctx.members]
    team.items.append(Table(header, rows, caption=pick(r, "小组成员表", "成员构成", f"{ctx.team}成员", "小组成员及分工")))
    team.items.append(Para(templates.flow_for(rep.ptype, rep.target_kind), tag="template"))
    decl = Section("declaration")
    decl.items.append(Para(templates.POLICY2, tag="template"))
    decl.items.append(Para(templates.DECLARATION, tag="template"))
    rep.sections = [cover, team, *rep.sections, decl]
