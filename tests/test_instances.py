"""Two app instances (real ``python app.py`` processes) sharing one PostgreSQL and one Chroma server.

- A login on instance A is valid on B. A user's draft started on instance A continues on B and back, and a value written on A reads back on B
  at once (under 1 s); a conversation started on A continues on B (B resolves the follow-up from A's turn).
- An instance killed with SIGKILL in the middle of a question loses no committed turn: B still has every
  earlier turn of the conversation and carries on with it.
"""

from __future__ import annotations

import os
import signal
import time
from contextlib import ExitStack

import httpx
import pytest

from assistant.settings import Settings
from assistant.state import accounts
from assistant.state.conversations import Conversations
from assistant.state.db import close_all, open_state
from tests.conftest import CORPUS_DIR
from tests.helpers import app_process, instance_env
from tests.test_concurrency import _load_module

MERITS = "On 1 March 2026 the servers of bank MARKER-A7 were breached by unknown persons."


@pytest.mark.slow
def test_two_instances_serve_one_user_and_survive_a_killed_instance(postgres_server, chroma_server, tmp_path):
    load = _load_module()
    url = postgres_server()
    store = open_state(Settings(data_dir=tmp_path / "admin", corpus_dir=CORPUS_DIR, database_url=url))
    accounts.add_user(store, "root", "alice", "alice password")
    env = {"ASSISTANT_DATABASE_URL": url, "ASSISTANT_CHROMA_URL": chroma_server}
    processes: list = []
    with ExitStack() as stack:
        a_url = stack.enter_context(app_process(instance_env(tmp_path / "a", env), tmp_path / "a.log",
                                                processes=processes))
        a = load.RawClient(stack.enter_context(httpx.Client(timeout=300)), a_url)
        a.login("alice", "alice password")
        a.predict("Who must sign the request?", None, api_name="/ask")  # A has built the index in Chroma
        b_url = stack.enter_context(app_process(instance_env(tmp_path / "b", env), tmp_path / "b.log",
                                                processes=processes))
        # no login on B: A's login cookie is valid there (logins live in the shared store)
        b = load.RawClient(stack.enter_context(httpx.Client(timeout=300, cookies=a.http.cookies)), b_url)

        draft_id = a.predict("assistance", None, api_name="/draft")["draft_id"]
        turn = b.predict("from the MVD of Kazakhstan to the IC of Belarus", draft_id, api_name="/draft")
        assert turn["fields"]["requesting_authority"] and turn["draft_id"] == draft_id
        assert a.predict(f"change merits to {MERITS}", draft_id, api_name="/draft")["fields"]["merits"] == MERITS
        written = time.perf_counter()
        seen = b.predict("review", draft_id, api_name="/draft")
        assert seen["fields"]["merits"] == MERITS and time.perf_counter() - written < 1.0

        first = a.predict("Who must sign the request?", None, api_name="/ask")
        session = first["session_id"]
        follow = b.predict("what about paragraph 2?", session, api_name="/ask")
        assert follow["session_id"] == session
        assert follow["citations"] and follow["citations"][0]["id"].startswith("art-6.2"), follow["citations"]
        a.predict("Can the requested Party refuse to execute a request?", session, api_name="/ask")
        committed = Conversations(store).turns("alice", session)
        assert len(committed) == 3 and len(Conversations(store).list("alice")) == 2

        # the question is accepted (queued or being answered) when A dies
        accepted = a.http.post(f"{a_url}gradio_api/call/ask",
                               json={"data": ["When does the Agreement enter into force?", session]})
        assert accepted.is_success
        os.kill(processes[0].pid, signal.SIGKILL)
        processes[0].wait(timeout=30)
        after = Conversations(store).turns("alice", session)
        assert after[:3] == committed and len(after) in (3, 4)
        again = b.predict("what about paragraph 2?", session, api_name="/ask")
        assert again["session_id"] == session
        assert len(Conversations(store).turns("alice", session)) == len(after) + 1
    close_all()
