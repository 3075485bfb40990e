"""Hostile inputs refused by name, never read silently (issue 15): links and special files, DTDs behind
padded prologs, truncation at the page limit, circular page trees, too many slides, too-deep groups,
content that does not match the extension. Every case on real bytes."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from ingest import ReadOptions, read, read_bytes, read_isolated, read_many
from ingest.errors import (
    ERRORS_BY_CODE,
    CorruptError,
    SpecialFileError,
    SymlinkError,
    TooDeepError,
    TooManySlidesError,
    TypeMismatchError,
    UnsupportedError,
)
from ingest.paths import entry_kind, list_folder, read_regular, walk_files
from ingest.safety import DTD_SCAN_CHUNK, check_zip, parse_xml

from . import hostile

# ---------------------------------------------------------------- links and special files


@pytest.fixture
def passwd_link(tmp_path: Path) -> Path:
    link = tmp_path / "x.docx"
    link.symlink_to("/etc/passwd")
    return link


def test_a_link_to_etc_passwd_is_refused_not_read(passwd_link: Path) -> None:
    with pytest.raises(SymlinkError) as ei:
        read(passwd_link)
    assert ei.value.code == "ingest.symlink" and ei.value.filename == "x.docx"
    assert "root:" not in str(ei.value)


def test_a_link_to_a_real_deck_is_refused_too(tmp_path: Path) -> None:
    link = tmp_path / "成果报告.pptx"
    link.symlink_to(hostile.SMALL_PPTX)
    with pytest.raises(SymlinkError):
        read(link)


def test_a_link_is_refused_in_the_isolated_reader(passwd_link: Path) -> None:
    with pytest.raises(SymlinkError):
        read_isolated(passwd_link)
    [outcome] = list(read_many([passwd_link]))
    assert outcome.error is not None and outcome.error.code == "ingest.symlink"


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "deck.pptx"
    os.mkfifo(fifo)
    done = threading.Event()
    caught: list[BaseException] = []

    def attempt() -> None:
        try:
            read(fifo)
        except BaseException as e:  # noqa: BLE001 - inspected below
            caught.append(e)
        done.set()

    threading.Thread(target=attempt, daemon=True).start()
    assert done.wait(10), "opening a FIFO blocked"
    assert isinstance(caught[0], SpecialFileError) and "命名管道" in caught[0].reason


def test_a_device_is_refused() -> None:
    with pytest.raises(SpecialFileError):
        read_regular("/dev/zero")


def test_missing_file_and_folder_are_named(tmp_path: Path) -> None:
    with pytest.raises(UnsupportedError, match="不存在"):
        read(tmp_path / "nope.pptx")
    with pytest.raises(UnsupportedError, match="文件夹"):
        read(tmp_path)


def test_folder_walks_never_enter_a_linked_folder(tmp_path: Path) -> None:
    root = tmp_path / "batch"
    (root / "S01").mkdir(parents=True)
    (root / "S01" / "a.txt").write_text("x", encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("机密", encoding="utf-8")
    (root / "S02").symlink_to(outside, target_is_directory=True)
    (root / "S01" / "inner").symlink_to(outside, target_is_directory=True)
    dirs, others = list_folder(root)
    assert [d.name for d in dirs] == ["S01"] and [o.name for o in others] == ["S02"]
    assert entry_kind(root / "S02") == "link"
    found = walk_files(root)
    assert all("secret" not in p.name for p in found)
    assert {p.relative_to(root).as_posix() for p in found} == {"S01/a.txt", "S01/inner", "S02"}


# ---------------------------------------------------------------- DTD guard over the whole part


@pytest.mark.parametrize("padding", [8_000, DTD_SCAN_CHUNK - 20, 3 * DTD_SCAN_CHUNK])
def test_dtd_behind_a_padded_prolog_is_refused(padding: int) -> None:
    data = hostile.padded_dtd_docx(padding)
    with pytest.raises(CorruptError, match="文档类型/实体声明"):
        check_zip(data, "padded.docx")
    with pytest.raises(CorruptError, match=r"word/document\.xml"):
        read_bytes(data, "padded.docx")


def test_dtd_after_the_root_element_is_refused() -> None:
    with pytest.raises(CorruptError, match="文档类型/实体声明"):
        read_bytes(hostile.padded_dtd_docx(20_000, where="body"), "late.docx")


def test_dtd_in_a_utf16_part_is_refused() -> None:
    with pytest.raises(CorruptError, match="文档类型/实体声明"):
        read_bytes(hostile.padded_dtd_docx(50_000, utf16=True), "utf16.docx")


def test_parse_xml_refuses_a_padded_dtd() -> None:
    xml = hostile.padded_dtd(b'<?xml version="1.0"?><r>text</r>', 100_000)
    with pytest.raises(CorruptError):
        parse_xml(xml, "f.docx", "part.xml")


def test_the_unpadded_package_is_still_read() -> None:
    doc = read_bytes(hostile.SMALL_DOCX.read_bytes(), "ok.docx")
    assert doc.text.strip()


# ---------------------------------------------------------------- limits with names that say what happened


def test_a_1001_page_pdf_says_which_pages_were_read() -> None:
    doc = read_bytes(hostile.long_pdf(1001), "long.pdf")
    assert doc.coverage.page_limit is not None
    assert (doc.coverage.page_limit.total, doc.coverage.page_limit.read) == (1001, 1000)
    [issue] = [i for i in doc.issues if i.code == "ingest.page_limit"]
    assert issue.severity == "major" and "第 1–1000 页" in issue.message and "第 1001 页未读取" in issue.message
    assert "Page 1000 of the long report" in doc.text and "Page 1001" not in doc.text


def test_a_pdf_under_the_limit_has_no_page_limit() -> None:
    doc = read_bytes(hostile.long_pdf(3), "short.pdf")
    assert doc.coverage.page_limit is None and not [i for i in doc.issues if i.code == "ingest.page_limit"]


@pytest.mark.parametrize("kind", ["mutual", "self"])
def test_a_circular_page_tree_is_corrupt_not_empty(kind: str) -> None:
    with pytest.raises(CorruptError, match="循环引用"):
        read_bytes(hostile.circular_pdf(kind), "loop.pdf")


def test_5000_slides_are_too_many_slides_not_a_zip_bomb() -> None:
    with pytest.raises(TooManySlidesError) as ei:
        read_bytes(hostile.many_slides_pptx(5000), "huge.pptx")
    assert ei.value.code == "ingest.too_many_slides" and "5000 张幻灯片" in ei.value.reason
    assert "压缩炸弹" not in ei.value.reason


def test_slide_limit_from_the_options() -> None:
    data = hostile.SMALL_PPTX.read_bytes()
    with pytest.raises(TooManySlidesError):
        read_bytes(data, "three.pptx", ReadOptions(max_pages=2))
    assert read_bytes(data, "three.pptx", ReadOptions(max_pages=3)).pages == 3


def test_500_deep_groups_are_too_deep_not_corrupt() -> None:
    with pytest.raises(TooDeepError) as ei:
        read_bytes(hostile.deep_groups_pptx(500), "deep.pptx")
    assert ei.value.code == "ingest.too_deep"


def test_new_codes_are_in_the_errors_table() -> None:
    for code in (
        "ingest.too_many_slides",
        "ingest.too_deep",
        "ingest.symlink",
        "ingest.special_file",
        "ingest.type_mismatch",
    ):
        assert code in ERRORS_BY_CODE


# ---------------------------------------------------------------- content against extension


def test_text_named_pptx_is_refused(tmp_path: Path) -> None:
    f = tmp_path / "成果报告.pptx"
    f.write_text(hostile.QC_TEXT, encoding="utf-8")
    with pytest.raises(TypeMismatchError) as ei:
        read(f)
    assert ".pptx" in ei.value.reason and "纯文本" in ei.value.reason


def test_text_named_txt_is_read() -> None:
    assert read_bytes(hostile.QC_TEXT.encode("utf-8"), "报告.txt").text == hostile.QC_TEXT


def test_a_docx_named_doc_is_read_without_a_note() -> None:
    """Same family (a Word document saved as DOCX, renamed .doc): nothing to say."""
    doc = read_bytes(hostile.SMALL_DOCX.read_bytes(), "报告.doc")
    assert doc.format == "docx" and not [i for i in doc.issues if i.code == "ingest.type_mismatch"]


def test_a_pdf_named_pptx_is_read_with_a_note() -> None:
    doc = read_bytes(hostile.long_pdf(2), "deck.pptx")
    assert doc.format == "pdf"
    [note] = [i for i in doc.issues if i.code == "ingest.type_mismatch"]
    assert note.severity == "minor" and ".pptx" in note.message and "PDF" in note.message
