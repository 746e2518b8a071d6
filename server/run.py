"""Run the app under a production WSGI server (gunicorn), or Flask's dev server on request.

gunicorn's master creates the app once (``preload_app``): the KG is loaded there, and the query
service (see :mod:`server.executor`) is forked from it in ``when_ready``, while the master is
single-threaded and before the web workers fork. Workers are threaded (``gthread``: keep-alive
connections, ``threads`` requests at once; :class:`server.worker.Worker` serves a kept-alive
connection's next request without a round trip through the main loop) and only speak HTTP; queries
run in the executors.

Per-request costs measured on a small query (``bench/README.md``): gunicorn's heartbeat touches a
file in the temporary directory after every request — on a disk that is a file-system call each
time, so it goes to ``/dev/shm`` (RAM) where there is one; the access log (kept: a production
server should say what it answered) formats only the fields of its line.
"""
from __future__ import annotations

import os

from kg.config import Settings

#: The access-log line: client, request line, status, bytes, milliseconds.
ACCESS_LOG_FORMAT = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'


def gunicorn_options(settings: Settings) -> dict:
    return {
        "bind": f"{settings.host}:{settings.port}",
        "workers": settings.workers,
        "worker_class": "server.worker.Worker",  # gthread, minus two thread hand-offs a request
        "threads": settings.threads,
        "preload_app": True,
        "keepalive": 5,
        # the query timeout is enforced by killing executors; this only catches a stuck worker
        "timeout": int(settings.query_timeout * 2 + 30),
        "graceful_timeout": int(settings.query_timeout + 5),
        # long GET URLs are allowed up to max_request_bytes (the app answers 413 past it)
        "limit_request_line": 0,
        "accesslog": "-" if settings.access_log else None,
        "logger_class": "server.worker.AccessLogger",
        # gunicorn's control socket is one path per user; several servers would fight over it
        "control_socket_disable": True,
        "access_log_format": ACCESS_LOG_FORMAT,
        **({"worker_tmp_dir": "/dev/shm"} if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else {}),
    }


def _when_ready(server) -> None:
    # the master, single-threaded, KG loaded, workers not forked yet: start the query service here
    backend = server.app.wsgi().extensions["plankg"].backend
    backend.start()
    # and start it again should it die: the master's loop manages its workers about once a second
    manage_workers = server.manage_workers

    def manage_workers_and_the_query_service():
        try:
            backend.revive()
        except Exception:  # noqa: BLE001 - the master must go on serving; tried again next time
            server.log.exception("could not start the query service again")
        manage_workers()

    server.manage_workers = manage_workers_and_the_query_service


def serve(settings: Settings, dev: bool = False) -> int:
    from . import create_app

    if dev:
        app = create_app(settings)
        app.extensions["plankg"].backend.start()
        app.run(host=settings.host, port=settings.port, debug=False)
        return 0
    from gunicorn.app.base import BaseApplication

    class _App(BaseApplication):
        def load_config(self):
            for k, v in gunicorn_options(settings).items():
                if k in self.cfg.settings:
                    self.cfg.set(k, v)
            self.cfg.set("when_ready", _when_ready)

        def load(self):
            return create_app(settings)

    _App().run()
    return 0
