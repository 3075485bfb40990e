"""The material the PAN-style set is built from: host texts, paraphrase pairs, synonyms, boilerplate.

Everything here is read from files we may use: our own QC-style texts (material/texts, written for
this set), the seeds (../shared/seeds, the owner's source rules), the LCQMC and BQ test splits
(../shared/data, real human paraphrases) and our own tables (material/*.yaml).
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import random
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
MATERIAL = HERE / "material"
REPO = HERE.parent.parent
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
DATA = SHARED / "data"

# Same-topic groups of our own texts (negatives pair documents inside a group).
TOPICS = ("t1", "t2", "t3", "t4", "t5", "t6", "t7", "n")
CONFLICT_K = 13  # a shared run this long (normalised characters) makes two documents conflict
SENTENCE_ENDS = "。！？；"


@dataclass(frozen=True)
class PoolDoc:
    """One host document: its id, topic group, text and the split it gives passages to."""

    id: str
    topic: str
    text: str
    split: str = ""  # the split whose passages may be taken from this document


@dataclass(frozen=True)
class ParaPair:
    """A passage and a human paraphrase of it."""

    origin: str  # "own:<doc id>", "lcqmc", "bq"
    source: str
    rewrite: str
    doc: str | None = None  # pool doc holding `source` (own pairs only)


def normalise(text: str) -> tuple[str, list[int]]:
    """Text folded for overlap checks (NFKC, no whitespace or punctuation) and each char's origin."""
    out: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        folded = unicodedata.normalize("NFKC", ch)
        for c in folded:
            cat = unicodedata.category(c)
            if c.isspace() or cat.startswith("P") or cat.startswith("S"):
                continue
            out.append(c)
            origin.append(i)
    return "".join(out), origin


def _clean(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    return "\n".join(line.rstrip() for line in text.strip("\n").split("\n"))


def _split_of_docs(ids: list[str]) -> dict[str, str]:
    """Each document serves as a passage source for one split only (a seeded deal), so no passage
    of the tune half is taken from a document whose passages the holdout half copies."""
    order = sorted(ids)
    random.Random("pan-doc-split").shuffle(order)
    return {doc_id: ("tune", "holdout")[i % 2] for i, doc_id in enumerate(order)}


def load_pool() -> dict[str, PoolDoc]:
    """Our texts and the seeds, by id (seed ids are s000 … s004)."""
    docs: dict[str, PoolDoc] = {}
    for path in sorted((MATERIAL / "texts").glob("*.txt")):
        text = _clean(path.read_text(encoding="utf-8"))
        topic = path.stem[:2] if path.stem.startswith("t") else "n"
        docs[path.stem] = PoolDoc(path.stem, topic, text)
    for path in sorted(SEEDS.glob("*.txt")):
        doc_id = "s" + path.stem[:3]
        text = _clean(path.read_text(encoding="utf-8"))
        docs[doc_id] = PoolDoc(doc_id, "seed", text)
    splits = _split_of_docs(list(docs))
    return {doc_id: replace(doc, split=splits[doc_id]) for doc_id, doc in docs.items()}


def _grams(text: str, k: int) -> set[str]:
    norm, _ = normalise(text)
    return {norm[i : i + k] for i in range(len(norm) - k + 1)}


def conflicts(pool: dict[str, PoolDoc]) -> set[frozenset[str]]:
    """Pairs of documents sharing a run of CONFLICT_K normalised characters: never on opposite sides."""
    grams = {doc_id: _grams(doc.text, CONFLICT_K) for doc_id, doc in pool.items()}
    ids = sorted(pool)
    return {frozenset((a, b)) for i, a in enumerate(ids) for b in ids[i + 1 :] if grams[a] & grams[b]}


def load_own_paraphrases(pool: dict[str, PoolDoc]) -> list[ParaPair]:
    """Our hand-written rewrites of passages of our texts and of the seeds."""
    rows = yaml.safe_load((MATERIAL / "paraphrases.yaml").read_text(encoding="utf-8"))
    pairs = []
    for row in rows:
        doc_id = str(row["doc"])
        doc_id = "s" + doc_id if doc_id.isdigit() else doc_id
        original, rewrite = row["original"].strip(), row["rewrite"].strip()
        if pool[doc_id].text.count(original) != 1:
            raise ValueError(f"paraphrases.yaml: original not found once in {doc_id}: {original[:20]}…")
        pairs.append(ParaPair(f"own:{doc_id}", original, rewrite, doc_id))
    return pairs


def _is_cjk_sentence(text: str) -> bool:
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    return cjk >= 0.7 * len(text) and 6 <= len(text) <= 40 and "\t" not in text


def _sentence_pairs(name: str) -> list[tuple[str, str]]:
    if name == "lcqmc":
        lines = (DATA / "LCQMC" / "test.txt").read_text(encoding="utf-8").splitlines()
        rows = [line.split("\t") for line in lines]
        return [(r[0].strip(), r[1].strip()) for r in rows if len(r) == 3 and r[2].strip() == "1"]
    with (DATA / "BQ_corpus" / "test.csv").open(encoding="utf-8-sig", newline="") as fh:
        return [(r["sentence1"].strip(), r["sentence2"].strip()) for r in csv.DictReader(fh) if r["label"] == "1"]


def load_corpus_paraphrases(name: str) -> list[ParaPair]:
    """Positive pairs of LCQMC or BQ that are real rewordings: both sides Chinese sentences of 6–40
    characters and a character similarity (difflib ratio) of at most 0.7 — closer pairs are light
    edits, not paraphrases. Order: a seeded shuffle."""
    seen: set[str] = set()
    pairs = []
    for s1, s2 in _sentence_pairs(name):
        if not (_is_cjk_sentence(s1) and _is_cjk_sentence(s2)) or s1 in seen or s2 in seen:
            continue
        if difflib.SequenceMatcher(None, s1, s2).ratio() > 0.7:
            continue
        seen.update((s1, s2))
        pairs.append(ParaPair(name, s1, s2))
    random.Random(f"pan-corpus:{name}").shuffle(pairs)
    return pairs


def load_synonyms() -> dict[str, list[str]]:
    table = yaml.safe_load((MATERIAL / "synonyms.yaml").read_text(encoding="utf-8"))
    return {str(k): [str(v) for v in vs] for k, vs in table.items()}


def load_boilerplate() -> dict:
    return yaml.safe_load((MATERIAL / "boilerplate.yaml").read_text(encoding="utf-8"))


def fingerprint() -> str:
    """sha256 over every input file, so a results file can say which material it was built from."""
    h = hashlib.sha256()
    files = sorted(MATERIAL.rglob("*")) + sorted(SEEDS.glob("*.txt"))
    files += [DATA / "LCQMC" / "test.txt", DATA / "BQ_corpus" / "test.csv"]
    for path in files:
        if path.is_file():
            h.update(path.name.encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:16]
