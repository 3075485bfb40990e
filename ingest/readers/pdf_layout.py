"""Characters of one PDF page → lines → reading order → paragraphs.

Characters come from PDFium's text page (pdf.py), which decodes GBK-encoded non-embedded Chinese
fonts and CID fonts that pdfminer leaves as Latin-1 mojibake or "(cid:N)". On top of that:

- fake-bold duplicates (the same glyph drawn twice, offset by a fraction of a point) are dropped;
- lines are built geometrically (rows by vertical centre, left→right, split at wide gaps); vertical
  CJK runs keep PDFium's stream order; word spaces come from glyph gaps, never between two CJK
  characters (a wide letter spacing is not a space);
- lines are ordered top→bottom; a page with a clear gutter is read column by column inside the bands
  that full-width lines delimit; a page of vertical lines is read right→left;
- lines become paragraphs at a vertical gap, a font-size change, a first-line indent or a short
  preceding line; CJK lines are joined without a space.
- any line still made of Latin-1 mojibake is recoded latin-1 → GBK at character level (the measured
  recipe of spec/ingestion-pitfalls.md), for producers PDFium does not decode either.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from dataclasses import dataclass, field
from itertools import pairwise
from typing import NamedTuple

from .docx_inline import numbered_heading_level


class Char(NamedTuple):
    ch: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    generated: bool
    bold: bool
    seq: int  # position in PDFium's stream order
    space_before: bool = False  # PDFium saw a word space before this glyph


@dataclass
class Line:
    chars: list[Char] = field(default_factory=list)
    text: str = ""
    x0: float = 0.0
    top: float = 0.0
    x1: float = 0.0
    bottom: float = 0.0
    size: float = 0.0
    bold: bool = False
    vertical: bool = False

    @property
    def height(self) -> float:
        return max(1.0, self.bottom - self.top)


@dataclass
class Para:
    lines: list[Line]
    text: str

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (
            min(ln.x0 for ln in self.lines),
            min(ln.top for ln in self.lines),
            max(ln.x1 for ln in self.lines),
            max(ln.bottom for ln in self.lines),
        )

    @property
    def size(self) -> float:
        return statistics.median(ln.size for ln in self.lines)

    @property
    def bold(self) -> bool:
        return all(ln.bold for ln in self.lines)


_CJK = re.compile(r"[\u2014-\u2027\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
_MOJIBAKE = re.compile(r"[\u0080-\u00ff]")


def is_cjk(ch: str) -> bool:
    return bool(ch) and bool(_CJK.match(ch))


def _one_glyph_two_chars(o: Char, c: Char) -> bool:
    """The next character of the stream with the very same box: one glyph the font maps to two characters
    (LibreOffice draws "——" and "……" as one wide glyph), not a glyph drawn again."""
    return c.seq == o.seq + 1 and abs(o.x0 - c.x0) < 0.01 and abs(o.x1 - c.x1) < 0.01 and abs(o.top - c.top) < 0.01


def dedupe(chars: list[Char], tolerance: float = 1.0) -> tuple[list[Char], int]:
    """Drop a character drawn again at (nearly) the same place: fake bold. Returns (kept, dropped). One glyph
    that stands for two characters keeps both, each with its half of the box."""
    seen: dict[tuple[str, int, int], Char] = {}
    kept: list[Char] = []
    dropped = 0
    for c in chars:
        if c.generated:
            kept.append(c)
            continue
        fx, fy = c.x0 / tolerance, c.top / tolerance
        kx, ky = int(fx), int(fy)
        # probe the cell and its neighbours on the near side only (4 probes, not 9)
        nx = kx + (1 if fx - kx >= 0.5 else -1)
        ny = ky + (1 if fy - ky >= 0.5 else -1)
        dup = False
        for key in ((c.ch, kx, ky), (c.ch, nx, ky), (c.ch, kx, ny), (c.ch, nx, ny)):
            o = seen.get(key)
            if o is not None and abs(o.x0 - c.x0) <= tolerance and abs(o.top - c.top) <= tolerance:
                dup = True
                break
        if dup and kept and kept[-1] is o and _one_glyph_two_chars(o, c):
            mid = (o.x0 + o.x1) / 2
            kept[-1] = o._replace(x1=mid)
            c = c._replace(x0=mid)
            seen[(c.ch, int(mid / tolerance), ky)] = c
            kept.append(c)
            continue
        if dup:
            dropped += 1
            continue
        seen[(c.ch, kx, ky)] = c
        kept.append(c)
    return kept, dropped


def build_lines(chars: list[Char]) -> list[Line]:
    """Characters → lines.

    Vertical runs are taken in PDFium's stream order (split at its line breaks). Everything else is
    laid out geometrically: rows by vertical centre, then left→right, split into separate lines at
    gaps wider than GAP_SPLIT font sizes (two columns on one baseline stay two lines). Geometry beats
    stream order here: some producers draw a line's punctuation after the line (chatchat/1.pdf).
    """
    horizontal: list[Char] = []
    vertical: list[Line] = []
    run: list[Char] = []

    def close_run() -> None:
        real = [c for c in run if not c.generated and not c.ch.isspace()]
        if len(real) >= 2 and _is_vertical(real):
            line = _make_line(real, vertical=True)
            if line.text.strip():
                vertical.append(line)
        else:
            horizontal.extend(c for c in run if not c.generated)
        run.clear()

    for c in chars:
        if c.ch in ("\r", "\n"):
            close_run()
        else:
            run.append(c)
    close_run()
    return vertical + _rows(horizontal)


GAP_SPLIT = 1.8  # font sizes: a wider gap inside a row separates columns or cells
GAP_SPLIT_CJK = 3.2  # between two CJK glyphs: letter-spaced titles ("目　　录") stay one line


def _is_vertical(real: list[Char]) -> bool:
    xs = max(c.x1 for c in real) - min(c.x0 for c in real)
    ys = max(c.bottom for c in real) - min(c.top for c in real)
    return ys > 1.5 * xs and ys > 2 * max(c.size for c in real)


SMALL_GLYPH = 0.5  # a glyph box under this share of the page's usual glyph height: punctuation, a dot


def _rows(chars: list[Char]) -> list[Line]:
    """Rows by vertical centre. Glyphs whose box is tight and small (a full-width comma or period
    sits low, a quote high, when the font gives no ascent/descent for a loose box) join the row
    whose vertical span holds their centre instead of opening rows of their own."""
    real = [c for c in chars if not c.ch.isspace()]
    if not real:
        return []
    usual = statistics.median(max(c.bottom - c.top, 1.0) for c in real)
    full = [c for c in real if not _small(c, usual)]
    small = [c for c in real if _small(c, usual)]
    rows = _cluster(full or small)
    if full:
        for c in small:
            _place(c, rows)
    out: list[Line] = []
    for row in rows:
        out.extend(_split_row(row))
    return [ln for ln in out if ln.text.strip()]


def _small(c: Char, usual: float) -> bool:
    """A glyph placed into a row rather than clustered: a small box, or punctuation — in a heading's large
    font a full-width "、" or "——" sits low, as tall as the page's usual body glyph, and its centre lies
    below the heading's: clustered, it opened a row of its own and cut the heading in three
    ("四、提出方案——总体方案比较", seen fresh12 r43)."""
    return c.bottom - c.top < SMALL_GLYPH * usual or unicodedata.category(c.ch).startswith("P")


def _cluster(real: list[Char]) -> list[list[Char]]:
    real = sorted(real, key=lambda c: (c.top + c.bottom) / 2)
    rows: list[list[Char]] = []
    centre = height = 0.0
    for c in real:
        cy, h = (c.top + c.bottom) / 2, max(c.bottom - c.top, 1.0)
        if rows and abs(cy - centre) <= 0.45 * max(min(h, height), 1.0):
            rows[-1].append(c)
            n = len(rows[-1])
            centre += (cy - centre) / n
        else:
            rows.append([c])
            centre, height = cy, h
    return rows


def _place(c: Char, rows: list[list[Char]]) -> None:
    """Put a small glyph into the row whose span (top..bottom) holds its centre and that reaches
    near it horizontally; the nearest centre wins; otherwise it opens a row of its own."""
    cy = (c.top + c.bottom) / 2
    best: list[Char] | None = None
    best_d = 0.0
    for row in rows:
        top, bottom = min(r.top for r in row), max(r.bottom for r in row)
        size = max(statistics.median(r.size for r in row), 4.0)
        near = min(abs(r.x0 - c.x1) if r.x0 >= c.x1 else max(c.x0 - r.x1, 0.0) for r in row)
        if not top <= cy <= bottom or near > GAP_SPLIT * size:
            continue
        d = abs(cy - (top + bottom) / 2)
        if best is None or d < best_d:
            best, best_d = row, d
    if best is None:
        rows.append([c])
    else:
        best.append(c)


def _split_row(row: list[Char]) -> list[Line]:
    row.sort(key=lambda c: c.x0)
    out: list[Line] = []
    seg: list[Char] = [row[0]]
    for prev, c in pairwise(row):
        size = max(prev.size, c.size, 4.0)
        limit = GAP_SPLIT_CJK if is_cjk(prev.ch) and is_cjk(c.ch) else GAP_SPLIT
        if c.x0 - prev.x1 > limit * size:
            out.append(_make_line(seg))
            seg = []
        seg.append(c)
    out.append(_make_line(seg))
    return out


def join_chars(chars: list[Char]) -> str:
    """Glyphs of one line (left→right) → text with word spaces."""
    return _make_line(chars).text if chars else ""


def _make_line(chars: list[Char], *, vertical: bool = False) -> Line:
    """Text of a line: spaces where the gap between two non-CJK glyphs is a word space."""
    pieces: list[str] = []
    prev: Char | None = None
    for c in chars:
        if prev is not None and not vertical:
            gap = c.x0 - prev.x1
            size = max(prev.size, c.size, 4.0)
            both_cjk = is_cjk(prev.ch) and is_cjk(c.ch)
            # PDFium's own word-space detection first; geometry only for clearly wide gaps (tight
            # glyph boxes make ordinary letter gaps look wide: "Thi s")
            if (c.space_before or gap > 0.6 * size) and not both_cjk and gap > -0.5 * size:
                pieces.append(" ")
            elif gap > 1.0 * size:
                pieces.append(" ")
        pieces.append(c.ch)
        prev = c
    text = recover_gbk("".join(pieces).strip())
    sizes = [c.size for c in chars] or [0.0]
    return Line(
        chars=chars,
        text=text,
        x0=min(c.x0 for c in chars),
        top=min(c.top for c in chars),
        x1=max(c.x1 for c in chars),
        bottom=max(c.bottom for c in chars),
        size=statistics.median(sizes),
        bold=bool(chars) and sum(1 for c in chars if c.bold) >= 0.8 * len(chars),
        vertical=vertical,
    )


def recover_gbk(text: str) -> str:
    """Recode Latin-1 mojibake of GBK bytes back to Chinese, when that is clearly what it is."""
    high = len(_MOJIBAKE.findall(text))
    if high < 4 or high < 0.5 * len(text.replace(" ", "")):
        return text
    raw = "".join(ch for ch in text if ch != " ")
    try:
        data = raw.encode("latin-1")
        fixed = data.decode("gbk")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text
    if sum(1 for ch in fixed if is_cjk(ch)) >= 0.5 * len(fixed):
        return fixed
    return text


def reading_order(lines: list[Line], page_width: float) -> list[Line]:
    """Order lines for reading: right→left for vertical pages, column by column for two-column
    pages (inside bands separated by full-width lines), else top→bottom, left→right."""
    if not lines:
        return []
    if sum(1 for ln in lines if ln.vertical) > 0.5 * len(lines):
        return sorted(lines, key=lambda ln: (-round(ln.x1 / max(ln.size, 4.0)), ln.top))
    gutter = _find_gutter(lines, page_width)
    by_top = _by_rows(lines)
    if gutter is None:
        return by_top
    g0, g1 = gutter
    out: list[Line] = []
    left: list[Line] = []
    right: list[Line] = []

    def flush() -> None:
        out.extend(left)
        out.extend(right)
        left.clear()
        right.clear()

    for ln in by_top:
        if ln.x1 <= g1 and ln.x0 < g0:
            left.append(ln)
        elif ln.x0 >= g0 and ln.x1 > g1:
            right.append(ln)
        else:  # spans the gutter: a full-width title or caption ends the band
            flush()
            out.append(ln)
    flush()
    return out


def _by_rows(lines: list[Line]) -> list[Line]:
    """Top→bottom; lines whose vertical centres are within half a line height share a row and are
    read left→right."""
    ordered = sorted(lines, key=lambda ln: (ln.top + ln.bottom) / 2)
    rows: list[list[Line]] = []
    centre = height = 0.0
    for ln in ordered:
        c = (ln.top + ln.bottom) / 2
        if rows and abs(c - centre) <= 0.5 * min(ln.height, height):
            rows[-1].append(ln)
        else:
            rows.append([ln])
            centre, height = c, ln.height
    return [ln for row in rows for ln in sorted(row, key=lambda ln: ln.x0)]


def _find_gutter(lines: list[Line], page_width: float) -> tuple[float, float] | None:
    horizontal = [ln for ln in lines if not ln.vertical]
    narrow = [ln for ln in horizontal if ln.x1 - ln.x0 < 0.55 * page_width]
    if len(narrow) < 8 or page_width <= 0:
        return None
    bins = int(page_width) + 1
    cover = [0] * bins
    for ln in narrow:
        for x in range(max(0, int(ln.x0)), min(bins, int(ln.x1) + 1)):
            cover[x] += 1
    lo, hi = int(0.3 * page_width), int(0.7 * page_width)
    tolerance = max(2, int(0.05 * len(narrow)))  # a running head may cross the gutter
    best: tuple[int, int] | None = None
    start = None
    for x in range(lo, min(hi, bins - 1) + 1):
        if cover[x] <= tolerance:
            start = x if start is None else start
            if best is None or x - start > best[1] - best[0]:
                best = (start, x)
        else:
            start = None
    if best is None or best[1] - best[0] < 6:
        return None
    g0, g1 = float(best[0]), float(best[1])
    n_left = sum(1 for ln in narrow if ln.x1 <= g0 + 1)
    n_right = sum(1 for ln in narrow if ln.x0 >= g1 - 1)
    crossing = sum(1 for ln in horizontal if ln.x0 < g0 and ln.x1 > g1)
    if n_left < 4 or n_right < 4 or crossing > 0.25 * (n_left + n_right):
        return None  # lines that run across the gap in most rows: one column with indented parts
    return g0, g1


def paragraphs(lines: list[Line]) -> list[Para]:
    """Join ordered lines into paragraphs."""
    if not lines:
        return []
    # right edge of the column a line belongs to (lines starting near the same x), so a left-column
    # line is not "short" just because the right column reaches further; measured on lines no larger than
    # the line itself: a wide title above a narrow text box does not make the box's lines short, and a
    # heading a little larger than its body is short against the body's lines
    near: dict[int, list[Line]] = {}
    for ln in lines:
        key = int(ln.x0 // 24)
        for k in (key - 1, key, key + 1):
            near.setdefault(k, []).append(ln)

    def right_of(prev: Line) -> float:
        same = [o.x1 for o in near.get(int(prev.x0 // 24), []) if o.size <= 1.15 * prev.size]
        return max(same, default=prev.x1)

    # the page's usual gap between consecutive lines (1.5 or double line spacing is common in
    # Chinese documents): only a clearly larger gap is a paragraph break
    gaps = [b.top - a.bottom for a, b in pairwise(lines) if 0 <= b.top - a.bottom < 3 * a.height and not a.vertical]
    usual = statistics.median(gaps) if gaps else 0.0
    out: list[Para] = []
    cur: list[Line] = [lines[0]]
    for prev, ln in pairwise(lines):
        if _breaks(prev, ln, right_of(prev), usual):
            out.append(_para(cur))
            cur = [ln]
        else:
            cur.append(ln)
    out.append(_para(cur))
    return out


def _breaks(prev: Line, ln: Line, column_right: float, usual_gap: float) -> bool:
    if prev.vertical or ln.vertical:
        return True
    size = max(prev.size, ln.size, 4.0)
    if abs(prev.size - ln.size) > 0.15 * size or prev.bold != ln.bold:
        return True
    gap = ln.top - prev.bottom
    if gap > usual_gap + 0.6 * max(prev.height, ln.height) or gap < -0.5 * prev.height:
        return True  # a blank line, or we moved up (next column / band)
    if abs(ln.x0 - prev.x0) > 8 * size:
        return True  # not the same column
    if ln.x0 - prev.x0 > 1.5 * size:
        return True  # first-line indent
    if prev.x1 + first_word_width(ln) < column_right - 0.5 * size and ln.x0 <= prev.x0 + 1.5 * size:
        # the next line's first word (a Chinese character, a number, a Latin word) would have fitted after the
        # previous line, so the previous line did not wrap: it ended its paragraph (two bullets of one text box
        # with no space between them, a slide exported to PDF)
        return True
    if prev.x1 >= column_right - size and _opens_item(prev.text, ln.text):
        # the previous line is the longest of its column, so its length cannot tell a wrap from a paragraph end
        # (a bullet that is its text box's longest line): the next line's own start says it opens a new item
        return True
    return numbered_heading_level(ln.text) is not None and len(ln.text) <= 30


# a line that opens an item: "工程名称：", "下一步课题：", "立杆底部无垫板楼面沉降：" (a label of Chinese characters,
# no punctuation, then a colon); a bullet glyph; a circled or bracketed number after a line that ended a sentence
_LABEL_START = re.compile(r"^[\u4e00-\u9fff]{2,12}[：:]")
_BULLET_START = re.compile(r"^[•●○■□◆◇▲△▶►√✓✔❖➢➤]")
_ENUM_START = re.compile(r"^(?:[①-⑳]|[（(][0-9一二三四五六七八九十]{1,2}[)）])")
_SENTENCE_END = ("。", "；", ";", "！", "？", "!", "?")


def _opens_item(prev: str, text: str) -> bool:
    if _LABEL_START.match(text) or _BULLET_START.match(text):
        return True
    return bool(_ENUM_START.match(text)) and prev.rstrip().endswith(_SENTENCE_END)


# glyphs a line never starts with (Chinese line-breaking, and LibreOffice's forbidden line starts): a wrap
# moves them down together with the glyph before them
_NO_LINE_START = set("，。、；：！？）》」』】〕〗”’％%‰℃°·,.;:!?)]}")
_JOINERS = set("/-－～~")  # a number or word run that ends in one of these carries the next glyph with it


def first_word_width(ln: Line) -> float:
    """Width of what a line wrap moves down as one piece: the line's first glyph when it is Chinese (a run of
    the same glyph, —— or ……, is one), else its first run of letters, digits and symbols up to a space or a
    Chinese glyph ("5min/弓" is one run); with the closing punctuation that follows it."""
    chars = [c for c in ln.chars if not c.generated and not c.ch.isspace()]
    if not chars:
        return ln.size
    k = 0
    if is_cjk(chars[0].ch):
        while k + 1 < len(chars) and chars[k + 1].ch == chars[0].ch:
            k += 1
    else:
        k = _latin_run(chars, k)
    while k + 1 < len(chars) and chars[k + 1].ch in _NO_LINE_START:
        k += 1
        if k + 1 < len(chars) and not is_cjk(chars[k + 1].ch) and _attached(chars[k], chars[k + 1]):
            k = _latin_run(chars, k + 1)  # "书》LBJG-ZY-019": no break between the bracket and the code
    return max(chars[k].x1 - ln.x0, 0.0)


def _latin_run(chars: list[Char], k: int) -> int:
    """Index of the last glyph of the run of letters, digits and symbols that starts at k (the glyph after a
    trailing / or - belongs to it). The gap LibreOffice puts between Chinese and Latin text is no word space,
    so only a wide gap ends the run."""
    while k + 1 < len(chars) and not is_cjk(chars[k + 1].ch) and _attached(chars[k], chars[k + 1]):
        k += 1
    if chars[k].ch in _JOINERS and k + 1 < len(chars):
        k += 1
    return k


def _attached(a: Char, b: Char) -> bool:
    return b.x0 - a.x1 <= 0.3 * max(b.size, 1.0)


def _para(lines: list[Line]) -> Para:
    text = lines[0].text
    for ln in lines[1:]:
        t = ln.text
        if not t:
            continue
        if text.endswith("-") and t[:1].islower():
            text = text[:-1] + t
        elif text[-1:] in _JOINERS and (t[:1].isupper() or t[:1].isdigit()):
            text += t  # a code or a figure wrapped at its hyphen or slash: "LJ-WI-" + "SP-018", "3/" + "5"
        elif is_cjk(text[-1:]) or is_cjk(t[:1]):
            text += t
        else:
            text += " " + t
    return Para(lines=lines, text=text.strip())
