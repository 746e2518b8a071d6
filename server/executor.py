"""The query service: processes that run queries and can be killed, so the time limit is real.

pyoxigraph cannot cancel a running query, and a thread cannot be stopped; so no query runs in a
web worker. One query service serves the whole server:

- a **supervisor**, forked once (in the gunicorn master after the KG is loaded, before the web
  workers fork; or on first use in any other process). It holds the listening Unix sockets and
  does nothing but (re)fork executors;
- ``executors`` **executor** processes, forked by the supervisor. Each accepts connections on its
  socket and runs every connection's queries in a thread of its own (pyoxigraph releases the GIL,
  so queries run in parallel on all cores), serialising results with pyoxigraph's writers.

Why so few processes: a forked process shares the loaded store copy-on-write, but pyoxigraph's
in-memory store writes to its own pages while it reads them (reference counts), so every process
that scans the store ends up with a private copy of it. Memory is therefore bounded by
``(1 + executors) ×`` the store, however many web workers, threads and queries there are.

A web thread takes a connection, sends the job and waits for the reply until the deadline. When
the deadline passes it SIGKILLs that executor (the CPU is freed at once) and answers 503; the
supervisor forks a replacement on the same listening socket, so clients that connect meanwhile
simply wait in its backlog. Queries of other requests that were running in the killed executor
see their connection drop and are run again, transparently, within their own deadlines (queries
are read-only, so running one again is safe) — unless less than a second of their own time is left.
Executors retire after ``MAX_JOBS`` jobs: the supervisor starts the successor at once while the old
one finishes the queries it is running, which may be long. A query running for ``SLOW_AFTER``
seconds yields the CPU to the others (see :class:`_Executor`). The
supervisor dies with its parent and executors with the supervisor (``PR_SET_PDEATHSIG``); with
the embedded stores executors also lose the right to create network sockets (:mod:`server.sandbox`).

Messages are length-prefixed pickles, received into a buffer each connection keeps. Pickling a job
and its reply costs about 10 µs of a request's 400 (a fixed binary header was measured at half
that: not worth a wire format of our own).
"""
from __future__ import annotations

import atexit
import logging
import os
import pickle
import select
import shutil
import signal
import socket
import stat
import struct
import sys
import tempfile
import threading
import time
import traceback
from collections import deque
from dataclasses import dataclass
from typing import Callable

from . import sandbox

log = logging.getLogger("server.executor")

#: Jobs an executor runs before it retires and the supervisor forks a fresh one.
MAX_JOBS = 10000
#: Times a job is sent again after its executor went away (killed for another query, retired).
RETRIES = 3
#: A job whose executor went away is sent again only with at least this many seconds (or a tenth) of its
#: time left.
RETRY_MIN_LEFT = 1.0
#: Seconds a job waits for an unreachable query service to come back (the master starts a dead
#: supervisor again within about a second) before it is answered 503.
UNREACHABLE_WAIT = 3.0
#: Seconds after which a running query gets the lowest CPU priority (see _Executor).
SLOW_AFTER = 0.5
#: Stack of each thread that runs queries. The engine parses and plans a query recursively: nested
#: or chained deeply enough, a query overflows an ordinary 8 MB stack and kills its executor with
#: every query in it. server.guard refuses queries past MAX_STRUCTURE brackets and operators, which
#: this stack holds several times over; only the pages a query touches are ever committed.
QUERY_STACK = 256 * 2**20
_HDR = struct.Struct("!Q")
_FIRST_READ = 65536
_RESET_SIGNALS = ("SIGTERM", "SIGINT", "SIGQUIT", "SIGHUP", "SIGUSR1", "SIGUSR2", "SIGWINCH", "SIGABRT",
                  "SIGTTIN", "SIGTTOU", "SIGCHLD", "SIGPIPE")


class ExecutorError(Exception):
    """The query service failed (a bug or the machine's limits: answered 500)."""


class QueryTimeout(Exception):
    """The query ran past its wall-clock limit; its executor was killed."""

    def __init__(self, seconds: float):
        super().__init__(f"the query ran longer than this endpoint's limit of {seconds:g} s and was stopped")
        self.seconds = seconds


class Busy(Exception):
    """No executor answered before the deadline."""


class Unavailable(Exception):
    """The query service cannot be reached (it is being started again)."""


class _Unreachable(Exception):
    """Connecting to an executor failed (it may have just exited: worth another try)."""


# ------------------------------------------------------------------ framing

def _send(sock: socket.socket, obj) -> None:
    """One message: an 8-byte length, then the pickle; one system call when it fits."""
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    hdr = _HDR.pack(len(data))
    sent = sock.sendmsg([hdr, data])
    if sent < len(hdr) + len(data):
        rest = memoryview(hdr + data)[sent:] if sent < len(hdr) else memoryview(data)[sent - len(hdr):]
        sock.sendall(rest)


def _recv_into(sock: socket.socket, view: memoryview, deadline: float | None) -> int:
    if deadline is not None:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError()
        sock.settimeout(remaining)
    k = sock.recv_into(view)
    if k == 0:
        raise EOFError()
    return k


def _recv(sock: socket.socket, buf: bytearray, deadline: float | None = None):
    """One message, read into ``buf`` (or a larger buffer when it does not fit); a small one
    arrives with a single system call. One message is in flight at a time on a connection."""
    view = memoryview(buf)
    got = 0
    while got < _HDR.size:
        got += _recv_into(sock, view[got:], deadline)
    (n,) = _HDR.unpack_from(buf)
    total = _HDR.size + n
    if total > len(buf):
        big = bytearray(total)
        big[:got] = view[:got]
        view = memoryview(big)
    while got < total:
        got += _recv_into(sock, view[got:total], deadline)
    return pickle.loads(view[_HDR.size:total])


# ------------------------------------------------------------------ the helper processes

def _reset_process(keep: set[int]) -> None:
    """In a freshly forked helper: default signal handling, no inherited sockets but ``keep``."""
    for name in _RESET_SIGNALS:
        sig = getattr(signal, name, None)
        if sig is not None:
            try:
                signal.signal(sig, signal.SIG_DFL)
            except (OSError, ValueError):
                pass
    try:
        signal.set_wakeup_fd(-1)
    except (ValueError, OSError):
        pass
    # the gunicorn listening socket, client connections and inherited pipes (a test runner's
    # browser driver, say, that waits for its pipe to close) must not live on in helpers; open
    # files (an on-disk store) stay
    try:
        fds = [int(x) for x in os.listdir("/proc/self/fd")]
    except OSError:  # pragma: no cover - no /proc
        fds = []
    for fd in fds:
        if fd in keep or fd < 3:
            continue
        try:
            mode = os.fstat(fd).st_mode
            if stat.S_ISSOCK(mode) or stat.S_ISFIFO(mode):
                os.close(fd)
        except OSError:
            pass


class _Executor:
    """The executor process: a thread per connection, each running that connection's jobs.

    A query that has run for :data:`SLOW_AFTER` seconds gets the lowest CPU priority (its thread
    is reniced to 19): quick queries that come meanwhile take the CPU first, so a few runaway
    queries do not slow everyone else down until they are killed at the time limit. A thread's
    priority cannot be raised again without privileges, so once its slow job is answered it hands
    its connection back to the main thread, which serves it on a new thread at normal priority."""

    def __init__(self, listener: socket.socket, engine, retire_fd: int):
        self.listener = listener
        self.engine = engine
        self.retire_fd = retire_fd  # to tell the supervisor to start our successor
        self.lock = threading.Lock()
        self.jobs = 0
        self.active = 0
        self.retiring = False
        self.pid_bytes = os.getpid().to_bytes(8, "big")
        self.running: dict[int, float] = {}  # native thread id -> when its job started
        self.lowered: set[int] = set()  # threads reniced
        self.handed_back: deque = deque()  # (connection, its buffer) to serve on a fresh thread
        self.wake_r, self.wake_w = os.pipe()

    def serve(self) -> None:
        threading.Thread(target=self._watch_slow, daemon=True).start()
        while True:
            if self.retiring:  # leave new connections in the backlog for the next executor
                while self.handed_back:  # and send those handed back there too: their next job is retried
                    self.handed_back.popleft()[0].close()
                time.sleep(0.05)
                continue
            # select, not a socket timeout: the listening socket is shared with the executors to come
            ready, _, _ = select.select([self.listener, self.wake_r], [], [], 0.2)
            if self.wake_r in ready:
                os.read(self.wake_r, 4096)
                while self.handed_back:
                    conn, buf = self.handed_back.popleft()
                    threading.Thread(target=self._connection, args=(conn, buf), daemon=True).start()
            if self.listener in ready:
                conn, _ = self.listener.accept()
                threading.Thread(target=self._connection, args=(conn,), daemon=True).start()

    def _watch_slow(self) -> None:
        while True:
            time.sleep(SLOW_AFTER / 4)
            now = time.monotonic()
            with self.lock:
                slow = [t for t, since in self.running.items() if now - since > SLOW_AFTER and t not in self.lowered]
                self.lowered.update(slow)
            for tid in slow:
                try:
                    os.setpriority(os.PRIO_PROCESS, tid, 19)
                except OSError:  # the thread has just ended, or no renicing here: nothing to do
                    pass

    def _connection(self, conn: socket.socket, buf: bytearray | None = None) -> None:
        tid = threading.get_native_id()
        keep_open = False
        try:
            if buf is None:  # a new connection (not one handed back): say who we are
                buf = bytearray(_FIRST_READ)
                conn.sendall(self.pid_bytes)
            while True:
                job = _recv(conn, buf)
                with self.lock:
                    if self.retiring:
                        return  # the client sends it again to the next executor
                    self.active += 1
                    self.running[tid] = time.monotonic()
                try:
                    try:
                        reply = self.engine.run(job)
                    except Exception as e:  # a bug in the engine: the web side logs it with a request id
                        reply = ("error", "internal", "".join(traceback.format_exception(e)))
                    _send(conn, reply)  # OSError when the client went away meanwhile
                finally:
                    # counted down however the job ended: a count left up would keep a retiring
                    # executor from ever exiting, and no query would be taken again
                    with self.lock:
                        self.running.pop(tid, None)
                        lowered = tid in self.lowered
                        self.lowered.discard(tid)
                        self.active -= 1
                        self.jobs += 1
                        if self.jobs >= MAX_JOBS and not self.retiring:
                            self.retiring = True
                            os.write(self.retire_fd, os.getpid().to_bytes(8, "big"))
                        if self.retiring and self.active == 0:
                            os._exit(0)
                if lowered:  # this thread runs at the lowest priority now: the connection moves on
                    self.handed_back.append((conn, buf))
                    keep_open = True
                    os.write(self.wake_w, b"x")
                    return
        except (EOFError, OSError):
            pass
        finally:
            if not keep_open:
                conn.close()


def _executor_main(listener: socket.socket, engine_factory, deny_network: bool, retire_fd: int) -> None:
    sandbox.die_with_parent()
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    # a reply to a web worker that went away is an EPIPE for that connection, not the end of the
    # executor and of every other query running in it
    signal.signal(signal.SIGPIPE, signal.SIG_IGN)
    if deny_network and not sandbox.deny_network():
        print("plankg executor: could not remove network access (seccomp unavailable)", file=sys.stderr)
    threading.stack_size(QUERY_STACK)  # for the connection threads, which run the queries
    _Executor(listener, engine_factory(), retire_fd).serve()


def _watch_parent(ppid: int) -> None:
    while os.getppid() == ppid:
        time.sleep(0.5)
    os._exit(0)


def _supervisor_main(listeners: list[socket.socket], engine_factory, deny_network: bool,
                     forked_by_main_thread: bool = True) -> None:
    if forked_by_main_thread:
        sandbox.die_with_parent()
    else:
        # the kernel's parent-death signal follows the *thread* that forked us: a service started
        # on first use in a request thread would die with that thread. Watch the process instead.
        threading.Thread(target=_watch_parent, args=(os.getppid(),), daemon=True).start()
    _reset_process({s.fileno() for s in listeners})
    slots: dict[int, int] = {}  # pid -> executor slot
    started: dict[int, float] = {}
    retired: set[int] = set()  # executors already replaced, finishing their last queries
    # a retiring executor writes its pid here: its successor starts at once, on the same listening
    # socket, instead of when the last long query of the old one has ended (all new queries would
    # wait for that meanwhile, up to the time limit)
    retire_r, retire_w = os.pipe()

    def spawn(slot: int) -> None:
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                os.close(retire_r)
                for i, s in enumerate(listeners):
                    if i != slot:
                        s.close()
                _executor_main(listeners[slot], engine_factory, deny_network, retire_w)
            except BaseException:  # pragma: no cover - last resort in a child
                traceback.print_exc()
                code = 1
            finally:
                os._exit(code)
        slots[pid] = slot
        started[slot] = time.monotonic()

    for i in range(len(listeners)):
        spawn(i)
    while True:
        ready, _, _ = select.select([retire_r], [], [], 0.05)
        if ready:
            data = os.read(retire_r, 4096)
            for k in range(0, len(data) - 7, 8):
                pid = int.from_bytes(data[k:k + 8], "big")
                if pid in slots and pid not in retired:
                    retired.add(pid)
                    spawn(slots[pid])
        while True:
            try:
                pid, _status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:  # pragma: no cover
                return
            if pid == 0:
                break
            slot = slots.pop(pid, None)
            if slot is None or pid in retired:
                retired.discard(pid)
                continue
            if time.monotonic() - started[slot] < 1.0:
                time.sleep(0.5)  # an executor that dies at once: do not spin
            spawn(slot)


# ------------------------------------------------------------------ the client side

@dataclass
class _Conn:
    sock: socket.socket
    pid: int
    slot: int
    buf: bytearray  # where replies are received


class QueryService:
    """Start once (while single-threaded); then ``run`` jobs from any thread of this process or of
    its forked children (the gunicorn workers)."""

    def __init__(self, engine_factory: Callable[[], object], executors: int = 1, *, deny_network: bool):
        self.engine_factory = engine_factory
        self.executors = max(1, executors)
        self.deny_network = deny_network
        self._owner: int | None = None  # the process that started the service
        self._supervisor: int | None = None
        self._dir: str | None = None
        self._paths: list[str] = []
        self._lock = threading.Lock()
        self._pool_pid: int | None = None  # the process the connection pool belongs to
        self._idle: list[deque] = []  # idle connections per executor; append/pop are atomic
        self._busy: list[int] = []

    @property
    def started(self) -> bool:
        return self._supervisor is not None

    def start(self) -> None:
        """Fork the supervisor (idempotent; children of the starting process share it)."""
        with self._lock:
            if self._supervisor is not None:
                return
            self._dir = tempfile.mkdtemp(prefix="plankg-query-")
            self._paths = [os.path.join(self._dir, f"executor-{i}.sock") for i in range(self.executors)]
            self._supervisor = self._fork_supervisor()
            self._owner = os.getpid()
            atexit.register(self.close)

    def _fork_supervisor(self) -> int:
        listeners = []
        for path in self._paths:
            if os.path.exists(path):
                os.unlink(path)  # a dead supervisor's: clients connect to the new one by the same path
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.bind(path)
            s.listen(512)
            listeners.append(s)
        main_thread = threading.current_thread() is threading.main_thread()
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                _supervisor_main(listeners, self.engine_factory, self.deny_network, main_thread)
            except BaseException:  # pragma: no cover
                traceback.print_exc()
                code = 1
            finally:
                os._exit(code)
        for s in listeners:
            s.close()
        return pid

    def revive(self) -> bool:
        """In the process that started the service: fork the supervisor again if it died (its
        executors died with it). Whether it had to. gunicorn's master calls this about once a
        second (server.run); web workers reconnect by the same socket paths."""
        with self._lock:
            if self._owner != os.getpid() or self._supervisor is None:
                return False
            try:
                pid, _status = os.waitpid(self._supervisor, os.WNOHANG)
            except ChildProcessError:
                pid = self._supervisor  # reaped already (gunicorn's master reaps every child)
            if pid == 0:
                return False
            log.error("the query supervisor (pid %s) died; starting it again", self._supervisor)
            self._supervisor = self._fork_supervisor()
            return True

    def close(self) -> None:
        """Close this process's connections; stop the service if this process started it."""
        if self._pool_pid == os.getpid():
            for idle in self._idle:
                while True:
                    try:
                        idle.pop().sock.close()
                    except IndexError:
                        break
        if self._owner != os.getpid() or self._supervisor is None:
            return
        try:
            os.kill(self._supervisor, signal.SIGKILL)  # its executors die with it
            os.waitpid(self._supervisor, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        if self._dir:
            shutil.rmtree(self._dir, ignore_errors=True)
        self._supervisor = None
        self._owner = None
        self._pool_pid = None

    # the connection pool of this process
    def _pool(self) -> None:
        if self._pool_pid == os.getpid():
            return
        with self._lock:
            if self._pool_pid != os.getpid():
                self._idle = [deque() for _ in self._paths]  # inherited connections are not ours
                self._busy = [0] * len(self._paths)
                self._pool_pid = os.getpid()

    def _checkout(self, deadline: float) -> _Conn:
        with self._lock:
            slot = min(range(len(self._paths)), key=lambda i: self._busy[i])
            self._busy[slot] += 1
        try:
            return self._idle[slot].pop()
        except IndexError:
            pass
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            s.connect(self._paths[slot])
            pid_bytes = bytearray(8)
            got = 0
            while got < 8:
                got += _recv_into(s, memoryview(pid_bytes)[got:], deadline)
            return _Conn(s, int.from_bytes(pid_bytes, "big"), slot, bytearray(_FIRST_READ))
        except TimeoutError:
            s.close()
            self._release(slot)
            raise Busy() from None
        except (OSError, EOFError) as e:
            # an executor that exits (retired, killed) as it accepts us: the caller tries again
            s.close()
            self._release(slot)
            raise _Unreachable(str(e) or type(e).__name__) from None

    def _release(self, slot: int) -> None:
        with self._lock:
            self._busy[slot] -= 1

    def _drop(self, conn: _Conn, kill: bool = False) -> None:
        if kill:
            try:
                os.kill(conn.pid, signal.SIGKILL)
                log.warning("a query ran past its time limit: executor %d killed", conn.pid)
            except ProcessLookupError:
                pass
        conn.sock.close()
        self._release(conn.slot)

    def _forget(self, slot: int, pid: int) -> None:
        """Close the idle connections to an executor that is gone."""
        keep = []
        while True:
            try:
                c = self._idle[slot].pop()
            except IndexError:
                break
            if c.pid == pid:
                c.sock.close()
            else:
                keep.append(c)
        self._idle[slot].extend(keep)

    def run(self, job, timeout: float):
        """One job's reply, or :class:`QueryTimeout`, :class:`Busy`, :class:`ExecutorError`."""
        self.start()
        self._pool()
        deadline = time.monotonic() + timeout
        attempt = 0
        unreachable_since = None
        while True:
            try:
                conn = self._checkout(deadline)
            except _Unreachable as e:
                # an executor exiting as it accepted us (try again at once), or the whole service
                # down until the master starts it again (within a second or so: wait a little)
                now = time.monotonic()
                unreachable_since = unreachable_since or now
                if now - unreachable_since < UNREACHABLE_WAIT and now < deadline:
                    time.sleep(0 if now == unreachable_since else 0.1)
                    continue
                raise Unavailable(f"cannot reach the query service: {e}") from None
            try:
                _send(conn.sock, job)
                reply = _recv(conn.sock, conn.buf, deadline)
            except TimeoutError:
                self._drop(conn, kill=True)
                raise QueryTimeout(timeout) from None
            except (EOFError, OSError) as e:
                # its executor went away (killed for another query, retired, crashed): again
                self._drop(conn)
                self._forget(conn.slot, conn.pid)
                attempt += 1
                left = deadline - time.monotonic()
                if left < min(RETRY_MIN_LEFT, timeout / 10):
                    # its executor was most likely killed for a runaway query that timed out at the
                    # same moment, maybe this very one: running it again would only kill the next
                    # executor too, and leave every other query without one meanwhile
                    raise QueryTimeout(timeout) from None
                if attempt <= RETRIES:
                    continue
                raise ExecutorError(f"the query executor went away ({type(e).__name__})") from None
            conn.sock.settimeout(None)
            self._idle[conn.slot].append(conn)
            self._release(conn.slot)
            return reply
