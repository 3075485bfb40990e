"""The e5 encoder as an ONNX Runtime graph, exported once from the sentence-transformers folder.

`qcscreen model build` (make setup) builds the sentence-transformers folder (`index.models`, the
reference) and then this export beside it, `models/e5-small-onnx/`:

* `model.onnx` — the 12 BERT layers, mean pooling over the attention mask and L2 normalisation,
  written node by node from the same fp32 weights (opset 18; no torch, no tracing), so the bytes are
  the same on every build and their sha256 is checked like the weights';
* `word_embeddings.npy` — the 250,037 × 384 word-embedding table (366 MiB), memory-mapped at run time
  and gathered in numpy: a sentence touches a few rows, the session loads 86 MB instead of 470 MB;
* `tokenizer.json` — the folder's own tokenizer, read by the `tokenizers` library (no transformers);
* `unigram.npz` — the same tokenizer's pieces, scores and shell for `index.subword` (loads in ≈ 0.1 s
  instead of 0.7 s, the same ids); written beside an existing export by `build` when it is missing.

Run time (`index.embed.OnnxE5Encoder`) needs onnxruntime (already there for OCR), tokenizers and
numpy: loading takes ≈ 0.4 CPU s (tokenizer 0.1 with `unigram.npz`, 0.75 without; session 0.22,
imports 0.1; bench/embed_onnx.py) instead of ≈ 10 s for torch + sentence-transformers, and the vectors
equal the reference's to 1e-6.

Guarantees as for the reference folder: the source `model.safetensors` is verified first, the outputs'
sha256 are checked against the constants below, the folder is built in a temporary sibling and
renamed into place, and a verified folder is left alone.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from index import subword
from index.models import MAKE_HINT, MARKER, SAFETENSORS_SHA256, ModelBuildError, read_marker, sha256_file

if TYPE_CHECKING:
    from onnx import ModelProto

ONNX_FOLDER = "e5-small-onnx"
GRAPH_FILE = "model.onnx"
EMBEDDINGS_FILE = "word_embeddings.npy"
TOKENIZER_FILE = "tokenizer.json"
SUBWORD_FILE = "unigram.npz"  # index.subword: optional (an older export loads tokenizer.json)
GRAPH_SHA256 = "bb7dea056b85bd10e12484bd19a9415a61d635c785482370390118b81584c943"
EMBEDDINGS_SHA256 = "19f44c7ed36934556cdbf2236abaca295a118abeb8aa070254c0bd28d958de4f"
EXPORTER_VERSION = 1
OPSET = 18


def onnx_dir(st_folder: Path) -> Path:
    """Where the export of the sentence-transformers folder `st_folder` lives: beside it."""
    return st_folder.parent / ONNX_FOLDER


class _Graph:
    """A small builder: initialisers and nodes in the order they are added (deterministic bytes)."""

    def __init__(self) -> None:
        from onnx import helper, numpy_helper

        self.helper, self.numpy_helper = helper, numpy_helper
        self.inits: list[object] = []
        self.nodes: list[object] = []

    def const(self, name: str, value: np.ndarray) -> str:
        self.inits.append(self.numpy_helper.from_array(np.ascontiguousarray(value), name))
        return name

    def op(self, op_type: str, inputs: list[str], output: str | None = None, **attrs: Any) -> str:
        name = f"n{len(self.nodes)}"
        out = output or f"{name}_out"
        self.nodes.append(self.helper.make_node(op_type, inputs, [out], name=name, **attrs))
        return out


def _embeddings(g: _Graph, sd: dict[str, np.ndarray], eps: float) -> str:
    """inputs_embeds + position (0..T-1, as BertModel) + token type 0, then LayerNorm."""
    e = "embeddings."
    shape = g.op("Shape", ["inputs_embeds"])
    tokens = g.op("Slice", [shape, g.const("c1", np.array([1], np.int64)), g.const("c2", np.array([2], np.int64))])
    positions = g.op(
        "Slice", [g.const("pos", sd[e + "position_embeddings.weight"]), g.const("c0", np.array([0], np.int64)), tokens]
    )
    x = g.op(
        "Add", [g.op("Add", ["inputs_embeds", positions]), g.const("type0", sd[e + "token_type_embeddings.weight"][0])]
    )
    ln = [g.const("eln_w", sd[e + "LayerNorm.weight"]), g.const("eln_b", sd[e + "LayerNorm.bias"])]
    return g.op("LayerNormalization", [x, *ln], axis=-1, epsilon=eps)


def _layer(g: _Graph, sd: dict[str, np.ndarray], layer: int, x: str, heads: int, eps: float) -> str:
    """One post-LN BERT layer: self-attention with the additive mask `mask_add`, then the GELU (erf) MLP."""
    pre = f"encoder.layer.{layer}."

    def linear(inp: str, name: str) -> str:
        w = g.const(f"l{layer}.{name}.w", sd[pre + name + ".weight"].T)
        return g.op("Add", [g.op("MatMul", [inp, w]), g.const(f"l{layer}.{name}.b", sd[pre + name + ".bias"])])

    def norm(inp: str, name: str) -> str:
        ln = [
            g.const(f"l{layer}.{name}.w", sd[pre + name + ".weight"]),
            g.const(f"l{layer}.{name}.b", sd[pre + name + ".bias"]),
        ]
        return g.op("LayerNormalization", [inp, *ln], axis=-1, epsilon=eps)

    def heads_of(name: str, perm: list[int]) -> str:
        return g.op("Transpose", [g.op("Reshape", [linear(x, name), "split_heads"])], perm=perm)

    q = heads_of("attention.self.query", [0, 2, 1, 3])
    k = heads_of("attention.self.key", [0, 2, 3, 1])
    v = heads_of("attention.self.value", [0, 2, 1, 3])
    scores = g.op("Add", [g.op("Mul", [g.op("MatMul", [q, k]), "scale"]), "mask_add"])
    context = g.op("MatMul", [g.op("Softmax", [scores], axis=-1), v])
    merged = g.op("Reshape", [g.op("Transpose", [context], perm=[0, 2, 1, 3]), "merge_heads"])
    x = norm(g.op("Add", [linear(merged, "attention.output.dense"), x]), "attention.output.LayerNorm")
    h = linear(x, "intermediate.dense")
    gelu = g.op("Mul", [g.op("Mul", [h, "half"]), g.op("Add", [g.op("Erf", [g.op("Mul", [h, "rsqrt2"])]), "one"])])
    return norm(g.op("Add", [linear(gelu, "output.dense"), x]), "output.LayerNorm")


def _pooled(g: _Graph, x: str) -> None:
    """Mean over the unmasked tokens (sentence-transformers' Pooling), then L2-normalised (Normalize)."""
    mask = g.op("Unsqueeze", ["attention_mask", g.const("ax2", np.array([2], np.int64))])
    total = g.op("ReduceSum", [g.op("Mul", [x, mask]), "c1"], keepdims=0)
    count = g.op("Clip", [g.op("ReduceSum", [mask, "c1"], keepdims=0), g.const("eps9", np.array(1e-9, np.float32))])
    mean = g.op("Div", [total, count])
    norm = g.op("ReduceL2", [mean, g.const("axm1", np.array([-1], np.int64))], keepdims=1)
    g.op("Div", [mean, g.op("Clip", [norm, g.const("eps12", np.array(1e-12, np.float32))])], "sentence_embedding")


def graph(sd: dict[str, np.ndarray], config: dict[str, object]) -> ModelProto:
    """The ONNX model of e5-small from its state dict and config.json (inputs: `inputs_embeds`
    float32 [batch, tokens, 384], `attention_mask` float32 [batch, tokens]; output
    `sentence_embedding` float32 [batch, 384], rows L2-normalised)."""
    from onnx import TensorProto, checker, helper

    hidden, heads = int(str(config["hidden_size"])), int(str(config["num_attention_heads"]))
    eps = float(str(config["layer_norm_eps"]))
    g = _Graph()
    x = _embeddings(g, sd, eps)
    mask = g.op("Unsqueeze", ["attention_mask", g.const("ax12", np.array([1, 2], np.int64))])
    g.op(
        "Mul",
        [
            g.op("Sub", [g.const("one", np.array(1.0, np.float32)), mask]),
            g.const("neg", np.array(np.finfo(np.float32).min, np.float32)),
        ],
        "mask_add",
    )
    g.const("split_heads", np.array([0, 0, heads, hidden // heads], np.int64))
    g.const("merge_heads", np.array([0, 0, hidden], np.int64))
    g.const("scale", np.array(1.0 / np.sqrt(hidden // heads), np.float32))
    g.const("half", np.array(0.5, np.float32))
    g.const("rsqrt2", np.array(1.0 / np.sqrt(2.0), np.float32))
    for layer in range(int(str(config["num_hidden_layers"]))):
        x = _layer(g, sd, layer, x, heads, eps)
    _pooled(g, x)
    f32 = TensorProto.FLOAT
    model = helper.make_model(
        helper.make_graph(
            g.nodes,  # type: ignore[arg-type]  # onnx's helpers are unannotated
            "multilingual_e5_small",
            [helper.make_tensor_value_info("inputs_embeds", f32, ["batch", "tokens", hidden]),
             helper.make_tensor_value_info("attention_mask", f32, ["batch", "tokens"])],
            [helper.make_tensor_value_info("sentence_embedding", f32, ["batch", hidden])],
            g.inits,  # type: ignore[arg-type]
        ),
        opset_imports=[helper.make_opsetid("", OPSET)],
        producer_name="qcscreen",
        producer_version=str(EXPORTER_VERSION),
        ir_version=8,
    )  # fmt: skip
    checker.check_model(model)
    return model


# --------------------------------------------------------------------------------------------
# Export, verification
# --------------------------------------------------------------------------------------------

EXPECTED = {GRAPH_FILE: GRAPH_SHA256, EMBEDDINGS_FILE: EMBEDDINGS_SHA256}


def is_built(folder: Path) -> bool:
    """Cheap check (no hashing): the marker records the expected checksums and the files are there."""
    m = read_marker(folder)
    return (
        m is not None
        and m.get("sha256") == EXPECTED
        and m.get("source_safetensors_sha256") == SAFETENSORS_SHA256
        and all((folder / name).is_file() for name in (*EXPECTED, TOKENIZER_FILE))
    )


def verify(folder: Path) -> None:
    """Full check: the marker and the sha256 of the graph and the embedding table. Raises ModelBuildError."""
    if not is_built(folder):
        raise ModelBuildError(f"语义模型（ONNX）目录 {folder} 不存在或不完整，请运行 {MAKE_HINT}。")
    for name, want in EXPECTED.items():
        got = sha256_file(folder / name)
        if got != want:
            raise ModelBuildError(
                f"语义模型 {folder}/{name} 校验失败（sha256 {got[:16]}…，应为 {want[:16]}…），"
                f"文件可能已损坏，请运行 qcscreen model build --force 重新构建。"
            )


def _write(st_folder: Path, out: Path) -> None:
    from safetensors.numpy import load_file

    sd = load_file(str(st_folder / "model.safetensors"))
    config = json.loads((st_folder / "config.json").read_text(encoding="utf-8"))
    (out / GRAPH_FILE).write_bytes(graph(sd, config).SerializeToString())
    np.save(out / EMBEDDINGS_FILE, np.ascontiguousarray(sd["embeddings.word_embeddings.weight"], dtype=np.float32))
    shutil.copyfile(st_folder / TOKENIZER_FILE, out / TOKENIZER_FILE)
    subword.write(out / TOKENIZER_FILE, out / SUBWORD_FILE)
    for name, want in EXPECTED.items():
        got = sha256_file(out / name)
        if got != want:
            raise ModelBuildError(
                f"导出的 {name} 校验失败（sha256 {got[:16]}…，应为 {want[:16]}…），拒绝使用。"
                f"请检查 onnx/numpy 版本（见 constraints.txt）。"
            )
    marker = {
        "model": "e5-small-onnx",
        "source_safetensors_sha256": SAFETENSORS_SHA256,
        "sha256": EXPECTED,
        "exporter_version": EXPORTER_VERSION,
        "opset": OPSET,
    }
    (out / MARKER).write_text(json.dumps(marker, indent=1), encoding="utf-8")


def build(st_folder: Path, *, force: bool = False, log: Callable[[str], None] | None = None) -> Path:
    """Export the verified sentence-transformers folder `st_folder` to `onnx_dir(st_folder)` (kept when
    it verifies, unless `force`). Returns the folder; raises ModelBuildError (Chinese) on a mismatch."""
    say = log or (lambda _msg: None)
    target = onnx_dir(st_folder)
    if not force and target.exists():
        try:
            verify(target)
        except ModelBuildError:
            say(f"已有目录 {target} 未通过校验，将重新导出")
        else:
            if not (target / SUBWORD_FILE).is_file():  # an export made before index.subword
                subword.write(target / TOKENIZER_FILE, target / SUBWORD_FILE)
                say(f"已为 {target} 补写分词器词表 {SUBWORD_FILE}")
            say(f"语义模型（ONNX）已导出并通过校验：{target}")
            return target
    if sha256_file(st_folder / "model.safetensors") != SAFETENSORS_SHA256:
        raise ModelBuildError(f"语义模型 {st_folder} 校验失败，无法导出 ONNX。请运行 qcscreen model build --force。")
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.build-", dir=target.parent))
    try:
        tmp.chmod(0o755)
        _write(st_folder, tmp)
        if target.exists():
            old = target.with_name(f".{target.name}.old-{os.getpid()}")
            os.replace(target, old)
            shutil.rmtree(old, ignore_errors=True)
        try:
            os.replace(tmp, target)
        except OSError:
            verify(target)  # another process finished the same export first: keep theirs when it verifies
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    say(f"语义模型（ONNX）已导出：{target}")
    return target
