"""The jieba tokenizer with the QC domain dictionary."""

from __future__ import annotations

from nlp.normalize import normalize
from nlp.tokenize import words, words_with_offsets


def test_domain_words_stay_whole() -> None:
    ws = words("通过要因确认，找出末端原因，绘制排列图。")
    assert "要因确认" in ws and "排列图" in ws
    assert all(any(ch.isalnum() for ch in w) for w in ws)


def test_offsets_point_into_the_normalised_text() -> None:
    text = "現狀調查：不良率３.２％"  # traditional, full width
    norm = normalize(text)
    got = words_with_offsets(text)
    assert got and all(norm[s:e] == w for w, s, e in got)
    assert "现状调查" in [w for w, _s, _e in got]
