"""The batch settings `screen` and `spark screen` share (service/cli_common.batch_config)."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.cli_common import batch_config


def test_batch_config_takes_the_settings_and_the_arguments(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("QCSCREEN_SEMANTIC", "0")
    monkeypatch.setenv("QCSCREEN_READ_TIMEOUT_S", "17")
    roster = tmp_path / "汇总表.xlsx"
    config = batch_config(2026, tmp_path / "corpus.sqlite", roster, workers=3)
    assert (config.year, config.db, config.roster, config.workers) == (2026, tmp_path / "corpus.sqlite", roster, 3)
    assert config.encoder is None  # semantic stage off: no model loaded
    assert config.read_options.timeout_s == 17


def test_batch_config_runs_in_this_process_by_default(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("QCSCREEN_SEMANTIC", "0")
    assert batch_config(2025, tmp_path / "c.sqlite", None).workers == 1
