# ruff: noqa: F811  (pytest fixtures imported from semantic_fixtures are used as parameters)
"""index.paraphrase: paraphrased passages between a candidate pair, with offsets into Document.text."""

from __future__ import annotations

import pytest

from index.copy.paraphrase import MIN_CHARS, admissible, find_paraphrases, sentences
from index.embed import E5Encoder, USEEncoder
from tests.index.semantic_fixtures import e5_encoder, e5_model_dir, paragraphs, use_encoder  # noqa: F401

A = paragraphs(
    "a",
    [
        "本课题通过优化焊接参数，降低车身焊接不良率。",
        "冲压车间换模时间长达45分钟，影响生产节拍。",
        "现状调查表明虚焊占比65.3%，是主要症结。小组成员共8人，每周开展一次活动。",
        "坚持以顾客为关注焦点，持续改进质量管理体系。",
    ],
)
B = paragraphs(
    "b",
    [
        "本小组成立于2019年，成员来自质量部和生产部。",
        "统计数据显示虚焊所占比例为65.3%，属于主要症结。小组共有8名成员，每星期活动一次。",
        "本项目调整焊接工艺参数，减少车身焊缝缺陷的比例。",
        "坚持以顾客为关注焦点，持续改进质量管理体系。",
    ],
)


def test_sentences_have_offsets() -> None:
    text = "第一句话比较长一些。\n  第二句也有十个字以上！短句。" + "很长的一句，" * 30
    for s in sentences(text):
        assert text[s.start : s.end] == s.text
        assert s.text == s.text.strip()
        assert len(s.folded) >= MIN_CHARS
        assert s.end - s.start <= 130
    assert not any(s.text == "短句" for s in sentences(text))


def _check(passages, a, b) -> None:
    for p in passages:
        assert p.kind == "paraphrase"
        assert a.text[p.a_start : p.a_end] == p.a_text
        assert p.b_text is None or b.text[p.b_start : p.b_end] == p.b_text


def test_finds_paraphrases_and_merges_adjacent(use_encoder: USEEncoder) -> None:
    ps = find_paraphrases(A, B, use_encoder, include_source_text=True)
    _check(ps, A, B)
    a_texts = [p.a_text or "" for p in ps]
    # the two adjacent sentences of paragraph 3 match two adjacent sentences of B: one merged passage
    merged = [p for p in ps if "虚焊" in (p.a_text or "")]
    assert len(merged) == 1 and "每周开展一次活动" in (merged[0].a_text or "")
    assert "每星期活动一次" in (merged[0].b_text or "")
    assert merged[0].a_pages == [3] and merged[0].b_pages == [2]
    assert any("焊接参数" in t for t in a_texts)
    # a sentence of another topic is not matched; identical sentences are copying, not paraphrase
    assert not any("换模" in t for t in a_texts)
    assert not any("顾客为关注焦点" in t for t in a_texts)
    assert all(p.b_text is not None for p in ps)
    assert all(p.b_text is None for p in find_paraphrases(A, B, use_encoder))


def test_skip_spans_and_threshold(use_encoder: USEEncoder) -> None:
    start = A.text.index("现状调查")
    skipped = find_paraphrases(A, B, use_encoder, skip_a=[(start, start + 60)])
    assert not any("虚焊" in (p.a_text or "") for p in skipped)
    assert find_paraphrases(A, B, use_encoder, threshold=0.999) == []


@pytest.mark.slow
def test_e5_paraphrases(e5_encoder: E5Encoder) -> None:
    ps = find_paraphrases(A, B, e5_encoder)
    _check(ps, A, B)
    a_texts = [p.a_text or "" for p in ps]
    assert any("虚焊" in t for t in a_texts) and any("焊接参数" in t for t in a_texts)
    assert not any("换模" in t for t in a_texts)


def test_lexical_prefilter_keeps_rewordings_and_drops_unrelated(
    use_encoder: USEEncoder, monkeypatch: pytest.MonkeyPatch
) -> None:
    from index.copy.paraphrase import LEXICAL_MIN, lexical_prefilter

    sa, sb = sentences(A.text), sentences(B.text)
    ka, kb = lexical_prefilter(sa, sb, LEXICAL_MIN)
    kept_a = " ".join(s.text for s in ka)
    # the reworded sentences (synonyms: 优化焊接参数 ↔ 调整焊接工艺参数, Dice 0.21) keep their partner
    assert "焊接参数" in kept_a and "虚焊" in kept_a
    assert any("焊接工艺参数" in s.text for s in kb)
    # a sentence with nothing in common with the other side is not embedded at all
    assert not any("换模" in s.text for s in ka)
    assert not any("成立于2019年" in s.text for s in kb)
    # the filter never changes what is found, only what is encoded (first pass: a passage found
    # then has the sentences next to it encoded too, which here are all the others)
    counted: list[int] = []

    class Counting:
        model_id, dim = use_encoder.model_id, use_encoder.dim

        def encode(self, texts: list[str], batch_size: int = 32):  # type: ignore[no-untyped-def]
            counted.append(len(texts))
            return use_encoder.encode(texts, batch_size)

    from index.copy import paraphrase

    monkeypatch.setattr(paraphrase, "GROW_ROUNDS", 0)
    paraphrase._CACHE.clear()
    with_filter = find_paraphrases(A, B, Counting())  # type: ignore[arg-type]
    encoded = sum(counted)
    paraphrase._CACHE.clear()
    counted.clear()
    without = find_paraphrases(A, B, Counting(), lexical_min=0.0)  # type: ignore[arg-type]
    assert [(p.a_start, p.b_start) for p in with_filter] == [(p.a_start, p.b_start) for p in without]
    assert encoded < sum(counted)


def test_admissible_requires_same_facts_and_not_verbatim() -> None:
    from index.copy.paraphrase import admissible

    def one(text: str):
        return sentences(text)[0]

    a = one("到了2022年4月24日，我们借助鱼骨图把“备品备件不到位”背后的原因逐一梳理了出来。")
    b = one("2022年4月24日，小组利用因果图对“备品备件不到位”进行原因分析。")
    other_problem = one("2022年4月24日，小组利用因果图对“焊缝气孔超标”进行原因分析。")
    other_figures = one("课题目标0.35%已经实现，目标达成率118%。")
    figures = one("课题目标0.282%已经实现，目标达成率132%。")
    light_edit = one("课题目标0.282%已经实现，目标的达成率132%。")
    assert admissible(a, b)
    assert not admissible(b, other_problem)  # quoted problem differs
    assert not admissible(figures, other_figures)  # the numbers differ: same template, other facts
    assert not admissible(figures, light_edit)  # near-verbatim: the copy stage's business
    assert not admissible(b, b)


def test_a_changed_year_is_no_other_fact() -> None:
    from index.copy.paraphrase import admissible

    old = sentences("依据各推荐单位的推荐项目，区领导小组办公室下达2019年质量攻关重点项目计划，共12项。")[0]
    new = sentences("根据各推荐单位推荐的项目，市市场监管委下达全市2023年质量攻关重点项目计划，共12项。")[0]
    other = sentences("根据各推荐单位推荐的项目，市市场监管委下达全市2023年质量攻关重点项目计划，共30项。")[0]
    assert old.numbers == {"12"} and admissible(new, old)
    assert not admissible(other, old)


def test_sentences_below_the_threshold_count_in_a_run_or_next_to_a_copy() -> None:
    from index.copy.paraphrase import RUN_MARGIN, supported

    sents = sentences("".join(f"第{n}句话的内容写在这里。" for n in range(100)))  # 13 characters each
    assert len(sents) == 100
    th = 0.96
    near = th - RUN_MARGIN / 2  # below the threshold, within the margin
    run = [(5, 5, near), (6, 6, near), (8, 7, near)]  # in order on both sides, one sentence skipped in A
    alone = [(20, 30, near)]
    strong = [(40, 50, 0.97)]
    out_of_order = [(60, 60, near), (61, 66, near), (62, 72, near)]  # B jumps five sentences each time
    assert supported(run + alone + strong + out_of_order, [], th, sents, sents) == run + strong
    copied = (10, 12, 10, 12)  # a copied passage: sentences 10-11 of A ↔ 10-11 of B
    after, elsewhere = (12, 12, near), (13, 40, near)
    assert supported([after, elsewhere], [copied], th, sents, sents) == [after]
    assert supported([after], [], th, sents, sents) == []
    # a run never jumps over a sentence already copied from elsewhere
    jump = (13, 12, near)  # A sentence 12 skipped, B follows the copy
    assert supported([jump], [copied], th, sents, sents) == [jump]
    assert supported([jump], [copied], th, sents, sents, ({12}, set())) == []


def test_two_close_sentence_pairs_in_a_row_count() -> None:
    from index.copy.paraphrase import PAIR_MARGIN, RUN_MARGIN, supported

    sents = sentences("".join(f"第{n}句话的内容写在这里。" for n in range(100)))
    th = 0.96
    close, far = th - PAIR_MARGIN / 2, th - (PAIR_MARGIN + RUN_MARGIN) / 2
    two = [(5, 5, close), (6, 6, close)]
    one_weaker = [(20, 20, close), (21, 21, far)]  # within the run margin, not the pair margin
    crossed = [(40, 41, close), (41, 40, close)]  # not in order in B
    assert supported(two + one_weaker + crossed, [], th, sents, sents) == two


def test_a_neighbour_of_a_found_passage_needs_no_figures_in_common() -> None:
    from index.copy.paraphrase import admissible_next

    a = sentences("现场测了、数据也分析了，结果是：四成多的台区，预测的最大负荷和实际相差三成以上。")[0]
    b = sentences("经现场测试和数据分析，小组发现：有超过四成台区的最大负荷预测值与实际值偏差超过30%。")[0]
    other = sentences("经现场测试和数据分析，小组发现：有超过20%台区的最大负荷预测值与实际值偏差超过30%。")[0]
    assert not admissible(a, b) and admissible_next(a, b)  # figures in words on one side only
    assert admissible_next(b, b.__class__(b.start, b.end, b.text + "。", b.folded + "了"))  # near-verbatim
    assert not admissible_next(b, b)
    assert not admissible_next(other, sentences("有超过四成台区的负荷预测值与实际值偏差超过40%的情况。")[0])


class _TableEncoder:
    """Vectors from a table (unit vectors with chosen cosines): the decisions around the encoder."""

    model_id, dim = "multilingual-e5-small-table", 6

    def __init__(self, table: dict[str, list[float]]) -> None:
        import numpy as np

        self.table = {k: np.asarray(v, dtype=np.float32) / np.linalg.norm(v) for k, v in table.items()}

    def encode(self, texts: list[str], batch_size: int = 32):  # type: ignore[no-untyped-def]
        import numpy as np

        return np.stack([self.table[t] for t in texts])


def test_a_found_passage_grows_over_its_neighbours(monkeypatch: pytest.MonkeyPatch) -> None:
    """The sentence after a paraphrased passage joins it at a cosine below the threshold, although it
    shares too few characters with its counterpart for the lexical prefilter."""
    from index.copy import paraphrase

    seed_a, seed_b = "本小组针对焊接缺陷问题开展了攻关活动", "项目组就焊接缺陷问题组织了质量攻关"
    next_a, next_b = "大家在现场反复试验找到了最合适的电流", "成员经过多次实验确定了最佳工艺参数值"
    other_a, other_b = "食堂午餐供应时间调整为十一点半开始", "公司年度运动会将在下个月中旬举行"
    enc = _TableEncoder(
        {
            seed_a: [1, 0, 0, 0, 0, 0],
            seed_b: [0.97, 0.2431, 0, 0, 0, 0],  # cosine 0.97: above the threshold (0.96)
            next_a: [0, 0, 1, 0, 0, 0],
            next_b: [0, 0, 0.94, 0.3412, 0, 0],  # 0.94: within the run margin only
            other_a: [0, 0, 0, 0, 1, 0],
            other_b: [0, 0, 0, 0, 0, 1],
        }
    )
    a = paragraphs("a", [f"{seed_a}。{next_a}。{other_a}。"])
    b = paragraphs("b", [f"{other_b}。{seed_b}。{next_b}。"])
    paraphrase._CACHE.clear()
    grown = find_paraphrases(a, b, enc)  # type: ignore[arg-type]
    assert [(p.a_text, p.b_text) for p in grown] == [(f"{seed_a}。{next_a}", None)]
    monkeypatch.setattr(paraphrase, "GROW_ROUNDS", 0)
    assert [p.a_text for p in find_paraphrases(a, b, enc)] == [seed_a]  # type: ignore[arg-type]


def test_source_may_be_a_stored_corpus_document(use_encoder: USEEncoder, tmp_path) -> None:
    """Regression: the Screener passes corpus documents as StoredDocument (no blocks), which crashed
    the page lookup of paraphrase passages."""
    from index.store import CorpusStore, ProjectMeta

    store = CorpusStore(tmp_path / "corpus.sqlite")
    pid = store.add_project(ProjectMeta(year=2021, company="某公司", title="降低车身焊接不良率"), [B])
    stored = next(store.iter_documents(pid))
    assert not hasattr(stored, "blocks")
    expected = find_paraphrases(A, B, use_encoder)
    got = find_paraphrases(A, stored, use_encoder)
    assert got and [(p.a_start, p.b_start, p.b_pages) for p in got] == [
        (p.a_start, p.b_start, p.b_pages) for p in expected
    ]
    store.close()


def test_weighted_dice_discounts_bigrams_every_sentence_has() -> None:
    from index.copy.paraphrase import bigram_weights, weighted_dice

    sents = sentences("姜刻勤甲乙丙丁戊。姜刻勤己庚辛壬癸。姜刻勤子丑寅卯辰。姜刻勤甲乙丙丁巳。")
    assert len(sents) == 4
    w = bigram_weights(sents)
    assert w["姜刻"] == 0.0 and w["甲乙"] > 0  # in all four sentences / in two
    plain = 2 * len(sents[0].bigrams & sents[1].bigrams) / (len(sents[0].bigrams) + len(sents[1].bigrams))
    assert plain > 0.2  # the two shared bigrams pass a plain Dice of 0.2 ...
    assert weighted_dice(sents[0], sents[1], w) == 0.0  # ... but every sentence has them
    assert weighted_dice(sents[0], sents[3], w) > 0.5  # 甲乙丙丁 is theirs alone


def test_a_lone_close_pair_needs_lexical_evidence() -> None:
    from index.copy.paraphrase import RUN_MARGIN, supported

    sents = sentences("".join(f"第{n}句话的内容写在这里。" for n in range(100)))
    th = 0.96
    near = th - RUN_MARGIN / 2
    strong, run = [(40, 50, 0.99)], [(5, 5, near), (6, 6, near), (7, 7, near)]
    assert supported(strong + run, [], th, sents, sents, evidence=lambda i, j: i != 40) == run
    assert supported(strong + run, [], th, sents, sents, evidence=lambda i, j: True) == strong + run


@pytest.mark.slow
def test_e5_finds_no_paraphrase_in_random_words(e5_encoder: E5Encoder) -> None:
    """Sentences of random words drawn with Zipf frequencies (as bench/synth.py writes its synthetic
    projects) sit at cosine 0.95-0.99 to each other in e5; two independent texts share no sentence.
    Without the lexical evidence a lone pair needs, these two texts gave four paraphrase passages; a
    pair of sentences that share a rare word by chance (here one, 仲儱夣坣) may still pass."""
    import numpy as np

    from index.copy import paraphrase

    rng = np.random.default_rng(7)
    chars = [chr(0x4E00 + int(k)) for k in rng.choice(3500, 3500, replace=False)]
    vocab = ["".join(rng.choice(chars, size=int(n))) for n in rng.choice([1, 2, 2, 2, 3, 3, 4], 4000)]
    p = 1.0 / np.arange(1, len(vocab) + 1) ** 0.95

    def text() -> str:
        out = []
        for _ in range(80):
            words = rng.choice(len(vocab), size=10, p=p / p.sum())
            out.append("".join(vocab[int(k)] for k in words)[: int(rng.integers(12, 31))])
        return "。".join(out) + "。"

    a, b = paragraphs("a", [text()]), paragraphs("b", [text()])
    paraphrase._CACHE.clear()
    assert len(find_paraphrases(a, b, e5_encoder)) <= 1


def _dense_lexical(sa: list, sb: list, min_dice: float, weights: dict[str, float]) -> tuple:
    """The prefilter's figures as sentence × bigram matrix products (the definition `_lexical` sums
    pair by pair)."""
    import numpy as np

    vocab: dict[str, int] = {}
    rows = [sorted({vocab.setdefault(g, len(vocab)) for g in s.bigrams}) for s in (*sa, *sb)]
    m = np.zeros((len(rows), len(vocab)), dtype=np.float32)
    for r, cols in enumerate(rows):
        m[r, cols] = 1.0
    w = np.array([weights.get(g, 0.0) for g in vocab], dtype=np.float32)
    a, b = m[: len(sa)], m[len(sa) :]
    ok = 2 * ((a * w) @ b.T) >= min_dice * np.maximum((a @ w)[:, None] + (b @ w)[None, :], 1e-12)
    dice = 2 * (a @ b.T) / np.maximum(a.sum(axis=1)[:, None] + b.sum(axis=1)[None, :], 1)
    return ok.any(axis=1), ok.any(axis=0), dice.max(axis=1), dice.max(axis=0)


@pytest.mark.parametrize("chunk", [4_000_000, 7])
def test_lexical_sums_shared_bigrams_as_the_matrix_products(monkeypatch: pytest.MonkeyPatch, chunk: int) -> None:
    """`_lexical` (shared bigrams summed pair by pair, in chunks of `_PAIR_CHUNK` entries) passes the
    same sentences and ranks them by the same plain Dice as the dense matrix products, on report text
    with reworded, unrelated and random-word sentences."""
    import random

    import numpy as np

    from index.copy import paraphrase

    monkeypatch.setattr(paraphrase, "_PAIR_CHUNK", chunk)
    rng = random.Random(4)
    pool = [chr(c) for c in range(0x4E00, 0x4E00 + 400)]
    a_text = A.text + "。" + "。".join("".join(rng.choices(pool, k=30)) for _ in range(40))
    b_text = B.text + "。" + "。".join("".join(rng.choices(pool, k=25)) for _ in range(30))
    sa, sb = sentences(a_text), sentences(b_text)
    weights = paraphrase.bigram_weights((*sa, *sb))
    for min_dice in (0.13, 0.3):
        got = paraphrase._lexical(sa, sb, min_dice, weights)
        want = _dense_lexical(sa, sb, min_dice, weights)
        assert all(np.array_equal(g, x) for g, x in zip(got, want, strict=True))
        assert got[0].any() and not got[0].all()  # some pass, some do not: the test can fail
    assert [x.size for x in paraphrase._lexical(sa, [], 0.13, weights)] == [len(sa), 0, len(sa), 0]
