"""N1 (创新型, spec/domain.md: 总体方案 → 分级方案 → 具体方案): the decomposition may be drawn, not named — a
系统图 picture on the 提出方案 page whose boxes are the parts and their alternatives, titled in the writer's
words ("方案A分级展开", seen fresh15 v22). Where the tool reading finds a 系统图 shown in 提出方案, the levels
are there; a bare mention of one, or a picture of something else, is no decomposition."""

from __future__ import annotations

import pytest

from ingest.model import Document, FigureKind
from nlp.check import check
from tests.nlp.conftest import deck, finding_messages, good_innovative, set_slide, with_picture

TITLE = "三、提出方案并确定最佳方案"
OPTIONS = [
    "总体方案A：零点定位快换底板加整体封堵模块。",
    "总体方案B：通用底板加气动伸缩封堵头。",
    "各做样件试验换型10次：方案A平均换型10.5min、误判率0.4%；方案B换型6.8min、误判率1.1%，选定方案A。",
]
TREES = [
    "方案A分级展开\n零点定位快换工装\n定位\n锥销+手动压板\n零点定位销+液压锁紧（选定）\n封堵\n平面橡胶垫\n膨胀密封圈（选定）",
    "快换工装方案展开图\n夹紧机构\n气缸夹紧\n电磁铁夹紧\n定位模块\n一面两销\nV形块定位\n型号切换\n扫码识别",
    "方案细分\n底板\n整体铸造底板\n焊接拼装底板\n密封\n硅胶圈\n氟胶圈\n识别\nRFID芯片\n人工选程序",
]


def _doc(picture: str | None, kind: FigureKind = FigureKind.other) -> Document:
    doc = deck(set_slide(good_innovative(), "三、提出方案", list(OPTIONS)))
    return doc if picture is None else with_picture(doc, TITLE, picture, kind)


def _no_levels(doc: Document) -> bool:
    """N1 names the missing levels, as a finding or (several 总体方案 read, stop 34) a review."""
    rep = check(doc)
    said = finding_messages(rep, "N1") + [r.message for r in rep.reviews if r.rule == "N1"]
    return any("分级方案" in m for m in said)


@pytest.mark.parametrize("tree", TREES)
def test_a_tree_drawn_in_the_solutions_step_is_the_decomposition(tree: str) -> None:
    assert not _no_levels(_doc(tree))


def test_without_a_drawn_tree_the_missing_levels_stand() -> None:
    assert _no_levels(_doc(None))
    # a photo of the sample parts, or a chart of the trial data, is no decomposition
    assert _no_levels(_doc("样件照片\n2024.3.12", FigureKind.photo))
    assert _no_levels(_doc("换型时间对比\n10.5\n6.8\n方案A\n方案B", FigureKind.bar))
