"""Another applicant's name inside a submission: the company of a corpus project or of another
submission of the batch, written in this submission's text — a sign the text came from that applicant.

Names are matched on folded text (punctuation, spaces, width and script ignored), in full and without
the legal form (有限公司, 股份有限公司, 集团…) when what remains is still distinctive (≥ `MIN_SHORT`
characters). The submission's own company (from its 申报表 or `meta`) is never reported.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from index.copy.fingerprint import fold_text
from index.pages import page_label, pages_between
from index.report import CompanyMention, SourceInfo
from ingest.model import Document

LEGAL_FORMS = ("股份有限公司", "有限责任公司", "有限公司", "集团公司", "分公司", "集团", "公司", "厂")  # longest first
MIN_FULL = 6  # folded characters of a full name
MIN_SHORT = 6  # folded characters left once the legal form is taken off
KEY = 4  # characters indexed per name


@dataclass(frozen=True)
class Applicant:
    company: str
    source: SourceInfo


@lru_cache(maxsize=65536)
def name_forms(company: str) -> frozenset[str]:
    """The folded forms of a company name that are matched: full, and without its legal form. Cached:
    a batch's index of the other applicants is built for each of its submissions (folding 1,000 names
    each time cost ≈ 0.4 CPU s a submission)."""
    full = fold_text(company).text
    forms = {full} if len(full) >= MIN_FULL else set()
    suffix = next((x for x in LEGAL_FORMS if full.endswith(x)), "")
    if suffix and len(full) - len(suffix) >= MIN_SHORT:
        forms.add(full[: -len(suffix)])
    return frozenset(forms)


class NameIndex:
    """Folded company names → applicants, looked up by their first `KEY` characters."""

    def __init__(self, applicants: Iterable[Applicant]) -> None:
        self._by_key: dict[str, list[tuple[str, Applicant]]] = {}
        for a in applicants:
            for form in name_forms(a.company):
                self._by_key.setdefault(form[:KEY], []).append((form, a))
        for entries in self._by_key.values():
            entries.sort(key=lambda e: -len(e[0]))  # the longest form first

    def find(self, folded: str) -> list[tuple[int, int, Applicant]]:
        """(start, end, applicant) of each name found in `folded`, longest first at each position."""
        out: list[tuple[int, int, Applicant]] = []
        by_key, last = self._by_key, len(folded) - KEY
        i = 0
        while i <= last:
            entries = by_key.get(folded[i : i + KEY])  # most positions start no name: one lookup
            hit = next((e for e in entries if folded.startswith(e[0], i)), None) if entries else None
            if hit is None:
                i += 1
                continue
            out.append((i, i + len(hit[0]), hit[1]))
            i += len(hit[0])
        return out


def mentions(doc: Document, index: NameIndex, own_company: str | None) -> list[CompanyMention]:
    """Names of other applicants in `doc`, one finding per applicant (its first place) with every place."""
    own = name_forms(own_company) if own_company else frozenset()
    folded = fold_text(doc.text)
    found: dict[str, CompanyMention] = {}
    for fs, fe, applicant in index.find(folded.text):
        if own & name_forms(applicant.company) or folded.text[fs:fe] in own:
            continue
        start, end = folded.span_to_source(fs, fe)
        pages = pages_between(doc, start, end)
        key = f"{applicant.source.batch}:{applicant.source.project_id}"
        if key in found:
            found[key].places.append([start, end])
            continue
        where = "本批另一申报项目" if applicant.source.batch else f"{applicant.source.year or '往'}年项目"
        found[key] = CompanyMention(
            company=applicant.company,
            a_start=start,
            a_end=end,
            a_pages=pages,
            a_label=page_label(doc.format, pages),
            places=[[start, end]],
            source=applicant.source,
            message=(
                f"申报材料中出现其他申报单位的名称“{doc.text[start:end]}”（{page_label(doc.format, pages) or '正文'}），"
                f"该单位是{where}（{applicant.source.project_id}）的申报单位，请核实材料是否来自该单位。"
            ),
        )
    return list(found.values())
