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
    cover.items.append(Para(f"{ctx.year}年{r.choice((9, 10, 10, 11))}月", tag="date"))
    cover.items.append(Para(templates.COVER, tag="template"))
    cover.items.append(Para(templates.POLICY, tag="template"))
    team = Section("team")
    ptype = "创新型" if rep.ptype == "innovative" else ("问题解决型（指令性目标）" if rep.target_kind == "directive" else "问题解决型（自定目标）")
    n_act = r.randrange(14, 30)
    months = r.randrange(7, 10)
    team.items.append(Para(pick(r, "小组概况", "一、小组简介", "小组介绍"), style="label"))
    info = [
        ["小组名称", ctx.team, "成立时间", f"{ctx.founded}年{r.randrange(1, 13)}月"],
        ["课题名称", rep.title, "课题类型", ptype],
        ["注册编号", ctx.reg_no, "小组人数", f"{len(ctx.members)}人"],
        ["活动时间", f"{ctx.year}年{r.randrange(2, 4)}月—{ctx.year}年{min(12, r.randrange(2, 4) + months)}月", "活动次数", f"{n_act}次（出勤率{r.randrange(92, 100)}%）"],
        ["TQC教育", f"人均{r.randrange(40, 96)}学时", "所在部门", ctx.company.short],
    ]
    team.items.append(Table(["项目", "内容", "项目", "内容"], info, caption="小组概况表"))
    rows = [[str(i + 1), m.name, m.sex, m.edu, m.post, m.role, m.duty] for i, m in enumerate(ctx.members)]
    team.items.append(Table(["序号", "姓名", "性别", "文化程度", "职务/职称", "组内职务", "组内分工"], rows, caption="小组成员表"))
    team.items.append(Para(templates.flow_for(rep.ptype, rep.target_kind), tag="template"))
    decl = Section("declaration")
    decl.items.append(Para(templates.POLICY2, tag="template"))
    decl.items.append(Para(templates.DECLARATION, tag="template"))
    rep.sections = [cover, team, *rep.sections, decl]
