"""Entry point: ``gunicorn -k geventwebsocket.gunicorn.workers.GeventWebSocketWorker wsgi:app``."""

from forum import create_app
from forum.extensions import socketio  # noqa: F401  (the Socket.IO server of the app)

app = create_app()
