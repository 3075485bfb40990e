"""Fixtures for the service tests: small QC project reports written as real DOCX/TXT files (python-docx),
a tiny corpus with a manifest, and a batch with a planted copy — independent of examples/."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest
from docx import Document as DocxDocument

_POOL = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]

STEPS = [
    ("一、选择课题", "选题理由：本车间{unit}故障频发，{year}年1—6月平均每月停机{n}次，影响交付。"),
    ("二、现状调查", "小组对{n}次停机逐项统计，用排列图分析，症结为轴承磨损，占比{p}%。"),
    ("三、设定目标", "目标：将月均停机次数由{n}次降低到{m}次以下。"),
    ("四、原因分析", "小组用鱼骨图从人、机、料、法、环、测六方面分析，找到末端原因8条。"),
    ("五、确定主要原因", "对末端原因逐条现场测量确认，确定主要原因为润滑周期过长和备件质量不稳定。"),
    ("六、制定对策", "按5W1H制定对策表，明确对策、目标、措施、地点、时间和负责人。"),
    ("七、对策实施", "实施一：润滑周期由30天缩短为15天；实施二：建立备件入厂检验制度。"),
    ("八、效果检查", "活动后月均停机{m}次，目标实现，节约维修费用{k}万元。"),
    ("九、制定巩固措施", "将新的润滑周期纳入设备点检标准，巩固期3个月停机均未超过{m}次。"),
    ("十、总结和下一步打算", "小组成员的质量意识和解决问题能力明显提高，下一步将攻关电机过热问题。"),
]


def filler(seed: int, sentences: int = 6) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(sentences):
        n = rng.randint(24, 40)
        out.append("".join(rng.choice(_POOL) for _ in range(n)) + "。")
    return out


def sections(seed: int, unit: str = "包装线", drop: tuple[str, ...] = ()) -> list[tuple[str, list[str]]]:
    rng = random.Random(seed)
    vals = {
        "unit": unit,
        "year": 2020 + seed % 4,
        "n": rng.randint(9, 20),
        "m": rng.randint(2, 5),
        "p": rng.randint(60, 80),
        "k": rng.randint(5, 30),
    }
    out = []
    for i, (head, body) in enumerate(STEPS):
        if any(d in head for d in drop):
            continue
        out.append((head, [body.format(**vals), *filler(seed * 100 + i, 3)]))
    return out


def write_docx(path: Path, title: str, secs: list[tuple[str, list[str]]], table: bool = True) -> Path:
    d = DocxDocument()
    d.add_heading(title, level=0)
    for head, paras in secs:
        d.add_heading(head, level=1)
        for p in paras:
            d.add_paragraph(p)
        if table and head.endswith("制定对策"):
            rows = [
                ["序号", "要因", "对策", "目标", "措施", "地点", "完成时间", "负责人"],
                ["1", "润滑周期过长", "缩短润滑周期", "周期≤15天", "修订点检表", "包装车间", "2023年5月", "张伟"],
                ["2", "备件质量不稳定", "入厂检验", "合格率100%", "建立检验制度", "备件库", "2023年6月", "李娜"],
            ]
            t = d.add_table(rows=len(rows), cols=len(rows[0]))
            for r, row in enumerate(rows):
                for c, text in enumerate(row):
                    t.cell(r, c).text = text
    path.parent.mkdir(parents=True, exist_ok=True)
    d.save(str(path))
    return path


def write_txt(path: Path, title: str, secs: list[tuple[str, list[str]]]) -> Path:
    lines = [title]
    for head, paras in secs:
        lines.append(head)
        lines.extend(paras)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def _strict(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QCSCREEN_STRICT", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")


@pytest.fixture
def mini(tmp_path: Path) -> dict[str, Path]:
    """corpus/ (3 past projects + projects.csv) and batch/ (S01 copies P2021-01, S02 original,
    S03 misses two steps, S04 a loose file)."""
    corpus = tmp_path / "corpus"
    rows = []
    for i, (year, company, unit) in enumerate(
        [
            (2021, "天津滨海精工机械有限公司", "冲压线"),
            (2022, "天津港通物流有限公司", "吊装设备"),
            (2023, "滨海化工股份有限公司", "反应釜"),
        ]
    ):
        pid = f"P{year}-01"
        title = f"降低{unit}故障停机次数"
        write_docx(corpus / str(year) / pid / "成果报告.docx", title, sections(10 + i, unit))
        rows.append(
            {
                "path": f"{year}/{pid}",
                "year": year,
                "company": company,
                "credit_code": "",
                "title": title,
                "type": "problem_solving",
                "target_kind": "self_set",
                "industry": "制造",
                "award": "一等奖" if i == 0 else "",
            }
        )
    with (corpus / "projects.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    batch = tmp_path / "batch"
    write_docx(batch / "S01" / "成果报告.docx", "降低冲压线故障停机次数", sections(10, "冲压线"))  # copy of P2021-01
    write_docx(batch / "S02" / "成果报告.docx", "提高焊接一次合格率", sections(50, "焊接工位"))
    write_docx(
        batch / "S03" / "成果报告.docx", "降低空压机能耗", sections(60, "空压机", drop=("原因分析", "确定主要原因"))
    )
    write_txt(batch / "S04.txt", "减少注塑件缩痕缺陷", sections(70, "注塑机"))
    return {"corpus": corpus, "manifest": corpus / "projects.csv", "batch": batch, "tmp": tmp_path}
