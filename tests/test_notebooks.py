"""Execute notebooks/calibration.ipynb headless so the calibration never goes stale.

The kernel is this interpreter (the venv's python), declared in a temporary kernelspec so a fresh
machine needs no `ipykernel install`. Needs the e5 model (`make model`) and the example corpus.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
NOTEBOOK = REPO / "notebooks" / "calibration.ipynb"


def run_notebook(path: Path, jupyter_dir: Path, timeout_s: int = 600):
    import nbformat
    from nbclient import NotebookClient

    spec = jupyter_dir / "kernels" / "qcscreen-venv"
    spec.mkdir(parents=True, exist_ok=True)
    (spec / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "qcscreen venv",
                "language": "python",
            }
        ),
        encoding="utf-8",
    )
    os.environ["JUPYTER_PATH"] = str(jupyter_dir) + os.pathsep + os.environ.get("JUPYTER_PATH", "")
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        kernel_name="qcscreen-venv",
        timeout=timeout_s,
        resources={"metadata": {"path": str(REPO)}},
        allow_errors=False,
    )
    client.execute()
    return nb


@pytest.mark.slow
def test_calibration_notebook_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from index.embed import model_available

    if not (REPO / "examples" / "manifest.json").is_file():
        pytest.fail("examples/manifest.json missing: run `make examples`")
    if not model_available():
        pytest.fail("the e5 model is not built: run `make model`")
    monkeypatch.setenv("JUPYTER_PATH", os.environ.get("JUPYTER_PATH", ""))
    nb = run_notebook(NOTEBOOK, tmp_path / "jupyter")
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    assert any("image/png" in o.get("data", {}) for o in outputs)  # the figures were drawn
