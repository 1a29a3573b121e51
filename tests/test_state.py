"""The state store on SQLite and on a real PostgreSQL: per-user drafts, conversations and progress,
accounts with a lock after failed logins, the append-only audit trail, the import of older files."""

from __future__ import annotations

import json
import sqlite3
from datetime import timedelta

import pytest
from sqlalchemy import text

from assistant.drafting import api as drafting
from assistant.errors import UserError
from assistant.learn.progress import load_progress, record
from assistant.state import accounts, audit
from assistant.state.conversations import Conversations
from assistant.state.db import close_all, open_state
from assistant.text import clean_question

MERITS = "On 1 March 2026 the servers of bank SECRET-MARKER-42 were attacked."


def _draft(settings, user: str) -> str:
    turn = drafting.respond(settings, "assistance", user=user)
    drafting.respond(settings, "from the MVD of Kazakhstan to the IC of Belarus", turn["draft_id"], user=user)
    drafting.respond(settings, f"change merits to {MERITS}", turn["draft_id"], user=user)
    return turn["draft_id"]


def test_drafts_are_private_to_their_owner_and_keep_every_value(state_settings):
    mine = _draft(state_settings, "alice")
    assert [d["draft_id"] for d in drafting.list_drafts(state_settings, user="alice")] == [mine]
    assert drafting.list_drafts(state_settings, user="mallory") == []
    for attempt in (mine, mine[:6]):  # the id and a prefix of it
        with pytest.raises(UserError, match="no draft"):
            drafting.load(state_settings, attempt, user="mallory")
        with pytest.raises(UserError, match="no draft"):
            drafting.respond(state_settings, "review", attempt, user="mallory")
        with pytest.raises(UserError, match="no draft"):
            drafting.export(state_settings, attempt, "md", user="mallory")
        with pytest.raises(UserError, match="no draft"):
            drafting.delete(state_settings, attempt, user="mallory")
    drafting.respond(state_settings, "change merits", mine, user="alice")
    drafting.respond(state_settings, MERITS.replace("1 March", "2 March"), mine, user="alice")
    values = [h["value"] for h in drafting.history(state_settings, mine, user="alice") if h["field"] == "merits"]
    assert values == [MERITS, MERITS.replace("1 March", "2 March")]
    assert drafting.load(state_settings, mine, user="alice").fields["merits"] == values[-1]
    assert drafting.delete(state_settings, mine, user="alice")
    assert drafting.list_drafts(state_settings, user="alice") == []


def test_conversations_are_per_user_and_deleted_with_their_turns(state_settings):
    talks = Conversations(open_state(state_settings))
    record = {"question": "Who signs?", "resolved": "Who signs?", "context": "",
              "answer": {"question": "Who signs?", "answer": "The head.", "found": True, "citations": []}}
    assert talks.append("alice", "c1", record) == 1 and talks.append("alice", "c1", record) == 2
    assert talks.append("bob", "c1", record) == 1  # the same id in another account is another conversation
    assert [t["question"] for t in talks.turns("alice", "c1")] == ["Who signs?", "Who signs?"]
    assert [(c.id, c.turns, c.title) for c in talks.list("alice")] == [("c1", 2, "Who signs?")]
    assert talks.rename("alice", "c1", "Signatures") and not talks.rename("mallory", "c1", "x")
    assert talks.list("alice")[0].title == "Signatures" and talks.list("mallory") == []
    assert not talks.delete("mallory", "c1") and talks.delete("alice", "c1")
    assert talks.turns("alice", "c1") == [] and len(talks.turns("bob", "c1")) == 1


def test_progress_is_per_user(state_settings, corpus):
    from assistant.learn.quiz import generate_quiz

    question = generate_quiz(corpus, 1, seed=1, articles=["9"])[0]
    record(state_settings, "default", question, False, user="alice")
    record(state_settings, "default", question, True, user="alice")
    record(state_settings, "default", question, True, user="bob")
    assert _counts(load_progress(state_settings, user="alice")) == {"art-9": (1, 1)}
    assert _counts(load_progress(state_settings, user="bob")) == {"art-9": (1, 0)}
    assert load_progress(state_settings, user="carol") == {}


def _counts(progress) -> dict:
    return {article: (score.correct, score.wrong) for article, score in progress.items()}


def test_accounts_lock_after_ten_failed_logins_for_five_minutes(state_settings, monkeypatch):
    store = open_state(state_settings)
    accounts.add_user(store, "root", "alice", "correct horse")
    assert accounts.check_login(store, "alice", "correct horse")
    for _ in range(accounts.MAX_FAILURES):
        assert not accounts.check_login(store, "alice", "wrong guess")
    assert not accounts.check_login(store, "alice", "correct horse")  # locked: even the right password fails
    assert accounts.list_users(store)[0].locked_until is not None
    later = accounts.utcnow() + timedelta(minutes=accounts.LOCK_MINUTES, seconds=1)
    monkeypatch.setattr(accounts, "utcnow", lambda: later)
    assert accounts.check_login(store, "alice", "correct horse")
    assert not accounts.check_login(store, "nobody", "correct horse")
    actions = [e.action for e in audit.events(store)]
    assert actions.count("login_failed") == 11 and actions.count("login") == 2
    assert "login_locked" in actions and actions[0] == "user_added"


def test_roles_and_account_changes(state_settings):
    store = open_state(state_settings)
    accounts.require_admin(store, "anyone")  # no admin yet: the first one may be made
    with pytest.raises(UserError):
        accounts.require_admin(store, "anyone", bootstrap=False)
    accounts.add_user(store, "root", "boss", "admin password", "admin")
    accounts.add_user(store, "boss", "bob", "officer password")
    accounts.require_admin(store, "boss")
    with pytest.raises(UserError, match="not an admin"):
        accounts.require_admin(store, "bob")
    for bad in ("", "../etc", "x" * 65, "a b"):
        with pytest.raises(UserError):
            accounts.add_user(store, "boss", bad, "long enough")
    with pytest.raises(UserError, match="exists"):
        accounts.add_user(store, "boss", "bob", "long enough")
    with pytest.raises(UserError, match="8"):
        accounts.add_user(store, "boss", "eve", "short")
    accounts.set_password(store, "boss", "bob", "a new password")
    assert accounts.check_login(store, "bob", "a new password") and not accounts.check_login(store, "bob",
                                                                                              "officer password")
    accounts.remove_user(store, "boss", "bob")
    assert [a.name for a in accounts.list_users(store)] == ["boss"]
    assert not accounts.check_login(store, "bob", "a new password")


def test_a_removed_users_data_is_kept_but_never_reaches_a_new_account_of_the_same_name(state_settings):
    store = open_state(state_settings)
    accounts.add_user(store, "root", "bob", "officer password")
    turn = drafting.respond(state_settings, "assistance", user="bob")
    drafting.respond(state_settings, "from the MVD of Kazakhstan to the IC of Belarus", turn["draft_id"],
                     user="bob")
    talks = Conversations(store)
    talk = "talk-1"
    talks.append("bob", talk, {"question": "Who pays?", "resolved": "Who pays?", "context": "",
                               "answer": {"answer": "Article 12"}})
    archive = accounts.remove_user(store, "root", "bob")
    assert archive.startswith(accounts.ARCHIVED) and not accounts.NAME_RE.fullmatch(archive)
    accounts.add_user(store, "root", "bob", "another password")
    assert drafting.list_drafts(state_settings, user="bob") == [] and talks.list("bob") == []
    assert [d["draft_id"] for d in drafting.list_drafts(state_settings, user=archive)] == [turn["draft_id"]]
    assert [t["question"] for t in talks.turns(archive, talk)] == ["Who pays?"]
    assert ("user_data_archived", archive) in {(e.action, e.target) for e in audit.events(store)}


def test_the_audit_trail_is_append_only_and_holds_no_content(state_settings):
    mine = _draft(state_settings, "alice")
    drafting.build_export(state_settings, mine, "pdf", user="alice")  # a preview: no export event
    drafting.export(state_settings, mine, "md", user="alice")
    drafting.delete(state_settings, mine, user="alice")
    store = open_state(state_settings)
    events = audit.events(store)
    assert [e.action for e in events] == ["draft_created", "draft_changed", "draft_changed", "draft_exported",
                                          "draft_deleted"]
    assert {e.actor for e in events} == {"alice"} and {e.target for e in events} == {mine}
    with store.read() as conn:
        dumped = json.dumps([list(r) for r in conn.execute(text("SELECT * FROM audit_events")).all()], default=str)
    assert "SECRET-MARKER" not in dumped and "Kazakhstan" not in dumped
    for statement in ("UPDATE audit_events SET actor = 'x'", "DELETE FROM audit_events"):
        with pytest.raises(Exception, match="append-only"), store.write() as conn:
            conn.execute(text(statement))
    assert len(audit.events(store)) == 5
    assert audit.events(store, newest=2) == events[-2:]  # the latest, oldest first
    from datetime import datetime, timezone

    east, west = timezone(timedelta(hours=3)), timezone(timedelta(hours=-5))
    assert len(audit.events(store, since=datetime.now(east) - timedelta(minutes=1))) == 5
    assert audit.events(store, since=datetime.now(west) + timedelta(minutes=1)) == []


OLD_SCHEMA = """CREATE TABLE drafts (id TEXT PRIMARY KEY, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
                status TEXT NOT NULL, data TEXT NOT NULL)"""


def test_older_drafts_and_progress_are_imported_on_first_start(state_settings):
    data = state_settings.ensure_data_dir()
    old = sqlite3.connect(data / "drafts.sqlite3")
    old.execute("PRAGMA journal_mode=WAL")
    old.execute(OLD_SCHEMA)
    documents = {f"{n:016x}": {"id": f"{n:016x}", "fields": {"request_type": "assistance", "merits": f"case {n}"},
                               "turns": 3, "created_at": "2026-01-01T00:00:00+00:00",
                               "updated_at": f"2026-01-0{n}T00:00:00+00:00"} for n in range(1, 4)}
    for draft_id, doc in documents.items():
        old.execute("INSERT INTO drafts VALUES (?, ?, ?, 'open', ?)",
                    (draft_id, doc["created_at"], doc["updated_at"], json.dumps(doc)))
    old.commit()
    old.close()
    (data / "progress.json").write_text(json.dumps({"version": 1, "profiles": {
        "default": {"art-9": [2, 3]}, "trainee": {"art-6": [0, 1], "art-7": [4, 0]}}}))
    listed = drafting.list_drafts(state_settings, user="local")
    assert sorted(d["draft_id"] for d in listed) == sorted(documents)
    for draft_id, doc in documents.items():
        assert drafting.load(state_settings, draft_id, user="local").fields == doc["fields"]
        assert {h["field"]: h["value"] for h in drafting.history(state_settings, draft_id, user="local")} == \
            doc["fields"]
    assert _counts(load_progress(state_settings, "trainee", user="local")) == {"art-6": (0, 1), "art-7": (4, 0)}
    assert load_progress(state_settings, user="local")["art-9"].wrong == 3
    assert (data / "drafts.sqlite3.imported").exists() and (data / "progress.json.imported").exists()
    assert not (data / "drafts.sqlite3").exists() and not (data / "progress.json").exists()
    close_all()  # a restart imports nothing twice
    assert len(drafting.list_drafts(state_settings, user="local")) == 3
    assert load_progress(state_settings, user="local")["art-9"].wrong == 3


def test_the_sqlite_store_is_owner_only(settings):
    drafting.respond(settings, "assistance")
    files = list(settings.data_dir.glob("state.sqlite3*"))
    assert files and all(f.stat().st_mode & 0o777 == 0o600 for f in files)


def test_web_logins_are_shared_hashed_and_end_with_the_account(state_settings, monkeypatch):
    from assistant.state import logins

    store = open_state(state_settings)
    accounts.add_user(store, "root", "alice", "alice password")
    tokens, elsewhere = logins.LoginTokens(store), logins.LoginTokens(store)  # two app instances
    tokens["tok-1"] = "alice"
    assert elsewhere.get("tok-1") == "alice" and elsewhere.get("nope") is None and elsewhere.get(None) is None
    with store.read() as conn:
        assert "tok-1" not in str(conn.execute(text("SELECT * FROM web_logins")).all())
    later = logins.utcnow() + logins.LIFETIME
    monkeypatch.setattr(logins, "utcnow", lambda: later)
    assert tokens.get("tok-1") is None  # expired
    monkeypatch.undo()
    tokens["tok-2"], tokens["tok-3"] = "alice", "bob"
    for key in list(elsewhere.keys()):  # gradio's "log out everywhere" for alice
        if elsewhere.get(key) == "alice":
            del elsewhere[key]
    assert tokens.get("tok-2") is None and tokens.get("tok-3") == "bob"
    tokens["tok-4"] = "alice"
    accounts.remove_user(store, "root", "alice")
    assert tokens.get("tok-4") is None and tokens.get("tok-3") == "bob"


@pytest.mark.parametrize("message", ["assist\x00ance", "\ud800 lone surrogate", "x" * 200_000, "\u202e\x7f"])
def test_hostile_messages_are_stored_or_refused_cleanly(state_settings, message):
    turn = drafting.respond(state_settings, "assistance", user="alice")
    after = drafting.respond(state_settings, message, turn["draft_id"], user="alice")
    assert after["draft_id"] == turn["draft_id"] and after["reply"]
    talks = Conversations(open_state(state_settings))
    record = {"question": clean_question(message), "resolved": clean_question(message), "context": "",
              "answer": {"question": clean_question(message), "answer": "-", "found": False, "citations": []}}
    talks.append("alice", "c1", record)
    assert talks.turns("alice", "c1")[0]["question"] == clean_question(message)


@pytest.mark.slow
def test_session_store_keeps_conversations_per_user_across_instances(state_settings, retriever):
    from assistant.answers.chat import SessionStore
    from assistant.answers.extractive import Answerer

    answerer = Answerer(retriever)
    first, second = (SessionStore(lambda: answerer, settings=state_settings) for _ in range(2))  # 2 instances
    talk = first.get(None, user="alice")
    talk.ask("Who must sign the request?")
    follow = second.get(talk.id, user="alice").ask("what about paragraph 2?")  # B reads A's turn
    assert follow.citations and follow.citations[0].id.startswith("art-6.2")
    assert second.get(talk.id, user="mallory").turns == []  # the same id is nothing of alice's
    assert [t.question for t in first.turns("alice", talk.id)] == ["Who must sign the request?",
                                                                  "what about paragraph 2?"]
    assert first.turns("alice", talk.id)[0].answer.citations[0].id.startswith("art-6")
    [info] = second.list("alice")
    assert (info.id, info.turns, info.title) == (talk.id, 2, "Who must sign the request?")
    assert second.list("mallory") == [] and not first.rename("mallory", talk.id, "x")
    assert first.rename("alice", talk.id, "Signatures") and second.list("alice")[0].title == "Signatures"
    assert not second.delete("mallory", talk.id) and second.delete("alice", talk.id)
    assert first.list("alice") == [] and first.turns("alice", talk.id) == []


def test_an_older_schema_is_upgraded_at_start_up(state_settings):
    from sqlalchemy import inspect

    from assistant.state.db import StateStore, database_url, engine_for

    state_settings.ensure_data_dir()
    old = StateStore(engine_for(database_url(state_settings)))
    old.migrate("0001")
    assert "web_logins" not in inspect(old.engine).get_table_names()
    old.dispose()
    store = open_state(state_settings)
    assert "web_logins" in inspect(store.engine).get_table_names()
    with store.read() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == "0002"


@pytest.mark.slow
def test_session_store_in_memory_keeps_the_same_interface(retriever):
    from assistant.answers.chat import SessionStore
    from assistant.answers.extractive import Answerer

    answerer = Answerer(retriever)
    store = SessionStore(lambda: answerer)
    talk = store.get(None, user="alice")
    talk.ask("Who must sign the request?")
    assert [c.turns for c in store.list("alice")] == [1] and store.list("bob") == []
    assert store.get(talk.id, user="bob").turns == [] and not store.rename("carol", talk.id, "x")
    assert store.rename("alice", talk.id, "Signatures") and store.list("alice")[0].title == "Signatures"
    assert [t.question for t in store.turns("alice", talk.id)] == ["Who must sign the request?"]
    assert store.delete("alice", talk.id) and store.list("alice") == []


def test_failed_logins_at_once_still_lock_the_account(state_settings):
    from concurrent.futures import ThreadPoolExecutor

    store = open_state(state_settings)
    accounts.add_user(store, "root", "alice", "correct horse")
    with ThreadPoolExecutor(max_workers=4) as pool:  # as many as one instance checks at once
        results = list(pool.map(lambda _: accounts.check_login(store, "alice", "wrong guess"),
                                range(accounts.MAX_FAILURES + 2)))
    assert not any(results)
    assert accounts.list_users(store)[0].locked
    assert not accounts.check_login(store, "alice", "correct horse")


def test_a_complete_draft_with_a_warning_is_saved_and_listed(state_settings):
    """The status of a complete draft whose signatory is unfit ("complete, 1 warning") is longer than the
    store's status column: what is stored is the stage, and the warning is counted when it is read."""
    from tests.drafting_scenarios import COMPLETE_CONVERSATION

    messages = [*COMPLETE_CONVERSATION[:-1], "Chief Accountant"]
    draft_id = None
    for message in messages:
        turn = drafting.respond(state_settings, message, draft_id, user="alice")
        draft_id = turn["draft_id"] or draft_id
    assert turn["status"] == "complete, 1 warning"
    [listed] = drafting.list_drafts(state_settings, user="alice")
    assert listed["draft_id"] == draft_id and listed["status"] == "complete, 1 warning"
    assert drafting.load(state_settings, draft_id, user="alice").fields["signatory_position"] == "Chief Accountant"


def test_a_conversation_is_read_once_for_its_first_question_and_again_before_later_ones(state_settings):
    from assistant.answers.chat import SessionStore
    from assistant.answers.extractive import Answer

    class Echo:
        corpus = None

        def ask(self, question, context="", topic=None):
            return Answer(question, f"echo {question}", False)

    first, second = (SessionStore(Echo, settings=state_settings) for _ in range(2))  # two app instances
    reads = []
    for store in (first, second):
        real = store._history.turns
        store._history.turns = lambda *args, _real=real, **kwargs: reads.append(args) or _real(*args, **kwargs)
    talk = first.get(None, user="alice")
    talk.ask("one")
    assert len(reads) == 1  # read when handed out, not again by the question that follows at once
    second.get(talk.id, user="alice").ask("two")  # the other instance adds a turn
    first.get(talk.id, user="alice").ask("three")  # handed out again: reads what the other one added
    assert [t.question for t in first.turns("alice", talk.id)] == ["one", "two", "three"]
    assert [t.question for t in talk.turns] == ["one", "two", "three"]
