"""Build everything under examples/: corpus, submissions, forms, manifest, projects.csv, templates."""

from __future__ import annotations

import csv
import io
import json
import random
import shutil
import tempfile
from pathlib import Path
from typing import Any

from . import templates
from .doc import Para
from .docx_out import write_docx
from .form_out import FormData, write_form
from .identity import COMPANY_STEMS, corrupt_uscc, email, landline, phone
from .package import FORM_NAME, months_over_year, write_missing_parts
from .in_report import INTopic
from .pdf_out import convert_many
from .plan import (
    SEED,
    Built,
    Spec,
    World,
    all_topics,
    build_one,
    file_date,
    findings,
    industry_tick,
    paragraph,
    step_truth,
)
from .pptx_out import DeckStyle, write_pptx
from .reuse import light_edit, paraphrase_cause_intro, reorder

MAIN_NAME = {"pptx": "成果报告.pptx", "docx": "实施记录.docx", "pdf": "成果报告.pdf"}
TYPE_CN = {"problem_solving": "问题解决型", "innovative": "创新型"}


def _company_for(spec: Spec, corpus: dict[str, Built]) -> str | None:
    ref = {"S04": "ps13", "S14": "ps27"}.get(spec.pid)
    if ref:
        for b in corpus.values():
            if b.spec.topic_key == ref:
                return b.report.info["company_key"]
    return None


def build_all() -> tuple[list[Built], list[Built]]:
    from .specs import corpus_specs, submission_specs

    world = World(SEED)
    topics = all_topics()
    seeds: dict[str, int] = {}
    corpus: dict[str, Built] = {}
    cspecs = corpus_specs()
    for spec in cspecs:
        corpus[spec.pid] = build_one(world, spec, topics, seeds)
    subs: list[Built] = []
    for spec in submission_specs(cspecs):
        spec.company_key = _company_for(spec, corpus) or spec.company_key
        if spec.pid == "S11":  # renamed: a different company in the same industry
            src = corpus[spec.seed_from]
            stems = [s for s in COMPANY_STEMS[src.topic.industry] if s not in src.report.info["company_key"]]
            spec.company_key = f"{src.topic.industry}:{stems[2]}"
        b = build_one(world, spec, topics, seeds)
        if spec.pid == "S14":  # same team resubmits: keep the leader
            b.ctx.members[0] = corpus[spec.seed_from].ctx.members[0]
        subs.append(b)
    return list(corpus.values()), subs


# ---- reuse planting ----------------------------------------------------------------------------
def _replace(b: Built, tag: str, new_text: str, new_tag: str | None = None) -> Para:
    p = paragraph(b.report, tag)
    if p is None:
        raise KeyError(f"{b.spec.pid}: no paragraph tagged {tag}")
    p.text = new_text
    if new_tag:
        p.tag = new_tag
    return p


def _reuse(kind: str, source: str, text: str, source_text: str, **extra: Any) -> dict[str, Any]:
    return {"kind": kind, "source": source, "text": text, "source_text": source_text, **extra}


def plant_reuse(corpus: list[Built], subs: list[Built]) -> dict[str, list[dict[str, Any]]]:
    by_topic = {b.spec.topic_key: b for b in corpus}
    by_id = {b.spec.pid: b for b in subs}
    rng = random.Random("reuse")
    out: dict[str, list[dict[str, Any]]] = {b.spec.pid: [] for b in subs}

    # S06: verbatim passages from the 2019 转向节 project (same industry)
    src = by_topic["ps01"]
    s06 = by_id["S06"]
    for tag in ("ca_intro", "im_0", "su_tech"):
        st = paragraph(src.report, tag).text
        _replace(s06, tag, st)
        out["S06"].append(_reuse("verbatim", src.spec.pid, st, st, step=_step_of(s06, tag)))

    # S07: light edits and one paraphrase from the 2022 变电站 project
    src = by_topic["ps06"]
    s07 = by_id["S07"]
    for tag in ("mc_0", "im_0"):
        st = paragraph(src.report, tag).text
        new = light_edit(st, rng)
        _replace(s07, tag, new)
        out["S07"].append(_reuse("light_edit", src.spec.pid, new, st, step=_step_of(s07, tag)))
    st = paragraph(src.report, "ca_intro").text
    para = paraphrase_cause_intro(st)
    if para is None:
        raise ValueError("paraphrase template did not match")
    _replace(s07, "ca_intro", para)
    out["S07"].append(_reuse("paraphrase", src.spec.pid, para, st, step="cause_analysis"))

    # S08: reordered sentences from the 2020 聚丙烯 project, plus one verbatim passage
    src = by_topic["ps09"]
    s08 = by_id["S08"]
    targets = ["im_0", "im_1"]
    for tag in ("im_0", "im_1", "im_2", "mc_0", "mc_1", "mc_2", "mc_3", "mc_4", "mc_5"):
        p = paragraph(src.report, tag)
        new = reorder(p.text, rng) if p is not None else None
        if new is None or not targets:
            continue
        _replace(s08, targets.pop(0), new)
        out["S08"].append(_reuse("reordered", src.spec.pid, new, p.text, step="implement"))
    if targets:
        raise ValueError("not enough multi-sentence passages to reorder")
    st = paragraph(src.report, "ce_money").text
    _replace(s08, "ce_money", st)
    out["S08"].append(_reuse("verbatim", src.spec.pid, st, st, step="check_effect"))

    # S12 <-> S13: S13 took passages from S12 (recorded on both sides)
    s12, s13 = by_id["S12"], by_id["S13"]
    for tag, kind in (("ca_intro", "verbatim"), ("im_1", "verbatim"), ("su_tech", "light_edit"), ("ce_social", "verbatim")):
        st = paragraph(s12.report, tag).text
        new = st if kind == "verbatim" else light_edit(st, rng)
        _replace(s13, tag, new)
        out["S13"].append(_reuse("mutual_copy", "S12", new, st, edit=kind, step=_step_of(s13, tag)))
        out["S12"].append(_reuse("mutual_copy", "S13", st, new, edit=kind, step=_step_of(s12, tag)))

    # S11: the 2022 楼板 project renamed and lightly reworded throughout
    s11 = by_id["S11"]
    src = corpus_by_id(corpus, s11.spec.seed_from)
    src_paras = {p.tag: p.text for _s, p in src.report.paragraphs() if p.tag}
    for _step, p in s11.report.paragraphs():
        if p.tag in ("template", "company", "team", "presenter", "date") or p.style == "label":
            continue
        p.text = light_edit(p.text, rng, min_edits=2)
    for tag in ("st_now", "cs_summary", "cs_symptom", "tg_formula", "mc_result", "im_0", "ce_money"):
        p = paragraph(s11.report, tag)
        if p is not None and tag in src_paras:
            out["S11"].append(_reuse("renamed_project", src.spec.pid, p.text, src_paras[tag], step=_step_of(s11, tag)))

    # S14: last year's project resubmitted by the same company with a near-identical title
    s14 = by_id["S14"]
    src = corpus_by_id(corpus, s14.spec.seed_from)
    src_paras = {p.tag: p.text for _s, p in src.report.paragraphs() if p.tag}
    for tag in ("st_loss", "cs_symptom", "ca_intro", "mc_result", "im_0", "ce_social"):
        p = paragraph(s14.report, tag)
        if p is not None and tag in src_paras:
            out["S14"].append(_reuse("resubmission", src.spec.pid, p.text, src_paras[tag], step=_step_of(s14, tag)))
    return out


def corpus_by_id(corpus: list[Built], pid: str | None) -> Built:
    for b in corpus:
        if b.spec.pid == pid:
            return b
    raise KeyError(pid)


def _step_of(b: Built, tag: str) -> str:
    for step, p in b.report.paragraphs():
        if p.tag == tag:
            return step
    return ""


# ---- forms -------------------------------------------------------------------------------------
def form_data(b: Built) -> FormData:
    r = random.Random(f"form-{b.spec.pid}")
    t = b.topic
    rep = b.report
    code = b.company.credit_code
    if "credit_code_invalid" in b.spec.form_defects:
        code = corrupt_uscc(code)
    if isinstance(t, INTopic):
        background = f"{t.need}。"
        overview = f"小组拟借鉴{t.refs[0][0]}等技术，研制{t.device}，在{t.site}应用。"
        goal = f"{t.metric}由{t.baseline:g}{t.unit}达到{t.target:g}{t.unit}。"
        if "s2_no_numbers" in b.spec.defects:
            background = f"{t.need}，急需加以解决。"
    else:
        background = f"{t.requirement}。该问题影响{t.obj}质量和客户满意度。"
        overview = f"项目在{t.site}开展，运用排列图、因果图等工具，针对{t.symptom}等问题开展攻关。"
        goal = paragraph(rep, "tg_goal").text if paragraph(rep, "tg_goal") else rep.title
    other = "医疗卫生服务" if t.industry.startswith("医院") else ("建筑业" if t.industry == "建筑施工" else "")
    return FormData(
        year=b.spec.year, company=b.company, credit_code=code, contact=b.ctx.members[0].name,
        contact_post=b.ctx.members[0].post, mobile=phone(r), landline=landline(r, b.company.district),
        email=email(r, "".join(r.choice("abcdefghjkmnpqrstwxyz") for _ in range(r.randrange(4, 7)))),
        title=rep.title, ptype=rep.ptype, double_tick="project_type_double_ticked" in b.spec.form_defects,
        industry_tick=industry_tick(t.industry), other_industry=other, background=background, overview=overview,
        goal=goal, benefit=f"预计年创经济效益{r.randrange(12, 160)}万元，{t.industry}领域同类问题可借鉴推广（可从经济效益和社会效益方面进行阐述）。",
    )


# ---- writing -----------------------------------------------------------------------------------
def write_project(b: Built, folder: Path, pdf_jobs: list[tuple[Path, Path]], tmp: Path) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    when = file_date(b)
    author = b.ctx.members[0].name
    files = []
    main = MAIN_NAME[b.spec.fmt]
    if b.spec.fmt == "pptx":
        b.merged_slides = write_pptx(b.report, folder / main, b.spec.style, DeckStyle(**b.spec.deck), when=when, author=author)
    elif b.spec.fmt == "docx":
        write_docx(b.report, folder / main, b.spec.style, b.spec.heading_mode, when=when, author=author)
    else:
        src = tmp / f"{b.spec.pid}.docx"
        write_docx(b.report, src, b.spec.style, b.spec.heading_mode, when=when, author=author)
        pdf_jobs.append((src, folder / main))
    files.append(main)
    if b.spec.form:
        fd = form_data(b)
        b.form_data = fd
        write_form(fd, folder / "申报表.docx", when=when)
        files.append("申报表.docx")
    return files


def _complete_package(b: Built, folder: Path, files: list[str]) -> tuple[dict[str, str], list[dict[str, Any]]]:
    """Add the parts a submission lacks (deck, 实施记录, 申报表) after its own files (gen/package.py)."""
    when = file_date(b)
    parts, conflicts = write_missing_parts(b, folder, when=when, author=b.ctx.members[0].name)
    files.extend(parts.values())
    if not b.spec.form:
        b.form_data = form_data(b)
        write_form(b.form_data, folder / FORM_NAME, when=when)
        files.append(FORM_NAME)
    own = {"deck" if b.spec.fmt in ("pptx", "pdf") else "record": files[0]}
    return {**own, **parts, "form": FORM_NAME}, conflicts


def _meta(b: Built) -> dict[str, Any]:
    return {
        "company": b.company.name, "credit_code": b.company.credit_code, "title": b.report.title,
        "type": b.report.ptype, "target_kind": b.report.target_kind, "industry": b.topic.industry,
    }


def _style_info(b: Built) -> dict[str, Any]:
    info: dict[str, Any] = {"format": b.spec.fmt, "names": b.spec.style.names, "numbering": b.spec.style.numbering,
                            "pdca_grouping": b.spec.style.pdca}
    if b.spec.fmt == "pptx":
        info.update({k: v for k, v in b.spec.deck.items() if k not in ("font_size", "merge_summary")})
        info["slides_with_two_steps"] = b.merged_slides
    else:
        info["heading_mode"] = b.spec.heading_mode
    return info


OUTPUTS = ("corpus", "submissions", "templates", "manifest.json")


def write_all(root: Path) -> dict[str, Any]:
    """Generate into a staging folder, then swap it in, so readers never see a half-written corpus."""
    stage = root / ".staging"
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir()
    manifest = _write_all(stage)
    for name in OUTPUTS:
        old = root / f".old-{name}"
        if old.is_dir():
            shutil.rmtree(old)
        elif old.exists():
            old.unlink()
        if (root / name).exists():
            (root / name).rename(old)
        (stage / name).rename(root / name)
        if old.is_dir():
            shutil.rmtree(old)
        elif old.exists():
            old.unlink()
    shutil.rmtree(stage, ignore_errors=True)
    return manifest


def _write_all(root: Path) -> dict[str, Any]:
    corpus, subs = build_all()
    reuse = plant_reuse(corpus, subs)
    pdf_jobs: list[tuple[Path, Path]] = []
    manifest: dict[str, Any] = {"schema": 1, "generator": "examples/make_examples.py", "seed": SEED,
                                "corpus": [], "submissions": [], "template_texts": templates.ALL}
    with tempfile.TemporaryDirectory(prefix="qcgen-docx-") as tmpname:
        tmp = Path(tmpname)
        rows = []
        for b in corpus:
            rel = f"corpus/{b.spec.year}/{b.spec.pid}"
            files = write_project(b, root / rel, pdf_jobs, tmp)
            present, missing = step_truth(b)
            entry = {"project_id": b.spec.pid, "year": b.spec.year, "dir": rel, "files": files, "main_file": files[0],
                     "form_file": "申报表.docx" if b.spec.form else None, **_meta(b), "award": b.spec.award,
                     "steps_present": present, "steps_missing": missing, "fivew1h": b.fivew1h,
                     "planted_findings": findings(b.spec), "house_style": _style_info(b)}
            manifest["corpus"].append(entry)
            rows.append([f"{b.spec.year}/{b.spec.pid}", b.spec.year, b.company.name, b.company.credit_code, b.report.title,
                         b.report.ptype, b.report.target_kind or "", b.topic.industry, b.spec.award or ""])
        for b in subs:
            rel = f"submissions/2024/{b.spec.pid}"
            files = write_project(b, root / rel, pdf_jobs, tmp)
            package, conflicts = _complete_package(b, root / rel, files)
            present, missing = step_truth(b)
            renamed = b.spec.seed_from if b.spec.pid == "S11" else None
            mutual = {"S12": "S13", "S13": "S12"}.get(b.spec.pid)
            entry = {"submission_id": b.spec.pid, "dir": rel, "files": files, "main_file": files[0],
                     "form_file": FORM_NAME, **_meta(b), "package": package, "package_conflicts": conflicts,
                     "package_over_year": months_over_year(conflicts), "form_added": not b.spec.form,
                     "steps_present": present, "steps_missing": missing, "fivew1h": b.fivew1h,
                     "planted_findings": findings(b.spec), "form_defects": sorted(b.spec.form_defects),
                     "form_credit_code": b.form_data.credit_code if b.form_data else None,
                     "reuse": reuse.get(b.spec.pid, []), "renamed_from": renamed, "mutual_copy_with": mutual,
                     "resubmission_of": b.spec.seed_from if b.spec.pid == "S14" else None,
                     "clean": not (b.spec.defects or b.spec.form_defects or reuse.get(b.spec.pid) or renamed or mutual or conflicts),
                     "corrupt": False, "note": b.spec.note, "house_style": _style_info(b)}
            manifest["submissions"].append(entry)
        convert_many(pdf_jobs)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["path", "year", "company", "credit_code", "title", "type", "target_kind", "industry", "award"])
    w.writerows(rows)
    (root / "corpus" / "projects.csv").write_text(buf.getvalue(), encoding="utf-8")
    (root / "templates").mkdir(parents=True, exist_ok=True)
    (root / "templates" / "organiser_template.txt").write_text(templates.template_file_text(), encoding="utf-8")
    (root / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return manifest
