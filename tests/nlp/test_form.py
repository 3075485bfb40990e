"""申报表: field reading (label/value and header-row layouts), ticks, F-* rules. Forms are built with
python-docx and read back through ingest.read."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

import ingest
from ingest.model import Block, BlockKind, Document, SourceRef
from nlp import credit_code, form
from tests.nlp.conftest import rule_findings

GOOD = {
    "company": "天津某某机械有限公司",
    "code": "91110000100017643K",
    "size": "☑大型 □中型 □小型 □微型",
    "contact": "张伟 质量部部长",
    "mobile": "13812345678",
    "phone": "022-58950677",
    "email": "zhangwei@example.com",
    "name": "降低焊装车间焊接不良率",
    "type": "☑问题解决型（☑自定目标 □指令性目标）      □创新型",
    "industry": "□信创  ☑高端装备  □集成电路\n□新能源  □其他",
    "expected": "年节约返修成本约35万元",
}


def tianjin_form(path: Path, **over: str) -> Path:
    v = {**GOOD, **over}
    d = docx.Document()
    d.add_paragraph("附件1")
    d.add_paragraph("2023年天津市质量攻关项目立项申报表")
    t = d.add_table(rows=12, cols=4)
    t.style = "Table Grid"

    def row(r: int, *vals: str, merge: bool = False) -> None:
        for c, text in enumerate(vals):
            t.cell(r, c).text = text
        if merge:
            t.cell(r, 1).merge(t.cell(r, 3))

    row(0, "企业名称", v["company"], merge=True)
    row(1, "统一社会信用代码", v["code"], "推荐单位", "滨海新区市场监管局")
    row(2, "企业规模", v["size"], merge=True)
    row(3, "单位申报\n联系人及职务", v["contact"], "联系人手机", v["mobile"])
    row(4, "固定电话", v["phone"], "电子邮箱", v["email"])
    row(5, "项目名称", v["name"], merge=True)
    row(6, "项目类型", v["type"], merge=True)
    row(7, "企业所属产业\n（划√）", v["industry"], merge=True)
    row(8, "项目背景意义", "焊接不良率高，返修成本大", merge=True)
    row(9, "项目基本情况介绍", "针对焊接不良开展质量攻关", merge=True)
    row(10, "质量攻关目标", "焊接不良率由3.2%降低到1.5%", merge=True)
    row(11, "预期成效", v["expected"], merge=True)
    d.add_paragraph("注：企业规模请参照《统计上大中小微型企业划分办法(2017)》填写。")
    out = path / "申报表.docx"
    d.save(str(out))
    return out


def binhai_form(path: Path, code: str = "91120116MA05JXX40", email: str = "qc@example.cn") -> Path:
    d = docx.Document()
    d.add_paragraph("2019 年滨海新区质量攻关重点项目申报表")
    d.add_paragraph("推荐单位(公章):")
    heads = [
        "序号",
        "申报单位名称 (与公章一致)",
        "统一社会信用 代码",
        "行业",
        "所在区",
        "项目名称",
        "项目 负责人",
        "联系方式",
        "电子邮箱",
    ]
    vals = [
        "1",
        "天津某某化工有限公司",
        code if len(code) == 18 else credit_code.complete(code),
        "化工",
        "滨海新区",
        "提高聚合釜一次投料合格率",
        "李强",
        "13920001234",
        email,
    ]
    t = d.add_table(rows=3, cols=len(heads))
    for c, (h, x) in enumerate(zip(heads, vals, strict=True)):
        t.cell(0, c).text = h
        t.cell(1, c).text = x
    out = path / "滨海申报表.docx"
    d.save(str(out))
    return out


def rules(rep: form.FormReport) -> list[str]:
    return sorted(f.rule for f in rep.findings)


def test_good_tianjin_form(tmp_path: Path) -> None:
    doc = ingest.read(tianjin_form(tmp_path))
    assert form.is_form(doc)
    rep = form.check_form(doc, "降低焊装车间焊接不良率")
    assert rep.kind == "tianjin_2023"
    assert rep.fields["company"] == GOOD["company"] and rep.fields["project_name"] == GOOD["name"]
    assert rep.credit_code is not None and rep.credit_code.valid
    assert rep.ticks["size"].ticked == ["大型"] and rep.ticks["industry"].ticked == ["高端装备"]
    assert rep.project_type == "problem_solving" and rep.target_kind == "self_set"
    assert rep.findings == [] and rep.title_similarity == 1.0
    assert rep.model_dump(mode="json")["fields"]["email"] == GOOD["email"]


def test_invalid_credit_code_is_f_code(tmp_path: Path) -> None:
    rep = form.check_form(ingest.read(tianjin_form(tmp_path, code="91110000100017643A")))
    assert rules(rep) == ["F-CODE"]
    assert "K" in rep.findings[0].message


@pytest.mark.parametrize(
    ("field", "value", "word"),
    [
        ("size", "□大型 □中型 □小型 □微型", "未勾选"),
        ("size", "☑大型 ☑中型 □小型 □微型", "多项"),
        ("type", "☑问题解决型      ☑创新型", "多项"),
        ("industry", "□信创 □高端装备 □其他", "未勾选"),
    ],
)
def test_ticks_exactly_once(tmp_path: Path, field: str, value: str, word: str) -> None:
    rep = form.check_form(ingest.read(tianjin_form(tmp_path, **{field: value})))
    assert rules(rep) == ["F-TICK"] and word in rep.findings[0].message


def test_several_industries_may_be_ticked(tmp_path: Path) -> None:
    """An enterprise may belong to several industries: two ticks there are no defect."""
    rep = form.check_form(ingest.read(tianjin_form(tmp_path, industry="□信创 ☑高端装备 ☑新能源 □其他")))
    assert "F-TICK" not in rules(rep)


def test_a_ticked_option_another_form_lists_is_a_tick(tmp_path: Path) -> None:
    """Seen fresh3 h20: another region's 所属产业 options ("☑摩托车及零部件") are ticked all the same."""
    value = "□智能网联新能源汽车 □新一代电子信息制造 ☑摩托车及零部件 □先进材料 □其他"
    rep = form.check_form(ingest.read(tianjin_form(tmp_path, industry=value)))
    assert "F-TICK" not in rules(rep) and rep.ticks["industry"].ticked == ["摩托车及零部件"]
    value = "□智能网联新能源汽车 □新一代电子信息制造 □摩托车及零部件 □先进材料 □其他"
    assert rules(form.check_form(ingest.read(tianjin_form(tmp_path, industry=value)))) == ["F-TICK"]


def test_innovative_tick_sets_project_type(tmp_path: Path) -> None:
    rep = form.check_form(ingest.read(tianjin_form(tmp_path, type="□问题解决型      ☑创新型")))
    assert rep.project_type == "innovative" and rep.findings == []


def test_empty_required_fields_and_hint_only_value(tmp_path: Path) -> None:
    rep = form.check_form(
        ingest.read(tianjin_form(tmp_path, company="", expected="（可从经济效益和社会效益方面进行阐述）"))
    )
    assert rules(rep) == ["F-REQUIRED"]
    assert rep.missing_fields == ["企业名称", "预期成效"]


def test_bad_phone_and_email(tmp_path: Path) -> None:
    rep = form.check_form(ingest.read(tianjin_form(tmp_path, mobile="1381234567", email="zhangwei#example.com")))
    assert rules(rep) == ["F-EMAIL", "F-PHONE"]


def test_title_mismatch(tmp_path: Path) -> None:
    doc = ingest.read(tianjin_form(tmp_path))
    assert not [f for f in form.check_form(doc, "《降低焊装车间焊接不良率》").findings]
    rep = form.check_form(doc, "提高涂装线一次合格率")
    assert rules(rep) == ["F-TITLE"] and rep.title_similarity is not None and rep.title_similarity < 0.8


def test_binhai_header_row_form(tmp_path: Path) -> None:
    doc = ingest.read(binhai_form(tmp_path))
    assert form.is_form(doc)
    rep = form.check_form(doc, "提高聚合釜一次投料合格率")
    assert rep.kind == "binhai_2019"
    assert rep.fields["company"] == "天津某某化工有限公司" and rep.fields["leader"] == "李强"
    assert rep.fields["industry"] == "化工" and rep.fields["district"] == "滨海新区"
    assert rep.findings == []
    bad = form.check_form(ingest.read(binhai_form(tmp_path, code="91120116MA05JXX400", email="qc@")))
    assert rules(bad) == ["F-CODE", "F-EMAIL"]


def test_deck_is_not_a_form() -> None:
    blocks = [
        Block(id="b0", kind=BlockKind.title, text="降低焊装车间焊接不良率", source=SourceRef(page=1)),
        Block(
            id="b1",
            kind=BlockKind.paragraph,
            text="课题名称：降低焊装车间焊接不良率\n小组名称：攻坚QC小组\n课题类型：问题解决型",
            source=SourceRef(page=2),
        ),
        Block(id="b2", kind=BlockKind.heading, text="一、选择课题", source=SourceRef(page=3)),
    ]
    doc = Document(doc_id="d", filename="deck.pptx", format="pptx", blocks=blocks)
    assert not form.is_form(doc)


def test_form_fields_check_type(tmp_path: Path) -> None:
    form_doc = ingest.read(tianjin_form(tmp_path, code="91110000100017643A"))
    deck = Document(
        doc_id="d",
        filename="deck.pptx",
        format="pptx",
        title="降低焊装车间焊接不良率",
        blocks=[Block(id="b0", kind=BlockKind.title, text="降低焊装车间焊接不良率", source=SourceRef(page=1))],
    )
    assert [f.rule for f in rule_findings("F", deck, [None], form=form_doc)] == ["F-CODE"]
    assert rule_findings("F", deck, [None], form=form_doc, params={"rules": ["F-TICK"]}) == []
    assert rule_findings("F", deck, [None]) == []


def test_phone_and_email_helpers() -> None:
    assert form.phone_ok("022-58950677") and form.phone_ok("58950677") and form.phone_ok("138 1234 5678")
    assert form.phone_ok("13812345678、022-27182137")
    assert not form.phone_ok("12345") and not form.phone_ok("23812345678")
    assert form.email_ok("scjgzlfzc@tj.gov.cn") and not form.email_ok("a@b")


def test_value_next_to_label_is_not_read_as_a_label(tmp_path: Path) -> None:
    # regression: "白芳冬  技术负责人" ends with 负责人 but sits right of the 联系人 label
    rep = form.check_form(ingest.read(tianjin_form(tmp_path, contact="白芳冬  技术负责人")))
    assert rep.fields["contact"] == "白芳冬  技术负责人" and rep.fields["mobile"] == GOOD["mobile"]
    assert "leader" not in rep.fields and rep.findings == []
    assert form.label_key("项目负责人及联系方式") == "leader" and form.label_key("技术负责人") is None


def test_tianjin_summary_table_layout(tmp_path: Path) -> None:
    heads = [
        "序号",
        "申报单位名称",
        "统一社会信用代码",
        "所属\n行业",
        "所在区",
        "企业规模",
        "企业\n性质",
        "项目名称",
        "课题类型\n（问题解决型、创新型）",
        "项目\n负责人及联系方式",
        "电子邮箱",
        "备注",
    ]
    vals = [
        "1",
        "天津某某电子有限公司",
        "91110000100017643K",
        "集成电路",
        "西青区",
        "中型",
        "民营",
        "研制芯片引脚整形装置",
        "创新型",
        "王敏 1392000123",
        "wm@example.com",
        "",
    ]
    d = docx.Document()
    d.add_paragraph("2023年天津市质量攻关项目立项申报汇总表")
    t = d.add_table(rows=3, cols=len(heads))
    for c, (h, x) in enumerate(zip(heads, vals, strict=True)):
        t.cell(0, c).text = h
        t.cell(1, c).text = x
    path = tmp_path / "汇总表.docx"
    d.save(str(path))
    rep = form.check_form(ingest.read(path), "研制芯片引脚整形装置")
    assert rep.project_type == "innovative" and rep.fields["size"] == "中型"
    assert rules(rep) == ["F-PHONE"]  # 11 digits needed for a mobile number


def test_team_overview_table_of_a_deck_is_not_a_form(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_paragraph("降低焊装车间焊接不良率")
    d.add_paragraph("小组概况表")
    rows = [
        ["项目", "内容", "项目", "内容"],
        ["小组名称", "攻坚QC小组", "成立时间", "2020年3月"],
        ["课题名称", "降低焊装车间焊接不良率", "课题类型", "问题解决型（自定目标）"],
        ["注册编号", "QC-2023-018", "小组人数", "8人"],
        ["活动时间", "2023年2月—2023年10月", "所在部门", "焊装车间"],
    ]
    t = d.add_table(rows=len(rows), cols=4)
    for r, row in enumerate(rows):
        for c, x in enumerate(row):
            t.cell(r, c).text = x
    path = tmp_path / "实施记录.docx"
    d.save(str(path))
    assert not form.is_form(ingest.read(path))


def test_form_without_credit_code_row_is_f_required() -> None:
    from ingest.model import Cell, Table

    rows = [["企业名称", "天津某某机械有限公司"], ["项目名称", "降低焊接不良率"], ["联系人手机", "13812345678"]]
    t = Table(
        rows=[[Cell(text=x, row=r, col=c) for c, x in enumerate(row)] for r, row in enumerate(rows)], n_rows=3, n_cols=2
    )
    doc = Document(
        doc_id="f",
        filename="申报表.docx",
        format="docx",
        blocks=[
            Block(id="b0", kind=BlockKind.paragraph, text="质量攻关项目申报表", source=SourceRef(page=1)),
            Block(id="b1", kind=BlockKind.table, text=t.to_text(), table=t, source=SourceRef(page=2)),
        ],
    )
    assert form.is_form(doc)
    rep = form.check_form(doc)
    assert rules(rep) == ["F-REQUIRED"] and rep.missing_fields == ["统一社会信用代码"]
