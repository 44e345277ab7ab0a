"""The live board opens only for pages of the site's own origin (and the configured ones), on both transports."""

import pytest
import requests
import websocket

pytestmark = pytest.mark.slow


def polling(base: str, origin: str | None) -> requests.Response:
    headers = {"Origin": origin} if origin else {}
    return requests.get(f"{base}/socket.io/?EIO=4&transport=polling", headers=headers, timeout=10)


def test_polling_from_another_origin_is_refused(board_env):
    _, base = board_env
    refused = polling(base, "http://evil.example")
    assert refused.status_code == 400 and "Not an accepted origin" in refused.text
    assert polling(base, base).status_code == 200  # the site's own pages
    assert polling(base, None).status_code == 200  # apps and scripts send no Origin


def test_websocket_from_another_origin_is_refused(board_env):
    _, base = board_env
    ws_url = base.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
    try:  # gevent-websocket completes the handshake before the app runs: then the socket is closed unread
        evil = websocket.create_connection(ws_url, origin="http://forum.example.evil", timeout=10)
    except websocket.WebSocketBadStatusException as refused:
        assert refused.status_code == 400
    else:
        with pytest.raises(websocket.WebSocketConnectionClosedException):
            while True:
                assert not evil.recv(), "a packet reached a page of another origin"
    ws = websocket.create_connection(ws_url, origin=base, timeout=10)
    assert ws.recv().startswith("0{")  # engine.io open packet
    ws.close()
