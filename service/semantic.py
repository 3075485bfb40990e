"""The optional semantic stage's encoder, for every face (re-exported by `service.stages`).

Apart from `service.stages` so that a command that only compares two files (`qcscreen compare`) gets
its encoder without importing the corpus, the checker and the report writers (start-up, issue 16).
Nothing is loaded here: `index.embed` encoders load their model at their first `encode`."""

from __future__ import annotations

from dataclasses import dataclass

from index.embed import Encoder, load_encoder, model_available
from ingest.isolation import strict

from .settings import Settings

SEMANTIC_HINT = "启用方法：运行 `qcscreen model build`（或 `make model`）构建语义模型后重试。"


@dataclass(frozen=True)
class EncoderState:
    encoder: Encoder | None = None
    message: str | None = None  # Chinese: why the semantic stage is skipped


def load_semantic_encoder(settings: Settings) -> EncoderState:
    """The embedding encoder is optional: without it the copy stage still runs."""
    if not settings.semantic:
        return EncoderState(None, "已按设置（QCSCREEN_SEMANTIC=0）跳过语义比对阶段（仅做文字复制检测）。")
    if settings.encoder == "e5-small" and not model_available(settings.cache_dir):
        return EncoderState(None, f"语义模型尚未构建，已跳过语义比对阶段（仅做文字复制检测）。{SEMANTIC_HINT}")
    try:
        return EncoderState(load_encoder(settings.encoder, settings.cache_dir))
    except Exception as e:
        if strict():
            raise
        return EncoderState(
            None,
            f"语义模型加载失败（{type(e).__name__}: {e}），已跳过语义比对阶段（仅做文字复制检测）。{SEMANTIC_HINT}",
        )
