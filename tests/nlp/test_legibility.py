"""Absence rules stand only on text read with confidence (nlp.legibility, `absence` in the rule YAML):
where the text was recovered by OCR or a picture was left unread, the check goes to 人工复核."""

from __future__ import annotations

import pytest

from ingest.model import BlockKind, Document, PageCoverage, UnreadPicture
from nlp.analysis import analyze_with_steps
from nlp.findings import Finding, Review, Severity
from nlp.legibility import reading_of
from nlp.registry import CheckContext
from nlp.rubric import Rule, default_for, load
from nlp.rulebook import SHARED_WORDS, Rulebook, RulebookError, RuleFile, rulebook
from nlp.structure import Structure
from nlp.verdict import verdict
from tests.nlp.conftest import deck

CONSOLIDATE = ["今后要加强管理，加强培训，保持活动成果，巩固期继续统计。"]
SLIDES = [
    ("一、选择课题", ["选题理由：2023年孔径超差率3.2%，高于公司要求的1.0%。"]),
    ("九、制定巩固措施", CONSOLIDATE),
]
STEPS = [None, "select_topic", None, "consolidate"]


def _ocr(doc: Document, pages: set[int]) -> Document:
    """The body text of these pages as if OCR had recovered it from pictures."""
    blocks = [
        b.model_copy(update={"kind": BlockKind.image_text})
        if b.source.page in pages and b.kind != BlockKind.title
        else b
        for b in doc.blocks
    ]
    return doc.model_copy(update={"blocks": blocks})


def _judge(
    doc: Document, rule_id: str, steps: list[str | None] = STEPS, *, recognised: bool = False
) -> tuple[list[Finding], list[Review]]:
    a = analyze_with_steps(doc, steps)
    if recognised:
        a = a.model_copy(update={"structure": a.structure.model_copy(update={"confident": True})})
    rb = load(default_for("problem_solving"))
    return rb.judge_rule(CheckContext(doc=doc, analysis=a), Rule(id=rule_id))


def _structure(doc: Document, steps: list[str | None] = STEPS) -> Structure:
    return analyze_with_steps(doc, steps).structure


def test_reading_counts_typed_and_ocr_characters_without_headings() -> None:
    doc = _ocr(deck(SLIDES), {2})
    r = reading_of(doc, _structure(doc), "consolidate", rule=rulebook().reading)
    assert r.typed == 0 and r.ocr == len("".join(CONSOLIDATE[0].split()))
    assert not r.confident(rulebook().reading) and "OCR" in r.why(rulebook().reading)
    typed = reading_of(deck(SLIDES), _structure(deck(SLIDES)), "consolidate", rule=rulebook().reading)
    assert typed.confident(rulebook().reading) and typed.why(rulebook().reading) == ""


def test_an_unread_picture_on_the_step_page_leaves_the_reading_unsure() -> None:
    doc = deck(SLIDES)
    doc = doc.model_copy(
        update={
            "coverage": doc.coverage.model_copy(
                update={
                    "pages": [PageCoverage(page=2, chars=30, pictures=1, pictures_read=0)],
                    "unread_pictures": [UnreadPicture(page=2, code="budget", reason="超出识别预算")],
                }
            )
        }
    )
    r = reading_of(doc, _structure(doc), "consolidate", rule=rulebook().reading)
    assert r.unread_pictures == 1 and not r.confident(rulebook().reading)


def test_absence_finding_stands_on_typed_text_and_goes_to_review_on_ocr_text() -> None:
    found, reviews = _judge(deck(SLIDES), "A1")
    assert [f.rule for f in found] == ["A1"] and reviews == []
    found, reviews = _judge(_ocr(deck(SLIDES), {2}), "A1")
    assert found == []
    assert [(r.rule, r.step, r.severity) for r in reviews] == [("A1", "consolidate", Severity.major)]
    assert "标准" in reviews[0].message and "OCR" in reviews[0].reason


def test_positive_parts_stand_while_the_absence_parts_go_to_review() -> None:
    slides = [("二、设定目标", ["目标1：孔径超差率降至1.0%。", "目标2：返工工时降至20小时。"])]
    steps: list[str | None] = [None, "set_target", "set_target"]
    found, reviews = _judge(_ocr(deck(slides), {1}), "G1", steps)
    assert len(found) == 1 and "2 个课题目标" in found[0].message and "依据" not in found[0].message
    assert len(reviews) == 1 and "依据" in reviews[0].message and "2 个课题目标" not in reviews[0].message


def test_a_positive_rule_is_not_gated_by_the_reading() -> None:
    slides = [("四、原因分析", ["末端原因：操作人员质量意识不强、刀具磨损。"])]
    found, reviews = _judge(_ocr(deck(slides), {1}), "C2", [None, "cause_analysis"])
    assert [f.rule for f in found] == ["C2"] and reviews == []


def _scanned(doc: Document, pages: set[int]) -> Document:
    """These pages as a scan: no text layer, their text OCR'd."""
    cov = [PageCoverage(page=p, chars=50, has_text_layer=False, ocr=True) for p in sorted(pages)]
    return _ocr(doc, pages).model_copy(update={"coverage": doc.coverage.model_copy(update={"pages": cov})})


def test_no_veto_on_a_verification_a_scan_may_hold() -> None:
    """K1: the scoring is seen, but that no verification follows is an absence: on a scanned 要因确认
    page it goes to 人工复核 (fatal review), never 不评; on typed text it is the veto."""
    slides = [("五、确定主要原因", ["小组成员对末端原因打分，得分最高的3项确定为要因。"])]
    found, reviews = _judge(deck(slides), "K1", [None, "main_causes"])
    assert [f.rule for f in found] == ["K1"] and reviews == []
    found, reviews = _judge(_scanned(deck(slides), {1}), "K1", [None, "main_causes"])
    assert found == [] and [(r.rule, r.severity) for r in reviews] == [("K1", Severity.fatal)]
    decision, _ = verdict([], _structure(deck(slides), [None, "main_causes"]), [], reviews)
    assert decision == "需人工复核"


def test_no_countermeasure_table_where_the_step_is_picture_text_goes_to_review() -> None:
    """A 制定对策 step that is almost all text OCR'd from a picture (a 对策表 screenshot read as loose
    lines): "no 对策表" is no finding, it goes to 人工复核."""
    lines = [
        "见下表。",
        "针对要因制定的对策由各责任人按计划完成，责任人张伟、李强、王芳，完成时间八月至九月，地点镗孔工位和来料检验区。",
    ]
    slides = [("六、制定对策", lines)]
    steps: list[str | None] = [None, "plan_countermeasures", "plan_countermeasures"]
    found, reviews = _judge(deck(slides), "P2", steps, recognised=True)
    assert [f.rule for f in found] == ["P2"] and reviews == []
    doc = deck(slides)
    pic = doc.model_copy(
        update={"blocks": [*doc.blocks[:2], doc.blocks[2].model_copy(update={"kind": BlockKind.image_text})]}
    )
    found, reviews = _judge(pic, "P2", steps, recognised=True)
    assert found == [] and [r.rule for r in reviews] == ["P2"] and "图片" in reviews[0].reason


def _review(severity: Severity) -> Review:
    return Review(rule="X1", severity=severity, message="现状调查：没有找出症结", reason="80% 的文字来自OCR")


def test_verdict_sends_an_unconfirmed_major_check_to_review_and_notes_a_minor_one() -> None:
    s = _structure(deck(SLIDES))
    decision, reasons = verdict([], s, [], [_review(Severity.major)])
    assert decision == "需人工复核" and "未能确认 [X1]" in reasons[0] and "请人工复核" in reasons[0]
    decision, reasons = verdict([], s, [], [_review(Severity.minor)])
    assert decision == "参评" and any("未能确认 [X1]" in r for r in reasons)
    major = Finding(rule="E1", severity=Severity.major, message="效果检查：没有与目标比较")
    decision, reasons = verdict([major], s, [], [_review(Severity.major)])
    assert decision == "完善后参评" and len(reasons) == 2


def test_rulebook_refuses_an_absence_part_the_rule_does_not_have() -> None:
    good = {
        "words": {n: "x" for n in SHARED_WORDS},
        "reading": rulebook().reading.model_dump(),
        "line_wrap": {"min_width": 12, "right_slack": 4, "left_offset": 1, "gap_min": -0.5, "gap_max": 1},
        "remedy": {"min_char_share": 0.5, "min_figure_share": 0.5},
        "rules": {
            "S2": {
                "check": "reason_data",
                "severity": "major",
                "title": "选题理由没有用数据说明",
                "message": "选题理由没有用数据说明{pages}（只找到 {n} 个数据）",
                "advice": "用数据说明选题理由",
                "words": {
                    "borrow_head": "借鉴",
                    "reason_head": "理由",
                    "title_line": "课题",
                    "routine": "每",
                    "borrow_line": "借鉴",
                    "title_quote": "“",
                    "section_number": "^0$",
                },
                "params": {"min_numbers": 1},
                "reviews": {"shared_page": "需人工复核"},
                "absence": {"parts": ["no_such_part"]},
            }
        },
    }
    with pytest.raises(RulebookError, match="absence"):
        Rulebook({"t.yaml": RuleFile.model_validate(good)})
    good["rules"]["S2"]["absence"] = {"reads": ["select_topic"]}  # type: ignore[index]
    assert Rulebook({"t.yaml": RuleFile.model_validate(good)}).rules["S2"].absence is not None
    del good["reading"]
    with pytest.raises(RulebookError, match="reading"):
        Rulebook({"t.yaml": RuleFile.model_validate(good)})


def test_picture_text_beside_typed_text_is_read_but_a_scanned_page_is_not() -> None:
    """Labels OCR'd from a picture on a slide with a text layer (a 因果图) are read; the same share of
    text OCR'd from a scanned page is not (digits and numbers get lost there)."""
    slides = [("九、制定巩固措施", ["巩固措施：今后要加强管理。", "加强培训，巩固期继续统计，保持活动成果。"])]
    steps: list[str | None] = [None, "consolidate", "consolidate"]
    doc = deck(slides)
    pic = doc.model_copy(
        update={
            "blocks": [doc.blocks[0], doc.blocks[1], doc.blocks[2].model_copy(update={"kind": BlockKind.image_text})]
        }
    )
    r = reading_of(pic, _structure(pic, steps), "consolidate", rule=rulebook().reading)
    assert 0.5 < r.ocr_share < 0.9 and r.scanned == 0 and r.confident(rulebook().reading)
    scan = pic.model_copy(
        update={
            "coverage": pic.coverage.model_copy(
                update={"pages": [PageCoverage(page=1, chars=40, has_text_layer=False, ocr=True)]}
            )
        }
    )
    r = reading_of(scan, _structure(scan, steps), "consolidate", rule=rulebook().reading)
    assert r.scan_share > 0.5 and not r.confident(rulebook().reading) and "扫描" in r.why(rulebook().reading)


def test_a_short_step_of_typed_text_is_read_whole_but_not_one_beside_a_picture() -> None:
    slides = [("九、制定巩固措施", ["加强管理。"])]
    steps: list[str | None] = [None, "consolidate"]
    doc = deck(slides)
    assert reading_of(doc, _structure(doc, steps), "consolidate", rule=rulebook().reading).confident(rulebook().reading)
    pictured = doc.model_copy(
        update={
            "coverage": doc.coverage.model_copy(
                update={"pages": [PageCoverage(page=1, chars=5, pictures=1, pictures_read=1)]}
            )
        }
    )
    r = reading_of(pictured, _structure(pictured, steps), "consolidate", rule=rulebook().reading)
    assert not r.confident(rulebook().reading) and "只读到" in r.why(rulebook().reading)


def test_p1_on_a_table_that_carries_on_over_an_unread_page_goes_to_review() -> None:
    """The 对策表's last row sits on a "（续）" slide drawn as loose text: the 要因 it covers is not
    reported as uncovered (the table was not read whole); with no continuation it is P1."""
    from nlp.check import check
    from tests.nlp.conftest import PLAN_TABLE, good_problem_solving, replace_slide

    cut = replace_slide(good_problem_solving(), "六、制定对策", ("六、制定对策", [[r[:] for r in PLAN_TABLE[:3]]]))
    k = next(i for i, (t, _) in enumerate(cut) if t == "六、制定对策")
    rep = check(deck(cut))
    assert "P1" in {f.rule for f in rep.findings}
    cut.insert(k + 1, ("六、制定对策（续）", list(PLAN_TABLE[3])))
    rep = check(deck(cut))
    assert "P1" not in {f.rule for f in rep.findings}
    [r] = [r for r in rep.reviews if r.rule == "P1"]
    assert "锻件孔余量波动大" in r.message and "延续" in r.reason and rep.verdict == "需人工复核"


def _scan_page(
    title: str, lines: list[str], *, step: str, height: float = 16.0, left: float = 90.0, skip: int | None = None
) -> tuple[Document, list[str | None]]:
    """A scanned page: `title` and each of `lines` OCR'd as one line of body text (PDF reader's layout:
    an `image_text` block per line with its box and the recogniser's score), the paragraph's lines
    touching each other; `skip`: the line the detector missed (its place left as a gap)."""
    doc = deck([(title, lines)])
    blocks, top = [doc.blocks[0]], 70.0
    for k, b in enumerate(doc.blocks[1:]):
        if k == skip:
            top += height
            continue
        width = min(len(b.text), 26) * height  # a full line runs to the right edge of the text
        box = (left, top, left + width, top + height)
        src = b.source.model_copy(update={"bbox": box, "part": "ocr"})
        blocks.append(b.model_copy(update={"kind": BlockKind.image_text, "source": src, "ocr_score": 0.97}))
        top += height
    cover = doc.coverage.model_copy(update={"pages": [PageCoverage(page=1, chars=400, has_text_layer=False, ocr=True)]})
    doc = doc.model_copy(update={"blocks": blocks, "coverage": cover})
    return doc, [None] + [step] * (len(blocks) - 1)


HOLLOW = ["巩固措施：今后要继续加强管理和加强培训，要求每个班组长期坚持执行，", "保持活动成果，巩固期继续统计。"]


@pytest.mark.parametrize(("height", "left"), [(16.0, 90.0), (24.0, 60.0), (12.5, 120.0)])
def test_a_scanned_step_the_recogniser_was_sure_of_is_read(height: float, left: float) -> None:
    """Stop 29: a scan's body text comes back at ≈ 98 % of its characters; where the recogniser's own
    confidence is high the absence is a finding, not a review (seen fresh8 n34 S2, fresh11 q32 P1)."""
    doc, steps = _scan_page("九、制定巩固措施", HOLLOW, step="consolidate", height=height, left=left)
    book = rulebook().reading
    r = reading_of(doc, _structure(doc, steps), "consolidate", rule=book)
    assert r.scan_share == 1.0 and r.unsure == 0 and r.lost_lines == 0 and r.confident(book)
    found, reviews = _judge(doc, "A1", steps, recognised=True)
    assert [f.rule for f in found] == ["A1"] and not reviews


def test_a_scanned_step_read_unsure_or_with_a_line_lost_is_reviewed() -> None:
    book = rulebook().reading
    doc, steps = _scan_page("九、制定巩固措施", HOLLOW, step="consolidate")
    unsure = doc.model_copy(update={"blocks": [b.model_copy(update={"ocr_score": 0.6}) for b in doc.blocks]})
    r = reading_of(unsure, _structure(unsure, steps), "consolidate", rule=book)
    assert r.unsure_share == 1.0 and not r.confident(book) and "把握不足" in r.why(book)
    found, reviews = _judge(unsure, "A1", steps, recognised=True)
    assert not found and [v.rule for v in reviews] == ["A1"]
    # a line the detector missed: the paragraph's next line a line's height below, not touching
    lines = [*HOLLOW[:1], "纳入《输电线路铁塔组立螺栓紧固作业指导书》（LDSB-ZY-XL-2024-022），", HOLLOW[1]]
    for height in (16.0, 22.0):
        lost, steps = _scan_page("九、制定巩固措施", lines, step="consolidate", height=height, skip=1)
        r = reading_of(lost, _structure(lost, steps), "consolidate", rule=book)
        assert r.lost_lines == 1 and not r.confident(book) and "未能识别出" in r.why(book)
        found, reviews = _judge(lost, "A1", steps, recognised=True)
        assert not found and [v.rule for v in reviews] == ["A1"]
        whole, steps = _scan_page("九、制定巩固措施", lines, step="consolidate", height=height)
        assert reading_of(whole, _structure(whole, steps), "consolidate", rule=book).lost_lines == 0
        assert _judge(whole, "A1", steps, recognised=True) == ([], [])


@pytest.mark.parametrize(
    "lines",
    [
        # the name cut by the line break ("作业指导⏎书", seen fresh10 p48)
        [
            "将胎架定位卡板和垫块布置写入《预制T梁钢筋绑扎作业指导",
            "书》（YTLQ-ZD3-ZY-07），经总工批准执行。巩固期9月合格率92.9%，10月93.1%。",
        ],
        # 《》 read as （） and the number cut at its hyphen (seen fresh8 n34)
        ["将联动更新要求写入（九江地区电网调度操作票管理规定）（JDK-2023", "06），巩固期11月差错率0.10%，12月0.09%。"],
        # 》 read as ">" or "〉", the number straight after it (seen fresh13 s28)
        [
            "将三点定位和对称施焊顺序纳入《船体分段装配精度控制工",
            "艺>HDC-GY-CT-021，经总工程师批准。巩固期10月超差率3.4%，11月3.1%。",
        ],
        ["把首件双人复核写入《注塑车间换模首件确认要求〉（ZS-ZY-", "014），巩固期3月不良率0.8%，4月0.7%。"],
    ],
)
def test_a1_reads_a_scanned_standard_name_whole(lines: list[str]) -> None:
    doc, steps = _scan_page("十、巩固措施", lines, step="consolidate")
    assert _judge(doc, "A1", steps, recognised=True) == ([], [])


DECIDED_BY_SCORE = [
    ["要因确认：小组成员对6条末端原因逐条打分，", "得分最高的3条确定为要因。"],
    # the threshold cut by the line break (seen fresh13 s62)
    ["小组7名成员按影响程度对末端原因打分（5分最高，1分最低），总分≥25", "分的确定为要因。"],
    # 品管圈: the 80/20 rule on the members' scores (seen fresh12 r47, fresh13 s44)
    ["圈员依5-3-1方式对10项末端原因评分，得分前4项依80/20", "法则定为真因。"],
    ["全组成员举手表决，得票≥6票的末端原因", "列为主要原因。"],
]


@pytest.mark.parametrize("lines", DECIDED_BY_SCORE)
def test_a_veto_on_a_scan_stands_where_the_deciding_sentence_was_read_sure(lines: list[str]) -> None:
    """K1 (fatal) on a scanned 要因确认 read with confidence, the sentence that decides the 要因 by a score
    read across its wrapped lines, each scored sure by the recogniser: the 否决, as on typed text."""
    doc, steps = _scan_page("六、要因确认", lines, step="main_causes")
    found, reviews = _judge(doc, "K1", steps, recognised=True)
    assert [f.rule for f in found] == ["K1"] and found[0].severity == Severity.fatal and not reviews
    typed = deck([("六、要因确认", ["".join(lines)])])
    found, _ = _judge(typed, "K1", [None, "main_causes"], recognised=True)
    assert [f.rule for f in found] == ["K1"] and found[0].severity == Severity.fatal


PREAMBLE = [
    "针对因果图分析得出的末端原因，小组于2024年5月6日召开要因确认会议，",
    "全体成员到会，会前每人查阅了现状调查的分层数据和现场记录，",
    "会上逐条讨论各末端原因对症结的影响程度，讨论记录附后，",
    "会议由组长主持，质量管理部派员列席，对评价过程进行监督。",
]


@pytest.mark.parametrize("lines", DECIDED_BY_SCORE)
def test_a_veto_on_a_scan_is_confirmed_by_a_person_where_its_sentence_was_read_unsure(lines: list[str]) -> None:
    """The same sentence with a line the recogniser was unsure of (a lost digit, a 要因 read as 要困), the
    step's reading confident all the same (its other lines sure): a review, the scoring's decision unread."""
    doc, steps = _scan_page("六、要因确认", [*PREAMBLE, *lines], step="main_causes")
    last = len(doc.blocks) - 1
    doc = doc.model_copy(
        update={
            "blocks": [b.model_copy(update={"ocr_score": 0.55}) if i == last else b for i, b in enumerate(doc.blocks)]
        }
    )
    found, reviews = _judge(doc, "K1", steps, recognised=True)
    assert not found and [v.rule for v in reviews] == ["K1"] and "否决" in reviews[0].reason


@pytest.mark.parametrize(
    "lines",
    [
        ["小组成员对6条末端原因逐条打分，", "各条末端原因的得分见下表。"],
        ["圈员对8条末端原因进行评分，每人按5、3、1分打分。", "评分结果汇总如下，详见附表。"],
    ],
)
def test_a_veto_on_a_scan_without_a_sentence_deciding_by_the_score_is_confirmed_by_a_person(
    lines: list[str],
) -> None:
    """The scoring seen in two lines but no sentence saying it decided the 要因: on typed text the veto,
    on a scan a review (what decided is not stated in lines read sure)."""
    doc, steps = _scan_page("六、要因确认", lines, step="main_causes")
    found, reviews = _judge(doc, "K1", steps, recognised=True)
    assert not found and [v.rule for v in reviews] == ["K1"] and "否决" in reviews[0].reason
    found, _ = _judge(deck([("六、要因确认", lines)]), "K1", steps, recognised=True)
    assert [f.rule for f in found] == ["K1"]


SCANNED_STEP = [
    (80, 80, "十、巩固措施"),
    (80, 100, "将单向阀保压检测、密封圈按期更换、乳化液浓度每班检测纳入"),
    (80, 117, "《综采工作面液压支架检修维护标准》，经矿总工程师批准执行。"),
    (80, 134, "巩固期2024年9月、10月初撑力不合格率分别为8.4%、8.9%，效果稳定。"),
    (80, 151, "今后继续按月统计，每季度由技术员复核一次检修台账。"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("dpi", "blur", "noise", "confident"), [(110, 0.5, 7.0, True), (72, 1.0, 18.0, False)])
def test_a_rendered_scan_is_read_as_well_as_its_print_allows(
    dpi: int, blur: float, noise: float, confident: bool
) -> None:
    """OCR end to end: a page scanned as the eval splits' are is read with confidence; the same page
    scanned coarse and blurred comes back with lines the recogniser is unsure of, and stays a review."""
    pytest.importorskip("rapidocr_onnxruntime")
    from ingest import read_bytes
    from tests.ingest.picture_fixtures import cjk_font_path, scanned_pdf

    if cjk_font_path() is None:
        pytest.skip("no CJK font installed")
    doc = read_bytes(scanned_pdf(SCANNED_STEP, seed=5, dpi=dpi, blur=blur, noise=noise), "scan.pdf")
    steps: list[str | None] = [None] + ["consolidate"] * (len(doc.blocks) - 1)
    book = rulebook().reading
    r = reading_of(doc, _structure(doc, steps), "consolidate", rule=book)
    assert r.scanned > 0 and r.confident(book) is confident
    assert ("把握不足" in r.why(book)) is not confident
