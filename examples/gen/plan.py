"""What to generate: the past-year corpus, the 2024 submissions, their defects and reuse, and the manifest."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from .context import DUTIES, EDU, POSTS, TEAM_WORDS, Ctx, Member
from .doc import Para, Report
from .frame import add_frame
from .identity import (
    COMPANY_STEMS,
    DIVISIONS,
    INDUSTRY_TICK,
    LARGE_INDUSTRIES,
    Company,
    People,
    company_name,
    make_uscc,
)
from .in_report import INBuilder, draw_in_numbers
from .numbers import draw_numbers
from .ps_report import PSBuilder
from .styles import Style
from .topics_in import INTopic, parse_in
from .topics_ps import PSTopic, parse_ps

SEED = 20240601
YEARS = [2019, 2020, 2021, 2022, 2023]

EXPECTED_STEPS = {
    ("problem_solving", "self_set"): ["select_topic", "current_state", "set_target", "cause_analysis", "main_causes",
                                      "plan_countermeasures", "implement", "check_effect", "consolidate", "summary"],
    ("problem_solving", "directive"): ["select_topic", "set_target", "target_feasibility", "cause_analysis", "main_causes",
                                       "plan_countermeasures", "implement", "check_effect", "consolidate", "summary"],
    ("innovative", None): ["select_topic", "set_target", "propose_solutions", "plan_countermeasures", "implement",
                           "check_effect", "standardize", "summary"],
}

FINDING_OF = {
    "s2_no_numbers": ("S2", "select_topic"),
    "x2_two_categories": ("X2", "current_state"),
    "q1_fishbone_in_survey": ("Q1", "current_state"),
    "k1_scoring": ("K1", "main_causes"),
    "e3_target_missed": ("E3", "check_effect"),
    "a1_vague_consolidate": ("A1", "consolidate"),
    "t1_ps_title": ("T1", "select_topic"),
    "w_no_where": ("P2", "plan_countermeasures"),
    "w_blank_cells": ("P2", "plan_countermeasures"),
    "w_target_no_number": ("P2", "plan_countermeasures"),
    "w_all_members": ("P2", "plan_countermeasures"),
}
P2_DETAIL = {"w_no_where": "missing_where_column", "w_blank_cells": "blank_cell", "w_target_no_number": "target_not_quantified",
             "w_all_members": "collective_owner"}


@dataclass
class Spec:
    """One project or submission to generate."""

    pid: str
    year: int
    topic_key: str
    fmt: str  # pptx | docx | pdf
    style: Style
    deck: dict[str, Any] = field(default_factory=dict)  # DeckStyle kwargs
    heading_mode: str = "styles"  # docx: styles | bold
    directive: bool = False
    defects: set[str] = field(default_factory=set)
    form: bool = False
    form_defects: set[str] = field(default_factory=set)
    company_key: str | None = None  # reuse a company by its key
    title: str | None = None
    seed_from: str | None = None  # build with the same draws as this project (renamed / resubmission)
    award: str | None = None
    note: str = ""


@dataclass
class Built:
    spec: Spec
    topic: PSTopic | INTopic
    ctx: Ctx
    report: Report
    fivew1h: dict[str, Any]
    company: Company
    form_data: Any = None
    merged_slides: list[dict] = field(default_factory=list)


class World:
    """Companies and people, drawn once from the seed."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.people = People(random.Random(seed + 1))
        self.companies: dict[str, Company] = {}
        self.std_prefix: dict[str, str] = {}
        self.words = TEAM_WORDS[:]
        self.rng.shuffle(self.words)
        self.reg_counter = 100

    def company(self, industry: str, key: str | None, rng: random.Random) -> tuple[str, Company]:
        if key and key in self.companies:
            return key, self.companies[key]
        stems = COMPANY_STEMS[industry]
        stem = key.split(":", 1)[1] if key else rng.choice(stems)
        key = f"{industry}:{stem}"
        if key in self.companies:
            return key, self.companies[key]
        district = rng.choice(list(DIVISIONS)) if "晋中" not in stem else "晋中市榆次区"
        if "晋中" not in stem and district.startswith("晋中"):
            district = "滨海新区"
        name = company_name(stem, industry, district)
        short = stem.replace("天津", "").replace("国网", "")[:6]
        size = rng.choice(["大型", "大型", "中型"] if industry in LARGE_INDUSTRIES else ["大型", "中型", "中型", "小型"])
        rec = "晋中市市场监督管理局" if district.startswith("晋中") else f"{district}市场监督管理局"
        co = Company(name, short, district, make_uscc(rng, DIVISIONS[district]), size, industry, rec)
        self.companies[key] = co
        self.std_prefix[key] = "Q/" + "".join(rng.choice("ABCDEFGHJKLMNPQRSTWXYZ") for _ in range(rng.choice((3, 4))))
        return key, co

    def team_word(self) -> str:
        if self.words:
            return self.words.pop()
        return self.rng.choice(TEAM_WORDS) + self.rng.choice(TEAM_WORDS)

    def ctx(self, spec: Spec, topic, company_key: str, company: Company, rng: random.Random) -> Ctx:
        n = rng.randrange(6, 10)
        posts = POSTS[topic.industry]
        members = []
        for i in range(n):
            role = "组长" if i == 0 else ("副组长" if i == 1 else "组员")
            members.append(Member(self.people.name(), rng.choice("男男女"), rng.choice(EDU), rng.choice(posts), role,
                                  "组织协调" if i == 0 else rng.choice(DUTIES)))
        word = self.team_word()
        team = rng.choice([f"{company.short}“{word}”QC小组", f"{company.short}{word}QC小组", f"“{word}”QC小组"])
        self.reg_counter += rng.randrange(3, 40)
        prefix = "JZQC" if company.district.startswith("晋中") else rng.choice(("TJQC", "BHQC"))
        return Ctx(spec.year, company, team, members, f"{prefix}-{spec.year}-{self.reg_counter:04d}",
                   self.std_prefix[company_key], rng, founded=spec.year - rng.randrange(1, 8), defects=set(spec.defects))


def build_one(world: World, spec: Spec, topics: dict[str, PSTopic | INTopic], seeds: dict[str, int]) -> Built:
    topic = topics[spec.topic_key]
    setup_rng = random.Random(f"setup-{spec.pid}")
    ckey, company = world.company(topic.industry, spec.company_key, setup_rng)
    ctx = world.ctx(spec, topic, ckey, company, setup_rng)
    seed = seeds[spec.seed_from] if spec.seed_from else seeds.setdefault(spec.pid, random.Random(f"draw-{spec.pid}").randrange(1 << 30))
    seeds.setdefault(spec.pid, seed)
    ctx.rng = random.Random(seed)
    if isinstance(topic, PSTopic):
        nums = draw_numbers(topic, ctx.rng, directive=spec.directive, missed="e3_target_missed" in spec.defects)
        b = PSBuilder(topic, ctx, nums, directive=spec.directive, title=spec.title)
        rep = b.build()
        fw = b.fivew1h_truth
    else:
        nums_in = draw_in_numbers(topic, ctx)
        bi = INBuilder(topic, ctx, nums_in, title=spec.title)
        rep = bi.build()
        fw = bi.fivew1h_truth
    ctx.rng = random.Random(f"frame-{spec.pid}")
    add_frame(rep, ctx)
    rep.info["company_key"] = ckey
    return Built(spec, topic, ctx, rep, fw, company)


def findings(spec: Spec) -> list[dict[str, str]]:
    out = []
    for d in sorted(spec.defects):
        if d in FINDING_OF:
            rule, step = FINDING_OF[d]
            f = {"rule": rule, "step": step}
            if d in P2_DETAIL:
                f["detail"] = P2_DETAIL[d]
            if rule == "X2" and spec.directive:
                f["step"] = "target_feasibility"
            out.append(f)
            if rule == "K1":  # scoring replaces the measured confirmation, so K3 (no data/method) follows
                out.append({"rule": "K3", "step": "main_causes", "consequence_of": "K1"})
    return out


def step_truth(b: Built) -> tuple[list[str], list[str]]:
    ptype = b.report.ptype
    kind = b.report.target_kind if ptype == "problem_solving" else None
    expected = EXPECTED_STEPS[(ptype, kind)]
    present = [s for s in b.report.steps()]
    return present, [s for s in expected if s not in present]


def file_date(b: Built) -> dt.datetime:
    r = random.Random(f"date-{b.spec.pid}")
    return dt.datetime(b.spec.year, r.choice((9, 10, 11)), r.randrange(1, 28), r.randrange(8, 18), r.randrange(0, 60), 0)


def all_topics() -> dict[str, PSTopic | INTopic]:
    out: dict[str, PSTopic | INTopic] = {}
    for t in parse_ps():
        out[t.key] = t
    for ti in parse_in():
        out[ti.key] = ti
    return out


def paragraph(rep: Report, tag: str) -> Para | None:
    for _step, p in rep.paragraphs():
        if p.tag == tag:
            return p
    return None


def industry_tick(industry: str) -> str:
    return INDUSTRY_TICK[industry]
