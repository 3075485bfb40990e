# ruff: noqa: F811  (pytest fixtures imported from semantic_fixtures are used as parameters)
"""index.embed: encoders return float32 L2-normalised rows; clear Chinese errors when the model is missing."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from index.embed import E5Encoder, Encoder, ModelNotBuiltError, USEEncoder, batches, load_encoder
from tests.index.semantic_fixtures import e5_encoder, e5_model_dir, use_encoder  # noqa: F401

PARA_A = "通过优化焊接参数，降低车身焊接不良率"
PARA_B = "调整焊接工艺参数，减少车身焊缝缺陷的比例"
OTHER = "提升售后服务热线的响应速度"


def _check_rows(enc: Encoder, vecs: np.ndarray, n: int) -> None:
    assert vecs.shape == (n, enc.dim)
    assert vecs.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)


def test_use_encoder_normalised_and_semantic(use_encoder: USEEncoder) -> None:
    assert isinstance(use_encoder, Encoder)
    v = use_encoder.encode([PARA_A, PARA_B, OTHER], batch_size=2)
    _check_rows(use_encoder, v, 3)
    assert v[0] @ v[1] > v[0] @ v[2] + 0.2
    assert use_encoder.encode([]).shape == (0, use_encoder.dim)
    assert use_encoder.model_id.startswith("use-multilingual-v3@")


def test_unbuilt_model_gives_chinese_error_with_make_target(tmp_path: Path) -> None:
    with pytest.raises(ModelNotBuiltError) as e:
        E5Encoder(tmp_path / "missing")
    assert "make model" in str(e.value)
    assert "尚未构建" in str(e.value)
    with pytest.raises(ModelNotBuiltError):
        load_encoder("e5-small", cache_dir=tmp_path)


def test_unknown_encoder_name() -> None:
    with pytest.raises(ValueError, match="未知的语义模型"):
        load_encoder("bert-huge")


def test_load_encoder_caches_instance() -> None:
    assert load_encoder("use") is load_encoder("use")


@pytest.mark.slow
def test_e5_encoder(e5_encoder: E5Encoder) -> None:
    assert isinstance(e5_encoder, Encoder)
    v = e5_encoder.encode([PARA_A, PARA_B, OTHER])
    _check_rows(e5_encoder, v, 3)
    # e5 cosines are squeezed (unrelated same-domain text ≈ 0.85), but the order holds
    assert v[0] @ v[1] > 0.95 > v[0] @ v[2]
    assert e5_encoder.model_id.startswith("multilingual-e5-small-q4@")
    # the "query: " prompt is applied: the same text without it embeds differently
    raw = e5_encoder._model.encode([PARA_A], normalize_embeddings=True)
    assert float(raw[0] @ v[0]) < 0.9999


def test_batches_longest_first_of_similar_length() -> None:
    lengths = [10, 50, 12, 40, 9, 38, 30, 512]
    got = batches(lengths, 2)
    assert sorted(i for b in got for i in b) == list(range(len(lengths)))  # every text once
    assert got == [[7], [1, 3], [5, 6], [2, 0], [4]]  # 40 ≥ 0.75·50; 30 < 0.75·50 but ≥ 0.75·38
    assert all(len(b) <= 2 for b in got)
    assert batches([], 8) == []
    assert batches([5] * 5, 32) == [[0, 1, 2, 3, 4]]


def test_batches_hold_at_most_the_token_budget() -> None:
    lengths = [40] * 10 + [300]
    got = batches(lengths, 32, max_tokens=128)
    assert got[0] == [10]  # longer than the budget: alone
    assert [len(b) for b in got[1:]] == [3, 3, 3, 1]  # 3 × 40 ≤ 128 < 4 × 40
    assert sorted(i for b in got for i in b) == list(range(len(lengths)))
