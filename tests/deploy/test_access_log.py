"""deploy/nginx/forum.conf's access log keeps no personal link's secret (issue 23: with a request's time, a
questionnaire's link pairs a person with an anonymous answer). Debian's nginx with the rendered site, in front
of an app process that is not there: every request is still logged."""

from __future__ import annotations

import secrets
import shutil
import subprocess

import pytest
import requests

from forum.core import links
from tests.deploy.test_production_shape import _nginx_conf
from tests.servers import free_port, stop, wait_http

#: every kind of personal link (core.links) and the API's registration, each with a secret (a signed one has dots):
#: a kind added to core.links is checked here
SECRETS = {
    prefix: f"{secrets.token_urlsafe(24)}.{secrets.token_urlsafe(6)}"
    for prefix in [*links.KINDS.values(), "/api/v1/registrations/"]
}


@pytest.fixture
def nginx(tmp_path):
    if shutil.which("nginx") is None:
        pytest.skip("nginx not found (.ci/run installs it)")
    port = free_port()
    process = subprocess.Popen(
        ["nginx", "-c", str(_nginx_conf(tmp_path, port, [free_port()]))],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_http(f"http://127.0.0.1:{port}", 15)  # answered 502: nobody behind, still logged
        yield f"http://127.0.0.1:{port}", tmp_path / "access.log"
    finally:
        stop(process)


def test_the_access_log_keeps_no_personal_links_secret(nginx):
    base, log = nginx
    before = len(log.read_text().splitlines())
    for prefix, secret in SECRETS.items():
        requests.get(f"{base}{prefix}{secret}/board?lang=fr", headers={"Referer": f"{base}{prefix}{secret}"})
        requests.post(f"{base}{prefix}{secret}", data={"q_1": "1 à 5"})
    requests.get(f"{base}/e/jour", headers={"Referer": "https://exemple.org/r/" + SECRETS["/r/"]})
    lines = log.read_text().splitlines()[before:]
    assert len(lines) == 2 * len(SECRETS) + 1  # every request is logged
    assert not [line for line in lines for secret in SECRETS.values() if secret in line]
    for prefix in SECRETS:
        assert f'"GET {prefix}****/board?lang=fr HTTP/1.1"' in log.read_text()
        assert f'"POST {prefix}**** HTTP/1.1"' in log.read_text()
        assert f'"{base}{prefix}****"' in log.read_text()  # the Referer too
    assert '"GET /e/jour HTTP/1.1"' in lines[-1] and '"https://exemple.org/r/****"' in lines[-1]
