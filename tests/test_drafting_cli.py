"""Whole drafting conversations through `assistant draft --jsonl` as a real subprocess, and the CLI's exports,
follow-up, list, resume after a kill, hostile input and the interactive terminal."""

from __future__ import annotations

import json
import os
import re
import signal
import stat
import subprocess
import sys

import pytest

from assistant.settings import PROJECT_ROOT
from tests.drafting_scenarios import (
    ANSWERS,
    COMPLETE_CONVERSATION,
    COMPLETE_FIELDS,
    PRESERVATION,
    fill,
    settings_for,
)

pytestmark = pytest.mark.slow  # each test runs the CLI as a subprocess
TODAY = "2026-11-29"
CONTRACT_KEYS = {"draft_id", "reply", "asking", "complete", "missing", "fields", "confirmation_due", "warnings",
                 "status", "name"}


@pytest.fixture()
def env(tmp_path):
    return {**os.environ, "ASSISTANT_DATA_DIR": str(tmp_path / "data"), "ASSISTANT_TODAY": TODAY,
            "PYTHONIOENCODING": "utf-8"}


def assistant(env, *args, stdin: str = "", check: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, "-m", "assistant", *args], input=stdin.encode("utf-8"),
                          capture_output=True, env=env, cwd=PROJECT_ROOT, timeout=120)
    assert b"Traceback" not in proc.stderr, proc.stderr.decode()
    if check:
        assert proc.returncode == 0, proc.stderr.decode()
    return proc


def converse(env, messages: list[str], *options: str) -> list[dict]:
    proc = assistant(env, "draft", "--jsonl", *options, stdin="".join(m + "\n" for m in messages))
    turns = [json.loads(line) for line in proc.stdout.decode("utf-8").splitlines()]
    for turn in turns:
        assert set(turn) >= CONTRACT_KEYS and turn["reply"].strip()
        assert turn["complete"] == (turn["missing"] == [])
        assert all(set(w) == {"element", "clause", "message"} for w in turn["warnings"])
    return turns


def script(tmp_path, answers: dict) -> list[str]:
    """The messages an officer types for ``answers``, found by answering in process what is asked."""
    turns = fill(settings_for(tmp_path / "script"), answers)
    return [answers["request_type"]] + [answers.get(t["asking"], "skip") for t in turns[:-1]]


def test_complete_request_and_every_export(env, tmp_path):
    turns = converse(env, script(tmp_path, ANSWERS))
    last = turns[-1]
    assert last["complete"] and last["status"] == "complete" and last["warnings"] == []
    assert {"reference_number", "case_number", "investigating_body", "offence_provision", "offence_category",
            "contact_officer", "exchanging_units", "identifiers"} <= set(last["fields"])
    assert last["fields"]["deadline"] == "2026-12-29"
    draft_id = last["draft_id"]
    for fmt in ("docx", "pdf", "md", "json"):
        for lang in ("ru", "en"):
            path = tmp_path / f"request-{lang}.{fmt}"
            proc = assistant(env, "draft", "--export", draft_id, "--format", fmt, "--lang", lang, "-o", str(path))
            assert str(path) in proc.stdout.decode() and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "ЗАПРОС О ПРЕДОСТАВЛЕНИИ СОДЕЙСТВИЯ" in (tmp_path / "request-ru.md").read_text(encoding="utf-8")
    assert "REQUEST FOR ASSISTANCE" in (tmp_path / "request-en.md").read_text(encoding="utf-8")
    data = json.loads((tmp_path / "request-en.json").read_text(encoding="utf-8"))
    assert data["warnings"] == [] and data["fields"]["case_number"] == "261500031000123"
    default = assistant(env, "draft", "--export", draft_id, "--format", "md").stdout.decode()
    assert "ЗАПРОС" in default  # Russian by default
    listing = assistant(env, "draft", "--list").stdout.decode()
    assert "Case 261500031000123: Ministry of Internal Affairs" in listing and "|  assistance  |  complete  |  changed " in listing
    binary = assistant(env, "draft", "--export", draft_id, "--format", "pdf", check=False)
    assert binary.returncode == 2 and b"-o FILE" in binary.stderr
    bad = assistant(env, "draft", "--export", draft_id, "--lang", "kk", check=False)
    assert bad.returncode == 2


def test_urgent_letter_and_follow_up_from_the_cli(env, tmp_path):
    urgent = {**PRESERVATION, "urgent": "yes, we emailed it yesterday evening"}
    last = converse(env, script(tmp_path, urgent))[-1]
    assert last["confirmation_due"] == "2026-12-01" and last["fields"]["urgent_channel"] == "by e-mail"
    letter = tmp_path / "letter.pdf"
    assistant(env, "draft", "--export", last["draft_id"], "--format", "pdf", "--letter", "-o", str(letter))
    assert letter.read_bytes().startswith(b"%PDF")
    follow = converse(env, ["skip"], "--follow-up", last["draft_id"])
    assert follow[0]["fields"]["request_type"] == "assistance" and follow[0]["asking"] == "reference_number"
    assert follow[1]["draft_id"] == follow[0]["draft_id"] and follow[1]["asking"] == "reference_date"
    plain = assistant(env, "draft", "--follow-up", last["draft_id"]).stdout.decode()
    assert "Follow-up of preservation request" in plain and "assistant draft --resume" in plain
    wrong = assistant(env, "draft", "--follow-up", follow[0]["draft_id"], check=False)
    assert wrong.returncode == 2 and b"not a request for preservation" in wrong.stderr


def test_the_fixed_conversation_completes(env):
    last = converse(env, COMPLETE_CONVERSATION)[-1]
    assert last["complete"] and last["status"] == "complete" and last["fields"] == COMPLETE_FIELDS


def test_help_only_keeps_nothing_and_unknown_ids_are_refused(env):
    turns = converse(env, ["help", "status"])
    assert [t["draft_id"] for t in turns] == [None, None]
    assert json.loads(assistant(env, "draft", "--list", "--json").stdout) == []
    missing = assistant(env, "draft", "--resume", "nope", "--jsonl", check=False)
    assert missing.returncode == 2 and b"no draft with id" in missing.stderr


def test_killed_mid_draft_and_resumed_shows_every_answer(env, tmp_path):
    messages = script(tmp_path, ANSWERS)
    proc = subprocess.Popen([sys.executable, "-m", "assistant", "draft", "--jsonl"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=PROJECT_ROOT)
    turn = {}
    for message in messages[:12]:
        proc.stdin.write((message + "\n").encode())
        proc.stdin.flush()
        turn = json.loads(proc.stdout.readline())
    proc.stdin.write(b"Certified copy of the decision")  # a message half-sent when the process dies
    proc.stdin.flush()
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stdout.close(), proc.stdin.close(), proc.stderr.close()
    resumed = converse(env, ["review"], "--resume", turn["draft_id"])[0]
    assert resumed["fields"] == turn["fields"] and resumed["asking"] == turn["asking"]
    assert ANSWERS["merits"] in resumed["reply"]
    finished = converse(env, messages[12:], "--resume", turn["draft_id"][:6])[-1]
    assert finished["complete"] and finished["fields"]["signatory_name"] == "A. B. Ivanov"


def test_hostile_input_gets_clear_replies_and_corrupts_nothing(env):
    hostile = ["", "   ", "a" * 1_000_000, "abc\x00def\x07\x1b[31m", "مرحبا עברית and English \u202eevil",
               "<script>alert('x')</script>", "'; DROP TABLE drafts;--", "\uffff"]
    messages = ["assistance", *hostile,
                "change authorities from <b>Ministry</b> of Internal Affairs to '; DROP TABLE drafts;--"]
    turns = converse(env, messages)
    assert "I kept the first 20,000" in turns[3]["reply"]
    assert "control characters" in turns[4]["reply"]
    last = turns[-1]["fields"]
    assert last["requested_authority"] == "'; DROP TABLE drafts;--"
    assert all("\x00" not in v and "\u202e" not in v for v in last.values() if isinstance(v, str))
    md = assistant(env, "draft", "--export", turns[-1]["draft_id"], "--format", "md", "--lang", "en").stdout.decode()
    assert "<b>" not in md and "\\<b\\>" in md


def test_drafting_imports_no_heavy_library():
    code = ("import sys, assistant.cli.draft, assistant.drafting.api, assistant.drafting.machine; "
            "print([m for m in ('torch', 'chromadb', 'gradio', 'sentence_transformers', 'llama_index', 'fpdf', "
            "'docx') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=PROJECT_ROOT, check=True)
    assert out.stdout.strip() == "[]"


def test_interactive_terminal_session_and_resume(env):
    out = assistant(env, "draft", stdin="help\nquit\n").stdout.decode()
    assert "Nothing was answered, so no draft was kept." in out
    out = assistant(env, "draft", stdin="assistance\nwhy\nquit\n").stdout.decode()
    assert out.startswith("I will help you draft a request under Article 6")
    assert 'Article 6(3)(a): "3. The request must contain' in out
    draft_id = re.search(r"assistant draft --resume (\w+)", out).group(1)
    resumed = assistant(env, "draft", "--resume", draft_id, stdin="").stdout.decode()
    assert f"Resuming draft {draft_id}" in resumed and "request for assistance (Article 5(b))" in resumed
