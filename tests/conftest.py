"""Shared fixtures: the real corpus and settings pointing at a temporary data folder."""

from __future__ import annotations

import pytest

from assistant.corpus import load_corpus
from assistant.settings import PROJECT_ROOT, Settings

CORPUS_DIR = PROJECT_ROOT / "corpus"
SOURCE_FILE = CORPUS_DIR / "cis-it-crimes-agreement-2018.txt"


@pytest.fixture(scope="session")
def corpus():
    return load_corpus(CORPUS_DIR)


@pytest.fixture(scope="session")
def source_text() -> str:
    return SOURCE_FILE.read_text(encoding="utf-8")


@pytest.fixture()
def settings(tmp_path) -> Settings:
    return Settings(data_dir=tmp_path / "data", corpus_dir=CORPUS_DIR)
