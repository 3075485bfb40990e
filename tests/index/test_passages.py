"""One passage per copied passage (issue 12): merging, snapping, boilerplate, labels, changed characters."""

from __future__ import annotations

import random

from index.copy.compare import compare
from index.copy.passages import (
    EDITED,
    EXACT,
    PARAPHRASE,
    Fragment,
    MergeParams,
    families,
    merge,
    snap_pair,
    split_holes,
    substance,
    to_passages,
    trim_line_edges,
    trim_pair,
)
from index.pages import page_label
from index.report import Passage
from tests.index.semantic_fixtures import deck

from .conftest import make_doc, zh_sentence, zh_text


def test_reordered_sentences_come_back_as_one_passage() -> None:
    rng = random.Random(5)
    sents = [zh_sentence(rng, 25, 35) for _ in range(8)]
    source = zh_text(31, 9) + "".join(sents) + zh_text(32, 9)
    shuffled = [sents[i] for i in (3, 0, 6, 1, 7, 2, 5, 4)]
    block = "".join(shuffled)
    sub = zh_text(33, 9) + block + zh_text(34, 9)
    r = compare(make_doc(sub, "new.txt"), make_doc(source, "old.txt"))
    (p,) = r.passages  # granularity 1
    start = sub.index(block)
    assert abs(p.a_start - start) <= 1 and abs(p.a_end - (start + len(block))) <= 1
    b_start = source.index(sents[0])
    assert abs(p.b_start - b_start) <= 1 and abs(p.b_end - (b_start + len("".join(sents)))) <= 1
    assert p.kind == "copy" and p.evidence == EXACT


def test_two_copies_from_far_apart_places_stay_two_passages() -> None:
    source = zh_text(41, 60)
    first, second = source[100:300], source[1500:1700]
    sub = zh_text(42, 6) + first + zh_text(43, 12) + second + zh_text(44, 6)
    r = compare(make_doc(sub, "new.txt"), make_doc(source, "old.txt"))
    assert len(r.passages) == 2


def test_contained_fragments_never_both_appear() -> None:
    big = Fragment(0, 100, 0, 100, EXACT, 1.0)
    inside = Fragment(20, 60, 500, 540, EDITED, 0.8)  # same A text found again elsewhere in B
    clusters = merge([big, inside], MergeParams(window=50))
    assert [(c.a0, c.a1) for c in clusters] == [(0, 100)]


def test_changed_characters_of_a_reworked_passage_are_marked() -> None:
    old = "2021年5月，小组针对焊装车间点焊飞溅严重的问题开展攻关，通过调整电极压力和焊接电流，使飞溅发生率由12.5%下降到3.1%，效果显著。"
    new = "2023年5月，小组针对焊装车间点焊飞溅频发的问题开展攻关，通过调整电极压力和焊接电流，使飞溅发生率由12.5%下降到3.1%，效果显著。"
    a = make_doc(zh_text(51, 6) + "\n" + new + "\n" + zh_text(52, 6), "new.txt")
    b = make_doc(zh_text(53, 6) + "\n" + old + "\n" + zh_text(54, 6), "old.txt")
    (p,) = compare(a, b).passages
    assert p.evidence == EDITED
    changed = "".join(a.text[s:e] for s, e in p.a_changed)
    assert "3" in changed and "频发" in changed
    assert "".join(b.text[s:e] for s, e in p.b_changed).count("严重") == 1
    assert p.a_text is not None and p.a_text.startswith("2023年5月") and p.a_text.endswith("效果显著。")


def test_dates_addresses_and_standard_names_make_no_passage() -> None:
    shared = (
        "联系人：王明，联系电话：022-65301234，地址：天津市滨海新区第三大街51号，邮编300457。"
        "依据《质量管理体系 要求》（GB/T 19001-2016）、《卓越绩效评价准则》（GB/T 19580-2012）。"
        "2023年4月15日至2023年5月30日。"
    )
    a = make_doc(zh_text(61, 9) + "\n" + shared + "\n" + zh_text(62, 9), "a.txt")
    b = make_doc(zh_text(63, 9) + "\n" + shared + "\n" + zh_text(64, 9), "b.txt")
    r = compare(a, b)
    assert r.passages == [] and r.copy_ratio_a == 0.0
    assert len(substance(shared)) < MergeParams().min_chars


def test_a_short_reworded_sentence_is_no_passage_but_the_same_sentence_copied_is() -> None:
    old = "通过本次活动，小组成员的质量意识和解决问题的能力都有明显提高。"  # 29 characters, every report's closing line
    new = "通过本次活动，小组成员的质量意识和分析问题的本领都有显著提高。"
    b = make_doc(zh_text(65, 9) + "\n" + old + "\n" + zh_text(66, 9), "old.txt")
    reworded = compare(make_doc(zh_text(67, 9) + "\n" + new + "\n" + zh_text(68, 9), "new.txt"), b)
    copied = compare(make_doc(zh_text(67, 9) + "\n" + old + "\n" + zh_text(68, 9), "same.txt"), b)
    assert reworded.passages == []
    (p,) = copied.passages
    assert p.evidence == EXACT and p.a_text == old
    longer = MergeParams(min_chars_reworded=20)  # the same reworded sentence counts when the bar is lower
    a = make_doc(zh_text(67, 9) + "\n" + new + "\n" + zh_text(68, 9), "new.txt")
    assert [p.evidence for p in compare(a, b, merge=longer).passages] == [EDITED]


def test_words_between_two_weak_fragments_are_no_evidence() -> None:
    heading_a, heading_b = "二、设定目标及可行性论证", "（四）目标可行性论证"
    standard = "GB/T 19580—2012《卓越绩效评价准则》"
    a_text = f"{heading_a}\n目标：单人在3分钟内完成一块盖板的起吊和移位，全程无需借助其他工具。本课题的现状调查均依据{standard}组织实施。"
    b_text = f"{heading_b}\n小组将目标定为故障平均停电时间不超过90分钟，并在此后三个月内保持稳定、不再反弹。质量判定以{standard}为准。"
    a, b = make_doc(a_text, "a.txt"), make_doc(b_text, "b.txt")
    s_a, s_b = a.text.index(standard), b.text.index(standard)
    frags = [
        Fragment(
            0, len(heading_a), b.text.index(heading_b), b.text.index(heading_b) + len(heading_b), PARAPHRASE, 0.97
        ),
        Fragment(s_a, s_a + len(standard), s_b, s_b + len(standard), EXACT, 1.0),
    ]
    assert to_passages(frags, a, b, MergeParams(), include_b_text=True) == []
    # counting the words between them (the rule off) would make a passage of a heading and a standard name
    (p,) = to_passages(frags, a, b, MergeParams(bridge=200), include_b_text=True)
    assert p.a_start == 0


def test_snap_takes_in_the_rest_of_the_sentences_a_passage_mostly_covers() -> None:
    a = "前一句话结束了。这是被复制的一整句话，只有开头几个字没对上。下一句。"
    b = "别的内容在这里。那是被复制的一整句话，只有开头几个字没对上。再下一句。"
    a_span = (a.index("被复制"), a.index("没对上") + 3)
    b_span = (b.index("被复制"), b.index("没对上") + 3)
    (a0, a1), (b0, b1) = snap_pair(a, a_span, b, b_span, 0)
    assert a[a0:a1] == "这是被复制的一整句话，只有开头几个字没对上。"
    assert b[b0:b1] == "那是被复制的一整句话，只有开头几个字没对上。"
    # a copy that starts mid-sentence on one side only stays cut there
    whole = b.index("那是")
    (a0, _), (b0, _) = snap_pair(a, a_span, b, (whole, b_span[1]), 0)
    assert a0 == a_span[0] and b0 == whole


def test_labels_name_slides_pages_and_paragraphs() -> None:
    assert page_label("pptx", [4, 5, 12]) == "第 4–12 张幻灯片"
    assert page_label("pdf", [2]) == "第 2 页"
    assert page_label("docx", [3]) == "第 3 段"
    assert page_label("txt", []) == ""
    sections = [(f"第{i}部分", zh_text(70 + i, 3)) for i in range(6)]
    a = deck("a", "甲", sections)
    b = deck("b", "乙", [(h, zh_text(90 + i, 3)) for i, (h, _) in enumerate(sections[:2])] + sections[2:5])
    (p,) = compare(a, b).passages
    assert p.a_label == "第 4–6 张幻灯片" and p.b_label == "第 4–6 张幻灯片"


def test_scores_and_ratios_are_clamped_to_the_unit_interval() -> None:
    p = Passage(a_start=0, a_end=1, b_start=0, b_end=1, kind="paraphrase", score=-0.02)
    assert p.score == 0.0
    assert Passage(a_start=0, a_end=1, b_start=0, b_end=1, kind="copy", score=1.0000001).score == 1.0


def test_a_heading_of_each_side_s_own_between_two_copied_paragraphs_makes_two_passages() -> None:
    rng = random.Random(7)
    first = [zh_sentence(rng, 25, 35) for _ in range(4)]
    second = [zh_sentence(rng, 25, 35) for _ in range(4)]
    shuffle = (2, 0, 3, 1)  # sentences reordered inside each paragraph: the heading stands alone

    def text(head: str, order: tuple[int, ...]) -> str:
        return "".join(first[i] for i in order) + "\n" + head + "\n" + "".join(second[i] for i in order)

    source = zh_text(81, 9) + "\n" + text("三、开展培训", (0, 1, 2, 3)) + "\n" + zh_text(82, 9)
    same = zh_text(83, 9) + "\n" + text("三、开展培训", shuffle) + "\n" + zh_text(84, 9)
    other = zh_text(83, 9) + "\n" + text("三、宣传培训（5月至6月）", shuffle) + "\n" + zh_text(84, 9)
    b = make_doc(source, "old.txt")
    (p,) = compare(make_doc(same, "same.txt"), b).passages  # the heading has its like in B: one passage
    assert "开展培训" in (p.a_text or "")
    two = compare(make_doc(other, "other.txt"), b).passages
    assert len(two) == 2 and not any("培训" in (q.a_text or "") for q in two)


def test_a_cluster_is_cut_where_one_side_holds_much_more_between_its_fragments() -> None:
    a_text = "甲" * 40 + "乙" * 10 + "丙" * 40
    b_text = "甲" * 40 + "丁" * 200 + "丙" * 40  # 200 characters of B's own, 10 of A's
    left, right = Fragment(0, 40, 0, 40, EDITED, 0.9), Fragment(50, 90, 240, 280, EDITED, 0.9)
    (whole,) = merge([left, right], MergeParams())
    assert [(c.a0, c.b0) for c in split_holes(whole, a_text, b_text, MergeParams())] == [(0, 0), (50, 240)]
    even = "甲" * 40 + "丁" * 10 + "丙" * 40
    (whole,) = merge([left, Fragment(50, 90, 50, 90, EDITED, 0.9)], MergeParams())
    assert len(split_holes(whole, a_text, even, MergeParams())) == 1


def test_sentences_matched_across_a_long_stretch_in_crossed_order_are_not_one_passage() -> None:
    a_text = "甲" * 40 + "乙" * 40
    b_text = "乙" * 40 + "丁" * 300 + "甲" * 40
    crossed = [Fragment(0, 40, 340, 380, PARAPHRASE, 0.95), Fragment(40, 80, 0, 40, PARAPHRASE, 0.95)]
    (whole,) = merge(crossed, MergeParams())
    assert (whole.b0, whole.b1) == (0, 380)  # merged: B's order is free inside the window
    assert [(c.a0, c.b0) for c in families(whole, a_text, b_text, MergeParams())] == [(0, 340), (40, 0)]
    b_close = "乙" * 40 + "甲" * 40  # the same two sentences swapped next to each other: one passage
    close = [Fragment(0, 40, 40, 80, PARAPHRASE, 0.95), Fragment(40, 80, 0, 40, PARAPHRASE, 0.95)]
    (whole,) = merge(close, MergeParams())
    assert len(families(whole, a_text, b_close, MergeParams())) == 1


def test_an_edge_that_only_enters_a_list_number_is_trimmed() -> None:
    text = "提出指导性的意见和建议。\n\n（五）提交成果\n\n各推荐单位按照要求提交成果。"
    end = text.index("五") + 1
    assert text[slice(*trim_line_edges(text, 0, end))] == "提出指导性的意见和建议。"
    assert text[slice(*trim_line_edges(text, text.index("议"), len(text)))].startswith("（五）")
    start = text.index("意见")  # five letters of the line: more than an edge
    assert trim_line_edges(text, start, len(text)) == (start, len(text))
    glued = "自动向运维人员发送短信。\n【效果】按超差形式分析，尺寸超差占比最高。"  # the heading starts a long line
    own = "自动向运维人员发送短信。\n【效果】\n2022年7月起"  # ... here a line of its own
    assert trim_line_edges(glued, 0, glued.index("效果") + 2)[1] < glued.index("效果")
    (_, a1), (_, b1) = trim_pair(glued, (0, glued.index("效果") + 2), own, (0, own.index("效果") + 2))
    assert (a1, b1) == (glued.index("效果") + 2, own.index("效果") + 2)
    (_, a1), (_, b1) = trim_pair(text, (0, end), text, (0, end))
    assert text[:a1] == text[:b1] == "提出指导性的意见和建议。"


def test_snap_takes_in_a_short_heading_ahead_on_the_same_line() -> None:
    a = "上文。\n（三）确保落实。各推荐单位要认真组织开展有关项目的跟踪服务工作。"
    b = "上文。\n（四）确保实效。各推荐单位要认真组织开展有关项目的跟踪服务工作。"
    a_span, b_span = (a.index("各推荐"), len(a)), (b.index("各推荐"), len(b))
    (a0, _), (b0, _) = snap_pair(a, a_span, b, b_span, 8)
    assert a[a0:].startswith("（三）确保落实。") and b[b0:].startswith("（四）确保实效。")
