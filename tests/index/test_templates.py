from __future__ import annotations

from pathlib import Path

import numpy as np

from index.copy.fingerprint import fingerprint, fold_text, kgram_hashes
from index.copy.templates import KgramCounts, TemplateFilter, TemplateParams, df_threshold
from index.similar import Screener
from index.store import CorpusStore, ProjectMeta

from .conftest import make_doc, zh_text

TEMPLATE = (
    "一、小组概况：本小组按照中国质量协会质量管理小组活动准则开展活动，遵循PDCA循环，坚持以事实和数据为依据，"
    "用统计方法进行分析。二、选择课题：根据上级要求和现场存在的问题，经小组成员讨论确定本次活动课题。"
    "三、活动计划：小组制定了活动计划表，明确了各阶段的时间安排和负责人，确保活动按计划推进。"
)


def _corpus_with_template(db: Path, n: int = 10) -> CorpusStore:
    store = CorpusStore(db)
    for i in range(n):
        text = TEMPLATE + "\n" + zh_text(500 + i, 30)
        store.add_project(ProjectMeta(project_id=f"T{i}", year=2020, company=f"公司{i}"), [make_doc(text, f"t{i}.txt")])
    return store


def test_df_threshold_uses_share_and_minimum() -> None:
    p = TemplateParams(min_share=0.2, min_count=5)
    assert df_threshold(10, p) == 5
    assert df_threshold(100, p) == 20
    assert df_threshold(101, p) == 21


def test_template_only_submission_is_not_flagged(db_path: Path) -> None:
    store = _corpus_with_template(db_path)
    sub = make_doc(zh_text(900, 20) + "\n" + TEMPLATE + "\n" + zh_text(901, 20), "sub.txt")
    report = Screener(db_path, store=store).similar(sub)
    assert report.total_copy_ratio == 0.0
    assert report.sources == []
    assert report.template is not None and report.template.chars >= 0.9 * len(fold_text(TEMPLATE))
    assert any("通用文字" in r for r in report.template.reasons)


def test_real_copy_next_to_template_still_counts(db_path: Path) -> None:
    store = _corpus_with_template(db_path)
    source_text = make_doc(TEMPLATE + "\n" + zh_text(503, 30)).text
    copied = source_text[len(TEMPLATE) + 100 : len(TEMPLATE) + 400]
    sub = make_doc(TEMPLATE + "\n" + copied + "\n" + zh_text(902, 20), "sub.txt")
    report = Screener(db_path, store=store).similar(sub)
    assert [s.source.project_id for s in report.sources] == ["T3"]
    (passage,) = report.sources[0].passages
    assert passage.a_start >= sub.text.index(copied) - 1
    copied_share = len(fold_text(copied)) / len(fold_text(sub.text))
    assert abs(report.total_copy_ratio - copied_share) < 0.02


def test_batch_counts_towards_document_frequency(tmp_path: Path) -> None:
    store = CorpusStore(tmp_path / "empty.db")
    batch = {f"S{i}": make_doc(TEMPLATE + "\n" + zh_text(700 + i, 20), f"s{i}.txt") for i in range(6)}
    sub = make_doc(TEMPLATE + "\n" + zh_text(799, 20), "me.txt")
    report = Screener(store.path, store=store).similar(sub, batch_docs=batch)
    assert report.total_copy_ratio == 0.0 and report.sources == []
    assert report.template is not None and report.template.chars > 0


def test_organiser_template_file(tmp_path: Path) -> None:
    store = CorpusStore(tmp_path / "c.db")
    source = make_doc(TEMPLATE + "\n" + zh_text(600, 20), "old.txt")
    store.add_project(ProjectMeta(project_id="OLD", year=2021), [source])
    sub = make_doc(TEMPLATE + "\n" + zh_text(601, 20), "new.txt")
    plain = Screener(store.path, store=store).similar(sub)
    assert plain.total_copy_ratio > 0.1  # one earlier document only: not frequent, counts as copy
    tfile = tmp_path / "organiser_template.txt"
    tfile.write_text(TEMPLATE, encoding="utf-8")
    with_file = Screener(store.path, store=store, template_file=tfile).similar(sub)
    assert with_file.total_copy_ratio == 0.0
    assert with_file.template is not None and any("organiser_template.txt" in r for r in with_file.template.reasons)


def test_frequent_mask_covers_shared_run(db_path: Path) -> None:
    store = _corpus_with_template(db_path)
    filt = TemplateFilter(store.postings)
    fa = fold_text(zh_text(1, 10) + TEMPLATE + zh_text(2, 10))
    ex = filt.exclude(fa, fingerprint(fa, store.params))
    start = fa.text.index(fold_text(TEMPLATE).text)
    covered = ex.frequent[start : start + len(fold_text(TEMPLATE))]
    # Covered from the first to the last frequent fingerprint; the edges left are shorter than w + k
    # (the short-phrase table, not used here, marks them).
    idx = np.nonzero(covered)[0]
    edge = store.params.w + store.params.k
    assert idx[0] < edge and len(covered) - 1 - idx[-1] < edge
    assert covered[idx[0] : idx[-1] + 1].all()
    assert covered.mean() > 1 - 2 * edge / len(covered)
    assert not ex.frequent[: start - store.params.w].any()


def test_short_shared_phrase_below_winnowing_guarantee_is_template(tmp_path: Path) -> None:
    phrase = "序号项目频数频率累计频率排列图"  # 15 folded chars < the winnowing guarantee w + k - 1
    store = CorpusStore(tmp_path / "c.db")
    for i in range(8):
        text = zh_text(300 + i, 10) + "\n" + phrase + "\n" + zh_text(400 + i, 10)
        store.add_project(ProjectMeta(project_id=f"K{i}", year=2021), [make_doc(text, f"k{i}.txt")])
    screener = Screener(store.path, store=store)
    table = screener.templates.table()
    assert table.sampled == 8
    sub = make_doc(zh_text(500, 10) + "\n" + phrase + "\n" + zh_text(501, 10), "sub.txt")
    fa = fold_text(sub.text)
    mask = screener.templates.kgram_mask(fa, [])
    start = fa.text.index(phrase)
    assert mask[start : start + len(phrase)].all()
    assert mask.sum() == len(phrase)


def test_standard_step_name_list_is_template(tmp_path: Path) -> None:
    steps = "活动程序：选择课题→设定目标→目标可行性论证→原因分析→确定主要原因→制定对策→对策实施→效果检查→制定巩固措施→总结和下一步打算"
    store = CorpusStore(tmp_path / "c.db")
    store.add_project(ProjectMeta(project_id="OLD", year=2021), [make_doc(zh_text(1, 20) + "\n" + steps, "old.txt")])
    sub = make_doc(zh_text(2, 20) + "\n" + steps, "new.txt")
    report = Screener(store.path, store=store).similar(sub)
    assert report.sources == [] and report.total_copy_ratio == 0.0
    assert report.template is not None and any("标准活动步骤名称" in r for r in report.template.reasons)


def test_shared_phrasing_counts_documents_besides_the_source() -> None:
    k = 4
    fa = fold_text("甲乙丙丁戊己庚辛")
    h = kgram_hashes(fa.codes, k)  # 5 k-grams
    source = fa.codes[:6]  # the source has the first three k-grams
    assert set(kgram_hashes(source, k).tolist()) == set(h[:3].tolist())
    # other documents with each k-gram (the source among them where it has the k-gram)
    counts = KgramCounts(h, corpus=np.array([3, 1, 0, 0, 0]), batch=np.array([0, 1, 1, 2, 0]), scale=1.0, k=k)
    mask = counts.shared_phrasing(source, 2, len(fa))
    # k-gram 0: 3 - source = 2 others → shared; k-gram 3: 2 others → shared; 1, 2, 4: fewer
    assert mask.tolist() == [True] * 7 + [False]  # k-grams 0 (chars 0–3) and 3 (chars 3–6)
    assert not counts.shared_phrasing(source, 3, len(fa)).any()
