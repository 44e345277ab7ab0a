"""The anonymity test of twenty answers on PostgreSQL too (issue 23): there, ids come from a sequence and
times are the database's own type unless the code says otherwise."""

import pytest

from tests.conftest import app_on
from tests.servers import postgres_bin, postgres_server
from tests.surveys.test_surveys import test_twenty_anonymous_answers_cannot_be_paired_with_their_people  # noqa: F401

pytestmark = pytest.mark.postgres


@pytest.fixture
def app(tmp_path):
    if postgres_bin() is None:
        pytest.skip("PostgreSQL server binaries not found (.ci/run installs them)")
    with postgres_server() as url:
        yield from app_on(url, tmp_path)
