"""Tables on scanned pages rebuilt from the OCR'd lines' boxes (ingest.readers.scan_tables).

The boxes below are laid out as the recogniser returns a printed table: one box per line of a cell, a
cell's wrapped lines a line pitch apart, rows a cell's padding apart, the page turned by a degree or so.
"""

from __future__ import annotations

import pytest

from ingest.readers.ocr import Line
from ingest.readers.scan_tables import ScanTable, split_tables

PITCH = 12.0  # a wrapped cell's line pitch (the boxes are 15 high: they touch)
HEIGHT = 15.0


def _box(text: str, x: float, y: float, width: float, slope: float = 0.0, score: float = 0.97) -> Line:
    top = y + slope * x
    return (text, (x, top, x + width, top + HEIGHT), score)


def _row(top: float, cells: list[tuple[float, float, list[str]]], slope: float = 0.0) -> list[Line]:
    """A table row: each cell (x, width, its lines), the lines a pitch apart from the row's top."""
    return [_box(t, x, top + k * PITCH, w, slope) for x, w, texts in cells for k, t in enumerate(texts) if t]


def _confirmation_table(top: float, slope: float = 0.0, number_first: bool = True) -> list[Line]:
    """A 要因确认表: 序号 | 末端原因 | 确认方法 | 确认情况 | 结论, its causes and findings wrapped."""
    cols = [(88.0, 14.0), (170.0, 80.0), (262.0, 46.0), (350.0, 78.0), (436.0, 36.0)]
    rows = [
        ["序号", "末端原因", "确认方法", "确认情况", "结论"],
        [
            "1" if number_first else "",
            "检漏仪灵敏\n度低",
            "现场测量",
            "用标准漏孔校\n验，灵敏度3g/\n年，优于要求",
            "非要因",
        ],
        ["2", "接头密封圈\n非原厂件", "对比试验", "两组各装20车，\n泄漏1车与7车", "要因"],
        ["3", "保压时间仅\n5分钟", "试验", "延长保压后检\n出微漏4车", "要因"],
    ]
    out: list[Line] = []
    y = top
    for r in rows:
        cells = [(x, w, text.split("\n")) for (x, w), text in zip(cols, r, strict=True)]
        out += _row(y, cells, slope)
        y += max(len(c[2]) for c in cells) * PITCH + 10  # a cell's padding below its last line
    return out


def _tables(items: list[Line | ScanTable]) -> list[ScanTable]:
    return [i for i in items if isinstance(i, ScanTable)]


@pytest.mark.parametrize("slope", [0.0, 0.018, -0.018])
def test_a_scanned_table_is_read_as_rows_with_its_wrapped_cells_joined(slope: float) -> None:
    """Each row of the 要因确认表 is one table row, a cause's and a finding's wrapped lines one cell, on a
    page turned by a degree either way (half a line across the table)."""
    lines = [_box("六、要因确认", 90, 60, 90, slope), *_confirmation_table(100, slope)]
    items = split_tables(lines)
    (table,) = _tables(items)
    grid = table.table.grid()
    assert table.table.n_cols == 5 and table.table.n_rows == 4
    assert grid[0] == ["序号", "末端原因", "确认方法", "确认情况", "结论"]
    assert grid[1][1] == "检漏仪灵敏度低" and grid[1][3] == "用标准漏孔校验，灵敏度3g/年，优于要求"
    assert [r[4] for r in grid[1:]] == ["非要因", "要因", "要因"]
    assert items[0] == lines[0]  # the heading above stays a line of its own
    assert 0.9 < table.score <= 1.0


def test_a_row_whose_number_the_recogniser_dropped_is_still_a_row() -> None:
    """The 序号 "1" lost (a lone digit often is): the 结论 column, which never wraps either, starts the row."""
    (table,) = _tables(split_tables(_confirmation_table(100, number_first=False)))
    grid = table.table.grid()
    assert table.table.n_rows == 4 and grid[1][1] == "检漏仪灵敏度低" and grid[2][1] == "接头密封圈非原厂件"


def test_a_heading_or_a_paragraph_right_under_the_table_is_not_a_cell() -> None:
    lines = _confirmation_table(100)
    bottom = max(ln[1][3] for ln in lines)
    heading = _box("七、制定对策", 88, bottom - 1, 92)
    para = _box("确定要因2条：接头密封圈非原厂件、保压时间仅5分钟，下面逐条制定对策并落实。", 88, bottom + 40, 420)
    items = split_tables([*lines, heading, para])
    (table,) = _tables(items)
    assert "七、制定对策" not in table.table.to_text()
    assert items[-2:] == [heading, para]


def test_a_table_continued_on_the_next_page_keeps_its_columns() -> None:
    """The rows that open the next page, their 序号 digits lost, are read in the columns of the table the
    page before ended with (not as a table of four columns)."""
    (first,) = _tables(split_tables(_confirmation_table(100)))
    cols = [(170.0, 80.0), (262.0, 46.0), (350.0, 78.0), (436.0, 36.0)]
    rest = _row(
        70,
        [
            (x, w, t)
            for (x, w), t in zip(
                cols,
                [["维修车间雨", "天潮湿"], ["调查分析"], ["雨天晴天返修", "率无明显差别"], ["非要因"]],
                strict=True,
            )
        ],
    )
    rest += _row(
        110,
        [
            (x, w, t)
            for (x, w), t in zip(cols, [["控制器硅脂", "干涸"], ["拆检"], ["14台中仅2台"], ["非要因"]], strict=True)
        ],
    )
    alone = _tables(split_tables(rest))
    (carried,) = _tables(split_tables(rest, first))
    assert not alone  # two rows alone are no table
    assert carried.table.n_cols == 5 and carried.table.n_rows == 2
    assert carried.table.grid()[0][1:] == ["维修车间雨天潮湿", "调查分析", "雨天晴天返修率无明显差别", "非要因"]


def test_body_text_and_chart_labels_stay_lines() -> None:
    """Paragraphs and a chart's axis labels (two boxes a row, one row of category names) are no table."""
    lines = [
        _box("小组调取维修记录，按返修故障部位分层统计，结果见排列图，冷媒泄漏与控制器故障", 89, 100, 430),
        _box("两项累计占68.4%，是二次返修的症结。", 89, 116, 200),
        _box("100", 442, 150, 14),
        _box("50", 125, 180, 14),
        _box("80", 467, 180, 14),
        _box("40", 125, 215, 14),
        _box("60", 470, 215, 14),
        *[_box(t, x, 300, 50) for x, t in [(170, "冷媒泄漏"), (240, "控制器"), (320, "风机"), (400, "其他")]],
    ]
    assert split_tables(lines) == lines


def test_rows_whose_start_no_column_tells_stay_lines() -> None:
    """Where every column wraps in some row and the rows are packed a line apart, no column says where a row
    starts: the rows are not guessed, the lines stay loose (the readers that want rows then say they could
    not read it)."""
    cols = [(88.0, 60.0), (170.0, 60.0), (250.0, 60.0)]
    lines: list[Line] = []
    y = 100.0
    for r in range(5):
        lines += [_box(f"格{r}{c}上", x, y, w) for c, (x, w) in enumerate(cols)]
        lines += [_box(f"格{r}{c}下", x, y + PITCH, w) for c, (x, w) in enumerate(cols) if (r + c) % 2 == 0]
        y += 2 * PITCH
    assert split_tables(lines) == lines


def _plan_table(top: float, header: list[str], lost: bool = False) -> list[Line]:
    """A 对策表 (序号 | 要因 | 对策 | 目标 | 措施 | 地点 | 完成时间 | 负责人) printed tight under its header, row 1's
    措施 wrapped over six lines; `lost`: the recogniser lost its third line (a lone "≤"), leaving a gap of more
    than a line in that column."""
    cols = [(86.0, 20.0), (140.0, 48.0), (195.0, 48.0), (248.0, 48.0), (303.0, 48.0), (357.0, 48.0), (412.0, 44.0)]
    cols.append((461.0, 40.0))
    measures = ["每个排放", "口现场测", "≤" if not lost else "", "0.8NTU", "方可停止", "冲洗"]
    rows = [
        [[h] for h in header],
        [["1"], ["冲洗时间", "凭经验判断"], ["以浊度仪", "读数判定"], ["冲洗终点", "浊度"], measures, ["抢修现场"],
         ["2024.6.", "30"], ["黄建新"]],
        [["2"], ["冲洗流量", "无标准"], ["制定分管", "径流速表"], ["流速≥", "1.2m/s"], ["按管径规", "定冲洗流量"],
         ["管网所"], ["2024.6.", "15"], ["周敏"]],
        [["3"], ["复水时阀门", "开启过快"], ["规定分级", "开阀"], ["开阀时间", "≥10min"], ["三级开启"], ["抢修现场"],
         ["2024.6.", "30"], ["孙浩"]],
    ]  # fmt: skip
    out: list[Line] = []
    y = top
    for r in rows:
        out += _row(y, [(x, w, texts) for (x, w), texts in zip(cols, r, strict=True)])
        y += max(len(t) for t in r) * PITCH + 8
    return out


HEADER = ["序号", "要因", "对策", "目标", "措施", "地点", "完成时间", "负责人"]


def _scoring_table(top: float) -> list[Line]:
    """A 要因评价表 of ten columns (末端原因, seven members' scores, 总分, 结论) ending the page before."""
    cols = [(88.0, 36.0), (130.0, 12.0), (174.0, 12.0), (217.0, 12.0), (260.0, 12.0), (302.0, 12.0), (346.0, 12.0)]
    cols += [(388.0, 12.0), (432.0, 20.0), (474.0, 30.0)]
    rows = [
        [["末端原", "因"], ["黄"], ["周"], ["孙"], ["马"], ["胡"], ["朱"], ["邢"], ["总分"], ["结论"]],
        [["冲洗时", "间凭经", "验判断"], ["5"], ["4"], ["5"], ["4"], ["5"], ["4"], ["4"], ["31"], ["要因"]],
        [["无便携", "流量计"], ["3"], ["3"], ["4"], ["3"], ["2"], ["3"], ["3"], ["21"], ["非要因"]],
        [["冲洗流", "量无标", "准"], ["5"], ["5"], ["4"], ["4"], ["4"], ["5"], ["4"], ["31"], ["要因"]],
    ]
    out: list[Line] = []
    y = top
    for r in rows:
        out += _row(y, [(x, w, t) for (x, w), t in zip(cols, r, strict=True)])
        y += max(len(t) for t in r) * PITCH + 8
    return out


def test_a_table_with_a_header_of_its_own_that_opens_a_page_is_a_new_table() -> None:
    """seen fresh13 s62: the 对策表 opening page 5 under "七、制定对策" was read as the page before's 要因确认表
    continued (its header merged into row 1): a first row of column names opens a table of its own."""
    (before,) = _tables(split_tables(_scoring_table(440)))
    lines = [_box("七、制定对策", 90, 60, 90), _box("表3 对策表", 270, 90, 60), *_plan_table(120, HEADER)]
    (table,) = _tables(split_tables(lines, before))
    assert table.table.n_cols == 8
    grid = table.table.grid()
    assert grid[0] == HEADER and table.table.n_rows == 4
    assert grid[1][1] == "冲洗时间凭经验判断" and grid[1][7] == "黄建新"


def test_a_line_lost_inside_a_cell_does_not_cut_the_table() -> None:
    """A wrapped cell whose short line the detector lost leaves a gap of more than a line: the rows below are
    still the table's, down to its next row."""
    (table,) = _tables(split_tables(_plan_table(120, HEADER, lost=True)))
    grid = table.table.grid()
    assert table.table.n_rows == 4 and grid[1][4] == "每个排放口现场测0.8NTU方可停止冲洗"
    assert [r[0] for r in grid[1:]] == ["1", "2", "3"]


def test_a_cells_last_line_whose_lines_above_were_lost_starts_no_row() -> None:
    """地点 never wraps but for "管网管理⏎所", whose first line the recogniser lost: with three anchor columns a
    row starts where two of them do, so "所" does not cut row 2 in two."""
    lines = [ln for ln in _plan_table(120, HEADER) if ln[0] != "管网所"]
    y = next(ln[1][1] for ln in lines if ln[0] == "周敏")
    lines.append(_box("所", 357, y + PITCH, 12))
    (table,) = _tables(split_tables(lines))
    assert table.table.n_rows == 4 and table.table.grid()[2][1] == "冲洗流量无标准"


@pytest.mark.parametrize(
    ("merged", "parts"), [("完成时间负责人", ["完成时间", "负责人"]), ("地点完成时间", ["地点", "完成时间"])]
)
def test_a_header_box_read_across_two_columns_is_one_cell_each(merged: str, parts: list[str]) -> None:
    """The recogniser read two header cells as one box ("完成时间负责人"): made of two column names, over two
    columns, it is two header cells (else the 负责人 column has no name)."""
    at = HEADER.index(parts[0])
    header = [*HEADER[:at], merged, "", *HEADER[at + 2 :]]
    lines = _plan_table(120, header)
    x0 = min(ln[1][0] for ln in lines if ln[0] == merged)
    lines = [ln if ln[0] != merged else (merged, (x0, ln[1][1], x0 + 95.0, ln[1][3]), ln[2]) for ln in lines]
    (table,) = _tables(split_tables(lines))
    assert table.table.grid()[0] == HEADER
