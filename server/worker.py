"""gunicorn's threaded worker and access log, with less work per request (see :mod:`server.run`).

Both are measured (``bench/README.md``): on a sub-millisecond query, gunicorn's per-request
bookkeeping costs about as much as the query.

- :class:`Worker` is ``gthread`` except for two things. There, every request of a kept-alive
  connection travels main thread → pool thread → main thread: the main loop's poller wakes, the
  connection is submitted to the thread pool, the answer is written, a pipe wakes the main thread,
  which puts the connection back in its poller. Here the pool thread that has just answered waits
  up to :data:`LINGER` seconds for the same connection's next request and serves it at once — but
  only while no other connection is waiting for a thread, so a waiting thread never delays
  anyone: the wait is cut short as soon as work is queued, and the connection then goes back to
  the main loop as in ``gthread``. Clients that send requests back to back (scripts, benchmarks,
  pipelines) skip the hand-offs; everything else is ``gthread`` as it is. (Accepting new
  connections only while a thread is free was tried too: under 32 clients it starved whole
  groups of connections for the length of the run — ``bench/load_test.py``.)
- :class:`AccessLogger` computes only the fields of plankg's access-log line, not the dictionary
  of every header and environment variable that gunicorn builds for any format (the line is the
  same).
"""
from __future__ import annotations

import select

from gunicorn.glogging import Logger
from gunicorn.workers.gthread import ThreadWorker

from .run import ACCESS_LOG_FORMAT

#: Longest wait, in seconds, for the next request on a connection just answered.
LINGER = 0.002
_SLICE = 0.0005  # the wait is done in slices, so queued work ends it soon


def _kept(result) -> bool:
    # gunicorn >= 24 returns a bool (or a sentinel), older versions (keepalive, conn)
    if isinstance(result, tuple):
        return bool(result[0])
    return result is True


class Worker(ThreadWorker):
    """``gthread``, serving a kept-alive connection's next request in the same thread."""

    # --- the next request of a kept-alive connection, in the same thread
    def handle(self, conn):
        result = super().handle(conn)
        while _kept(result) and self._next_request(conn):
            result = super().handle(conn)
        return result

    def _idle(self) -> bool:
        work = getattr(self.tpool, "_work_queue", None)
        return self.alive and work is not None and work.empty()

    def _next_request(self, conn) -> bool:
        """Whether the connection's next request is there (or came within LINGER) while no other
        connection waits for a thread."""
        try:
            if conn.parser.unreader.buf.getvalue():
                return self._idle()  # pipelined: already read
        except AttributeError:  # another gunicorn's internals: behave as gthread
            return False
        waited = 0.0
        while waited < LINGER and self._idle():
            try:
                readable, _, _ = select.select([conn.sock], [], [], _SLICE)
            except (OSError, ValueError):
                return False
            if readable:
                return True
            waited += _SLICE
        return False


class AccessLogger(Logger):
    """gunicorn's logger; for plankg's access-log format, only the atoms that format uses."""

    def atoms(self, resp, req, environ, request_time):
        if self.cfg.access_log_format != ACCESS_LOG_FORMAT:
            return super().atoms(resp, req, environ, request_time)
        status = resp.status
        if isinstance(status, str):
            status = status.split(None, 1)[0]
        sent = getattr(resp, "sent", None)
        return {
            "h": environ.get("REMOTE_ADDR", "-"),
            "r": f"{environ['REQUEST_METHOD']} {environ['RAW_URI']} {environ['SERVER_PROTOCOL']}",
            "s": status,
            "b": str(sent) if sent is not None else "-",
            "M": request_time.seconds * 1000 + request_time.microseconds // 1000,
        }
