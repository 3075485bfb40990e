"""The submission as a whole: parts of the package, facts stated by each document, contradictions
between them, and an activity period over one year (seed 000 第二条, 第七条)."""

from __future__ import annotations

from ingest.model import Block, BlockKind, Document, SourceRef
from nlp import submission
from tests.nlp.conftest import deck, report

TITLE = "降低焊装车间焊接不良率"


def team_deck(
    period: str = "2023年3月—2023年11月",
    meetings: str = "18次（出勤率96%）",
    founded: str = "2021年5月",
    title: str = TITLE,
    filename: str = "成果报告.pptx",
) -> Document:
    return deck(
        [
            (title, ["天津某某汽车部件有限公司", "焊装车间QC小组"]),
            (
                "小组概况",
                [
                    [
                        ["小组名称", "焊装车间QC小组", "成立时间", founded],
                        ["课题名称", title, "课题类型", "问题解决型"],
                        ["活动时间", period, "活动次数", meetings],
                    ]
                ],
            ),
            ("一、选择课题", ["焊接不良率3.2%。"]),
        ],
        filename=filename,
    )


def record_doc(period: str = "2023.03—2023.11", meetings: str = "共18次") -> Document:
    return report(
        [
            (TITLE + "实施记录", 1),
            "单位：天津某某汽车部件有限公司",
            [
                ["小组名称", "注册编号", "课题名称", "活动时间", "活动次数"],
                ["焊装车间QC小组", "QC-2023-018", TITLE, period, meetings],
            ],
            ("一、选择课题", 1),
        ],
        filename="实施记录.docx",
    )


def form_doc(
    company: str = "天津某某汽车部件有限公司", name: str = TITLE, cycle: str = "2023年3月至2023年11月"
) -> Document:
    return report(
        [
            ("2023年天津市质量攻关项目立项申报表", 1),
            [["企业名称", company], ["项目名称", name], ["项目周期", cycle]],
        ],
        filename="申报表.docx",
    )


def test_parts_and_missing_parts() -> None:
    assert submission.part_of(team_deck()) == "deck"
    assert submission.part_of(record_doc()) == "record" and submission.part_of(form_doc()) == "form"
    rep = submission.analyze(team_deck(), form=form_doc())
    assert rep.missing == ["实施记录"]
    [f] = [f for f in rep.findings if f.rule == "SUB-PART"]
    assert f.severity == "major" and f.message == "成果材料不完整：缺少实施记录" and "第七条" in (f.advice or "")
    assert submission.analyze(team_deck()).missing == []  # a file checked alone is not judged as a package
    assert submission.analyze(team_deck(), submission=True).missing == ["实施记录", "申报表"]


def test_facts_from_tables_lines_and_cover() -> None:
    facts = {f.key: f for f in submission.facts_of(team_deck())}
    assert facts["founded"].value == "2021年5月" and facts["founded"].page == 2
    assert facts["activity"].value == "2023年3月—2023年11月" and facts["meetings"].value == "18次(出勤率96%)"
    assert facts["title"].value == TITLE and facts["company"].value == "天津某某汽车部件有限公司"
    rfacts = {f.key: f for f in submission.facts_of(record_doc())}
    assert rfacts["activity"].value == "2023.03—2023.11" and rfacts["company"].label == "单位"
    assert {f.key for f in submission.facts_of(form_doc())} >= {"company", "title", "cycle"}


def test_consistent_package_has_no_findings() -> None:
    rep = submission.analyze(team_deck(), record=record_doc(), form=form_doc())
    assert rep.missing == [] and rep.conflicts == [] and rep.findings == []
    assert rep.parts == {"deck": "成果报告.pptx", "record": "实施记录.docx", "form": "申报表.docx"}
    assert rep.longest_months == 9


def test_contradictions_name_both_places() -> None:
    rep = submission.analyze(
        team_deck(meetings="18次"),
        record=record_doc(period="2023.02—2023.11", meetings="共16次"),
        form=form_doc(company="天津另一家机械有限公司"),
    )
    names = sorted(c.name for c in rep.conflicts)
    assert "活动次数" in names and "单位" in names and any("活动时间" in n for n in names)
    [m] = [f for f in rep.findings if "活动次数" in f.message]
    assert m.rule == "SUB-CONFLICT" and "《成果报告.pptx》第2页" in m.message and "《实施记录.docx》" in m.message
    assert "16" in m.message and "18" in m.message


def test_titles_compare_by_similarity() -> None:
    rep = submission.analyze(team_deck(), form=form_doc(name="降低焊装车间的焊接不良率"))
    assert rep.conflicts == []
    rep2 = submission.analyze(team_deck(), form=form_doc(name="提高总装线一次下线合格率"))
    assert [c.name for c in rep2.conflicts] == ["课题名称"]


def test_activity_longer_than_one_year() -> None:
    rep = submission.analyze(team_deck(period="2023年1月—2024年3月"))
    [f] = rep.findings
    assert f.rule == "SUB-DURATION" and "15个月" in f.message and f.severity == "minor" and f.pages == [2]
    assert submission.analyze(team_deck(period="2023年1月—2023年12月")).findings == []


def test_a_period_stated_with_its_consolidation_allows_half_a_year_more() -> None:
    """Seen fresh5 j51: "2023年4月—2024年8月（含巩固期）", a seasonal fault's 巩固期 the next summer."""
    assert submission.analyze(team_deck(period="2023年4月—2024年8月（含巩固期）")).findings == []
    [f] = submission.analyze(team_deck(period="2023年1月—2024年9月（含巩固期）")).findings
    assert f.rule == "SUB-DURATION" and "21个月" in f.message
    assert submission.analyze(team_deck(period="2023年4月—2024年8月")).findings[0].rule == "SUB-DURATION"


def test_span_parsing() -> None:
    s = submission.parse_span("2023年3月至12月")
    assert s is not None and s.months == 10
    s2 = submission.parse_span("2023.03-2024.02")
    assert s2 is not None and s2.months == 12
    s3 = submission.parse_span("2023年3月1日～2023年11月30日")
    assert s3 is not None and s3.months == 9
    assert submission.parse_span("三月到十二月") is None and submission.parse_span("2023年12月—2023年3月") is None


def test_unreadable_values_are_not_contradictions() -> None:
    blk = Block(id="x", kind=BlockKind.paragraph, text="活动时间：全年", source=SourceRef(page=1))
    other = Document(doc_id="9" * 16, filename="实施记录.docx", format="docx", pages=1, blocks=[blk])
    assert submission.analyze(team_deck(), record=other).conflicts == []


def test_example_packages_planted_contradictions_found_and_no_others() -> None:
    """Every 2024 example submission is a full package; the contradictions the generator planted (and
    only those) are reported, with the over-a-year 活动时间 (truth: examples/manifest.json)."""
    import json
    from pathlib import Path

    from ingest import read

    root = Path(__file__).resolve().parents[2] / "examples"
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    planted_somewhere = False
    for s in manifest["submissions"]:
        d, pk = root / s["dir"], s["package"]
        assert set(pk) == {"deck", "record", "form"}
        rep = submission.analyze(read(d / pk["deck"]), record=read(d / pk["record"]), form=read(d / pk["form"]))
        assert rep.missing == []
        assert sorted({c.name for c in rep.conflicts}) == sorted({c["name"] for c in s["package_conflicts"]}), s[
            "submission_id"
        ]
        assert any(f.rule == "SUB-DURATION" for f in rep.findings) == s["package_over_year"], s["submission_id"]
        planted_somewhere |= bool(s["package_conflicts"])
    assert planted_somewhere


def test_a_period_in_a_sentence_of_the_form_and_a_team_founding_date() -> None:
    """The 申报表 states its 项目周期 inside a description cell; the 实施记录 names the 团队成立日期."""
    form = report(
        [
            ("2023年天津市质量攻关项目立项申报表", 1),
            [
                ["企业名称", "天津某某汽车部件有限公司"],
                ["项目名称", TITLE],
                ["项目基本情况介绍", "攻关团队8人，项目周期2023年6月—2023年12月，重点解决焊接飞溅问题。"],
            ],
        ],
        filename="申报表.docx",
    )
    record = report(
        [
            (TITLE + "实施记录", 1),
            [["项目名称", TITLE], ["团队成立日期", "2021年9月"], ["活动时间", "2023年3月—2023年11月"]],
        ],
        filename="实施记录.docx",
    )
    rep = submission.analyze(team_deck(), record=record, form=form)
    names = [c.name for c in rep.conflicts]
    assert "成立日期" in names and "项目周期" in names
    [m] = [
        f
        for f in rep.findings
        if f.message.startswith("项目周期") and "申报表" in f.message and "成果报告" in f.message
    ]
    assert "2023年6月—2023年12月" in m.message and "“活动时间”" not in m.message  # one fact, named once


def test_one_conflict_per_defect_when_two_parts_agree_and_one_differs() -> None:
    """Deck and 实施记录 give one 课题名称, the 申报表 another: one contradiction (the 申报表 against the
    deck), not a second one against the 实施记录 that says the same; and the check reports it once (no
    F-TITLE beside it)."""
    odd = "提高总装线一次下线合格率"
    rep = submission.analyze(team_deck(), record=record_doc(), form=form_doc(name=odd))
    titles = [c for c in rep.conflicts if c.name == "课题名称"]
    assert len(titles) == 1 and {titles[0].first.file, titles[0].second.file} == {"成果报告.pptx", "申报表.docx"}
    # three different names: every pair disagrees, none restates another
    rep3 = submission.analyze(team_deck(title="降低涂装车间漆膜流挂率"), record=record_doc(), form=form_doc(name=odd))
    assert [c.name for c in rep3.conflicts].count("课题名称") == 3
    from nlp.check import check

    rules = [f.rule for f in check(team_deck(), record=record_doc(), form=form_doc(name=odd)).findings]
    assert rules.count("SUB-CONFLICT") == 1 and "F-TITLE" not in rules


def test_a_founding_date_in_brackets_inside_a_value_cell() -> None:
    """The 实施记录 gives the team with its 成立日期 in brackets ("管网攻关团队（成立日期：2021年6月）", seen fresh7
    m41): that is the team's founding date, and it contradicts the deck's."""
    record = report(
        [
            (TITLE + "实施记录", 1),
            [
                ["项目名称", TITLE],
                ["攻关团队", "焊装车间QC小组（成立日期：2020年6月）"],
                ["活动时间", "2023年3月—2023年11月"],
            ],
        ],
        filename="实施记录.docx",
    )
    facts = {f.key: f for f in submission.facts_of(record)}
    assert facts["founded"].value == "2020年6月" and facts["founded"].label == "成立日期"
    rep = submission.analyze(team_deck(founded="2021年5月"), record=record)
    assert [c.name for c in rep.conflicts] == ["成立日期"]
    assert submission.analyze(team_deck(founded="2020年6月"), record=record).conflicts == []


def test_titles_with_a_character_standing_for_another_differ() -> None:
    """ "降低…漏损率" in the deck, "降低…漏失率" in the 申报表 (seen fresh7 m41): the same length, one word
    written otherwise — two names of the 课题. A 的 added is no other name; a title read by OCR may have a
    character misread."""
    rep = submission.analyze(team_deck(), form=form_doc(name="降低焊装车间焊接缺陷率"))
    assert [c.name for c in rep.conflicts] == ["课题名称"]
    assert submission.analyze(team_deck(), form=form_doc(name="降低焊装车间的焊接不良率")).conflicts == []
    facts = [
        f.model_copy(update={"ocr": True})
        for f in submission.facts_of(team_deck()) + submission.facts_of(form_doc(name="降低焊装车间焊接缺陷率"))
    ]
    assert not [c for c in submission.conflicts(facts) if c.name == "课题名称"]


def _team_record(team: str, size: str) -> Document:
    return report(
        [
            (TITLE + "实施记录", 1),
            [["课题名称", TITLE], ["攻关团队", team], ["团队人数", size]],
            ("一、选择课题", 1),
        ],
        filename="实施记录.docx",
    )


def test_team_name_and_size_compared_where_both_read_as_such() -> None:
    rep = submission.analyze(team_deck(), record=_team_record("总装车间QC小组", "9人"))
    [c] = rep.conflicts
    assert c.name == "团队名称" and {c.first.value, c.second.value} == {"焊装车间QC小组", "总装车间QC小组"}
    # a name written shorter is the same team
    assert submission.analyze(team_deck(), record=_team_record("焊装QC小组", "9人")).conflicts == []
    deck9 = report([("成果报告", 1), [["团队名称", "焊装车间QC小组"], ["团队人数", "9人"]]], filename="成果.docx")
    conflicts = submission.analyze(deck9, record=_team_record("焊装车间QC小组", "共 11 名")).conflicts
    [s] = [c for c in conflicts if c.name.startswith("团队")]
    assert s.name == "团队人数" and "9人" in _finding_text(s)


def test_team_values_that_are_not_a_name_or_a_count_are_not_read() -> None:
    members = report([("成果报告", 1), [["团队成员", "张三、李四、王五"], ["小组名称", "张三"]]], filename="成果.docx")
    keys = {f.key for f in submission.facts_of(members)}
    assert "team_size" not in keys and "team" not in keys
    rep = submission.analyze(members, record=_team_record("焊装车间QC小组", "11人"))
    assert not [c for c in rep.conflicts if c.name.startswith("团队")]


def _finding_text(c: submission.Conflict) -> str:
    return submission._conflict_finding(c).message
