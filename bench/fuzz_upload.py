"""Fuzz the upload routes (POST /api/drafts, POST /api/jobs/upload) for bench/fuzz.py.

The real app (`service.api.create_app`, production mode: `QCSCREEN_STRICT=0`) behind FastAPI's
TestClient; hypothesis draws requests: well-formed multipart bodies carrying mutated real files under
hostile names and part headers, multipart bodies cut or corrupted, bodies that lie about their type,
missing or wrong keys. Every answer must be below 500 and, when an error, the JSON error body with a
Chinese message. A 5xx (or an exception out of the app) is a finding, kept under
tests/service/fuzz_cases/ as JSON (headers + base64 body) and replayed by tests/service/test_fuzz_cases.py.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from fuzz_mutate import cases, seeds
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from hypothesis.errors import Flaky

REPO = Path(__file__).resolve().parents[1]
UPLOAD_CASES = REPO / "tests" / "service" / "fuzz_cases"
NAMES = st.one_of(
    st.text(min_size=0, max_size=300),
    st.sampled_from(["../../etc/passwd", "..\\..\\boot.ini", "a\x00b.pptx", "成果报告.pptx", "x" * 5000 + ".docx", ""]),
)


@dataclass(frozen=True)
class Request:
    path: str
    headers: dict[str, str]
    body: bytes
    note: str


def _multipart(fields: list[tuple[str, str | None, str | None, bytes]], boundary: str) -> bytes:
    out = b""
    for name, filename, ctype, data in fields:
        disp = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename is not None else "")
        out += f"--{boundary}\r\nContent-Disposition: {disp}\r\n".encode("utf-8", "surrogatepass")
        if ctype is not None:
            out += f"Content-Type: {ctype}\r\n".encode("utf-8", "surrogatepass")
        out += b"\r\n" + data + b"\r\n"
    return out + f"--{boundary}--\r\n".encode()


@st.composite
def requests(draw: st.DrawFn, pools: dict[str, dict[str, bytes]], key: str) -> Request:
    reader = draw(st.sampled_from(sorted(pools)))
    case = draw(cases(reader, pools[reader]))
    name = draw(NAMES)
    ctype = draw(st.sampled_from([None, "application/octet-stream", "text/plain", "x/\r\ny", "a" * 2000]))
    boundary = draw(st.sampled_from(["qcsfuzz", "b" * 70, "x;y=z"]))
    route = draw(st.sampled_from(["/api/drafts", "/api/jobs/upload"]))
    field = "file" if route == "/api/drafts" else "files"
    fields: list[tuple[str, str | None, str | None, bytes]] = [(field, name, ctype, case.data)]
    if route == "/api/jobs/upload":
        fields.append(("year", None, None, draw(st.sampled_from([b"2024", b"-1", b"abc", b"9" * 40]))))
    body = _multipart(fields, boundary)
    shape = draw(st.sampled_from(["whole", "whole", "cut", "flip", "json", "no_key"]))
    headers = {"X-API-Key": key, "Content-Type": f"multipart/form-data; boundary={boundary}"}
    if shape == "cut":
        body = body[: int(draw(st.floats(0, 1)) * len(body))]
    elif shape == "flip":
        buf = bytearray(body)
        for _ in range(draw(st.integers(1, 8))):
            buf[int(draw(st.floats(0, 1, exclude_max=True)) * len(buf))] = draw(st.integers(0, 255))
        body = bytes(buf)
    elif shape == "json":
        headers["Content-Type"] = "application/json"
    elif shape == "no_key":
        headers["X-API-Key"] = draw(st.sampled_from(["", "qcs_bad", "x" * 3000]))
    return Request(route, headers, body, f"{reader}:{case.seed} {';'.join(case.ops)} name={name[:40]!r} {shape}")


def _check(resp: Any) -> str | None:
    """None when the answer is acceptable, else what is wrong with it."""
    if resp.status_code >= 500:
        return f"HTTP {resp.status_code}: {resp.text[:300]}"
    if resp.status_code >= 400:
        try:
            err = resp.json()["error"]
        except (ValueError, KeyError, TypeError):
            return f"HTTP {resp.status_code} without the JSON error body: {resp.text[:300]}"
        if not err.get("message") or str(err["message"]).isascii():
            return f"HTTP {resp.status_code} without a Chinese message: {err}"
    return None


def save_request(req: Request, problem: str) -> Path:
    digest = hashlib.sha256(req.body + req.path.encode()).hexdigest()[:12]
    path = UPLOAD_CASES / f"{digest}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    record = {
        "path": req.path,
        "headers": req.headers | {"X-API-Key": "<recommender key>"} if req.headers.get("X-API-Key") else req.headers,
        "body_base64": base64.b64encode(req.body).decode(),
        "note": req.note,
        "found": problem,
    }
    path.write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def fuzz_upload(budget_s: float) -> list[str]:
    """Run for `budget_s`; return the lines of the results section."""
    os.environ["QCSCREEN_STRICT"] = "0"  # production: a reader bug is a failed file, not a crash
    from service.api import create_app
    from service.settings import Settings

    pools = {r: seeds(r) for r in ("pptx", "docx", "pdf")}
    statuses: Counter[int] = Counter()
    findings: list[tuple[Request, str]] = []
    slowest = 0.0
    with tempfile.TemporaryDirectory(prefix="qcs-fuzz-") as tmp:
        settings_ = Settings(db=Path(tmp) / "corpus.sqlite", data_dir=Path(tmp) / "data", semantic=False)
        with TestClient(create_app(settings_), raise_server_exceptions=False) as client:
            key = client.app.state.services.keys.create("reviewer", "fuzz")  # type: ignore[attr-defined]
            deadline = time.monotonic() + budget_s
            round_no = 0
            failing: list[tuple[Request, str]] = []
            while time.monotonic() < deadline:
                failing.clear()

                @settings(
                    max_examples=20,
                    deadline=None,
                    database=None,
                    phases=[Phase.generate, Phase.shrink],
                    suppress_health_check=list(HealthCheck),
                )
                @given(req=requests(pools, key))
                @seed(round_no)
                def one(req: Request) -> None:
                    nonlocal slowest
                    if time.monotonic() > deadline + 60:
                        return
                    t0 = time.monotonic()
                    resp = client.post(req.path, headers=req.headers, content=req.body)
                    slowest = max(slowest, time.monotonic() - t0)
                    statuses[resp.status_code] += 1
                    problem = _check(resp)
                    if problem:
                        failing.append((req, problem))
                        raise AssertionError(problem)

                try:
                    one()
                except (AssertionError, Flaky):
                    findings.append(failing[-1])
                round_no += 1
    saved = [f"{problem[:120]} → `{save_request(req, problem).relative_to(REPO)}`" for req, problem in findings]
    total = sum(statuses.values())
    return [
        "## Upload route",
        "",
        f"{total} requests in {budget_s:g} s to `POST /api/drafts` and `POST /api/jobs/upload` (the real app, "
        "production mode, TestClient): mutated real files under hostile names and part headers, cut and corrupted "
        "multipart bodies, wrong content types, missing and wrong keys.",
        "",
        "| status | requests |",
        "|---|---:|",
        *[f"| {code} | {n} |" for code, n in sorted(statuses.items())],
        "",
        f"5xx or malformed error answers: {sum(n for c, n in statuses.items() if c >= 500)} responses, "
        f"{len(findings)} distinct findings"
        + (" — " + "; ".join(saved) if saved else "")
        + f". Slowest request {slowest:.1f} s.",
    ]
