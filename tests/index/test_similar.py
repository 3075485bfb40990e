from __future__ import annotations

from pathlib import Path

from index.fingerprint import fold_text
from index.report import NearDuplicate, SourceInfo
from index.similar import Screener
from index.store import CorpusStore, ProjectMeta

from .conftest import make_doc, zh_text

Corpus = tuple[CorpusStore, dict[str, str]]


def _piece(texts: dict[str, str], pid: str, start: int, end: int) -> str:
    return make_doc(texts[pid]).text[start:end]


def _submission(texts: dict[str, str]) -> tuple[str, str, str]:
    a = _piece(texts, "P2019-00", 100, 400)  # 300 chars
    b = _piece(texts, "P2021-02", 50, 200)  # 150 chars
    text = zh_text(1, 20) + "\n" + a + "\n" + zh_text(2, 10) + "\n" + b + "\n" + zh_text(3, 10)
    return text, a, b


def test_copies_from_two_sources_with_metrics_and_sorted_sources(corpus: Corpus) -> None:
    store, texts = corpus
    text, a, b = _submission(texts)
    doc = make_doc(text, "sub.txt")
    r = Screener(store.path, store=store).similar(doc)
    assert [s.source.project_id for s in r.sources] == ["P2019-00", "P2021-02"]
    first, second = r.sources
    n = len(fold_text(doc.text))
    assert abs(first.copy_ratio - len(fold_text(a)) / n) < 0.01
    assert abs(second.copy_ratio - len(fold_text(b)) / n) < 0.01
    assert abs(r.total_copy_ratio - (len(fold_text(a)) + len(fold_text(b))) / n) < 0.01
    assert r.max_single_source_ratio == first.copy_ratio and r.max_source == first.source
    assert first.source.year == 2019 and first.source.company == "测试公司0" and first.source.title == "降低设备故障率0"
    (p,) = first.passages
    assert p.a_text == doc.text[p.a_start : p.a_end] and p.b_text is None
    assert make_doc(texts["P2019-00"]).text[p.b_start : p.b_end].strip("，。") in a
    assert r.semantic_checked is False and r.near_duplicates == []


def test_source_text_only_when_asked(corpus: Corpus) -> None:
    store, texts = corpus
    text, _, _ = _submission(texts)
    r = Screener(store.path, store=store).similar(make_doc(text), include_source_text=True)
    src = make_doc(texts["P2019-00"]).text
    p = r.sources[0].passages[0]
    assert p.b_text == src[p.b_start : p.b_end]


def test_exclude_project_ids(corpus: Corpus) -> None:
    store, texts = corpus
    text, _, _ = _submission(texts)
    r = Screener(store.path, store=store).similar(make_doc(text), exclude_project_ids=["P2019-00"])
    assert [s.source.project_id for s in r.sources] == ["P2021-02"]


def test_batch_mutual_copy(corpus: Corpus) -> None:
    store, _ = corpus
    shared = zh_text(50, 12)
    me = make_doc(zh_text(51, 20) + "\n" + shared, "me.txt")
    other = make_doc(shared + "\n" + zh_text(52, 20), "other.txt")
    unrelated = make_doc(zh_text(53, 20), "x.txt")
    screener = Screener(store.path, store=store)
    r = screener.similar(me, batch_docs={"S02": other, "S03": unrelated})
    assert [s.source.project_id for s in r.sources] == ["S02"]
    assert r.sources[0].source.batch is True and r.sources[0].source.file == "other.txt"
    as_list = screener.similar(me, batch_docs=[me, other, unrelated])  # the submission itself is skipped
    assert [s.source.file for s in as_list.sources] == ["other.txt"]


def test_eligibility_repeat_and_awarded(corpus: Corpus) -> None:
    store, texts = corpus
    screener = Screener(store.path, store=store)
    doc = make_doc(zh_text(60, 30), "new.txt")
    same_company = ProjectMeta(year=2024, company="测试公司3", credit_code="91120116MA000003X", title="降低设备故障率3")
    r = screener.similar(doc, meta=same_company)
    assert [(f.rule, f.source.project_id) for f in r.eligibility] == [("E-REPEAT", "P2019-03")]
    assert "不得重复申报" in r.eligibility[0].message
    near_title = same_company.model_copy(update={"title": "降低设备的故障率3"})
    assert [f.rule for f in screener.similar(doc, meta=near_title).eligibility] == ["E-REPEAT"]
    other_company = same_company.model_copy(update={"credit_code": "91110000100000000A", "company": "别的公司"})
    assert screener.similar(doc, meta=other_company).eligibility == []
    far_title = same_company.model_copy(update={"title": "提高焊接一次合格率"})
    assert screener.similar(doc, meta=far_title).eligibility == []
    # most of the awarded project P2020-01, under a new title and another company
    copied = make_doc(make_doc(texts["P2020-01"]).text + "\n" + zh_text(61, 5), "copied.txt")
    r2 = screener.similar(copied, meta=ProjectMeta(year=2024, company="新公司", title="全新课题"))
    awarded = [f for f in r2.eligibility if f.rule == "E-AWARDED"]
    assert [f.source.project_id for f in awarded] == ["P2020-01"] and "一等奖" in awarded[0].message


def test_near_duplicates_get_corpus_metadata(corpus: Corpus) -> None:
    store, _ = corpus

    class Detector:
        def query(self, doc: object, k: int, exclude: object = ()) -> list[NearDuplicate]:
            return [NearDuplicate(source=SourceInfo(project_id="P2020-01"), score=0.9, same_project=True)]

    screener = Screener(store.path, store=store)
    screener.encoder = object()
    screener.neardup = Detector()
    r = screener.similar(make_doc(zh_text(70, 10)), meta=ProjectMeta(year=2024))
    assert r.near_duplicates[0].source.title == "降低设备故障率1" and r.near_duplicates[0].source.year == 2020
    assert [f.rule for f in r.eligibility] == ["E-AWARDED"]


def test_save_load_same_results(corpus: Corpus, tmp_path: Path) -> None:
    store, texts = corpus
    text, _, _ = _submission(texts)
    doc = make_doc(text, "sub.txt")
    before = Screener(store.path, store=store).similar(doc, include_source_text=True).model_dump_json()
    store.close()
    after = Screener(store.path).similar(doc, include_source_text=True).model_dump_json()
    assert before == after


def test_title_similarity_tolerates_added_words() -> None:
    from index.eligibility import title_similarity

    assert title_similarity("进一步降低电商仓库订单拣货差错率", "降低电商仓库订单拣货差错率") >= 0.8
    assert title_similarity("降低设备故障率", "降低設備故障率") == 1.0  # traditional script folded
    assert title_similarity("降低设备故障率", "提高焊接一次合格率") < 0.5


def test_a_source_needs_strong_evidence(corpus: Corpus) -> None:
    store, texts = corpus
    src = make_doc(texts["P2021-05"]).text
    short = src[40:54]  # ~14 characters: a coincidence-sized match
    doc = make_doc(zh_text(80, 20) + "\n" + short + "\n" + zh_text(81, 20), "s.txt")
    screener = Screener(store.path, store=store)
    assert screener.similar(doc).sources == []
    longer = src[40:100]
    doc2 = make_doc(zh_text(80, 20) + "\n" + longer + "\n" + zh_text(81, 20), "s2.txt")
    assert [s.source.project_id for s in screener.similar(doc2).sources] == ["P2021-05"]
