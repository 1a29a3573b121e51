"""Shared fixtures: the real corpus and settings pointing at a temporary data folder."""

from __future__ import annotations

import pytest

from assistant.corpus.parse import load_corpus
from assistant.localproc import free_port
from assistant.settings import PROJECT_ROOT, Settings
from tests.helpers import served_app

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
# One model load per test session (assistant.search.embedder caches it); each index lives in a temporary folder.


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
    from assistant.localproc import chroma_server as server

    with server(tmp_path_factory.mktemp("chroma-server")) as url:
        yield url


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


@pytest.fixture(scope="session")
def postgres_server():
    """A real PostgreSQL server (``localproc.postgres_server``: initdb + pg_ctl in a temporary folder on a
    free loopback port), skipped with a message when missing; yields a function that creates a fresh
    database and returns its SQLAlchemy URL."""
    from assistant.localproc import POSTGRES_MISSING, create_database, postgres_bin, postgres_server

    if postgres_bin() is None:
        pytest.skip(POSTGRES_MISSING)
    counter = iter(range(1, 1_000_000))
    with postgres_server() as (host, port):
        try:
            yield lambda: create_database(host, port, f"t{next(counter)}")
        finally:
            from assistant.state.db import close_all

            close_all()


# The PostgreSQL case starts a server process: slow tier.
@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)])
def state_settings(request, tmp_path) -> Settings:
    """Settings whose state store is SQLite in the data folder, then a fresh PostgreSQL database."""
    from assistant.state.db import close_all

    url = request.getfixturevalue("postgres_server")() if request.param == "postgresql" else None
    yield Settings(data_dir=tmp_path / "data", corpus_dir=CORPUS_DIR, database_url=url, user="alice")
    close_all()
