"""Another applicant's name inside a submission (issue 12 item 5)."""

from __future__ import annotations

from pathlib import Path

from index.mentions import Applicant, NameIndex, mentions, name_forms
from index.report import SourceInfo
from index.similar import Screener
from index.store import CorpusStore, ProjectMeta

from .conftest import make_doc, zh_text


def test_name_forms_keep_distinctive_short_names_only() -> None:
    assert name_forms("天津渤化永利化工股份有限公司") == {"天津渤化永利化工股份有限公司", "天津渤化永利化工"}
    assert name_forms("某某公司") == set()  # too short to be told from ordinary words


def test_names_of_corpus_and_batch_applicants_are_found_with_their_places(tmp_path: Path) -> None:
    store = CorpusStore(tmp_path / "c.db")
    store.add_project(
        ProjectMeta(project_id="P2021-01", year=2021, company="天津渤化永利化工股份有限公司", title="降低能耗"),
        [make_doc(zh_text(5, 30), "old.txt")],
    )
    text = (
        zh_text(1, 6)
        + "\n本成果由天津渤化永利化工股份有限公司质量部提供数据。\n"
        + zh_text(2, 6)
        + "\n滨海精密机械制造有限公司的做法值得借鉴；天津渤化永利化工也有类似经验。\n"
        + "本单位天津港保税区华瑞科技有限公司。\n"
    )
    doc = make_doc(text, "sub.txt")
    screener = Screener(store.path, store=store)
    r = screener.similar(
        doc,
        meta=ProjectMeta(company="天津港保税区华瑞科技有限公司"),
        batch_metas={"S07": ProjectMeta(company="滨海精密机械制造有限公司", title="缩短换模时间")},
    )
    by_id = {m.source.project_id: m for m in r.mentions}
    assert set(by_id) == {"P2021-01", "S07"}  # never the submission's own company
    corpus, batch = by_id["P2021-01"], by_id["S07"]
    assert doc.text[corpus.a_start : corpus.a_end] == "天津渤化永利化工股份有限公司"
    assert len(corpus.places) == 2 and corpus.source.year == 2021 and not corpus.source.batch
    assert batch.source.batch and "本批另一申报项目" in batch.message and batch.a_label.startswith("第 ")
    assert "天津渤化永利化工股份有限公司" in corpus.message


def test_a_name_inside_a_longer_word_run_is_matched_once_longest_first() -> None:
    index = NameIndex([Applicant("天津渤化永利化工股份有限公司", SourceInfo(project_id="P1"))])
    doc = make_doc("天津渤化永利化工股份有限公司天津渤化永利化工", "a.txt")
    (m,) = mentions(doc, index, None)
    assert m.places == [[0, 14], [14, 22]]
