"""Take the network away from a query executor process (Linux seccomp), as a second wall.

The first wall is :mod:`server.guard`, which refuses ``SERVICE`` before any engine sees a query.
This one holds even if a query got past it: once :func:`deny_network` has run, the process can no
longer create any socket but a Unix-domain one (``socket(2)`` fails with ``EACCES``), so nothing it
runs can open a connection or send a datagram to any host. It needs no privilege
(``PR_SET_NO_NEW_PRIVS`` first) and is inherited by every child and thread. On a kernel or
architecture where it cannot be installed it returns False and the caller logs that.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import errno
import platform
import struct

PR_SET_NO_NEW_PRIVS = 38
PR_SET_SECCOMP = 22
PR_SET_PDEATHSIG = 1
SECCOMP_MODE_FILTER = 2
SECCOMP_RET_ALLOW = 0x7FFF0000
SECCOMP_RET_ERRNO = 0x00050000
AF_UNIX = 1
_NR_IO_URING_SETUP = 425  # the same number on x86_64 and aarch64

# (audit arch, socket(2), socketpair(2)) per machine
_ARCH = {
    "x86_64": (0xC000003E, 41, 53),
    "aarch64": (0xC00000B7, 198, 199),
}

# classic BPF opcodes
_LD_W_ABS = 0x20
_JEQ_K = 0x15
_JGE_K = 0x35
_RET_K = 0x06


def _insn(code: int, jt: int, jf: int, k: int) -> bytes:
    return struct.pack("HBBI", code, jt, jf, k)


def _libc():
    return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)


def die_with_parent(sig: int = 9) -> None:
    """Have the kernel send ``sig`` to this process when its parent exits (Linux)."""
    try:
        _libc().prctl(PR_SET_PDEATHSIG, sig, 0, 0, 0)
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        pass


def deny_network() -> bool:
    """Forbid creating sockets other than AF_UNIX in this process; True when in force."""
    arch = _ARCH.get(platform.machine())
    if arch is None:
        return False
    audit_arch, nr_socket, _nr_socketpair = arch
    # seccomp_data: int nr (0), u32 arch (4), u64 ip (8), u64 args[6] (16 …); little-endian
    deny = _insn(_RET_K, 0, 0, SECCOMP_RET_ERRNO | errno.EACCES)
    prog = b"".join([
        _insn(_LD_W_ABS, 0, 0, 4),                 # 0  A = arch
        _insn(_JEQ_K, 1, 0, audit_arch),           # 1  our ABI? on to 3
        deny,                                      # 2  a foreign ABI: refuse everything
        _insn(_LD_W_ABS, 0, 0, 0),                 # 3  A = syscall number
        _insn(_JGE_K, 0, 1, 0x40000000),           # 4  x32 numbers? refuse
        deny,                                      # 5
        _insn(_JEQ_K, 0, 1, _NR_IO_URING_SETUP),   # 6  io_uring can make sockets too
        deny,                                      # 7
        _insn(_JEQ_K, 0, 3, nr_socket),            # 8  socket()? else allow (12)
        _insn(_LD_W_ABS, 0, 0, 16),                # 9  A = args[0], the domain
        _insn(_JEQ_K, 1, 0, AF_UNIX),              # 10 AF_UNIX? allow (12)
        deny,                                      # 11
        _insn(_RET_K, 0, 0, SECCOMP_RET_ALLOW),    # 12
    ])
    n = len(prog) // 8
    buf = ctypes.create_string_buffer(prog, len(prog))

    class SockFprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    fprog = SockFprog(n, ctypes.cast(buf, ctypes.c_void_p))
    libc = _libc()
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return False
    if libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(fprog), 0, 0) != 0:
        return False
    return True
