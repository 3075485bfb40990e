"""The 申报表 (application form): read its fields and check them.

Two layouts are read (see shared/seeds):
* label/value cells — the Tianjin 2023 立项申报表 (seed 004 附件1): "企业名称 | value", "统一社会信用代码 |
  value | 推荐单位 | value", tick rows "企业规模 | ☑大型 □中型 □小型 □微型", merged value cells;
* a header row with data rows below — the Binhai 2019 重点项目申报表 (seed 002 附件2): "序号 | 申报单位名称 |
  统一社会信用代码 | 行业 | 所在区 | 项目名称 | 项目负责人 | 联系方式 | 电子邮箱";
plus "label：value" text in paragraphs or cells.

Checks (finding rule ids): F-REQUIRED (a field the form asks for is empty), F-CODE (统一社会信用代码 fails
GB 32100-2015), F-TICK (企业规模 / 项目类型 not ticked exactly once, 所属产业 not ticked), F-PHONE, F-EMAIL,
F-TITLE (项目名称 differs from the deck's title). `FormReport.project_type` / `.target_kind` come from the
项目类型 tick for the project-type decision. The rule F (nlp.rules_evidence) reports its findings.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from pydantic import BaseModel, Field

from ingest.model import BlockKind, Document

from . import credit_code
from .credit_code import CodeCheck
from .findings import Finding, Severity
from .normalize import fold, normalize

# key -> (name used in messages, label aliases)
FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "company": (
        "企业名称",
        ("企业名称", "申报单位名称", "申报单位", "单位名称", "企业全称", "申报企业", "申报企业名称"),
    ),
    "credit_code": ("统一社会信用代码", ("统一社会信用代码", "社会信用代码", "信用代码", "统一社会信用代码证号")),
    "recommender": ("推荐单位", ("推荐单位", "推荐部门")),
    "size": ("企业规模", ("企业规模", "单位规模")),
    "industry": ("所属产业", ("企业所属产业", "所属产业", "所属领域", "产业领域", "所属行业", "产业", "行业")),
    "district": ("所在区", ("所在区", "所在区域", "所在地区", "所属区")),
    "nature": ("企业性质", ("企业性质", "单位性质")),
    "project_name": ("项目名称", ("项目名称", "课题名称", "成果名称", "攻关项目名称")),
    "project_type": ("项目类型", ("项目类型", "课题类型", "成果类型")),
    "contact": ("联系人", ("单位申报联系人及职务", "联系人及职务", "申报联系人", "联系人", "联系人姓名")),
    "mobile": ("联系人手机", ("联系人手机", "手机", "手机号码", "联系方式", "联系电话", "手机号")),
    "phone": ("固定电话", ("固定电话", "座机", "办公电话", "电话")),
    "email": ("电子邮箱", ("电子邮箱", "邮箱", "电子邮件", "email", "e-mail", "邮件地址")),
    "leader": ("项目负责人", ("项目负责人及联系方式", "项目负责人", "负责人")),
    "period": ("起止时间", ("起止时间", "项目起止时间", "实施周期", "活动时间", "项目周期")),
    "background": ("项目背景意义", ("项目背景意义", "项目背景", "背景意义", "背景及意义")),
    "intro": ("项目基本情况介绍", ("项目基本情况介绍", "项目简介", "基本情况介绍", "项目概况", "简介", "项目介绍")),
    "goal": ("质量攻关目标", ("质量攻关目标", "攻关目标", "项目目标")),
    "expected": ("预期成效", ("预期成效", "预期效益", "预期效果")),
    "opinion": ("申报单位意见", ("申报单位意见", "推荐单位意见", "单位意见")),
    "serial": ("序号", ("序号",)),
}
NOT_REQUIRED = {"opinion", "serial", "phone", "period", "nature"}
ALWAYS_REQUIRED = ("company", "credit_code", "project_name")
TICK_OPTIONS: dict[str, tuple[str, ...]] = {
    "size": ("大型", "中型", "小型", "微型"),
    "project_type": ("问题解决型", "创新型"),
    "target_kind": ("自定目标", "指令性目标"),
    "industry": (
        "信创",
        "高端装备",
        "集成电路",
        "车联网",
        "新能源",
        "航空航天",
        "新材料",
        "汽车及新能源汽车",
        "生物医药",
        "中医药",
        "绿色石化",
        "轻纺",
        "其他",
    ),
}
# an enterprise may belong to several industries ("☑高端装备 ☑新能源"; seen fresh2 g21, g56): ticking
# more than one is no defect there, ticking none still is
MULTI_CHOICE = frozenset({"industry"})
TICKED = "☑✅■√✓✔☒▣◼●"
UNTICKED = "□☐○◯〇口"
_BOXES = TICKED + UNTICKED + "(（"
_HINT = re.compile(r"[（(][^（）()]{0,40}[）)]|年\s*月\s*日|公章")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^(?:0\d{2,3})?\d{7,8}(?:转\d{1,6})?$")
_EMAIL = re.compile(r"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}$")
TITLE_MIN_SIMILARITY = 0.8
_LABEL_PREFIXES = {"单位申报", "申报单位", "单位", "企业", "项目", "申报", "课题", "本单位", "申报企业"}
_LABEL_INDEX = sorted(
    ((fold(a).text, key) for key, (_, aliases) in FIELDS.items() for a in aliases), key=lambda x: -len(x[0])
)


def label_key(text: str) -> str | None:
    """The field a label cell names ("企业所属产业（划√）" → "industry"), None for a value cell."""
    t = re.sub(r"[（(][^）)]*[）)]", "", normalize(text))
    f = fold(t).text
    if not f or len(f) > 14:
        return None
    for alias, key in _LABEL_INDEX:
        if f == alias:
            return key
    for alias, key in _LABEL_INDEX:
        if len(alias) < 2:
            continue
        if f.startswith(alias) and len(f) - len(alias) <= 5:
            return key
        if f.endswith(alias) and f[: len(f) - len(alias)] in _LABEL_PREFIXES:
            return key
    return None


def exact_label(text: str) -> bool:
    t = re.sub(r"[（(][^）)]*[）)]", "", normalize(text))
    f = fold(t).text
    return any(f == alias for alias, _ in _LABEL_INDEX)


def blank(value: str) -> bool:
    t = _HINT.sub("", normalize(value))
    return not fold(t).text


class Tick(BaseModel):
    options: list[str]  # options found on the form
    ticked: list[str]
    boxed: bool  # the options carry boxes (a tick field), not typed text


_TICK_CLASS = "[" + TICKED + "]"
_MARK_CLASS = "[" + TICKED + UNTICKED + "]"
_TICKED_WORD = re.compile(rf"{_TICK_CLASS}\s*([\u4e00-\u9fffA-Za-z][\u4e00-\u9fffA-Za-z0-9]{{1,15}})")
_PRE_MARK = re.compile(rf"({_MARK_CLASS})\s*$")
_PRE_BRACKET = re.compile(rf"[(（]\s*({_TICK_CLASS}?)\s*[)）]\s*$")
_PRE_LOST = re.compile(r"[(（]\s*$")  # a Wingdings box that came out as "("
_POST_BRACKET = re.compile(rf"^\s?[(（]\s*({_TICK_CLASS}?)\s*[)）]")
_POST_MARK = re.compile(rf"^({_TICK_CLASS})")


def _mark(m: re.Match[str] | None) -> bool | None:
    """None: no box; True: ticked box; False: empty box."""
    if m is None:
        return None
    g = m.group(1) if m.groups() else ""
    return bool(g) and g in TICKED


def parse_ticks(text: str, options: tuple[str, ...]) -> Tick:
    """Which options of a tick field are ticked. Boxes before the option (☑大型 □中型, (√)大型) or,
    when the form puts them after, right after it (大型√, 大型（√）)."""
    t = normalize(text)
    spots: list[tuple[int, str, bool | None, bool | None]] = []  # start, option, prefix mark, suffix mark
    taken: list[tuple[int, int]] = []
    for opt in sorted(options, key=len, reverse=True):
        start = t.find(opt)
        while start >= 0 and any(s0 <= start < e0 for s0, e0 in taken):
            start = t.find(opt, start + 1)
        if start < 0:
            continue
        end = start + len(opt)
        taken.append((start, end))
        pre, post = t[max(0, start - 4) : start], t[end : end + 4]
        prefix = _mark(_PRE_MARK.search(pre)) if _PRE_MARK.search(pre) else _mark(_PRE_BRACKET.search(pre))
        if prefix is None and _PRE_LOST.search(pre):
            prefix = False
        suffix = _mark(_POST_BRACKET.match(post)) if _POST_BRACKET.match(post) else _mark(_POST_MARK.match(post))
        spots.append((start, opt, prefix, suffix))
    spots.sort()
    suffix_style = bool(spots) and spots[0][2] is None and any(sp[3] is not None for sp in spots)
    marks = [(opt, suf if suffix_style else pre) for _, opt, pre, suf in spots]
    order = {o: k for k, o in enumerate(options)}
    found = sorted((o for o, _ in marks), key=lambda o: order[o])
    ticked = sorted((o for o, m in marks if m), key=lambda o: order[o])
    return Tick(options=found, ticked=ticked, boxed=any(m is not None for _, m in marks))


class FormReport(BaseModel):
    is_form: bool = True
    kind: str = "generic"  # "tianjin_2023" | "binhai_2019" | "generic"
    fields: dict[str, str] = Field(default_factory=dict)
    labels: dict[str, str] = Field(default_factory=dict)  # key -> the label as written
    pages: dict[str, int] = Field(default_factory=dict)
    ticks: dict[str, Tick] = Field(default_factory=dict)
    missing_fields: list[str] = Field(default_factory=list)  # Chinese field names
    credit_code: CodeCheck | None = None
    project_type: str | None = None  # "problem_solving" | "innovative"
    target_kind: str | None = None  # "self_set" | "directive"
    title_similarity: float | None = None
    findings: list[Finding] = Field(default_factory=list)


# ------------------------------------------------------------------------------------------ reading


def _put(rep: FormReport, key: str, label: str, value: str, page: int) -> None:
    if key in rep.fields and not blank(rep.fields[key]):
        return
    rep.fields[key] = value.strip()
    rep.labels[key] = label.strip()
    rep.pages[key] = page


def _read_tables(doc: Document, rep: FormReport) -> None:
    for b in doc.blocks:
        if b.kind != BlockKind.table or b.table is None:
            continue
        t = b.table
        g = t.grid()
        page = b.source.page
        r = 0
        while r < t.n_rows:
            cells = [(j, g[r][j]) for j in range(t.n_cols) if g[r][j] is not None]
            keys: list[tuple[int, str | None, str | None]] = []
            for j, txt in cells:
                key = label_key(txt or "")
                if key and keys and keys[-1][2] and not exact_label(txt or ""):
                    key = None  # right of a label is its value ("张三 技术负责人" is not the 负责人 label)
                keys.append((j, txt, key))
            label_cells = [k for k in keys if k[2]]
            if len(label_cells) >= 3 and len(label_cells) >= len(keys) - 1 and r + 1 < t.n_rows:
                # header row: the first data row below holds the values
                rep.kind = "binhai_2019" if rep.kind == "generic" else rep.kind
                fg = t.filled_grid()
                data = next(
                    (
                        fg[k]
                        for k in range(r + 1, t.n_rows)
                        if any(fg[k][j].strip() for j, _, key in label_cells if key != "serial")
                    ),
                    None,
                )
                for j, txt, key in label_cells:
                    _put(rep, str(key), str(txt), data[j] if data else "", page)
                r += 1
                continue
            for n, (j, txt, key) in enumerate(keys):
                if not key:
                    continue
                if n + 1 < len(keys) and not keys[n + 1][2]:
                    value = str(keys[n + 1][1])
                elif n + 1 < len(keys):
                    value = ""
                elif r + 1 < t.n_rows and g[r + 1][j] and not label_key(str(g[r + 1][j])):
                    value = str(g[r + 1][j])  # label above its value
                else:
                    inline = re.split(r"[：:]", str(txt), maxsplit=1)
                    value = inline[1] if len(inline) == 2 else ""
                _put(rep, key, str(txt), value, page)
            r += 1


def _read_inline(doc: Document, rep: FormReport) -> None:
    for b in doc.blocks:
        if b.kind == BlockKind.table:
            continue
        for line in normalize(b.text).split("\n"):
            m = re.match(r"^\s*([^：:]{2,16})[：:]\s*(.*)$", line)
            if m:
                key = label_key(m.group(1))
                if key and not blank(m.group(2)):  # a blank "推荐单位(公章):" line is for the recommender
                    _put(rep, key, m.group(1), m.group(2), b.source.page)


def read_fields(doc: Document) -> FormReport:
    rep = FormReport()
    _read_tables(doc, rep)
    _read_inline(doc, rep)
    if rep.kind == "generic" and ("size" in rep.fields or "project_type" in rep.fields):
        rep.kind = "tianjin_2023"
    return rep


def is_form(doc: Document) -> bool:
    """A 申报表: the words 申报表/登记表/推荐表 and at least three field labels, or five labels alone."""
    rep = read_fields(doc)
    labels = set(rep.fields) - {"serial", "opinion"}
    named = any(w in doc.text[:400] or w in (doc.title or "") for w in ("申报表", "登记表", "推荐表", "申请表"))
    core = labels & {"company", "credit_code", "project_name"}
    return (named and len(labels) >= 3 and bool(core)) or (len(labels) >= 5 and len(core) >= 2)


# ----------------------------------------------------------------------------------------- checking


def _numbers_in(value: str) -> list[str]:
    t = normalize(value)
    t = re.sub(r"(?<=\d)[\s\-－—](?=\d)", "", t)  # 022-5895 0677, 138 0000 0000
    t = re.sub(r"^\+?86", "", t)
    return re.findall(r"\d[\d转]{5,}\d", t)


def phone_ok(value: str, mobile_only: bool = False) -> bool:
    nums = _numbers_in(value)
    if not nums:
        return False
    for n in nums:
        n = re.sub(r"^86(?=1\d{10}$)", "", n)
        if _MOBILE.match(n):
            continue
        if not mobile_only and _LANDLINE.match(n) and not n.startswith("1"):
            continue
        return False
    return True


def email_ok(value: str) -> bool:
    parts = [p for p in re.split(r"[\s,，;；、/]+", normalize(value).strip()) if p]
    return bool(parts) and all(_EMAIL.match(p) for p in parts)


def title_similarity(a: str, b: str) -> float:
    strip = re.compile(r"[《》“”\"'（）()]|^关于|的?(项目|课题)$")
    fa, fb = fold(strip.sub("", normalize(a))).text, fold(strip.sub("", normalize(b))).text
    if not fa or not fb:
        return 0.0
    if fa in fb or fb in fa:
        return min(len(fa), len(fb)) / max(len(fa), len(fb)) if min(len(fa), len(fb)) < 6 else 1.0
    return SequenceMatcher(None, fa, fb, autojunk=False).ratio()


def _finding(rule: str, sev: Severity, msg: str, pages: list[int], evidence: str | None = None) -> Finding:
    return Finding(rule=rule, severity=sev, message=msg, pages=sorted(set(pages)), step=None, evidence=evidence)


def _check_ticks(rep: FormReport) -> list[Finding]:
    """企业规模 / 项目类型 ticked exactly once, 所属产业 at least once; the 项目类型 tick gives the project type."""
    f = rep.fields
    out: list[Finding] = []
    for key in ("size", "project_type", "industry"):
        if key not in f:
            continue
        tick = parse_ticks(f[key], TICK_OPTIONS[key])
        if key == "project_type":
            tk = parse_ticks(f[key], TICK_OPTIONS["target_kind"])
            if len(tk.ticked) == 1:
                rep.target_kind = "self_set" if tk.ticked[0] == "自定目标" else "directive"
        if not tick.boxed:
            if key == "industry" and not blank(f[key]):
                continue  # typed free text (the Binhai 行业 column)
            if len(tick.options) == 1:
                tick = tick.model_copy(update={"ticked": tick.options})
        if tick.boxed and not tick.ticked and (other := _TICKED_WORD.search(normalize(f[key]))):
            # a ticked box before an option this form's list does not know ("☑摩托车及零部件" on another
            # region's form, seen fresh3 h20): the field is ticked
            tick = tick.model_copy(update={"ticked": [other.group(1)]})
        rep.ticks[key] = tick
        name = FIELDS[key][0]
        if tick.boxed and not tick.ticked:
            out.append(_finding("F-TICK", Severity.major, f"申报表“{name}”未勾选任何选项", [rep.pages[key]]))
        elif len(tick.ticked) > 1 and key not in MULTI_CHOICE:
            out.append(
                _finding(
                    "F-TICK",
                    Severity.major,
                    f"申报表“{name}”勾选了多项（{'、'.join(tick.ticked)}），应只勾选一项",
                    [rep.pages[key]],
                )
            )
    pt = rep.ticks.get("project_type")
    if pt and len(pt.ticked) == 1:
        rep.project_type = "problem_solving" if pt.ticked[0] == "问题解决型" else "innovative"
    return out


def _check_required(rep: FormReport) -> list[Finding]:
    f = rep.fields
    first_page = min(rep.pages.values(), default=1)
    missing = [
        FIELDS[key][0] for key, value in f.items() if key not in NOT_REQUIRED and key not in rep.ticks and blank(value)
    ]
    missing += [FIELDS[key][0] for key in ALWAYS_REQUIRED if key not in f]
    if "mobile" not in f and "phone" not in f and "leader" not in f:
        missing.append("联系电话")
    elif "mobile" in f and blank(f["mobile"]) and "phone" in f and not blank(f["phone"]):
        missing = [m for m in missing if m != FIELDS["mobile"][0]]
    rep.missing_fields = list(dict.fromkeys(missing))
    if not rep.missing_fields:
        return []
    pages = [rep.pages.get(k, first_page) for k in f if FIELDS[k][0] in rep.missing_fields] or [first_page]
    return [_finding("F-REQUIRED", Severity.major, f"申报表必填项未填写：{'、'.join(rep.missing_fields)}", pages)]


def _check_code(rep: FormReport) -> list[Finding]:
    """统一社会信用代码 against GB 32100-2015."""
    code = rep.fields.get("credit_code", "")
    if blank(code):
        return []
    chk = credit_code.validate(code)
    rep.credit_code = chk
    if chk.valid:
        return []
    return [
        _finding(
            "F-CODE",
            Severity.major,
            f"统一社会信用代码“{chk.code}”无效：{chk.reason}",
            [rep.pages["credit_code"]],
            chk.code,
        )
    ]


def _check_contacts(rep: FormReport) -> list[Finding]:
    f = rep.fields
    out: list[Finding] = []
    for key in ("mobile", "phone"):
        v = f.get(key, "")
        if not blank(v) and not phone_ok(v):
            out.append(
                _finding(
                    "F-PHONE",
                    Severity.minor,
                    f"申报表“{rep.labels.get(key, FIELDS[key][0])}”号码格式不正确：{v.strip()}",
                    [rep.pages[key]],
                    v,
                )
            )
    lead = f.get("leader", "")
    if "联系" in rep.labels.get("leader", "") and not blank(lead) and _numbers_in(lead) and not phone_ok(lead):
        out.append(
            _finding(
                "F-PHONE", Severity.minor, f"项目负责人联系电话格式不正确：{lead.strip()}", [rep.pages["leader"]], lead
            )
        )
    em = f.get("email", "")
    if not blank(em) and not email_ok(em):
        out.append(_finding("F-EMAIL", Severity.minor, f"电子邮箱格式不正确：{em.strip()}", [rep.pages["email"]], em))
    return out


def _check_title(rep: FormReport, deck_title: str | None) -> list[Finding]:
    """项目名称 vs the deck's title."""
    name = rep.fields.get("project_name", "")
    if not deck_title or blank(name):
        return []
    sim = round(title_similarity(name, deck_title), 3)
    rep.title_similarity = sim
    if sim >= TITLE_MIN_SIMILARITY:
        return []
    return [
        _finding(
            "F-TITLE",
            Severity.major,
            f"申报表项目名称“{name.strip()}”与成果报告题目“{deck_title.strip()}”不一致（相似度{sim:.2f}）",
            [rep.pages["project_name"]],
            name,
        )
    ]


def check_form(doc: Document, deck_title: str | None = None) -> FormReport:
    """Read the fields, then check ticks, required fields, the credit code, phone/e-mail and the title."""
    rep = read_fields(doc)
    rep.is_form = is_form(doc)
    rep.findings = (
        _check_ticks(rep)
        + _check_required(rep)
        + _check_code(rep)
        + _check_contacts(rep)
        + _check_title(rep, deck_title)
    )
    return rep
