"""Who did a project, when and where: shared by the two report builders."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from .identity import Company


@dataclass
class Member:
    name: str
    sex: str
    edu: str
    post: str
    role: str  # 组长 / 副组长 / 组员
    duty: str


@dataclass
class Ctx:
    year: int
    company: Company
    team: str
    members: list[Member]
    reg_no: str
    std_prefix: str
    rng: random.Random
    founded: int
    defects: set[str] = field(default_factory=set)

    @property
    def leader(self) -> Member:
        return self.members[0]

    def person(self, i: int) -> str:
        return self.members[i % len(self.members)].name

    def date(self, month: int, day: int | None = None, style: int = 0) -> str:
        d = day if day is not None else self.rng.randrange(3, 27)
        if style == 1:
            return f"{self.year}.{month:02d}.{d:02d}"
        if style == 2:
            return f"{month}月{d}日"
        return f"{self.year}年{month}月{d}日"

    def span(self, m1: int, m2: int) -> str:
        d1 = self.rng.randrange(1, 12)
        d2 = self.rng.randrange(18, 29)
        if m1 == m2:
            return f"{self.year}年{m1}月{d1}日至{m1}月{d2}日"
        return f"{self.year}年{m1}月{d1}日至{m2}月{d2}日"


TEAM_WORDS = [
    "匠心", "启航", "攻坚", "精益", "求精", "先锋", "星火", "创新", "飞跃", "卓越", "聚力", "铸魂", "领航", "砺剑",
    "追梦", "朝阳", "晨曦", "磐石", "恒新", "同心", "智造", "青锋", "蓝海", "凌云", "鲲鹏", "向阳", "精工", "拓新",
    "博雅", "明德", "守正", "笃行", "致远", "臻善", "超越", "火炬", "北斗", "天工", "金钥匙", "和谐",
]

EDU = ["本科", "本科", "硕士", "大专", "本科", "大专", "中专"]
POSTS = {
    "汽车零部件制造": ["工艺工程师", "质量工程师", "车间主任", "设备工程师", "班组长", "操作工", "检验员"],
    "电力": ["运维专责", "技术员", "班长", "高级工程师", "检修工", "安全员", "值长"],
    "化工": ["工艺工程师", "装置主任", "操作工", "分析工", "设备员", "安全工程师", "班长"],
    "医院/医疗服务": ["护士长", "主管护师", "护师", "主治医师", "副主任医师", "检验技师", "护士"],
    "建筑施工": ["项目经理", "技术负责人", "施工员", "质量员", "安全员", "测量员", "班组长"],
    "食品": ["品控主管", "车间主任", "工艺员", "设备员", "化验员", "班组长", "操作工"],
    "电子/集成电路": ["工艺工程师", "设备工程师", "品质工程师", "生产主管", "技术员", "作业员", "IE工程师"],
    "轨道交通/物流": ["技术主管", "检修工程师", "工班长", "仓储主管", "调度员", "质量专员", "作业员"],
    "钢铁": ["作业长", "工艺工程师", "点检员", "主控工", "质检员", "技术员", "设备工程师"],
    "制药": ["QA主管", "工艺员", "车间主任", "QC检验员", "设备工程师", "操作工", "验证专员"],
}
DUTIES = ["组织协调", "技术指导", "数据收集", "现场实施", "数据分析", "对策实施", "效果验证", "资料整理", "现场调查", "标准修订"]
