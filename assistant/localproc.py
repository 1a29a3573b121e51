"""Two small helpers for the scripts that start the app or a Chroma server on this machine.

What it does: ``free_port()`` finds a free loopback port; ``stop(process)`` ends a child process, politely
first. Used by the tests, the benchmarks (``eval/``) and the screenshot script. What it leaves to others:
everything else.
"""

from __future__ import annotations

import socket
import subprocess


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stop(process: subprocess.Popen, timeout: float = 20) -> None:
    """Terminate ``process``, then kill it if it has not exited within ``timeout`` seconds."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
