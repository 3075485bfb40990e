"""A ruled table's last row pushed alone onto the next page (a Word table printed to PDF): the one-row grid
that opens the page on the same column rules is read as a table; a one-row grid under body text, or on
other column rules, is not. PDFs written by hand here (Helvetica, straight rules)."""

from __future__ import annotations

from ingest import BlockKind, Document, ReadOptions, read_bytes

H = 792.0
COLS = (72.0, 200.0, 330.0, 460.0)


def _grid(top: float, bottom: float, n_rows: int, cols: tuple[float, ...]) -> str:
    """Content-stream rules of a grid (top-down page coordinates)."""
    ops = []
    step = (bottom - top) / n_rows
    for i in range(n_rows + 1):
        y = H - (top + i * step)
        ops.append(f"{cols[0]} {y} m {cols[-1]} {y} l S")
    for x in cols:
        ops.append(f"{x} {H - top} m {x} {H - bottom} l S")
    return "\n".join(ops)


def _text(x: float, top: float, s: str) -> str:
    return f"BT /F1 10 Tf {x + 4} {H - top - 14} Td ({s}) Tj ET"


def _row(top: float, cells: list[str], cols: tuple[float, ...]) -> str:
    return "\n".join(_text(x, top, c) for x, c in zip(cols, cells, strict=False))


def _pdf(pages: list[str]) -> bytes:
    n = len(pages)
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(n))
    objs = ["<< /Type /Catalog /Pages 2 0 R >>", f"<< /Type /Pages /Kids [{kids}] /Count {n} >>"]
    font = 3 + 2 * n
    for i, content in enumerate(pages):
        objs.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 {H:.0f}] /Contents {4 + 2 * i} 0 R "
            f"/Resources << /Font << /F1 {font} 0 R >> >> >>"
        )
        data = content.encode("latin-1")
        objs.append(f"<< /Length {len(data)} >>\nstream\n{content}\nendstream")
    objs.append("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = b"%PDF-1.4\n"
    offsets = []
    for k, body in enumerate(objs, start=1):
        offsets.append(len(out))
        out += f"{k} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def _first_page() -> str:
    return "\n".join(
        [
            _text(72, 80, "Plan of measures"),
            _grid(620, 700, 2, COLS),
            _row(620, ["No", "Cause", "Measure"], COLS),
            _row(660, ["1", "Worn blade", "Replace blade"], COLS),
        ]
    )


def _second_page(top: float = 72, cols: tuple[float, ...] = COLS) -> str:
    return "\n".join(
        [
            _text(72, 72, "A paragraph first.") if top > 72 else "",
            _grid(top, top + 40, 1, cols),
            _row(top, ["2", "Loose bolt", "Tighten bolt"], cols),
            _text(72, 160, "Results of the measures follow here."),
        ]
    )


def _tables(doc: Document) -> list[list[list[str]]]:
    return [
        [[c.text for c in row] for row in b.table.rows]
        for b in doc.blocks
        if b.kind == BlockKind.table and b.table is not None
    ]


def _read(pages: list[str]) -> Document:
    return read_bytes(_pdf(pages), "plan.pdf", ReadOptions(ocr=False))


def test_one_row_grid_opening_the_page_continues_the_table() -> None:
    tables = _tables(_read([_first_page(), _second_page()]))
    assert tables[0][0] == ["No", "Cause", "Measure"]
    assert tables[1] == [["2", "Loose bolt", "Tighten bolt"]]


def test_one_row_grid_under_body_text_is_no_table() -> None:
    tables = _tables(_read([_first_page(), _second_page(top=110)]))
    assert len(tables) == 1


def test_one_row_grid_on_other_column_rules_is_no_table() -> None:
    tables = _tables(_read([_first_page(), _second_page(cols=(72.0, 150.0, 330.0, 500.0))]))
    assert len(tables) == 1


def test_one_row_grid_after_a_page_that_goes_on_below_its_table_is_no_table() -> None:
    first = _first_page() + "\n" + _text(72, 705, "Text under the table.")
    tables = _tables(_read([first, _second_page()]))
    assert len(tables) == 1
