"""The words and places every face shows."""

from __future__ import annotations

from service.labels import compress_places, ranges, sentence_list, where


def test_places_are_ranges() -> None:
    assert ranges([7, 8, 9, 11, 3]) == "3、7–9、11"
    assert (
        where([4, 5, 6, 12], "pptx") == "第 4–6、12 张幻灯片"
        and where([3], "docx") == "第 3 段"
        and where([], "pdf") == "—"
    )
    assert compress_places("缺少调查数据（第 7、8、9、10、11 段）") == "缺少调查数据（第 7–11 段）"


def test_reasons_join_without_doubled_stops() -> None:
    assert sentence_list(["缺少“巩固措施”。", "对策表缺地点栏；", ""]) == "缺少“巩固措施”；对策表缺地点栏。"
