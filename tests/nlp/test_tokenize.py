"""The jieba tokenizer with the QC domain dictionary."""

from __future__ import annotations

from pathlib import Path

import jieba

from nlp.normalize import normalize
from nlp.tokenize import USERDICT, _grouped_dictionary, _PrefixDict, words, words_with_offsets


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


def test_prefix_dictionary_read_in_part_segments_as_the_whole_one(tmp_path: Path) -> None:
    """The tokenizer reads the groups of the characters it meets; jieba with its whole dictionary and the
    userdict cuts the same texts the same way (frequencies and total are the same numbers)."""
    whole = jieba.Tokenizer()
    whole.load_userdict(str(USERDICT))
    groups, total = _grouped_dictionary(tmp_path / "jieba.cache")
    assert (tmp_path / "jieba.cache").is_file() and _grouped_dictionary(tmp_path / "jieba.cache")[1] == total
    part = _PrefixDict(groups, total)
    texts = [
        "通过要因确认，找出末端原因，绘制排列图。QC小组活动成果：降低焊接不良率",
        "现状调查表明虚焊占比65.3%，是主要症结；对策实施后合格率提升至98%。",
        "南京市长江大桥，研究生命起源，结婚的和尚未结婚的",
        "质量管理小组运用鱼骨图和5W1H对策表制定措施，品管圈",
    ]
    for text in texts:
        assert part.lcut(text, HMM=True) == whole.lcut(text, HMM=True)
        assert list(part.tokenize(text)) == list(whole.tokenize(text))
    assert part.total == whole.total
    assert 0 < len(part.FREQ) < len(whole.FREQ)  # only the groups these texts needed
    assert all(part.FREQ[w] == whole.FREQ[w] for w in part.FREQ)


def test_unknown_word_runs_are_decoded_as_jieba_decodes_them(tmp_path: Path) -> None:
    """`_PrefixDict` decodes the runs of characters the dictionary does not know with its own Viterbi
    (back pointers instead of jieba's copied paths): the same words as jieba's `finalseg` on text made
    mostly of such runs (random characters, names, figures and letters between them)."""
    import random

    rng = random.Random(7)
    pool = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]
    texts = [
        "".join(
            rng.choice(pool) if rng.random() < 0.9 else rng.choice(["3.5%", "QC", "2024年", "，", "的"])
            for _ in range(n)
        )
        for n in (2, 3, 40, 400, 2000)
    ]
    texts += ["渤润汽车零部件公司张建国和李晓梅小组", "韦尔奇赫鲁晓夫斯基对巴拉圭提出了塔什干方案"]
    whole = jieba.Tokenizer()
    whole.load_userdict(str(USERDICT))
    part = _PrefixDict(*_grouped_dictionary(tmp_path / "jieba.cache"))
    for text in texts:
        assert part.lcut(text, HMM=True) == whole.lcut(text, HMM=True)
        assert list(part.tokenize(text)) == list(whole.tokenize(text))


def test_route_is_jiebas_dag_and_calc(tmp_path: Path) -> None:
    """`_PrefixDict._route` (one pass from the end) ends every word where jieba's `get_DAG` + `calc`
    route does, ties included, on dictionary text and on runs of characters it mostly does not know."""
    import random

    part = _PrefixDict(*_grouped_dictionary(tmp_path / "jieba.cache"))
    rng = random.Random(11)
    pool = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]
    texts = ["通过要因确认找出末端原因绘制排列图降低焊接不良率", "南京市长江大桥研究生命起源结婚的和尚未结婚的"]
    texts += ["".join(rng.choice(pool) for _ in range(rng.randint(1, 300))) for _ in range(40)]
    for text in texts:
        part._need(text)
        route: dict[int, tuple[float, int]] = {}
        part.calc(text, part.get_DAG(text), route)
        assert part._route(text) == [route[x][1] for x in range(len(text))]


def test_list_cut_is_jiebas_cut(tmp_path: Path) -> None:
    """`_PrefixDict.cut_hmm` (the list `words` uses) gives jieba's own `lcut(HMM=True)` with the whole
    dictionary: blocks of Han characters, letters and figures, whitespace and punctuation between them,
    runs of characters the dictionary does not know, a word cached from an earlier text."""
    import random

    whole = jieba.Tokenizer()
    whole.load_userdict(str(USERDICT))
    part = _PrefixDict(*_grouped_dictionary(tmp_path / "jieba.cache"))
    rng = random.Random(5)
    pool = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)] + list("，。 \n\t的了3.5%QC-_#")
    texts = ["通过要因确认，找出末端原因。\r\n QC小组 2024年：合格率98.5%", "", " ", "渤润汽车零部件公司张建国"]
    texts += ["".join(rng.choice(pool) for _ in range(rng.randint(1, 400))) for _ in range(60)]
    for text in texts + texts[:5]:
        assert part.cut_hmm(text) == whole.lcut(text, HMM=True)
