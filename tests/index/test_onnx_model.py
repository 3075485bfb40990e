# ruff: noqa: F811  (pytest fixtures imported from semantic_fixtures are used as parameters)
"""index.onnx_model + index.embed.OnnxE5Encoder: the ONNX export of e5 (checksummed, idempotent) gives
the reference encoder's vectors, loads lazily and without torch."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from index import models, onnx_model
from index.embed import E5Encoder, ModelNotBuiltError, OnnxE5Encoder, load_encoder
from tests.index.semantic_fixtures import e5_encoder, e5_model_dir, e5_onnx_dir, e5_onnx_encoder  # noqa: F401

pytestmark = pytest.mark.slow

TEXTS = [
    "通过优化焊接参数，降低车身焊接不良率",
    "调整焊接工艺参数，减少车身焊缝缺陷的比例。",
    "降低，ＡＢＣ；（测试）",
    "現狀調查表明虛焊佔比65.3%，是主要症結",
    "QC",
    # longer than 512 tokens: truncated as sentence-transformers truncates
    "对策实施后，车身焊接不良率由3.2%降至0.8%，" * 60,
]


def test_export_is_verified_and_kept(e5_model_dir: Path, e5_onnx_dir: Path) -> None:
    marker = json.loads((e5_onnx_dir / onnx_model.MARKER).read_text(encoding="utf-8"))
    assert marker["sha256"] == onnx_model.EXPECTED
    assert marker["source_safetensors_sha256"] == models.SAFETENSORS_SHA256
    onnx_model.verify(e5_onnx_dir)
    before = (e5_onnx_dir / onnx_model.GRAPH_FILE).stat().st_mtime_ns
    messages: list[str] = []
    assert onnx_model.build(e5_model_dir, log=messages.append) == e5_onnx_dir
    assert (e5_onnx_dir / onnx_model.GRAPH_FILE).stat().st_mtime_ns == before
    assert any("通过校验" in m for m in messages)


def test_same_vectors_as_the_reference(e5_onnx_encoder: OnnxE5Encoder, e5_encoder: E5Encoder) -> None:
    # batch 4: batches of different widths, padding inside a batch, rows returned in the caller's order
    ours = e5_onnx_encoder.encode(TEXTS, batch_size=4)
    ref = e5_encoder.encode(TEXTS)
    assert ours.shape == ref.shape == (len(TEXTS), 384) and ours.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    assert float(np.abs(ours - ref).max()) < 1e-5
    assert e5_onnx_encoder.model_id == e5_encoder.model_id and e5_onnx_encoder.dim == e5_encoder.dim
    # one text alone (no padding) gives the row it got inside a padded batch
    np.testing.assert_allclose(e5_onnx_encoder.encode([TEXTS[0]])[0], ours[0], atol=1e-5)


def test_basic_graph_rewrites_give_the_fully_optimised_sessions_vectors(e5_onnx_dir: Path) -> None:
    """The session runs ONNX Runtime's basic rewrites only (it starts sooner): bit for bit the vectors
    of a session with every optimisation on."""
    import onnxruntime as ort

    enc = OnnxE5Encoder(e5_onnx_dir, threads=1)
    ours = enc.encode(TEXTS, batch_size=4)
    runtime = enc._runtime
    assert runtime is not None
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    runtime.session = ort.InferenceSession(
        str(e5_onnx_dir / onnx_model.GRAPH_FILE), options, providers=["CPUExecutionProvider"]
    )
    np.testing.assert_array_equal(enc.encode(TEXTS, batch_size=4), ours)


def test_loads_at_the_first_encode(e5_onnx_dir: Path) -> None:
    enc = OnnxE5Encoder(e5_onnx_dir, threads=1)
    assert not enc.loaded
    assert enc.encode([]).shape == (0, 384) and not enc.loaded
    enc.encode(["测试"])
    assert enc.loaded


def test_encoding_imports_no_torch(e5_onnx_dir: Path) -> None:
    code = (
        "import sys; from index.embed import OnnxE5Encoder; "
        f"OnnxE5Encoder({str(e5_onnx_dir)!r}).encode(['测试']); "
        "print(sorted(m for m in ('torch', 'transformers', 'sentence_transformers') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=300)
    assert done.stdout.strip() == "[]"


def test_unexported_model_gives_chinese_error(tmp_path: Path) -> None:
    with pytest.raises(ModelNotBuiltError, match="make model") as e:
        OnnxE5Encoder(tmp_path / "missing")
    assert "ONNX" in str(e.value) and "尚未导出" in str(e.value)
    with pytest.raises(ModelNotBuiltError):
        load_encoder("e5-small", cache_dir=tmp_path)


def test_verify_rejects_a_corrupt_graph(e5_onnx_dir: Path, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / onnx_model.ONNX_FOLDER
    shutil.copytree(e5_onnx_dir, copy)
    (copy / onnx_model.GRAPH_FILE).write_bytes(b"not a graph")
    assert onnx_model.is_built(copy)  # the cheap check trusts the marker
    with pytest.raises(models.ModelBuildError, match="校验失败"):
        onnx_model.verify(copy)


ODD_TEXTS = [
    "Ｐ Ｄ Ｃ Ａ　循环 ①②③ ℃ ㎡ ™ ﬁ Ⅻ",
    "naïve café Straße Ωmega ε",
    "“引号”‘单’…—–",
    "tab\tnew\nline  double",
    "<s> </s> <unk>",
    "𠀀𪚥 emoji 😀 한국어 日本語のテキスト",
    "x" * 600,
    "",
    " ",
    "\x00\x01",
]


def _sentence_sets(shared_dir: Path, per_set: int = 1500) -> list[str]:
    """The first sentences of each sentence set of ../shared/data (tab- or comma-separated pairs)."""
    texts: list[str] = []
    for f in sorted((shared_dir / "data").glob("*/*")):
        if f.suffix not in (".csv", ".txt", ".data"):
            continue
        sep = "," if f.suffix == ".csv" else "\t"
        found: list[str] = []
        for line in f.read_text(encoding="utf-8", errors="replace").splitlines():
            found += [x for x in line.split(sep) if x and not x.isdigit()]
            if len(found) >= per_set:
                break
        texts += found
    return texts


def test_subword_tokenizer_gives_the_full_tokenizers_ids(e5_onnx_dir: Path, shared_dir: Path) -> None:
    """index.subword's small Unigram models give tokenizer.json's ids, for Chinese, other scripts,
    unknown characters, the specials' spelling and truncation at 512 tokens."""
    from index.subword import FullTokenizer, SubwordTokenizer

    full = FullTokenizer(e5_onnx_dir / onnx_model.TOKENIZER_FILE, OnnxE5Encoder.MAX_TOKENS)
    small = SubwordTokenizer(e5_onnx_dir / onnx_model.SUBWORD_FILE, OnnxE5Encoder.MAX_TOKENS)
    texts = [*_sentence_sets(shared_dir), *TEXTS, *ODD_TEXTS]
    assert len(texts) > 5000
    for i in range(0, len(texts), 500):
        chunk = texts[i : i + 500]
        assert small.encode(chunk) == full.encode(chunk)
    assert len(small.encode([TEXTS[-1]])[0]) == OnnxE5Encoder.MAX_TOKENS


def test_build_adds_the_subword_file_to_an_older_export(e5_model_dir: Path, e5_onnx_dir: Path) -> None:
    pieces = e5_onnx_dir / onnx_model.SUBWORD_FILE
    with np.load(pieces) as z:
        before = {k: z[k] for k in z.files}
    pieces.unlink()
    enc = OnnxE5Encoder(e5_onnx_dir, threads=1)
    older = enc.encode(TEXTS[:3])  # an export without it loads tokenizer.json
    messages: list[str] = []
    onnx_model.build(e5_model_dir, log=messages.append)
    assert any(onnx_model.SUBWORD_FILE in m for m in messages)
    with np.load(pieces) as z:
        assert sorted(z.files) == sorted(before) and all(np.array_equal(z[k], before[k]) for k in before)
    np.testing.assert_array_equal(OnnxE5Encoder(e5_onnx_dir, threads=1).encode(TEXTS[:3]), older)
