"""Property-based run against the OpenAPI schema (schemathesis): no request makes the server fail.

Bounded: a few examples per operation, run with an admin key (every route reachable) and without a key
(every route must answer 401, not 500)."""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error

from service.api import create_app
from service.corpus import add_projects, projects_from_manifest
from service.settings import Settings

pytestmark = pytest.mark.slow


@pytest.fixture
def api(mini: dict[str, Path], tmp_path: Path):  # type: ignore[no-untyped-def]
    db = tmp_path / "corpus.sqlite"
    add_projects(db, projects_from_manifest(mini["manifest"]))
    app = create_app(
        Settings(db=db, data_dir=tmp_path / "data", batch_root=mini["tmp"], semantic=False, max_upload_bytes=512 * 1024)
    )
    key = app.state.services.keys.create("admin", "schemathesis")
    app.state.test_key = key
    return schemathesis.openapi.from_asgi("/openapi.json", app)


def test_no_server_errors(api) -> None:  # type: ignore[no-untyped-def]
    key = api.app.state.test_key
    operations = [r.ok() for r in api.get_all_operations()]
    assert len(operations) >= 12
    for op in operations:

        @given(case=op.as_strategy())
        @settings(
            max_examples=6,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            phases=[Phase.explicit, Phase.generate],
            database=None,
        )
        def run(case) -> None:  # type: ignore[no-untyped-def]
            for headers in ({"X-API-Key": key}, {}):
                response = case.call(headers=headers)
                assert response.status_code < 500, (
                    f"{case.method} {case.formatted_path} → {response.status_code}: {response.text[:300]}"
                )
                case.validate_response(response, checks=[not_a_server_error])

        run()
