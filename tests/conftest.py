"""Shared fixtures: the real corpus and settings pointing at a temporary data folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from assistant.corpus.parse import load_corpus
from assistant.localproc import free_port, stop
from assistant.settings import PROJECT_ROOT, Settings
from tests.helpers import served_app, wait_until_up

CORPUS_DIR = PROJECT_ROOT / "corpus"
SOURCE_FILE = CORPUS_DIR / "cis-it-crimes-agreement-2018.txt"


# Fixtures that load the model, Chroma or the web app: a test using one belongs to the slow tier even if its
# author forgot ``@pytest.mark.slow`` (``make test-fast`` runs ``pytest -m "not slow"``).
SLOW_FIXTURES = frozenset({"retriever", "http_retriever", "any_retriever", "chroma_server", "answerer",
                           "llm_answerer", "app", "app_url", "web", "page", "private_app", "offline"})


def pytest_collection_modifyitems(items) -> None:
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())) and item.get_closest_marker("slow") is None:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def corpus():
    return load_corpus(CORPUS_DIR)


@pytest.fixture(scope="session")
def source_text() -> str:
    return SOURCE_FILE.read_text(encoding="utf-8")


@pytest.fixture()
def settings(tmp_path) -> Settings:
    return Settings(data_dir=tmp_path / "data", corpus_dir=CORPUS_DIR)


# ---------------------------------------------------------------------------------- retrieval
# One model load per test session (assistant.search.index caches it); each index lives in a temporary folder.


@pytest.fixture(scope="session")
def retrieval_settings(tmp_path_factory) -> Settings:
    return Settings(data_dir=tmp_path_factory.mktemp("retrieval") / "data", corpus_dir=CORPUS_DIR)


@pytest.fixture(scope="session")
def retriever(retrieval_settings, corpus):
    """The real pipeline (real model, embedded Chroma) over the real corpus; shared by the whole session."""
    from assistant.search.retrieve import Retriever

    return Retriever.open(retrieval_settings, corpus)


_free_port = free_port  # the tests import it from here
running_app = served_app  # the web app served in this process (tests.helpers), under the name tests use


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory):
    """A real Chroma server (`chroma run`) on a free loopback port, stopped at the end of the session."""
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    chroma = shutil.which("chroma", path=str(Path(sys.executable).parent)) or shutil.which("chroma")
    assert chroma, "the chroma CLI (from the chromadb package) is missing"
    port = _free_port()
    folder = tmp_path_factory.mktemp("chroma-server")
    log = (folder / "server.log").open("wb")
    process = subprocess.Popen([chroma, "run", "--host", "127.0.0.1", "--port", str(port),
                                "--path", str(folder / "db")], stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{url}/api/v2/heartbeat", process, seconds=60, log_path=folder / "server.log")
        yield url
    finally:
        stop(process, timeout=10)
        log.close()


@pytest.fixture(scope="session")
def http_retriever(chroma_server, tmp_path_factory, corpus):
    """The same pipeline with its vectors in the Chroma server (ASSISTANT_CHROMA_URL)."""
    from assistant.search.retrieve import Retriever

    settings = Settings(data_dir=tmp_path_factory.mktemp("retrieval-http") / "data", corpus_dir=CORPUS_DIR,
                        chroma_url=chroma_server)
    return Retriever.open(settings, corpus)


@pytest.fixture(params=["embedded", "server"])
def any_retriever(request):
    """Runs a test against the embedded store and against the Chroma server."""
    return request.getfixturevalue("retriever" if request.param == "embedded" else "http_retriever")


# ------------------------------------------------------------------------------------------ PostgreSQL
PG_MISSING = ("PostgreSQL server binaries not found (initdb, pg_ctl under /usr/lib/postgresql/*/bin): "
              "install them with `apt-get install postgresql` (make test does so as root)")


def _pg_bin() -> Path | None:
    import glob

    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    return Path(found[-1]).parent if found else None


@pytest.fixture(scope="session")
def postgres_server():
    """A real PostgreSQL server (initdb + pg_ctl) in a temporary folder on a free loopback port; yields a
    function that creates a fresh database and returns its SQLAlchemy URL. initdb refuses to run as root:
    as root the server runs as the ``postgres`` user."""
    import pwd
    import shutil
    import subprocess
    import tempfile

    bin_dir = _pg_bin()
    if bin_dir is None:
        pytest.skip(PG_MISSING)
    folder = Path(tempfile.mkdtemp(prefix="assistant-pg-"))
    prefix: list[str] = []
    if os.geteuid() == 0:
        owner = pwd.getpwnam("postgres")
        os.chown(folder, owner.pw_uid, owner.pw_gid)
        prefix = ["runuser", "-u", "postgres", "--"]
    port, data = free_port(), folder / "data"

    def pg(tool: str, *args: str) -> None:
        subprocess.run([*prefix, str(bin_dir / tool), *args], check=True, capture_output=True, timeout=120)

    pg("initdb", "-D", str(data), "-U", "assistant", "-A", "trust", "-E", "UTF8", "--no-sync")
    pg("pg_ctl", "-D", str(data), "-l", str(folder / "server.log"), "-w", "-t", "60", "start", "-o",
       f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300")
    counter = iter(range(1, 1_000_000))

    def new_database() -> str:
        import psycopg

        name = f"t{next(counter)}"
        with psycopg.connect(f"host=127.0.0.1 port={port} user=assistant dbname=postgres",
                             autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return f"postgresql+psycopg://assistant@127.0.0.1:{port}/{name}"

    try:
        yield new_database
    finally:
        from assistant.state.db import close_all

        close_all()
        pg("pg_ctl", "-D", str(data), "-m", "fast", "-w", "stop")
        shutil.rmtree(folder, ignore_errors=True)


# The PostgreSQL case starts a server process: slow tier.
@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)])
def state_settings(request, tmp_path) -> Settings:
    """Settings whose state store is SQLite in the data folder, then a fresh PostgreSQL database."""
    from assistant.state.db import close_all

    url = request.getfixturevalue("postgres_server")() if request.param == "postgresql" else None
    yield Settings(data_dir=tmp_path / "data", corpus_dir=CORPUS_DIR, database_url=url, user="alice")
    close_all()
