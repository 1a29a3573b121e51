"""`assistant users`, `assistant audit` and `assistant draft` as real subprocesses acting as ASSISTANT_USER:
accounts need an admin once one exists, the audit trail is for admins only, and another user's draft ids
reach nothing."""

from __future__ import annotations

import json

import pytest

from tests.test_drafting_cli import assistant

pytestmark = pytest.mark.slow


def as_user(env: dict, user: str) -> dict:
    return {**env, "ASSISTANT_USER": user}


@pytest.fixture()
def env(tmp_path):
    import os

    return {**os.environ, "ASSISTANT_DATA_DIR": str(tmp_path / "data"), "ASSISTANT_TODAY": "2026-03-02",
            "PYTHONIOENCODING": "utf-8"}


def test_accounts_need_an_admin_and_the_audit_trail_is_for_admins(env):
    chief, bob = as_user(env, "chief"), as_user(env, "bob")
    assistant(chief, "users", "add", "chief", "--admin", "--password-stdin", stdin="chief password\n")
    refused = assistant(bob, "users", "add", "eve", "--password-stdin", stdin="eve password\n", check=False)
    assert refused.returncode == 2 and b"not an admin" in refused.stderr
    assistant(chief, "users", "add", "bob", "--password-stdin", stdin="bob password\n")
    short = assistant(chief, "users", "add", "carol", "--password-stdin", stdin="short\n", check=False)
    assert short.returncode == 2 and b"8 to" in short.stderr
    assistant(bob, "users", "passwd", "bob", "--password-stdin", stdin="a new bob password\n")  # one's own
    listed = json.loads(assistant(chief, "users", "list", "--json").stdout)
    assert [(u["name"], u["role"]) for u in listed] == [("bob", "officer"), ("chief", "admin")]
    assert assistant(bob, "audit", check=False).returncode == 2
    trail = json.loads(assistant(chief, "audit", "--json", "--since", "2000-01-01").stdout)
    assert [e["action"] for e in trail] == ["user_added", "user_added", "user_password_changed"]
    assert json.loads(assistant(chief, "audit", "--json", "--since", "2999-01-01").stdout) == []
    assistant(chief, "users", "remove", "bob")
    assert b"bob" not in assistant(chief, "users", "list").stdout
    assert assistant(chief, "users", "remove", "bob", check=False).returncode == 2


def test_the_cli_reaches_only_its_users_drafts(env, tmp_path):
    alice, mallory = as_user(env, "alice"), as_user(env, "mallory")
    turn = json.loads(assistant(alice, "draft", "--jsonl", stdin="assistance\n").stdout.splitlines()[0])
    draft_id = turn["draft_id"]
    assert [d["draft_id"] for d in json.loads(assistant(alice, "draft", "--list", "--json").stdout)] == [draft_id]
    assert json.loads(assistant(mallory, "draft", "--list", "--json").stdout) == []
    for args in (["--resume", draft_id, "--jsonl"], ["--delete", draft_id], ["--export", draft_id],
                 ["--delete", draft_id[:6]]):
        done = assistant(mallory, "draft", *args, stdin="review\n", check=False)
        assert done.returncode == 2 and b"no draft" in done.stderr, (args, done.stderr)
    assert json.loads(assistant(alice, "draft", "--list", "--json").stdout)[0]["draft_id"] == draft_id
