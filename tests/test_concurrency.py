"""Many users at once through the web API, at a small scale; and what the load script (eval/load.py) found.

- ``run_load`` of eval/load.py (the same checks as ``make load``, fewer users) against the app in this
  process: 8 chat sessions x 6 questions and 4 complete drafting conversations at once; no errors, no
  session sees another's history ("what about paragraph 2?" stays with its own article), no draft shows
  another conversation's text, every stored draft is whole.
- The state store's start-up tolerates the SQLite -wal/-shm files vanishing while it sets their mode (they
  are removed whenever the last connection closes): under load this raised FileNotFoundError mid-turn.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from assistant.answers.extractive import Answerer
from assistant.settings import PROJECT_ROOT, Settings
from tests.conftest import CORPUS_DIR, _free_port, running_app
from tests.drafting_scenarios import fill


def _load_module():
    if "eval_load" in sys.modules:
        return sys.modules["eval_load"]
    spec = importlib.util.spec_from_file_location("eval_load", PROJECT_ROOT / "eval" / "load.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["eval_load"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def app(retriever, tmp_path_factory):
    settings = Settings(data_dir=tmp_path_factory.mktemp("concurrency") / "data", corpus_dir=CORPUS_DIR,
                        port=_free_port(), today="2026-03-02", user="local")  # the web user without logins
    with running_app(settings, Answerer(retriever)) as url:
        yield settings, url


@pytest.mark.slow
def test_sessions_and_drafts_at_once_stay_apart(app):
    load = _load_module()
    settings, url = app
    stats, _wall = load.run_load(url, settings, sessions=8, questions=6, drafts=4, deadline_s=240)
    assert stats.errors == []
    assert len(stats.latencies["ask"]) == 8 * 6 and len(stats.latencies["draft"]) == 4 * len(load.marked_conversation("x"))


@pytest.mark.slow
def test_the_load_checks_catch_a_mixed_up_draft(app):
    """The isolation check is not vacuous: a draft that carries another conversation's marker is an error."""
    load = _load_module()
    settings, _ = app
    answers = {"request_type": "assistance", "exchanging_units": "a",
               "requesting_authority": "from the MVD of Kazakhstan to the IC of Belarus",
               "merits": "On 1 March 2026 bank MARKERB was attacked by unknown persons."}
    turns = fill(settings, answers, stop_at="purpose")  # answers whatever the draft asks, up to the purpose
    assert "MARKERB" in turns[-1]["fields"]["merits"]
    mine = turns[-1]["draft_id"]
    stats = load.Stats()
    load.check_stored(settings, [mine, None], ["MARKERA", "MARKERB"], stats)
    assert len(stats.errors) == 2  # draft 0 holds draft 1's marker, draft 1 was never created


def test_state_store_start_tolerates_vanishing_wal_files(tmp_path, monkeypatch):
    from sqlalchemy import text

    from assistant.state.db import SQLITE_NAME, close_all, open_state

    settings = Settings(data_dir=tmp_path)
    open_state(settings)
    close_all()
    (tmp_path / f"{SQLITE_NAME}-wal").touch(mode=0o600)  # present when looked at ...
    real_chmod = Path.chmod

    def chmod(self, mode, **kwargs):
        if self.name.endswith(("-wal", "-shm")):  # ... gone by the time its mode is set
            self.unlink(missing_ok=True)
            raise FileNotFoundError(2, "No such file or directory", str(self))
        return real_chmod(self, mode, **kwargs)

    monkeypatch.setattr(Path, "chmod", chmod)
    try:
        with open_state(settings).read() as conn:
            assert conn.execute(text("SELECT count(*) FROM drafts")).one() == (0,)
    finally:
        close_all()
