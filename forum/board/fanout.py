"""Board broadcasts on gevent: one WebSocket frame, built once, written straight to every phone.

python-socketio hands each recipient's copy of a broadcast to that connection's Engine.IO
queue; a writer greenlet per connection then wakes up, encodes the packet again, frames it
and writes it with ``sendall``. At 2,000 phones that bookkeeping (queue, timers, two
greenlet switches, a ``getsockopt`` per write) costs more CPU than the writes themselves.

Every recipient of a broadcast gets the same bytes, so ``FanoutManager.emit`` frames the
packet once and writes it to each connection that is on WebSocket with nothing queued and
no write in progress. Any other connection (long-polling, upgrading, closing, with packets
waiting, or whose socket buffer is full) gets the packet through its queue as before, after
what is already there: each connection still receives its packets in the order they were
emitted. A frame only partly accepted by the kernel is finished by a greenlet that holds
the connection's write lock, which the Engine.IO writer also takes.

Only for gevent with gevent-websocket (``python -m forum.serve``); other modes keep
python-socketio's own manager (``emit_encoded`` serves every mode).
"""

from __future__ import annotations

import json
import socket
import struct

import gevent
import socketio
from engineio import packet as eio_packet
from engineio.async_drivers.gevent import WebSocketWSGI
from gevent.lock import Semaphore
from socketio import packet as sio_packet


def text_frame(text: str) -> bytes:
    """An unmasked, final WebSocket text frame (RFC 6455 §5.2), as a server sends it."""
    payload = text.encode("utf-8")
    size = len(payload)
    if size < 126:
        header = struct.pack("!BB", 0x81, size)
    elif size < 1 << 16:
        header = struct.pack("!BBH", 0x81, 126, size)
    else:
        header = struct.pack("!BBQ", 0x81, 127, size)
    return header + payload


class WebSocket(WebSocketWSGI):
    """Engine.IO's gevent-websocket wrapper, with a write lock, known to its Engine.IO socket."""

    def __call__(self, environ, start_response):
        self.write_lock = Semaphore()
        # writers waiting for the lock: a released gevent Semaphore is free (``locked()`` is False) until
        # its waiter runs, and a broadcast written in that moment would overtake the waiter's packet
        self.waiting = 0
        self.os_socket = environ["wsgi.websocket"].handler.socket  # gevent socket of this connection
        # small frames go out at once: without this, a frame written right after another (the snapshot,
        # then the connect acknowledgement) waits for the phone's delayed ACK (Nagle), 40 ms on Linux
        self.os_socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.app.__self__.fanout_websocket = self  # self.app is the Engine.IO socket's handler
        return super().__call__(environ, start_response)

    def send(self, message):
        self.waiting += 1
        try:
            with self.write_lock:
                return super().send(message)
        finally:
            self.waiting -= 1


def _finish(websocket: WebSocket, rest: memoryview) -> None:
    try:
        websocket.os_socket.sendall(rest)
    except OSError:
        pass  # the connection is gone: Engine.IO's reader notices and closes it
    finally:
        websocket.write_lock.release()


def write_now(eio_socket, frame: bytes) -> bool:
    """Write ``frame`` to this connection now if nothing is ahead of it; False: use the queue."""
    websocket = getattr(eio_socket, "fanout_websocket", None)
    if (
        websocket is None
        or not eio_socket.upgraded
        or eio_socket.upgrading
        or eio_socket.closing
        or eio_socket.closed
        or eio_socket.queue.qsize()
        or websocket.write_lock.locked()
        or websocket.waiting
        or websocket._sock.closed
    ):
        return False
    try:
        sent = websocket.os_socket._sock.send(frame)  # the non-blocking OS socket: never waits
    except OSError:  # buffer full (BlockingIOError) or connection gone: the queue deals with it
        return False
    if sent < len(frame):
        websocket.write_lock.acquire()  # free (checked above, no switch since): the writer waits for the rest
        gevent.spawn(_finish, websocket, memoryview(frame)[sent:])
    return True


def emit_encoded(server, sid: str, namespace: str, event: str, json_text: str) -> None:
    """Send one connection an event whose data is JSON already (the board's snapshot, whose shared part is
    encoded once per seq): a Socket.IO EVENT packet, ``2<namespace>,["<event>",<data>]``, in any server mode."""
    eio_pkt = eio_packet.Packet(eio_packet.MESSAGE, f"{sio_packet.EVENT}{namespace},[{json.dumps(event)},{json_text}]")
    eio_sid = server.manager.eio_sid_from_sid(sid, namespace)
    eio_socket = server.eio.sockets.get(eio_sid)
    if eio_socket is None or not write_now(eio_socket, text_frame(eio_pkt.encode())):
        server._send_eio_packet(eio_sid, eio_pkt)


class FanoutManager(socketio.Manager):
    """python-socketio's manager, writing a broadcast's frame once to every idle WebSocket."""

    def emit(self, event, data, namespace, room=None, skip_sid=None, callback=None, to=None, **kwargs):
        room = to or room
        if callback or skip_sid or not isinstance(data, dict) or namespace not in self.rooms:
            return super().emit(event, data, namespace, room=room, skip_sid=skip_sid, callback=callback, **kwargs)
        encoded = self.server.packet_class(sio_packet.EVENT, namespace=namespace, data=[event, data]).encode()
        if isinstance(encoded, list):  # binary attachments: several packets, let python-socketio send them
            return super().emit(event, data, namespace, room=room, callback=callback, **kwargs)
        eio_pkt = eio_packet.Packet(eio_packet.MESSAGE, encoded)
        frame = text_frame(eio_pkt.encode())
        sockets = self.server.eio.sockets
        for _sid, eio_sid in self.get_participants(namespace, room):
            eio_socket = sockets.get(eio_sid)
            if eio_socket is None or not write_now(eio_socket, frame):
                self.server._send_eio_packet(eio_sid, eio_pkt)


class FanoutRedisManager(socketio.RedisManager, FanoutManager):
    """The Redis manager: publishes broadcasts; what it receives is written by ``FanoutManager``."""


def client_manager(message_queue: str | None, *, gevent_websocket: bool):
    """The client manager for ``SocketIO.init_app``: fan-out on gevent, python-socketio's own otherwise."""
    if message_queue:
        cls = FanoutRedisManager if gevent_websocket else socketio.RedisManager
        return cls(message_queue, channel="flask-socketio")
    return FanoutManager() if gevent_websocket else socketio.Manager()


def install(server) -> None:
    """Make this python-socketio server's Engine.IO use ``WebSocket`` for its connections."""
    server.eio._async = {**server.eio._async, "websocket": WebSocket}
