"""How bench/pictures.py scores a read document against the picture set's truth.

Only the Document JSON contract is used (`qcscreen extract FILE --json`): blocks with `kind`,
`text`, `source.page`, `source.part`, `source.bbox`, `figure.kind` and, for tables, `table.rows[][]`
cells with `row`, `col`, `row_span`, `col_span`, `text`.

- A block is *from a picture* when `source.part == "ocr"` or it carries a `figure`.
- Picture text recall: characters of the truth text found, in order (longest common subsequence),
  in the text of the picture blocks attributed to that picture. A picture block is attributed to
  the truth picture of its page (for DOCX: of the document) that holds the largest in-order share of
  its characters (at least half), or — failing that — to the picture without text whose box holds it.
- Characters: NFKC, lower case, no whitespace and no punctuation (Unicode category P*).
- Figure class: the `figure.kind` of the picture's main block (the attributed block sharing the most
  characters with it, or overlapping it most); no block or no figure counts as wrong.
- Drawn tables: the non-picture table block of the page whose cells match the truth best (position
  shifts of up to two rows or columns allowed); a truth cell is found when a cell starts at its
  row and column with the same text (whitespace removed).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field


def norm(text: str) -> str:
    out = []
    for ch in unicodedata.normalize("NFKC", text or "").lower():
        if ch.isspace() or unicodedata.category(ch).startswith("P"):
            continue
        out.append(ch)
    return "".join(out)


def lcs_len(a: str, b: str) -> int:
    """Length of the longest common subsequence (bit-parallel, Hyyrö 2004)."""
    if not a or not b:
        return 0
    masks: dict[str, int] = {}
    for i, ch in enumerate(a):
        masks[ch] = masks.get(ch, 0) | (1 << i)
    full = (1 << len(a)) - 1
    v = full
    for ch in b:
        u = v & masks.get(ch, 0)
        v = ((v + u) | (v - u)) & full
    return len(a) - bin(v).count("1")


def is_picture_block(block: dict) -> bool:
    source = block.get("source") or {}
    return source.get("part") == "ocr" or bool(block.get("figure"))


def _overlap_share(inner: list[float] | None, outer: list[float] | None) -> float:
    """Share of `inner`'s area inside `outer`."""
    if not inner or not outer:
        return 0.0
    x0, y0 = max(inner[0], outer[0]), max(inner[1], outer[1])
    x1, y1 = min(inner[2], outer[2]), min(inner[3], outer[3])
    area = (inner[2] - inner[0]) * (inner[3] - inner[1])
    return max(0.0, x1 - x0) * max(0.0, y1 - y0) / area if area > 0 else 0.0


@dataclass
class PictureResult:
    truth: dict
    found_chars: int = 0
    total_chars: int = 0
    predicted: str = "none"
    blocks: list[int] = field(default_factory=list)

    @property
    def recall(self) -> float | None:
        return self.found_chars / self.total_chars if self.total_chars else None

    @property
    def class_right(self) -> bool:
        return self.predicted == self.truth["class"]


def _same_page(block: dict, page: int | None) -> bool:
    return page is None or (block.get("source") or {}).get("page") == page


def attribute(blocks: list[dict], pictures: list[dict]) -> dict[int, tuple[int, float]]:
    """Block index -> (truth picture index, strength) for the picture blocks of one document: by
    in-order character share among pictures with text, else by box among pictures without text
    (a logo's block may carry a stray OCR character)."""
    texts = [norm(p["text"]) for p in pictures]
    out: dict[int, tuple[int, float]] = {}
    for bi, block in enumerate(blocks):
        if not is_picture_block(block):
            continue
        bt = norm(block.get("text", ""))
        best, strength = -1, 0.0
        for pi, pic in enumerate(pictures):
            if bt and texts[pi] and _same_page(block, pic["page"]):
                share = lcs_len(bt, texts[pi]) / len(bt)
                if share >= 0.5 and share * len(bt) > strength:
                    best, strength = pi, share * len(bt)
        if best < 0:
            for pi, pic in enumerate(pictures):
                if texts[pi] or not _same_page(block, pic["page"]):
                    continue
                where = _overlap_share((block.get("source") or {}).get("bbox"), pic.get("bbox_pt"))
                if where >= 0.5 and where > strength:
                    best, strength = pi, where
        if best >= 0:
            out[bi] = (best, strength)
    return out


def score_pictures(blocks: list[dict], pictures: list[dict]) -> list[PictureResult]:
    owned = attribute(blocks, pictures)
    results = []
    for pi, pic in enumerate(pictures):
        mine = sorted(bi for bi, (p, _) in owned.items() if p == pi)
        truth_text = norm(pic["text"])
        res = PictureResult(pic, total_chars=len(truth_text), blocks=mine)
        if mine:
            res.found_chars = lcs_len(truth_text, "".join(norm(blocks[bi].get("text", "")) for bi in mine))
            main = max(mine, key=lambda bi: owned[bi][1])
            res.predicted = ((blocks[main].get("figure") or {}).get("kind")) or "none"
        results.append(res)
    return results


def _origins(block: dict) -> dict[tuple[int, int], dict]:
    cells = {}
    for row in (block.get("table") or {}).get("rows") or []:
        for cell in row:
            cells[(cell["row"], cell["col"])] = cell
    return cells


@dataclass
class TableResult:
    truth: dict
    cells_found: int = 0
    spans_right: int = 0
    block: int | None = None
    part: str | None = None

    @property
    def total(self) -> int:
        return len(self.truth["cells"])


def match_cells(truth_cells: list[dict], block: dict) -> tuple[int, int]:
    """(cells found, of them with the right spans) at the best shift of up to two rows/columns."""
    origins = _origins(block)
    best = (0, 0)
    for dr in range(-2, 3):
        for dc in range(-2, 3):
            found = spans = 0
            for tc in truth_cells:
                cell = origins.get((tc["row"] + dr, tc["col"] + dc))
                if cell is not None and norm_cell(cell.get("text", "")) == norm_cell(tc["text"]):
                    found += 1
                    spans += cell.get("row_span", 1) == tc["row_span"] and cell.get("col_span", 1) == tc["col_span"]
            best = max(best, (found, spans))
    return best


def norm_cell(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text or "").split())


def score_tables(blocks: list[dict], tables: list[dict], pictures_too: bool = False) -> list[TableResult]:
    """Each truth table against the best table block of its page (picture blocks excluded unless
    `pictures_too`, used for table screenshots)."""
    results = []
    for table in tables:
        res = TableResult(table)
        for bi, block in enumerate(blocks):
            if block.get("kind") != "table" or not _same_page(block, table["page"]):
                continue
            if is_picture_block(block) != pictures_too:
                continue
            found, spans = match_cells(table["cells"], block)
            if found > res.cells_found:
                res.cells_found, res.spans_right, res.block = found, spans, bi
                res.part = (block.get("source") or {}).get("part")
        results.append(res)
    return results
