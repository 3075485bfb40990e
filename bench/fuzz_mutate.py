"""Mutations of real files for bench/fuzz.py, as hypothesis strategies (so a failing case shrinks to a
small one: fewer, smaller mutations of the smallest seed).

A case is a seed file (real documents of ../shared/realdocs under 100 KB, a few decks of examples/) and
one to three mutations. Byte-level mutations (flip, truncate, insert, duplicate a range) test the
container parsers; structure-aware ones keep the container valid so the reader gets past the zip/xref
layer: an OOXML member's bytes flipped, an XML number replaced by an extreme value, a tag dropped, an
element repeated or nested deep, a member removed; a PDF number replaced by an extreme value.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import strategies as st

REPO = Path(__file__).resolve().parents[1]
REALDOCS = REPO.parent / "shared" / "realdocs"
SEED_MAX_BYTES = 100_000

# reader -> file suffixes of its seeds
READER_SUFFIXES: dict[str, tuple[str, ...]] = {
    "pptx": (".pptx",),
    "docx": (".docx",),
    "pdf": (".pdf",),
    "txt": (".txt",),
    "legacy": (".ppt", ".doc"),
}
EXTREMES = [b"0", b"-1", b"-2147483649", b"2147483648", b"4294967296", b"99999999999999999999", b"1e308", b"NaN"]
TEXT_SEEDS = {
    "utf8.txt": "一、选择课题\n选题理由：包装线故障频发。\n二、现状调查\n".encode(),
    "gb18030.txt": "三、设定目标\n目标：停机次数降到 3 次以下。\n".encode("gb18030"),
    "bom.txt": "\ufeff四、原因分析\r\n人、机、料、法、环\r\n".encode("utf-8"),
}


@dataclass(frozen=True)
class Case:
    reader: str
    seed: str
    data: bytes
    ops: tuple[str, ...] = field(default=())

    @property
    def filename(self) -> str:
        return "case" + Path(self.seed).suffix


def seeds(reader: str) -> dict[str, bytes]:
    """Seed files of a reader, by name (small real documents; examples/ decks for pptx/docx)."""
    if reader == "txt":
        return dict(TEXT_SEEDS)
    suffixes = READER_SUFFIXES[reader]
    found = [p for p in REALDOCS.rglob("*") if p.suffix.lower() in suffixes and p.stat().st_size <= SEED_MAX_BYTES]
    found = [p for p in found if "protected" not in p.name]
    if reader in ("pptx", "docx"):
        found += sorted((REPO / "examples" / "corpus").rglob(f"*{suffixes[0]}"))[:3]
    if reader == "legacy":  # LibreOffice is slow: the two smallest real files are enough
        found = sorted(
            (p for p in REALDOCS.rglob("*") if p.suffix.lower() in suffixes), key=lambda p: p.stat().st_size
        )[:2]
    return {f"{p.parent.name}/{p.name}": p.read_bytes() for p in sorted(found)}


# ---------------------------------------------------------------- byte-level mutations

Draw = st.DrawFn


def _pos(draw: Draw, n: int) -> int:
    return int(draw(st.floats(0, 1, exclude_max=True)) * max(n, 1))


def flip(draw: Draw, data: bytes) -> tuple[bytes, str]:
    buf = bytearray(data)
    k = draw(st.integers(1, 16))
    for _ in range(k):
        if buf:
            buf[_pos(draw, len(buf))] = draw(st.integers(0, 255))
    return bytes(buf), f"flip×{k}"


def truncate(draw: Draw, data: bytes) -> tuple[bytes, str]:
    at = _pos(draw, len(data))
    return data[:at], f"truncate@{at}"


def insert(draw: Draw, data: bytes) -> tuple[bytes, str]:
    at = _pos(draw, len(data))
    blob = draw(st.binary(min_size=1, max_size=64))
    return data[:at] + blob + data[at:], f"insert{len(blob)}@{at}"


def duplicate(draw: Draw, data: bytes) -> tuple[bytes, str]:
    a = _pos(draw, len(data))
    b = min(len(data), a + draw(st.integers(1, 4096)))
    times = draw(st.integers(2, 50))
    return data[:b] + data[a:b] * times + data[b:], f"dup[{a}:{b}]×{times}"


# ---------------------------------------------------------------- OOXML (zip) mutations


def _members(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return [(i, zf.read(i)) for i in zf.infolist()]
    except Exception:  # noqa: BLE001 - an earlier mutation broke the zip: structure mutations pass
        return None


def _rezip(members: list[tuple[zipfile.ZipInfo, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, body in members:
            zf.writestr(info.filename, body)
    return buf.getvalue()


def _xml_member(draw: Draw, data: bytes) -> tuple[list[tuple[zipfile.ZipInfo, bytes]], int] | None:
    members = _members(data)
    if not members:
        return None
    xml = [i for i, (info, _) in enumerate(members) if info.filename.endswith((".xml", ".rels"))]
    if not xml:
        return None
    return members, xml[draw(st.integers(0, len(xml) - 1))]


def member_flip(draw: Draw, data: bytes) -> tuple[bytes, str]:
    picked = _xml_member(draw, data)
    if picked is None:
        return flip(draw, data)
    members, i = picked
    body, op = flip(draw, members[i][1])
    members[i] = (members[i][0], body)
    return _rezip(members), f"{members[i][0].filename}:{op}"


_NUMBER = re.compile(rb"(?<=\")-?\d+(?=\")")


def xml_number(draw: Draw, data: bytes) -> tuple[bytes, str]:
    picked = _xml_member(draw, data)
    if picked is None:
        return data, "xml_number:none"
    members, i = picked
    body = members[i][1]
    spots = list(_NUMBER.finditer(body))
    if not spots:
        return data, "xml_number:none"
    m = spots[_pos(draw, len(spots))]
    value = draw(st.sampled_from(EXTREMES))
    members[i] = (members[i][0], body[: m.start()] + value + body[m.end() :])
    return _rezip(members), f"{members[i][0].filename}:{m.group().decode()}→{value.decode()}"


_TAG = re.compile(rb"<(/?)([A-Za-z][\w:.-]*)[^<>]*?(/?)>")


def xml_tag(draw: Draw, data: bytes) -> tuple[bytes, str]:
    """Drop a tag, repeat an element up to 2,000 times, or wrap it in up to 300 levels of itself."""
    picked = _xml_member(draw, data)
    if picked is None:
        return data, "xml_tag:none"
    members, i = picked
    body = members[i][1]
    tags = [m for m in _TAG.finditer(body) if not m.group(1)]
    if not tags:
        return data, "xml_tag:none"
    m = tags[_pos(draw, len(tags))]
    action = draw(st.sampled_from(["drop", "repeat", "nest"]))
    if action == "drop":
        new = body[: m.start()] + body[m.end() :]
    else:
        end = body.find(b"</" + m.group(2) + b">", m.end())
        element = body[m.start() : (end + len(m.group(2)) + 3) if end >= 0 and not m.group(3) else m.end()]
        if action == "repeat":
            new = body[: m.start()] + element * draw(st.integers(2, 2000)) + body[m.start() + len(element) :]
        else:
            depth = draw(st.integers(2, 300))
            opening = m.group(0) if not m.group(3) else m.group(0)[:-2] + b">"
            closing = b"</" + m.group(2) + b">"
            new = body[: m.start()] + opening * depth + element + closing * depth + body[m.start() + len(element) :]
    members[i] = (members[i][0], new)
    return _rezip(members), f"{members[i][0].filename}:{action}<{m.group(2).decode()}>"


def drop_member(draw: Draw, data: bytes) -> tuple[bytes, str]:
    members = _members(data)
    if not members:
        return data, "drop_member:none"
    i = draw(st.integers(0, len(members) - 1))
    name = members[i][0].filename
    del members[i]
    return _rezip(members), f"drop {name}"


# ---------------------------------------------------------------- PDF


_PDF_NUMBER = re.compile(rb"(?<![\w.])\d+(?![\w.])")


def pdf_number(draw: Draw, data: bytes) -> tuple[bytes, str]:
    spots = list(_PDF_NUMBER.finditer(data[:200_000]))
    if not spots:
        return flip(draw, data)
    m = spots[_pos(draw, len(spots))]
    value = draw(st.sampled_from(EXTREMES))
    return data[: m.start()] + value + data[m.end() :], f"num@{m.start()}:{m.group().decode()}→{value.decode()}"


Mutator = Callable[[Draw, bytes], tuple[bytes, str]]
BYTES: list[Mutator] = [flip, truncate, insert, duplicate]
MUTATORS: dict[str, list[Mutator]] = {
    "pptx": [*BYTES, member_flip, xml_number, xml_tag, xml_tag, drop_member],
    "docx": [*BYTES, member_flip, xml_number, xml_tag, xml_tag, drop_member],
    "pdf": [*BYTES, pdf_number, pdf_number],
    "txt": BYTES,
    "legacy": BYTES,
}


@st.composite
def cases(draw: Draw, reader: str, pool: dict[str, bytes]) -> Case:
    """A seed of `reader` and one to three mutations (hypothesis shrinks towards fewer and smaller)."""
    name = draw(st.sampled_from(sorted(pool)))
    data = pool[name]
    ops = []
    for _ in range(draw(st.integers(1, 3))):
        mutate = draw(st.sampled_from(MUTATORS[reader]))
        data, op = mutate(draw, data)
        ops.append(op)
    return Case(reader, name, data, tuple(ops))
