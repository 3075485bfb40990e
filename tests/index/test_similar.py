from __future__ import annotations

import threading
from pathlib import Path

import pytest

from index.copy.fingerprint import fold_text
from index.report import NearDuplicate, SourceInfo
from index.similar import Screener, ScreenParams
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
    from index.same_project.eligibility import title_similarity

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


# Sentence frames that several projects of one type fill with their own slot values: each frame sits
# in fewer projects than the template share, and the aligner's light-edit tolerance bridges the slot.
FRAMES = (
    "通过本次活动，小组成员的创新能力和{}等专业技术得到提升，掌握了创新型课题的活动程序。",
    "小组成员召开专题分析会，运用头脑风暴法针对症结“{}”从人、机、料、法、环、测方面逐层分析原因，绘制因果图。",
    "经济效益\n年节约费用{}万元，扣除研制投入{}万元，创造经济效益{}万元（财务部核定）。",
)
SLOTS = ["称重传感器", "视觉检测", "温度控制", "伺服驱动", "激光测距", "液压夹具"]
CAUSES = ["孔径超差", "皮破露馅", "角部横裂", "焊缝气孔", "尺寸偏差", "表面划伤"]


def _framed(i: int) -> str:
    """The three frames with project i's slot values."""
    money = (f"{50 + i}.{i}4", f"{10 + i}.{i}", f"{40 - i}.4{i}")
    return "\n".join((FRAMES[0].format(SLOTS[i]), FRAMES[1].format(CAUSES[i]), FRAMES[2].format(*money)))


def _frame_corpus(db: Path, users: int = 4, projects: int = 20) -> tuple[CorpusStore, dict[str, str]]:
    """`projects` past projects; the first `users` of them use the frames (fewer than the template
    threshold: 10 % of 20 projects, at least 5)."""
    store = CorpusStore(db)
    texts = {}
    for i in range(projects):
        body = zh_text(300 + i, 24)
        text = body[:400] + "\n" + _framed(i) + "\n" + body[400:] if i < users else body
        pid = f"F{i:02d}"
        store.add_project(
            ProjectMeta(project_id=pid, year=2022, company=f"框架公司{i}"), [make_doc(text, f"{pid}.txt")]
        )
        texts[pid] = text
    return store, texts


def test_shared_frame_with_other_slot_values_is_not_copying(db_path: Path) -> None:
    store, _ = _frame_corpus(db_path)
    sub = make_doc(zh_text(390, 12) + "\n" + _framed(5) + "\n" + zh_text(391, 12), "sub.txt")
    # Before the shared-phrasing rule the frames were reported as copied from a frame user.
    old = Screener(store.path, store=store, params=ScreenParams(phrase_docs=0)).similar(sub)
    assert {s.source.project_id for s in old.sources} & {"F00", "F01", "F02", "F03"}
    report = Screener(store.path, store=store).similar(sub)
    assert report.sources == [] and report.total_copy_ratio == 0.0


def test_frame_shared_through_the_batch_is_not_copying(tmp_path: Path) -> None:
    store = CorpusStore(tmp_path / "c.db")
    store.add_project(
        ProjectMeta(project_id="OLD", year=2022), [make_doc(zh_text(310, 20) + "\n" + _framed(0), "old.txt")]
    )
    batch = {f"S{i}": make_doc(zh_text(320 + i, 20) + "\n" + _framed(i), f"s{i}.txt") for i in range(1, 4)}
    sub = make_doc(zh_text(330, 20) + "\n" + _framed(4), "me.txt")
    report = Screener(store.path, store=store).similar(sub, batch_docs=batch)
    assert report.sources == []


def test_copy_next_to_a_shared_frame_is_still_found(db_path: Path) -> None:
    store, texts = _frame_corpus(db_path)
    source = make_doc(texts["F02"]).text
    frame_at = source.index(FRAMES[0][:10])
    copied = source[frame_at - 60 : frame_at]  # 60 characters of F02's own text just before its frames
    # the copied text is followed by the frames with F02's own slot values (a frame copied with its slots)
    sub_text = zh_text(392, 12) + "\n" + copied + _framed(2) + "\n" + zh_text(393, 12)
    sub = make_doc(sub_text, "sub.txt")
    report = Screener(store.path, store=store).similar(sub)
    assert [s.source.project_id for s in report.sources] == ["F02"]
    covered = sum(len(fold_text(p.a_text or "")) for p in report.sources[0].passages)
    assert covered >= len(fold_text(copied))  # the copied text, and the frames copied with it
    # a verbatim frame sentence of a proven source counts with it
    assert any("称重" not in (p.a_text or "") and "温度控制" in (p.a_text or "") for p in report.sources[0].passages)


def test_two_submissions_copying_the_same_source_are_both_found(corpus: Corpus) -> None:
    store, texts = corpus
    copied = _piece(texts, "P2020-01", 200, 300)
    batch = {
        "S1": make_doc(zh_text(60, 15) + "\n" + copied + "\n" + zh_text(61, 15), "s1.txt"),
        "S2": make_doc(zh_text(62, 15) + "\n" + copied + "\n" + zh_text(63, 15), "s2.txt"),
    }
    screener = Screener(store.path, store=store)
    for sid, doc in batch.items():
        others = {k: v for k, v in batch.items() if k != sid}
        got = {s.source.project_id for s in screener.similar(doc, batch_docs=others).sources}
        assert "P2020-01" in got  # the other copy is a third document, not enough to make it common phrasing


def test_paraphrase_stage_only_against_the_top_sources(corpus: Corpus, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import index.copy.compare as compare_mod

    store, texts = corpus
    text, _, _ = _submission(texts)  # copies from P2019-00 (more) and P2021-02 (less)
    asked: list[str] = []

    def record(a, b, encoder, skip_a, skip_b, **kw):  # type: ignore[no-untyped-def]
        asked.append(b.project_id)
        return []

    monkeypatch.setattr(compare_mod, "paraphrase_passages", record)
    monkeypatch.setattr(Screener, "_load_neardup", lambda self, encoder: None)
    encoder = object()  # never called: paraphrase_passages is replaced
    for n, expected in ((3, ["P2019-00", "P2021-02"]), (1, ["P2019-00"]), (0, [])):
        asked.clear()
        r = Screener(store.path, store=store, encoder=encoder, params=ScreenParams(paraphrase_sources=n)).similar(
            make_doc(text)
        )
        assert [s.source.project_id for s in r.sources] == ["P2019-00", "P2021-02"]
        assert asked == expected


def _screener_with_stages(store: CorpusStore, overlap: bool, monkeypatch, query) -> Screener:  # type: ignore[no-untyped-def]
    """A Screener whose paraphrase stage and near-duplicate detector are stand-ins (no encoder runs)."""
    import index.copy.compare as compare_mod

    class Detector:
        def query(self, doc: object, k: int, exclude: object = ()) -> list[NearDuplicate]:
            return query()

    monkeypatch.setattr(compare_mod, "paraphrase_passages", lambda *a, **kw: [])
    monkeypatch.setattr(Screener, "_load_neardup", lambda self, encoder: Detector())
    return Screener(store.path, store=store, encoder=object(), overlap=overlap)  # type: ignore[arg-type]


def test_near_duplicates_beside_the_paraphrase_stage_give_the_same_report(corpus: Corpus, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    store, texts = corpus
    text, _, _ = _submission(texts)
    ran_in: list[str] = []

    def query() -> list[NearDuplicate]:
        ran_in.append(threading.current_thread().name)
        return [NearDuplicate(source=SourceInfo(project_id="P2020-01"), score=0.9, same_project=True)]

    reports = [
        _screener_with_stages(store, overlap, monkeypatch, query)
        .similar(make_doc(text), include_source_text=True)
        .model_dump_json()
        for overlap in (False, True)
    ]
    assert reports[0] == reports[1] and '"P2020-01"' in reports[1]
    assert ran_in[0] == threading.current_thread().name and ran_in[1] != ran_in[0]


def test_with_overlap_the_near_duplicate_index_is_loaded_by_its_stage(corpus: Corpus, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """`qcscreen similar` loads the near-duplicate index (faiss) in the stage's thread, beside the
    paraphrase stage, not before the copy stage; without `overlap` the Screener loads it at once."""
    store, texts = corpus
    text, _, _ = _submission(texts)
    for overlap in (False, True):
        screener = _screener_with_stages(store, overlap, monkeypatch, list)
        assert (screener.neardup is None) is overlap
        screener.similar(make_doc(text))
        assert screener.neardup is not None


def test_an_error_of_the_near_duplicates_beside_is_raised_by_similar(corpus: Corpus, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    store, texts = corpus
    text, _, _ = _submission(texts)

    def query() -> list[NearDuplicate]:
        raise RuntimeError("index broken")

    with pytest.raises(RuntimeError, match="index broken"):
        _screener_with_stages(store, True, monkeypatch, query).similar(make_doc(text))
