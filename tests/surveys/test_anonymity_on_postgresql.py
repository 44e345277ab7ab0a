"""The anonymity test of twenty answers on PostgreSQL too (issue 23): there, ids come from a sequence and
times are the database's own type unless the code says otherwise."""

import pytest
from flask import request_started

from forum import create_app
from forum.extensions import db as _db
from tests.conftest import _fresh_request_caches
from tests.servers import postgres_bin, postgres_server
from tests.surveys.test_surveys import test_twenty_anonymous_answers_cannot_be_paired_with_their_people  # noqa: F401

pytestmark = pytest.mark.postgres


@pytest.fixture
def app(tmp_path):
    if postgres_bin() is None:
        pytest.skip("PostgreSQL server binaries not found (.ci/run installs them)")
    with postgres_server() as url:
        app = create_app(
            "testing",
            SQLALCHEMY_DATABASE_URI=url,
            WTF_CSRF_ENABLED=False,
            MAIL_OUTBOX_DIR=str(tmp_path / "outbox"),
            STORAGE_DIR=str(tmp_path / "storage"),
            LOGIN_RATE_LIMIT="1000 per minute",
        )
        request_started.connect(_fresh_request_caches, app)
        with app.app_context():
            _db.create_all()
            yield app
            _db.session.remove()
            _db.drop_all()
