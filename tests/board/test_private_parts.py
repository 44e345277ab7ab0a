"""The canary: board/fanout.py and board/socket.py lean on private parts of python-engineio, python-socketio,
Flask-SocketIO and gevent-websocket (pinned in requirements.txt, each pin commented). An upgrade that renames or
removes one of them fails here, saying which, before a room of phones finds out."""

import inspect

import engineio
import flask_socketio
import socketio
from engineio.async_drivers import gevent as engineio_gevent
from gevent import socket as gevent_socket
from geventwebsocket import websocket as gws


def test_the_private_parts_the_fan_out_uses_are_still_there():
    missing = []
    if not hasattr(socketio.Server, "_send_eio_packet"):
        missing.append("python-socketio: Server._send_eio_packet (fanout.py writes a packet to one connection)")
    if not hasattr(flask_socketio, "_ManagedSession"):
        missing.append("Flask-SocketIO: _ManagedSession (socket.py's crowd path stores the board session)")
    server = socketio.Server(async_mode="threading")
    if not isinstance(getattr(server, "handlers", None), dict):
        missing.append("python-socketio: Server.handlers (socket.py wraps the Flask connect handler)")
    if not isinstance(getattr(server.eio, "_async", None), dict) or "websocket" not in server.eio._async:
        missing.append("python-engineio: Server._async['websocket'] (fanout.install puts its WebSocket class there)")
    if "self._sock = " not in inspect.getsource(engineio_gevent):
        missing.append("python-engineio: WebSocketWSGI._sock (fanout.write_now reads whether it is closed)")
    if "handler" not in gws.WebSocket.__slots__:
        missing.append("gevent-websocket: WebSocket.handler (fanout.WebSocket finds the connection's socket there)")
    if "self._sock" not in inspect.getsource(gevent_socket.socket):
        missing.append("gevent: socket._sock (fanout.write_now writes to the OS socket without waiting)")
    for name in ("upgraded", "upgrading", "closing", "closed", "queue"):
        if name not in inspect.getsource(
            engineio.Socket
            if hasattr(engineio, "Socket")
            else __import__("engineio.socket", fromlist=["Socket"]).Socket
        ):
            missing.append(f"python-engineio: Socket.{name} (fanout.write_now reads it)")
    assert not missing, "A pinned library changed under the board's fan-out:\n" + "\n".join(missing)
