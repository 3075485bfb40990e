"""Synthetic Chinese QC project documents for the scale benchmark (timing, size, memory).

Text is drawn from a vocabulary of random 1–4 character words over the 3,500 most common-looking
CJK code points, with a Zipf-like word distribution, so n-grams are diverse (as in real reports) and
the text compresses about as well as real Chinese prose (zlib ≈ 1.1–1.3 bytes a character; real
reports in ../shared/seeds: ≈ 1.1). Every document also carries a few sentences of shared organiser
template text, as real submissions do. Deterministic for a given seed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace

import numpy as np

from ingest.model import Block, BlockKind, Coverage, Document, SourceRef

_CJK = np.arange(0x4E00, 0x4E00 + 3500, dtype=np.uint32)
TEMPLATE_SENTENCES = [
    "本小组按照中国质量协会质量管理小组活动准则开展活动，遵循PDCA循环，以事实和数据为依据。",
    "小组制定了活动计划表，明确了各阶段的时间安排和负责人，确保活动按计划推进。",
    "对策实施后，小组对活动效果进行了检查，目标全部实现，并对有效措施进行了标准化。",
]
STEP_TITLES = [
    "小组概况",
    "选择课题",
    "现状调查",
    "设定目标",
    "原因分析",
    "确定主要原因",
    "制定对策",
    "对策实施",
    "效果检查",
    "巩固措施",
    "总结和下一步打算",
]


class SynthCorpus:
    def __init__(self, seed: int = 0, vocab: int = 40_000) -> None:
        rng = np.random.default_rng(seed)
        char_p = 1.0 / np.arange(1, _CJK.size + 1) ** 0.9
        char_p /= char_p.sum()
        rng.shuffle(char_p)
        self.lens = rng.choice(np.array([1, 2, 2, 2, 3, 3, 4]), size=vocab).astype(np.int64)
        self.codes = rng.choice(_CJK, size=int(self.lens.sum()), p=char_p).astype(np.uint32)
        self.starts = np.concatenate(([0], np.cumsum(self.lens)[:-1]))
        p = 1.0 / np.arange(1, vocab + 1) ** 0.95
        self.cdf = np.cumsum(p / p.sum())
        self.seed = seed

    def _stream(self, rng: np.random.Generator, n_chars: int) -> str:
        """About `n_chars` characters of words with a comma or full stop every 12–30 characters."""
        ids = np.minimum(np.searchsorted(self.cdf, rng.random(n_chars // 2 + 8)), self.lens.size - 1)
        lens = self.lens[ids]
        total = int(lens.sum())
        gather = np.repeat(self.starts[ids] - np.concatenate(([0], np.cumsum(lens)[:-1])), lens) + np.arange(total)
        codes = self.codes[gather][:n_chars]
        cuts = np.cumsum(rng.integers(12, 31, size=n_chars // 12 + 2))
        cuts = cuts[cuts < codes.size]
        marks = np.where(rng.random(cuts.size) < 0.7, ord("，"), ord("。")).astype(np.uint32)
        codes = np.append(np.insert(codes, cuts, marks), np.uint32(ord("。")))
        return codes.astype("<u4").tobytes().decode("utf-32-le")

    def project_text_blocks(self, i: int, slides: int = 40, chars: int | None = None) -> list[tuple[int, str, str]]:
        """(page, kind, text) blocks of project i: a title and two paragraphs per slide; 6–10k chars."""
        rng = np.random.default_rng((self.seed, i))
        total = chars if chars is not None else int(rng.integers(6000, 10001))
        body = self._stream(rng, total)
        per_slide = max(1, len(body) // slides)
        blocks: list[tuple[int, str, str]] = []
        for s in range(1, slides + 1):
            blocks.append((s, "title", STEP_TITLES[(s - 1) * len(STEP_TITLES) // slides]))
            if s in (1, 2, slides):
                blocks.append((s, "paragraph", TEMPLATE_SENTENCES[min(s - 1, 2)]))
            text = body[(s - 1) * per_slide : s * per_slide if s < slides else len(body)]
            half = len(text) // 2
            for piece in (text[:half], text[half:]):
                if piece:
                    blocks.append((s, "paragraph", piece))
        return blocks


def to_document(blocks: list[tuple[int, str, str]], doc_id: str, filename: str) -> Document:
    """Build the Document without re-validating (the blocks are well-formed by construction)."""
    bl = [
        Block.model_construct(
            id=f"p{page}-b{n}",
            kind=BlockKind(kind),
            text=text,
            level=None,
            table=None,
            chart=None,
            source=SourceRef.model_construct(page=page, order=n, bbox=None, part=None),
        )
        for n, (page, kind, text) in enumerate(blocks)
    ]
    return Document.model_construct(
        doc_id=doc_id,
        filename=filename,
        format="pptx",
        title=bl[0].text,
        pages=blocks[-1][0],
        blocks=bl,
        issues=[],
        coverage=Coverage(),
        meta={},
    )


@dataclass
class CorpusDoc:
    """What `CorpusStore.add_project` reads from a document (ids, text, page of every block), for
    building a large synthetic corpus fast: the same `text` and page map as `to_document` of the same
    blocks, without constructing ~250 pydantic blocks a project (≈ 40 % of the build time; a real
    corpus gets its `Document`s from ingest, whose cost is not the store's). Every synthetic block is
    a body block (title or paragraph), so all of them are in `text`."""

    doc_id: str
    filename: str
    blocks_in: list[tuple[int, str, str]]
    format: str = "pptx"
    title: str | None = None
    pages: int = 0
    text: str = ""
    blocks: list[SimpleNamespace] = field(default_factory=list)
    _spans: list[tuple[int, int, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        pieces: list[str] = []
        pos = 0
        for i, (page, _kind, text) in enumerate(self.blocks_in):
            self.blocks.append(SimpleNamespace(source=SimpleNamespace(page=page)))
            if not text:
                continue
            if pieces:
                pieces.append("\n")
                pos += 1
            pieces.append(text)
            self._spans.append((i, pos, pos + len(text)))
            pos += len(text)
        self.text = "".join(pieces)
        self.title = self.blocks_in[0][2] if self.blocks_in else None
        self.pages = self.blocks_in[-1][0] if self.blocks_in else 0

    def block_spans(self) -> list[tuple[int, int, int]]:
        return self._spans
