"""DOCX reader: what python-docx's API misses (measured in spec/ingestion-pitfalls.md), on real files
and on small packages built here to isolate one feature each."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from ingest import BlockKind, Document, ReadOptions, read_bytes
from ingest.errors import CorruptError, EncryptedError

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CT = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>"""
ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>"""
DOC_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>
</Relationships>"""
STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{W_NS}">
<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="a"/></w:style>
<w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/><w:basedOn w:val="a"/></w:style>
<w:style w:type="paragraph" w:styleId="TOC1"><w:name w:val="toc 1"/><w:basedOn w:val="a"/><w:rPr><w:b/></w:rPr></w:style>
</w:styles>"""
NUMBERING = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="{W_NS}">
<w:abstractNum w:abstractNumId="0">
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/><w:isLgl/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
</w:numbering>"""


def make_docx(body: str) -> bytes:
    """A minimal DOCX whose body is `body` (WordprocessingML inside w:body)."""
    doc = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{W_NS}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
        f' xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
        f' xmlns:v="urn:schemas-microsoft-com:vml"><w:body>{body}</w:body></w:document>'
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CT)
        zf.writestr("_rels/.rels", ROOT_RELS)
        zf.writestr("word/_rels/document.xml.rels", DOC_RELS)
        zf.writestr("word/document.xml", doc)
        zf.writestr("word/styles.xml", STYLES)
        zf.writestr("word/numbering.xml", NUMBERING)
    return buf.getvalue()


def p(text: str, *, style: str | None = None, bold: bool = False, num: tuple[int, int] | None = None) -> str:
    ppr = ""
    if style or num:
        numpr = f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>' if num else ""
        pstyle = f'<w:pStyle w:val="{style}"/>' if style else ""
        ppr = f"<w:pPr>{pstyle}{numpr}</w:pPr>"
    rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f'<w:p>{ppr}<w:r>{rpr}<w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def read_docx(body: str, **opts: object) -> Document:
    return read_bytes(make_docx(body), "test.docx", ReadOptions(**opts))  # type: ignore[arg-type]


def compact(s: str) -> str:
    return re.sub(r"\s+", "", s)


# ---- real files ---------------------------------------------------------------------------------


def test_merged_cells_are_not_repeated(read_real: Callable[[str], Document]) -> None:
    doc = read_real("mineru/docx_01.docx")
    big = next(b for b in doc.blocks if b.table is not None and b.table.n_rows == 39)
    assert big.table is not None
    # 1 040 grid references in python-docx, 813 of them repeats: each origin appears once
    assert sum(len(r) for r in big.table.rows) == 155
    assert big.text.count("主申请人-基本情况") == 1
    # the whole document is close to its real w:t characters (5 025 non-space), not 11 318
    assert len(compact(doc.text)) < 7000


def test_text_boxes_read_once(read_real: Callable[[str], Document]) -> None:
    doc = read_real("docling/textbox.docx")
    boxes = [b for b in doc.blocks if b.source.part == "textbox"]
    assert len(boxes) >= 15
    texts = [b.text for b in boxes if len(b.text) > 10]  # flowchart labels ("Yes", "No") legitimately repeat
    # mc:Choice and mc:Fallback carry the same text box: no block may appear twice
    assert len(texts) == len(set(texts))
    assert 1700 <= len(doc.text) <= 2100  # python-docx API: 144 characters


def test_content_control_inside_text_box(read_real: Callable[[str], Document]) -> None:
    doc = read_real("tika/testWORD_sdtInTextBox.docx")
    assert "rich-text-content-control_inside-text-box" in doc.text
    assert doc.text.count("rich-text-content-control") == 2


def test_sdt_in_table_cells(read_real: Callable[[str], Document]) -> None:
    doc = read_real("tika/testWORD_missing_text.docx")
    for s in ("Seasoned professional", "BigCompany", "Rich_text_in_cell"):
        assert s in doc.text


def test_smartart_in_logical_order(read_real: Callable[[str], Document]) -> None:
    doc = read_real("tika/testWORD_diagramData.docx")
    smart = [b for b in doc.blocks if b.source.part == "smartart"]
    assert [b.text for b in smart] == ["From here\nTo here\nAnd then here."]


def test_native_charts_keep_their_data(read_real: Callable[[str], Document]) -> None:
    doc = read_real("mineru/docx_01.docx")
    charts = [b.chart for b in doc.blocks if b.chart is not None]
    assert len(charts) == 2
    bar = next(c for c in charts if c.kind == "bar")
    assert bar.categories == ["类别 1", "类别 2", "类别 3", "类别 4"]
    assert bar.series[0].values == [4.3, 2.5, 3.5, 4.5]


def test_headers_footers_are_furniture_once(read_real: Callable[[str], Document]) -> None:
    doc = read_real("unstructured/docx-hdrftr.docx")
    assert doc.text == "Main document"
    furniture = [b for b in doc.blocks if b.kind == BlockKind.furniture]
    assert {b.source.part for b in furniture} == {"header", "footer"}
    assert sum(1 for b in furniture if b.text == "First header para") == 1


def test_irregular_grid_does_not_crash(read_real: Callable[[str], Document]) -> None:
    doc = read_real("unstructured/grid_offset_error.docx")
    table = next(b.table for b in doc.blocks if b.table is not None)
    assert table is not None
    assert table.grid() == [["A", "Merged B1-B3"], ["", None], ["C", None]]


def test_nested_table_structure_and_text(read_real: Callable[[str], Document]) -> None:
    doc = read_real("docling/tablecell.docx")
    outer = [b.table for b in doc.blocks if b.table is not None][1]
    assert outer is not None
    nested = outer.rows[0][0].nested
    assert len(nested) == 1 and nested[0].n_rows == 3 and nested[0].n_cols == 3
    assert "D\tE\tF" in outer.rows[0][0].text


def test_paragraph_index_provenance(read_real: Callable[[str], Document]) -> None:
    doc = read_real("docling/word_tables.docx")
    pages = [b.source.page for b in doc.blocks]
    assert pages == sorted(pages) and pages[0] >= 1
    assert doc.pages >= max(pages)


def test_encrypted_and_truncated(realdoc: Callable[[str], object]) -> None:
    from ingest import read

    with pytest.raises(EncryptedError):
        read(realdoc("tika/testWORD_protected_passtika.docx"))  # type: ignore[arg-type]
    with pytest.raises(CorruptError):
        read(realdoc("tika/testWORD_truncated.docx"))  # type: ignore[arg-type]


# ---- built packages -----------------------------------------------------------------------------


def test_tracked_changes_keep_insertions_drop_deletions() -> None:
    body = (
        "<w:p><w:r><w:t>保留</w:t></w:r>"
        "<w:ins w:id='1' w:author='a'><w:r><w:t>插入的文字</w:t></w:r>"
        "<w:del w:id='2' w:author='a'><w:r><w:delText>插入后又删除</w:delText></w:r></w:del></w:ins>"
        "<w:del w:id='3' w:author='a'><w:r><w:delText>删除的文字</w:delText></w:r></w:del></w:p>"
    )
    doc = read_docx(body)
    assert doc.text == "保留插入的文字"


def test_wrappers_fields_and_hidden_text() -> None:
    body = (
        "<w:p><w:hyperlink><w:r><w:t>链接</w:t></w:r></w:hyperlink>"
        "<w:smartTag><w:r><w:t>标记</w:t></w:r></w:smartTag>"
        "<w:customXml><w:r><w:t>自定义</w:t></w:r></w:customXml>"
        "<w:fldSimple w:instr='PAGE'><w:r><w:t>7</w:t></w:r></w:fldSimple>"
        "<w:r><w:fldChar w:fldCharType='begin'/></w:r><w:r><w:instrText>HYPERLINK x</w:instrText></w:r>"
        "<w:r><w:fldChar w:fldCharType='separate'/></w:r><w:r><w:t>结果</w:t></w:r><w:r><w:fldChar w:fldCharType='end'/></w:r>"
        "<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r>"
        "<w:sdt><w:sdtContent><w:r><w:t>控件</w:t></w:r></w:sdtContent></w:sdt></w:p>"
    )
    assert read_docx(body).text == "链接标记自定义7结果控件"


def test_alternate_content_text_box_once() -> None:
    box = "<w:txbxContent><w:p><w:r><w:t>文本框里的字</w:t></w:r></w:p></w:txbxContent>"
    body = (
        "<w:p><w:r><w:t>正文</w:t></w:r><w:r><mc:AlternateContent>"
        f"<mc:Choice Requires='wps'><w:drawing><wps:txbx>{box}</wps:txbx></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><v:textbox>{box}</v:textbox></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r></w:p>"
    )
    doc = read_docx(body)
    assert doc.text == "正文\n文本框里的字"
    assert doc.blocks[1].source.part == "textbox" and doc.blocks[1].source.page == 1


def test_headings_from_styles_numbering_and_bold_numbers() -> None:
    body = (
        p("选择课题", style="1", num=(1, 0))
        + p("现状调查", style="2", num=(1, 1))
        + p("二、设定目标", bold=True)
        + p("（一）目标值", bold=True)
        + p("1.1 对策实施", bold=True)
        + p("1. 这是一句很普通的正文，不是标题。", bold=True)
        + p("普通段落", bold=False)
        + p("一、目录项", style="TOC1")
    )
    doc = read_docx(body)
    kinds = [(b.text, b.kind.value, b.level) for b in doc.blocks]
    assert kinds == [
        ("一、选择课题", "heading", 1),
        ("1.1 现状调查", "heading", 2),
        ("二、设定目标", "heading", 1),
        ("（一）目标值", "heading", 2),
        ("1.1 对策实施", "heading", 4),
        ("1. 这是一句很普通的正文，不是标题。", "paragraph", None),
        ("普通段落", "paragraph", None),
        ("一、目录项", "paragraph", None),
    ]


def test_list_items_get_numbering_labels() -> None:
    body = p("第一项", num=(1, 1)) + p("第二项", num=(1, 1))
    doc = read_docx(body)
    # the parent level never advanced: it shows its start value; isLgl shows it as a decimal
    assert [(b.kind.value, b.text) for b in doc.blocks] == [("list_item", "1.1 第一项"), ("list_item", "1.2 第二项")]


def test_table_spans_from_grid_before_gridspan_vmerge() -> None:
    def tc(text: str, extra: str = "") -> str:
        return f"<w:tc><w:tcPr>{extra}</w:tcPr>{p(text)}</w:tc>"

    span2 = '<w:gridSpan w:val="2"/>'
    restart = '<w:vMerge w:val="restart"/>'
    before = '<w:trPr><w:gridBefore w:val="1"/></w:trPr>'
    body = (
        "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>"
        f"<w:tr>{tc('对策', span2)}{tc('负责人', restart)}</w:tr>"
        f"<w:tr>{tc('a')}{tc('b')}{tc('', '<w:vMerge/>')}</w:tr>"
        f"<w:tr>{before}{tc('c')}{tc('d')}</w:tr>"
        "</w:tbl>"
    )
    doc = read_docx(body)
    table = doc.blocks[0].table
    assert table is not None
    assert table.grid() == [["对策", None, "负责人"], ["a", "b", None], ["", "c", "d"]]
    assert table.filled_grid()[1][2] == "负责人"
    assert doc.blocks[0].text == "对策\t负责人\na\tb\nc\td"


def test_empty_document_is_an_error() -> None:
    from ingest.errors import EmptyError

    with pytest.raises(EmptyError):
        read_docx(p(""))


def _docx_bytes(core_title: str | None, heading: str, first_line: str | None = None) -> bytes:
    import docx

    d = docx.Document()
    if core_title is not None:
        d.core_properties.title = core_title
    if first_line:
        d.add_paragraph(first_line)
    d.add_heading(heading, level=1)
    d.add_paragraph("小组于 2024 年 3 月开展现状调查，不良率 4.2%。")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_title_is_not_a_numbered_section_heading() -> None:
    """Regression: a report whose first heading is "一、选择课题" was titled "一、选择课题", which then
    named the project in batch summaries."""
    with_core = read_bytes(_docx_bytes("降低光伏组件热斑发生率", "一、选择课题"), "a.docx")
    assert with_core.title == "降低光伏组件热斑发生率"
    no_core = read_bytes(_docx_bytes("", "一、选择课题", first_line="研制月饼自动称重分拣装置"), "b.docx")
    assert no_core.title == "研制月饼自动称重分拣装置"
    plain_heading = read_bytes(_docx_bytes("", "降低焊接不良率"), "c.docx")
    assert plain_heading.title == "降低焊接不良率"


def test_a_document_without_pictures_reads_without_the_picture_stage(realdocs_dir: Path) -> None:
    """OpenCV and the OCR module are imported only when a document has pictures (issue 16: ≈ 0.1 s of
    every plain .docx's start-up)."""
    code = (
        "import json, sys; from pathlib import Path; from ingest import read_bytes; "
        f"p = Path({str(realdocs_dir / 'docling' / 'word_tables.docx')!r}); "
        "doc = read_bytes(p.read_bytes(), p.name); "
        "print(json.dumps([len(doc.text), sorted(m for m in sys.modules if m.split('.')[0] == 'cv2' "
        "or m.startswith(('ingest.pictures', 'ingest.readers.ocr')))]))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    chars, loaded = json.loads(out.stdout)
    assert chars > 100 and loaded == []
