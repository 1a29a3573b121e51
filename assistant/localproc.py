"""Small helpers for the scripts that start the app, a Chroma server or PostgreSQL on this machine.

What it does: ``free_port()`` finds a free loopback port; ``stop(process)`` ends a child process, politely
first; ``chroma_server(folder)`` and ``postgres_server(folder)`` run a real server on a free loopback port
for as long as the ``with`` block lasts (PostgreSQL through Debian's ``initdb``/``pg_ctl``, as the
``postgres`` user when run as root, since initdb refuses root). Used by the tests, the benchmarks
(``eval/``) and the screenshot script. What it leaves to others: everything else.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

POSTGRES_MISSING = ("PostgreSQL server binaries not found (initdb, pg_ctl under /usr/lib/postgresql/*/bin): "
                    "install them with `apt-get install postgresql` (make test does so as root)")


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


@contextmanager
def chroma_server(folder: Path) -> Iterator[str]:
    """A Chroma server (``chroma run``) keeping its data in ``folder``: yields its http://127.0.0.1:PORT."""
    chroma = shutil.which("chroma", path=str(Path(sys.executable).parent)) or shutil.which("chroma")
    if not chroma:
        raise RuntimeError("the chroma CLI (from the chromadb package) is missing")
    port, folder = free_port(), Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "server.log").open("wb") as log:
        process = subprocess.Popen([chroma, "run", "--host", "127.0.0.1", "--port", str(port),
                                    "--path", str(folder / "db")], stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while not _answers(f"{url}/api/v2/heartbeat"):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"chroma server did not start: "
                                       f"{(folder / 'server.log').read_text()[-2000:]}")
                time.sleep(0.2)
            yield url
        finally:
            stop(process, timeout=10)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as reply:
            return reply.status == 200
    except OSError:
        return False


def postgres_bin() -> Path | None:
    """The newest installed PostgreSQL server's bin folder, or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    return Path(found[-1]).parent if found else None


@contextmanager
def postgres_server(max_connections: int = 300) -> Iterator[tuple[str, int]]:
    """A PostgreSQL server in a temporary folder (trust logins for the user "assistant", loopback only):
    yields (host, port). Raises RuntimeError with ``POSTGRES_MISSING`` when the binaries are missing."""
    import pwd
    import tempfile

    bin_dir = postgres_bin()
    if bin_dir is None:
        raise RuntimeError(POSTGRES_MISSING)
    folder = Path(tempfile.mkdtemp(prefix="assistant-pg-"))
    prefix: list[str] = []
    if os.geteuid() == 0:
        owner = pwd.getpwnam("postgres")
        os.chown(folder, owner.pw_uid, owner.pw_gid)
        prefix = ["runuser", "-u", "postgres", "--"]
    port, data = free_port(), folder / "data"

    def pg(tool: str, *args: str) -> None:
        subprocess.run([*prefix, str(bin_dir / tool), *args], check=True, capture_output=True, timeout=120)

    try:
        pg("initdb", "-D", str(data), "-U", "assistant", "-A", "trust", "-E", "UTF8", "--no-sync")
        pg("pg_ctl", "-D", str(data), "-l", str(folder / "server.log"), "-w", "-t", "60", "start", "-o",
           f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off "
           f"-c max_connections={max_connections}")
        try:
            yield "127.0.0.1", port
        finally:
            pg("pg_ctl", "-D", str(data), "-m", "fast", "-w", "stop")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def create_database(host: str, port: int, name: str) -> str:
    """Create database ``name`` on a server from ``postgres_server``: returns its SQLAlchemy URL."""
    import psycopg

    with psycopg.connect(f"host={host} port={port} user=assistant dbname=postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"postgresql+psycopg://assistant@{host}:{port}/{name}"
