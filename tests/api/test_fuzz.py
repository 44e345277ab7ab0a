"""A bounded schemathesis run against the real server, from /api/v1/openapi.json: no answer is a 5xx,
whatever the generated input (NUL bytes, huge numbers, deep or odd JSON included)."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from forum import create_app
from forum.accounts.service import issue_api_token
from forum.extensions import db
from tests import factories
from tests.servers import http_server

pytestmark = pytest.mark.slow


def test_generated_requests_never_get_a_server_error(tmp_path):
    st = Path(sys.executable).with_name("st")
    if not st.exists() and shutil.which("st") is None:
        pytest.fail("schemathesis is not installed (requirements-dev.txt)")
    app = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'fuzz.db'}",
        MAIL_OUTBOX_DIR=str(tmp_path / "outbox"),
        REGISTRATION_RATE_LIMIT="100000 per minute",
    )
    with app.app_context():
        db.create_all()
        organiser = factories.make_organiser()
        factories.make_event(organiser, slug="ouvert", registration_opens_at=None, registration_closes_at=None)
        token = issue_api_token(organiser)
        db.session.remove()
        with http_server(app) as base:
            run = subprocess.run(
                [
                    str(st),
                    "run",
                    f"{base}/api/v1/openapi.json",
                    "--checks",
                    "not_a_server_error",
                    "--max-examples",
                    "40",
                    "--generation-deterministic",
                    "--generation-allow-x00",
                    "true",
                    "-H",
                    f"Authorization: Bearer {token}",
                    "--request-timeout",
                    "20",
                    "--no-color",
                ],
                capture_output=True,
                text=True,
                timeout=900,
                cwd=tmp_path,
            )
        db.session.remove()
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert re.search(r"Operations:\s+(\d+) selected / \1 total", run.stdout), run.stdout[
        -2000:
    ]  # every operation tried
    assert "passed" in run.stdout
