"""A raw HTTP/1.1 client for hostile tests: it sends exactly the bytes it is given (paths with
``..`` or bytes that are not UTF-8, odd headers, lying lengths, chunked bodies), which ordinary
clients normalise or refuse to send, and reads the answer as the server wrote it."""
from __future__ import annotations

import socket
from dataclasses import dataclass


@dataclass
class Answer:
    status: int
    headers: dict[str, str]  # lower-case names; a repeated header keeps its last value
    body: bytes
    raw_head: bytes

    @property
    def media(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def from_app(self) -> bool:
        """Whether the application answered (gunicorn's own parser errors carry no Date)."""
        return "date" in self.headers


def _b(x) -> bytes:
    return x if isinstance(x, bytes) else x.encode("latin-1")


def request(port: int, method="GET", target="/", headers=(), body: bytes | None = None, *,
            host: bytes | str | None = None, chunked: bool = False, timeout: float = 120.0) -> Answer:
    """One request on a fresh connection (``Connection: close``); ``headers`` is a list of
    (name, value) pairs, str (latin-1) or bytes, sent as they are, after ``Host`` (``host``, by
    default the address connected to)."""
    host = _b(host) if host is not None else b"127.0.0.1:" + str(port).encode()
    head = [_b(method) + b" " + _b(target) + b" HTTP/1.1", b"Host: " + host, b"Connection: close"]
    names = set()
    for k, v in headers:
        head.append(_b(k) + b": " + _b(v))
        names.add(_b(k).lower())
    payload = b""
    if body is not None:
        if chunked:
            head.append(b"Transfer-Encoding: chunked")
            step = 4096
            payload = b"".join(b"%x\r\n" % len(body[i:i + step]) + body[i:i + step] + b"\r\n"
                               for i in range(0, len(body), step)) + b"0\r\n\r\n"
        else:
            if b"content-length" not in names:
                head.append(b"Content-Length: " + str(len(body)).encode())
            payload = body
    data = b"\r\n".join(head) + b"\r\n\r\n" + payload
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        try:
            s.sendall(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered (and closed) before it read everything: read its answer
        chunks = []
        while True:
            try:
                d = s.recv(65536)
            except ConnectionResetError:
                break
            if not d:
                break
            chunks.append(d)
    return parse(b"".join(chunks))


def parse(raw: bytes) -> Answer:
    head, sep, body = raw.partition(b"\r\n\r\n")
    if not sep:
        raise ConnectionError(f"no HTTP answer: {raw[:200]!r}")
    lines = head.split(b"\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        k, _, v = line.partition(b":")
        headers[k.decode("latin-1").strip().lower()] = v.decode("latin-1").strip()
    if headers.get("transfer-encoding", "").lower() == "chunked":
        out, rest = b"", body
        while rest:
            size_line, _, rest = rest.partition(b"\r\n")
            n = int(size_line.split(b";")[0], 16)
            if n == 0:
                break
            out, rest = out + rest[:n], rest[n + 2:]
        body = out
    return Answer(status, headers, body, head)
