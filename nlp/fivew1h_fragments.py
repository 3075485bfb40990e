"""A 对策表 rebuilt from the text fragments OCR reads off a picture or a scanned page (`image_text`
blocks with boxes), when the reader gave no table: the header line (对策 | 目标 | 措施 | 地点 | 时间 |
负责人 …) fixes the columns, the fragments below it fall into the column under which they stand, and a
new row starts where the 负责人 (else 时间, else first) column starts a new line (a box OCR read over that
column and its neighbour is cut first, so the row it starts is not lost). A table that runs on
to the next page continues there until a heading. Used by `nlp.fivew1h_tables.candidates`.

A picture OCR'd into one block of lines (no box per fragment) is read by `line_tables`: the header is a
run of lines naming the columns, and each 时间 cell (a short date line) anchors one row in header order.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

from ingest.model import BlockKind, Cell, Document, Table

from . import lexfile
from .normalize import is_cjk, normalize

_DATE_CELL = re.compile(
    r"^[^\u4e00-\u9fff]{0,4}(?:19|20)\d{2}\s*[年./\-]\s*\d{1,2}[^\u4e00-\u9fff]{0,16}$|^\d{1,2}\s*月[^。]{0,10}$"
)
_STOP = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|第[一二三四五六七八九十\d]+步|\d+\s*[、.．]\s*[\u4e00-\u9fff]{2,})"
)
ANCHORS = ("who", "when")
HeaderMap = Callable[..., str | None]  # short cells, one line per row: where a new row starts


@dataclass(frozen=True)
class Fragment:
    index: int  # block index
    page: int
    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def yc(self) -> float:
        return (self.y0 + self.y1) / 2


def _t(name: str) -> float:
    """A threshold of the fragment reader (`fragments` of lexicon/fivew1h.yaml)."""
    return float(lexfile.load("fivew1h.yaml")["fragments"][name])


def _fragments(doc: Document, *, boxes: bool = False) -> list[Fragment]:
    """OCR fragments of pictures (one line each), or with `boxes` the short one-line text boxes of a slide
    (a 对策表 drawn as a grid of text boxes that the reader did not rebuild into a table)."""
    out = []
    for i, b in enumerate(doc.blocks):
        t = b.text.strip()
        if b.source.bbox is None or not t or "\n" in t:
            continue
        if (
            b.kind == BlockKind.image_text
            if not boxes
            else (b.kind == BlockKind.paragraph and len(t) <= _t("box_max_chars"))
        ):
            x0, y0, x1, y1 = b.source.bbox
            out.append(Fragment(i, b.source.page, normalize(t).strip(), x0, y0, x1, y1))
    return out


def _header_line(frags: list[Fragment], key_of: dict[int, str]) -> list[Fragment] | None:
    """The fragments of one line (close in y) naming three or more 5W1H columns, What or How among them."""
    heads = [f for f in frags if f.index in key_of]
    for h in heads:
        near = [f for f in heads if abs(f.yc - h.yc) <= max(_t("line_slack"), _t("line_share") * (h.y1 - h.y0))]
        # one cell per column: a cell of the row below that contains a column word ("制定…流程及时限"
        # under 对策) stands in a column the line already has
        line = [f for f in near if not any(_over(f, g) and abs(g.yc - h.yc) < abs(f.yc - h.yc) for g in near)]
        keys = {key_of[f.index] for f in line}
        if len(keys & {"what", "why", "how", "where", "when", "who"}) >= _t("header_columns") and keys & {
            "what",
            "how",
        }:
            return sorted(line, key=lambda f: f.xc)
    return None


def _over(a: Fragment, b: Fragment) -> bool:
    """The two fragments stand in one column (their x ranges overlap by more than half the narrower)."""
    return min(a.x1, b.x1) - max(a.x0, b.x0) > _t("column_overlap") * min(a.x1 - a.x0, b.x1 - b.x0)


def _column(f: Fragment, centers: list[float]) -> int:
    bounds = [(a + b) / 2 for a, b in pairwise(centers)]
    return sum(f.xc > x for x in bounds)


def _body(frags: list[Fragment], header: list[Fragment], *, one_page: bool = False) -> list[Fragment]:
    """The fragments under the header, on its page and the next ones (`one_page`: its page only), up to a
    heading."""
    page = header[0].page
    bottom = sorted(f.yc for f in header)[len(header) // 2] + _t("header_overlap")  # first-row boxes may overlap it
    out = []
    for f in sorted(frags, key=lambda f: (f.page, f.y0, f.x0)):
        if f.page < page or (f.page == page and f.yc <= bottom) or f in header or (one_page and f.page != page):
            continue
        if _STOP.match(f.text):
            break
        out.append(f)
    return out


def _straddles(f: Fragment, centers: list[float], col: int) -> bool:
    """OCR read two neighbouring cells as one box ("2024.5.1时晓燕" over 时间 and 负责人): the box runs over
    the centres of column `col` and of one neighbour, and of no other column."""
    over = [k for k, c in enumerate(centers) if f.x0 < c < f.x1]
    return len(over) == 2 and col in over and over[1] - over[0] == 1


def _split_straddling(body: list[Fragment], centers: list[float], col: int) -> list[Fragment]:
    """Each box over `col` and its neighbour cut in two where its text changes between digits and
    Chinese nearest the column boundary (a date then a name); a box without such a change is left.
    A box over the centres of three columns or more above the last row the anchor column starts (OCR
    read a whole line of the table as one box) is cut at every column boundary it covers (`_cut_line`);
    below that row such a box is the text after the table, and is left whole."""
    wide = [f for f in body if sum(f.x0 < c < f.x1 for c in centers) >= _t("line_box_columns")]
    last = max(((f.page, f.y0) for f in body if f not in wide and _column(f, centers) == col), default=None)
    out = []
    for f in body:
        if f in wide:
            out += _cut_line(f, centers) if last is not None and (f.page, f.y0) < last else [f]
            continue
        cut = _cut(f, centers) if _straddles(f, centers, col) else None
        out += [f] if cut is None else _pieces(f, [cut])
    return out


def _pieces(f: Fragment, cuts: list[int]) -> list[Fragment]:
    """`f` cut at the character offsets `cuts`, each piece's box in proportion to its text's width."""
    total = max(1.0, _width(f.text))
    ends = [0, *cuts, len(f.text)]
    xs = [f.x0 + (f.x1 - f.x0) * _width(f.text[:k]) / total for k in ends]
    return [
        Fragment(f.index, f.page, f.text[a:b], xs[i], f.y0, xs[i + 1], f.y1)
        for i, (a, b) in enumerate(pairwise(ends))
        if f.text[a:b]
    ]


def _cut_line(f: Fragment, centers: list[float]) -> list[Fragment]:
    """A whole table line read as one box ("砂含水率波加密检测井…1~3号搅拌2024.5.31王海龙" over seven
    columns, a scanned 对策表; seen fresh11 q45): each cell's first line fills its column, so the text is
    cut where its width reaches each column boundary, moved to a change between digits and Chinese
    when one is within a character and a half of it."""
    total, width = _width(f.text), f.x1 - f.x0
    changes = _script_changes(f.text)
    cuts: list[int] = []
    for x in ((a + b) / 2 for a, b in pairwise(centers)):
        if not f.x0 < x < f.x1:
            continue
        at = total * (x - f.x0) / max(1.0, width)
        k = min(range(1, len(f.text)), key=lambda k: abs(_width(f.text[:k]) - at))
        near = [c for c in changes if abs(_width(f.text[:c]) - at) <= _t("cut_reach")]
        k = min(near, key=lambda c: abs(_width(f.text[:c]) - at)) if near else k
        if not cuts or k > cuts[-1]:
            cuts.append(k)
    return _pieces(f, cuts)


def _width(text: str) -> float:
    return sum(_t("ascii_width") if ch.isascii() else 1.0 for ch in text)


def _cut(f: Fragment, centers: list[float]) -> int | None:
    """The script change in the text nearest the column boundary inside the box."""
    bounds = [(a + b) / 2 for a, b in pairwise(centers) if f.x0 < (a + b) / 2 < f.x1]
    if not bounds:
        return None
    at = _width(f.text) * (bounds[0] - f.x0) / max(1.0, f.x1 - f.x0)
    changes = _script_changes(f.text)
    return min(changes, key=lambda k: abs(_width(f.text[:k]) - at)) if changes else None


def _script_changes(text: str) -> list[int]:
    """The offsets in `text` where it changes between Chinese and anything else (a date then a name)."""
    return [k for k in range(1, len(text)) if is_cjk(text[k - 1]) != is_cjk(text[k])]


def _rows(body: list[Fragment], cols: list[str], centers: list[float]) -> list[list[str]]:
    anchor = next((cols.index(k) for k in ANCHORS if k in cols), 0)
    body = _split_straddling(body, centers, anchor)
    rows: list[dict[int, list[Fragment]]] = []
    starts = [f for f in body if _column(f, centers) == anchor]
    for f in body:
        # the row of the last anchor fragment that starts above this fragment's middle (same page)
        lead = _t("row_lead")
        owners = [k for k, a in enumerate(starts) if (a.page, a.y0 - lead * (a.y1 - a.y0)) <= (f.page, f.yc)]
        k = owners[-1] if owners else 0
        while len(rows) <= k:
            rows.append({})
        rows[k].setdefault(_column(f, centers), []).append(f)
    out = []
    for r in rows:
        out.append(
            [
                "".join(x.text for x in sorted(r.get(c, []), key=lambda f: (f.page, f.y0, f.x0)))
                for c in range(len(cols))
            ]
        )
    return [r for r in out if any(r)]


def fragment_tables(doc: Document, map_header: HeaderMap, *, boxes: bool = False) -> list[tuple[int, Table]]:
    """(block index of the header, table) for every 对策表 laid out in OCR fragments, or with `boxes` in
    text boxes (each table on its own slide: a table continued on the next slide has its header again)."""
    frags = _fragments(doc, boxes=boxes)
    key_of = {f.index: k for f in frags if (k := map_header(f.text, fuzzy=not boxes))}
    out = []
    for page in sorted({f.page for f in frags}):
        header = _header_line([f for f in frags if f.page == page], key_of)
        if header is None:
            continue
        cols = [key_of[f.index] for f in header]
        centers = [f.xc for f in header]
        rows = _rows(_body(frags, header, one_page=boxes), cols, centers)
        if len(rows) < 1:
            continue
        grid = [[f.text for f in header], *rows]
        cells = [[Cell(text=t, row=r, col=c) for c, t in enumerate(row)] for r, row in enumerate(grid)]
        out.append((header[0].index, Table(rows=cells, n_rows=len(grid), n_cols=len(cols))))
    return out


def _header_run(lines: list[str], map_header: HeaderMap) -> tuple[int, list[str]] | None:
    """(index after the header, column keys) of the first run of three or more lines, each naming one
    column, that names three of the six 5W1H columns with What or How among them and 时间."""
    for start in range(len(lines)):
        keys: list[str] = []
        for line in lines[start:]:
            key = map_header(line, fuzzy=True)
            if key is None or key in keys:
                break
            keys.append(key)
        six = set(keys) & {"what", "why", "how", "where", "when", "who"}
        if len(six) >= _t("header_columns") and six & {"what", "how"} and "when" in keys:
            return start + len(keys), keys
    return None


def _line_rows(body: list[str], keys: list[str]) -> list[list[str]]:
    """One row per 时间 line, its cells the lines before and after it in header order; lines past the
    last cell (wrapped tails of long cells) join the row's widest column, 措施 where there is one."""
    w = keys.index("when")
    dates = [k for k, line in enumerate(body) if k >= w and _DATE_CELL.match(line.strip())]
    wide = keys.index("how") if "how" in keys else len(keys) - 1
    rows = []
    for n, d in enumerate(dates):
        first = d - w
        nxt = dates[n + 1] - w if n + 1 < len(dates) else len(body)
        cells = [body[first + c] if first + c < min(nxt, len(body)) else "" for c in range(len(keys))]
        tail = body[first + len(keys) : nxt]
        cells[wide] = "".join([cells[wide], *tail])
        rows.append(cells)
    return rows


def line_tables(doc: Document, map_header: HeaderMap) -> list[tuple[int, Table]]:
    """(block index, table) for every 对策表 read by OCR as one block of lines."""
    out = []
    for i, b in enumerate(doc.blocks):
        if b.kind != BlockKind.image_text or "\n" not in b.text.strip():
            continue
        lines = [x.strip() for x in normalize(b.text).split("\n") if x.strip()]
        found = _header_run(lines, map_header)
        if found is None:
            continue
        end, keys = found
        rows = _line_rows(lines[end:], keys)
        if not rows:
            continue
        grid = [lines[end - len(keys) : end], *rows]
        cells = [[Cell(text=t, row=r, col=c) for c, t in enumerate(row)] for r, row in enumerate(grid)]
        out.append((i, Table(rows=cells, n_rows=len(grid), n_cols=len(keys))))
    return out
