"""Real servers for tests and benchmarks, each on a free loopback port: our endpoint under gunicorn
(``kg serve``), ``oxigraph serve`` and Virtuoso. Every one is stopped by its own process id."""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    name: str
    proc: subprocess.Popen
    url: str  # the SPARQL query endpoint
    port: int
    log: Path
    extra: dict = field(default_factory=dict)

    def stop(self) -> None:
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)

    def log_text(self) -> str:
        try:
            return self.log.read_text(encoding="utf-8", errors="replace")[-4000:]
        except OSError:
            return ""


def _wait(server: Server, probe: str, timeout: float = 120.0) -> Server:
    try:
        return _wait_for(server, probe, timeout)
    except BaseException:
        server.stop()
        raise


def _wait_for(server: Server, probe: str, timeout: float) -> Server:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            raise RuntimeError(f"{server.name} exited ({server.proc.returncode}):\n{server.log_text()}")
        try:
            with urllib.request.urlopen(probe, timeout=5) as r:
                if r.status < 500:
                    return server
        except urllib.error.HTTPError as e:
            if e.code < 500:
                return server
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"{server.name} did not start in {timeout} s:\n{server.log_text()}")


def _popen(cmd: list[str], log: Path, env: dict | None = None, cwd: Path | None = None) -> subprocess.Popen:
    with log.open("wb") as fh:
        return subprocess.Popen(cmd, stdout=fh, stderr=subprocess.STDOUT, env=env, cwd=cwd,
                                start_new_session=True)


def start_plankg(kg_dir: Path, tmp: Path, **settings) -> Server:
    """``kg serve`` (gunicorn, the production server) with ``PLANKG_*`` settings from keywords."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PLANKG_")}
    env.update({f"PLANKG_{k.upper()}": str(v) for k, v in settings.items()})
    log = tmp / f"plankg-{port}.log"
    proc = _popen([sys.executable, "-m", "kg.cli", "serve", "--kg", str(kg_dir), "--host", "127.0.0.1",
                   "--port", str(port)], log, env=env, cwd=Path(__file__).resolve().parent.parent)
    url = f"http://127.0.0.1:{port}/sparql"
    return _wait(Server("plankg", proc, url, port, log), url + "?query=ASK%7B%7D", timeout=240)


def oxigraph_bin() -> str | None:
    cand = Path(sys.executable).with_name("oxigraph")
    return str(cand) if cand.exists() else shutil.which("oxigraph")


def start_oxigraph(tmp: Path, *, location: Path | None = None, read_only: bool = False) -> Server:
    """``oxigraph serve`` with the union default graph (as our endpoint has)."""
    port = free_port()
    cmd = [oxigraph_bin() or "oxigraph", "serve-read-only" if read_only else "serve", "--bind",
           f"127.0.0.1:{port}", "--union-default-graph"]
    if location is not None:
        cmd += ["--location", str(location)]
    log = tmp / f"oxigraph-{port}.log"
    proc = _popen(cmd, log)
    base = f"http://127.0.0.1:{port}"
    return _wait(Server("oxigraph", proc, base + "/query", port, log, {"store": base + "/store"}),
                 base + "/query?query=ASK%7B%7D")


VIRTUOSO_INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
DisableTcpSocket = 0
MaxClientConnections = 10
CheckpointInterval = 60
CaseMode = 2
AllowOSCalls = 0
DirsAllowed = {d}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
MaxQueryMem = 1G
ThreadsPerQuery = 2
VADInstallDir = /usr/share/virtuoso-opensource-7/vad/

[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = /var/lib/virtuoso-opensource-7/vsp
MaxClientConnections = 10
ServerThreads = 10
Charset = UTF-8
EnabledDavVSP = 0
HTTPProxyEnabled = 0

[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 60
MaxQueryCostEstimationTime = 400
"""


def virtuoso_bin() -> str | None:
    return shutil.which("virtuoso-t")


def start_virtuoso(tmp: Path) -> Server:
    """A fresh Virtuoso (Debian's ``virtuoso-opensource``) with its database in ``tmp``."""
    d = tmp / "virtuoso"
    d.mkdir(parents=True, exist_ok=True)
    http, sql = free_port(), free_port()
    ini = d / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(d=d, http=http, sql=sql), encoding="utf-8")
    log = tmp / f"virtuoso-{http}.log"
    proc = _popen([virtuoso_bin() or "virtuoso-t", "+foreground", "+configfile", str(ini)], log, cwd=d)
    base = f"http://127.0.0.1:{http}"
    return _wait(Server("virtuoso", proc, base + "/sparql", http, log,
                        {"store": base + "/sparql-graph-crud-auth", "user": "dba", "password": "dba"}),
                 base + "/sparql?query=ASK%7B%7D", timeout=180)


def sparql_get(url: str, query: str, accept: str = "application/sparql-results+json", **params):
    """(status, headers, body) of a GET query, without raising on HTTP errors."""
    qs = urllib.parse.urlencode({"query": query, **params}, doseq=True)
    req = urllib.request.Request(f"{url}?{qs}", headers={"Accept": accept})
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


class Listener:
    """A TCP listener on a free loopback port that counts the connections it accepts."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self):
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            self.connections += 1
            conn.close()

    def close(self):
        self._stop.set()
        self._thread.join()
        self.sock.close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"
