"""Text normalisation."""

from __future__ import annotations

from nlp.normalize import normalize


def test_normal_text_is_returned_as_it_is() -> None:
    """`normalize` of text already normal (folded or normalised before) is that text; any character it
    would change, or whitespace other than a newline, still goes through the conversion."""
    for text in ["质量管理小组\n降低不良率3.5%", "现状调查表明虚焊占比65.3%,是主要症结。", ""]:
        assert normalize(text) == text
        assert normalize(normalize(text)) == normalize(text)
    assert normalize("占比65.3%，是主要症结") == "占比65.3%,是主要症结"  # full width: converted
    assert normalize("現狀調查") == "现状调查"
    assert normalize("ＱＣ小组  活动\t成果") == "QC小组 活动 成果"
    assert normalize("降低\n\n不良率") == "降低\n\n不良率"


def test_fold_str_is_the_folded_text() -> None:
    from nlp.normalize import fold, fold_str

    for text in ["現狀調查：不良率３.２％，ＱＣ小组  活动", "", "“末端因素”　A-B"]:
        assert fold_str(text) == fold(text).text
    assert fold_str("ＱＣ小组，活动") == "qc小组活动"


def test_short_texts_kept_give_the_same_result_as_long_ones() -> None:
    """Short texts' results are cached: a text at, below and above the cached length, normalised twice
    and inside a longer text, gives what the conversion itself gives."""
    from nlp.normalize import _CACHED_LEN, _normalize

    unit = "現狀ＱＣ  小组\t"
    for n in (_CACHED_LEN // len(unit), _CACHED_LEN // len(unit) + 1, 2 * _CACHED_LEN):
        text = (unit * n)[: max(n, 1) * len(unit)]
        assert normalize(text) == _normalize(text)
        assert normalize(text) == normalize(text)
    text = unit * (_CACHED_LEN // len(unit))
    assert len(text) <= _CACHED_LEN < len(text + unit)
    assert normalize(text + "  ") == normalize(text)[:-1] + " "  # a run across the cached length: one space
    assert normalize(text + unit) == _normalize(text + unit) == "现状QC 小组 " * (_CACHED_LEN // len(unit) + 1)
