"""Zip-bomb limits and XML entity refusal (ingest.safety), on built packages and real OOXML files."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest

from ingest import ReadOptions, read_bytes
from ingest.errors import CorruptError, TooLargeError
from ingest.safety import RATIO_FLOOR_BYTES, check_zip, parse_xml

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<p:sld xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"><a>&lol4;</a></p:sld>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<x>&xxe;</x>"""


def _zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _replace_member(data: bytes, name: str, new: bytes) -> bytes:
    """Copy an OOXML package with one member replaced (or added)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            if info.filename != name:
                out.writestr(info.filename, src.read(info.filename))
        out.writestr(name, new)
    return buf.getvalue()


@pytest.fixture(scope="module")
def sample_pptx(realdocs_dir: Path) -> bytes:
    return (realdocs_dir / "docling" / "powerpoint_sample.pptx").read_bytes()


def _ooxml_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.suffix in (".pptx", ".docx") and "protected" not in p.name)


REALDOCS = Path(__file__).resolve().parents[2].parent / "shared" / "realdocs"


@pytest.mark.parametrize("path", _ooxml_files(REALDOCS), ids=lambda p: p.name)
def test_real_ooxml_files_pass_the_limits(path: Path) -> None:
    data = path.read_bytes()
    if path.name == "testWORD_truncated.docx":
        with pytest.raises(CorruptError):
            check_zip(data, path.name)
        return
    stats = check_zip(data, path.name, ReadOptions())
    assert stats.members > 5
    assert stats.uncompressed_bytes >= stats.compressed_bytes * 0.9


def test_too_many_members_is_too_large() -> None:
    data = _zip({f"m{i}.txt": b"x" for i in range(11)})
    with pytest.raises(TooLargeError) as ei:
        check_zip(data, "many.pptx", ReadOptions(max_zip_members=10))
    assert ei.value.code == "ingest.too_large" and "11" in ei.value.reason
    check_zip(data, "many.pptx", ReadOptions(max_zip_members=11))


def test_total_uncompressed_size_limit() -> None:
    data = _zip({"a.bin": os.urandom(3000), "b.bin": os.urandom(3000)})
    with pytest.raises(TooLargeError):
        check_zip(data, "big.pptx", ReadOptions(max_uncompressed_bytes=5000))
    check_zip(data, "big.pptx", ReadOptions(max_uncompressed_bytes=6000))


def test_compression_ratio_bomb_is_refused() -> None:
    data = _zip({"ppt/media/bomb.bin": b"\0" * (RATIO_FLOOR_BYTES * 4)})
    assert len(data) < 20_000  # ~1000:1
    with pytest.raises(TooLargeError) as ei:
        check_zip(data, "bomb.pptx", ReadOptions())
    assert "压缩比" in ei.value.reason


def test_small_members_may_compress_well() -> None:
    # XML below the ratio floor routinely compresses 100:1 or better: not a bomb
    data = _zip({"ppt/slides/slide1.xml": b"<a/>" * 200_000})
    assert check_zip(data, "ok.pptx").members == 1


def test_bomb_inside_a_real_pptx_is_refused_before_parsing(sample_pptx: bytes) -> None:
    bombed = _replace_member(sample_pptx, "ppt/media/huge.bin", b"\0" * (RATIO_FLOOR_BYTES * 8))
    with pytest.raises(TooLargeError):
        read_bytes(bombed, "bombed.pptx")


@pytest.mark.parametrize("payload", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["billion_laughs", "external_entity"])
def test_dtd_in_a_part_is_refused(sample_pptx: bytes, payload: bytes) -> None:
    evil = _replace_member(sample_pptx, "ppt/slides/slide1.xml", payload)
    with pytest.raises(CorruptError) as ei:
        read_bytes(evil, "evil.pptx")
    assert ei.value.code == "ingest.corrupt" and "实体" in ei.value.reason


def test_utf16_dtd_is_seen() -> None:
    payload = EXTERNAL_ENTITY.replace(b'<?xml version="1.0"?>', b'<?xml version="1.0" encoding="UTF-16"?>')
    data = _zip({"word/document.xml": b"\xff\xfe" + payload.decode().encode("utf-16-le")})
    with pytest.raises(CorruptError):
        check_zip(data, "evil.docx")


def test_parse_xml_refuses_entities_and_garbage() -> None:
    with pytest.raises(CorruptError):
        parse_xml(BILLION_LAUGHS, "x.pptx", "slide1.xml")
    with pytest.raises(CorruptError):
        parse_xml(b"<a><b></a>", "x.pptx", "slide1.xml")
    root = parse_xml(b"<a><b>ok</b></a>", "x.pptx")
    assert root.findtext("b") == "ok"


def test_damaged_deflate_stream_is_corrupt() -> None:
    data = bytearray(_zip({"ppt/slides/slide1.xml": b"<p:sld>" + os.urandom(4000) + b"</p:sld>"}))
    # flip bytes inside the compressed data of the only member (after its 30-byte local header + name)
    start = 30 + len("ppt/slides/slide1.xml") + 10
    for i in range(start, start + 200):
        data[i] ^= 0xFF
    with pytest.raises(CorruptError):
        check_zip(bytes(data), "damaged.pptx")


def test_not_a_zip_is_corrupt() -> None:
    with pytest.raises(CorruptError):
        check_zip(b"PK\x03\x04garbage", "x.pptx")
