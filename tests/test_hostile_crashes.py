"""Crashes are survived: while clients keep asking, the query executor is killed (as the OOM killer
or a crashing engine would), then a web worker, then the query supervisor with its executors; the
server goes on answering, never with a 5xx, and each is replaced. (A connection the killed worker held, in flight or
idle between keep-alive requests, is lost: that is the one failure a client can see, and it is counted
apart.)"""
from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest
import requests

from test_hostile import process_group

PK = "https://w3id.org/plankg/def#"


def parent(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except OSError:  # gone meanwhile
        return -1


def roles(master: int) -> dict[str, list[int]]:
    """The gunicorn master's children: web workers, the query supervisor and its executors."""
    pids = [p for p in process_group(master) if p != master]
    kids = {p: parent(p) for p in pids}
    supervisors = [p for p, pp in kids.items() if pp == master and any(v == p for v in kids.values())]
    return {"workers": sorted(p for p, pp in kids.items() if pp == master and p not in supervisors),
            "supervisor": supervisors,
            "executors": sorted(p for p, pp in kids.items() if pp in supervisors)}


@pytest.mark.slow
def test_hostile_killed_executor_and_worker_are_survived(seed_kg, tmp_path):
    from servers import start_plankg

    server = start_plankg(seed_kg, tmp_path, workers=2, threads=2, query_timeout=20)
    base = server.url.rsplit("/", 1)[0]
    statuses: list[int] = []
    dropped = []
    stop = threading.Event()

    def client(i: int):
        targets = [(server.url, {"query": f"ASK {{ ?s a <{PK}Report> }}"}),
                   (server.url, {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}),
                   (base + "/id/indicator/GRP", {}), (base + "/-/search", {"q": "仓山"})]
        with requests.Session() as s:
            k = i
            while not stop.is_set():
                url, params = targets[k % len(targets)]
                k += 1
                try:
                    statuses.append(s.get(url, params=params, timeout=60).status_code)
                except requests.ConnectionError as e:  # in flight in the killed worker
                    dropped.append(repr(e))

    def served(n: int) -> None:
        """Wait until n more answers have come (a bound, not a timing: 120 s at most)."""
        goal = len(statuses) + n
        deadline = time.monotonic() + 120
        while len(statuses) < goal:
            assert time.monotonic() < deadline, "the server stopped answering"
            time.sleep(0.05)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(4)]
    [t.start() for t in threads]
    try:
        served(20)
        before = roles(server.proc.pid)
        assert len(before["workers"]) == 2 and len(before["executors"]) == 1, before
        served(100)
        os.kill(before["executors"][0], signal.SIGKILL)
        served(100)
        os.kill(before["workers"][0], signal.SIGKILL)
        served(200)
        os.kill(before["supervisor"][0], signal.SIGKILL)  # the gunicorn master starts it again
        served(200)
    finally:
        stop.set()
        [t.join() for t in threads]
        after = roles(server.proc.pid)
        log = server.log_text()
        server.stop()
    assert statuses and not [s for s in statuses if s >= 500], (sorted(set(statuses)), log)
    assert set(statuses) == {200}, sorted(set(statuses))
    # A killed worker takes down the connections it held: those in flight in its two threads and the
    # idle keep-alive ones it was watching. Each client has one connection, so at most one each.
    assert len(dropped) <= len(threads), dropped
    assert len(after["workers"]) == 2 and before["workers"][0] not in after["workers"], (before, after)
    assert len(after["executors"]) == 1 and after["executors"] != before["executors"], (before, after)
    assert len(after["supervisor"]) == 1 and after["supervisor"] != before["supervisor"], (before, after)
