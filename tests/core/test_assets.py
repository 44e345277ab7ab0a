"""Static files under a versioned path, kept a year; answers compressed (issue 24)."""

import gzip
import re

import brotli


def _asset(client, path: str) -> str:
    page = client.get("/").get_data(as_text=True)
    return re.search(r'"(/static/v/\w{12}/' + re.escape(path) + ')"', page).group(1)


def test_static_files_have_versioned_names_and_are_kept_a_year(client):
    url = _asset(client, "css/forum.css")
    answer = client.get(url)
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert b"--brand" in answer.data
    plain = client.get("/static/css/forum.css")  # the old unversioned name still answers, not kept
    assert plain.status_code == 200 and plain.headers["Cache-Control"] == "no-cache" and plain.data == answer.data


def test_pages_scripts_and_styles_are_compressed_as_the_client_asks(client):
    css = _asset(client, "css/forum.css")
    for path, mimetype in (("/", "text/html"), (css, "text/css")):
        br = client.get(path, headers={"Accept-Encoding": "gzip, deflate, br"})
        assert br.headers["Content-Encoding"] == "br" and br.mimetype == mimetype
        gz = client.get(path, headers={"Accept-Encoding": "gzip"})
        assert gz.headers["Content-Encoding"] == "gzip"
        plain = client.get(path, headers={"Accept-Encoding": "identity"})
        assert "Content-Encoding" not in plain.headers
        assert brotli.decompress(br.data) == gzip.decompress(gz.data) == plain.data  # the whole answer, read back
    assert len(br.data) < len(plain.data) / 2
