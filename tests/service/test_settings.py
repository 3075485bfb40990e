"""service.settings reads the environment as pydantic-settings' BaseSettings did (it no longer imports
pydantic-settings at start-up, issue 16): the same values, the same precedence, the same refusals —
checked against a BaseSettings twin with the same fields."""

from __future__ import annotations

import os
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError, create_model
from pydantic_settings import BaseSettings, SettingsConfigDict

from service.settings import Settings


class _Base(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="QCSCREEN_", extra="ignore")


Reference: type[BaseSettings] = create_model(  # type: ignore[call-overload]
    "Reference", __base__=_Base, **{name: (f.annotation, f) for name, f in Settings.model_fields.items()}
)

CASES: list[tuple[dict[str, str], dict[str, Any]]] = [
    ({}, {}),
    ({"QCSCREEN_CACHE": "/tmp/qc-cache", "QCSCREEN_DB": "/tmp/x.sqlite"}, {}),
    ({"qcscreen_db": "/tmp/lower.sqlite", "Qcscreen_Semantic": "0"}, {}),
    ({"QCSCREEN_SEMANTIC": "false", "QCSCREEN_READ_TIMEOUT_S": "1.5", "QCSCREEN_BATCH_WORKERS": "1"}, {}),
    ({"QCSCREEN_SEMANTIC": "yes", "QCSCREEN_PORT": "8123", "QCSCREEN_HOST": "0.0.0.0"}, {}),
    ({"QCSCREEN_TEMPLATE_FILE": "", "QCSCREEN_KEYS_DB": "null"}, {}),
    ({"QCSCREEN_CACHE_DIR": "/tmp/not-the-name", "QCSCREEN_UNKNOWN": "x", "QCSCREEN_STRICT": "1"}, {}),
    ({"QCSCREEN_DB": "/tmp/env.sqlite", "QCSCREEN_SEMANTIC": "1"}, {"db": "/tmp/kw.sqlite", "semantic": False}),
    ({"QCSCREEN_CACHE": "/tmp/env-cache"}, {"cache_dir": "/tmp/kw-cache"}),
    ({}, {"max_upload_bytes": 1024, "template_file": None}),
]


def _values(model: BaseModel) -> dict[str, Any]:
    return model.model_dump()


@pytest.mark.parametrize(("env", "kwargs"), CASES)
def test_settings_read_the_environment_as_base_settings(
    env: dict[str, str], kwargs: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in [n for n in os.environ if n.upper().startswith("QCSCREEN_")]:
        monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert _values(Settings(**kwargs)) == _values(Reference(**kwargs))


@pytest.mark.parametrize("env", [{"QCSCREEN_BATCH_WORKERS": "many"}, {"QCSCREEN_SEMANTIC": "perhaps"}])
def test_a_bad_value_is_refused_by_both(env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError):
        Reference()
    with pytest.raises(ValidationError):
        Settings()
