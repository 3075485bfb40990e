"""The batch workers' shared sentence vectors: a text one worker encoded is read back by another."""

from __future__ import annotations

import pickle
from pathlib import Path

import numpy as np

from index.embed import USEEncoder
from index.shared_vectors import SharedVectors
from tests.index.semantic_fixtures import use_encoder

__all__ = ["use_encoder"]

TEXTS = ["通过优化焊接参数，降低车身焊接不良率", "调整焊接工艺参数，减少车身焊缝缺陷的比例", "今天天气很好"]


class Counting:
    """An encoder that counts the texts it is asked to encode (in front of a real one)."""

    def __init__(self, inner: USEEncoder) -> None:
        self.inner, self.model_id, self.dim, self.texts = inner, inner.model_id, inner.dim, 0

    def encode(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        self.texts += len(texts)
        return self.inner.encode(texts, batch_size)


def test_a_second_worker_reads_what_the_first_encoded(use_encoder: USEEncoder, tmp_path: Path) -> None:
    path = tmp_path / "vectors.sqlite"
    first, second = Counting(use_encoder), Counting(use_encoder)
    a = SharedVectors(first, path).encode(TEXTS[:2])
    assert first.texts == 2
    shared = SharedVectors(second, path)
    b = shared.encode([TEXTS[1], TEXTS[2], TEXTS[0], TEXTS[1]])
    assert second.texts == 1  # only the text nobody encoded yet
    assert (shared.hits, shared.encoded) == (2, 1)
    assert b.dtype == np.float32 and b.shape == (4, use_encoder.dim)
    np.testing.assert_array_equal(b[0], a[1])  # the stored vector, bit for bit
    np.testing.assert_array_equal(b[2], a[0])
    np.testing.assert_array_equal(b[3], b[0])
    np.testing.assert_allclose(b[1], use_encoder.encode([TEXTS[2]])[0], atol=1e-6)


def test_a_cache_that_cannot_be_written_is_a_miss(use_encoder: USEEncoder, tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("x")
    counting = Counting(use_encoder)
    enc = SharedVectors(counting, blocked / "vectors.sqlite")  # SQLite cannot open it
    v = enc.encode(TEXTS)
    assert v.shape == (3, use_encoder.dim) and counting.texts == 3
    enc.encode(TEXTS)
    assert counting.texts == 6  # nothing stored, everything encoded again, no error
    assert enc.encode([]).shape == (0, use_encoder.dim)


def test_pickled_for_a_worker_it_opens_its_own_connection(use_encoder: USEEncoder, tmp_path: Path) -> None:
    path = tmp_path / "vectors.sqlite"
    enc = SharedVectors(use_encoder, path)
    enc.encode(TEXTS[:1])
    copy = pickle.loads(pickle.dumps(enc))
    assert copy.model_id == use_encoder.model_id and copy.path == path
    copy.encode(TEXTS[:1])
    assert (copy.hits, copy.encoded) == (1, 0)
    enc.close()
    copy.close()
