"""Safe defaults: localhost only, a login when asked for, owner-only files, logs without confidential text.

- The app listens on 127.0.0.1 unless told otherwise, and says loudly (log and console) when it is told to
  listen elsewhere without a login.
- ``ASSISTANT_AUTH=user:password`` makes the app require a login: unauthenticated HTTP calls to the page,
  the API description and the /ask endpoint are refused; gradio_client and a real browser (Debian's
  chromium) get in with the password and not without it.
- After a realistic session in the browser and the API (index built, a question, a draft completed and its
  documents offered for download, a quiz answer saved) every folder under ASSISTANT_DATA_DIR is 0700 and
  every file 0600: no group or other permission bit anywhere, gradio's file cache included.
- Questions and draft contents never reach the logs (all records at INFO captured, the CLI's stderr read)
  unless debug logging is asked for.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import stat
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from assistant.answers.extractive import Answerer
from assistant.learn.progress import load_progress
from assistant.settings import PROJECT_ROOT, Settings
from tests.conftest import CORPUS_DIR, _free_port, running_app
from tests.drafting_scenarios import fill
from tests.helpers import ASSISTANCE_CONVERSATION

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
USER, PASSWORD = "officer", "correct horse battery staple"


# ------------------------------------------------------------------------------------------- listening


def test_localhost_is_the_default(monkeypatch):
    for name in ("ASSISTANT_HOST", "ASSISTANT_AUTH"):
        monkeypatch.delenv(name, raising=False)
    settings = Settings()
    assert settings.host == "127.0.0.1" and settings.auth is None
    monkeypatch.setenv("ASSISTANT_AUTH", f"{USER}:{PASSWORD}")
    assert Settings().auth == f"{USER}:{PASSWORD}"


@pytest.fixture()
def fake_launch(monkeypatch):
    """Record what serve() passes to gradio's launch instead of opening a port."""
    import gradio as gr

    launched: dict = {}
    monkeypatch.setattr(gr.Blocks, "launch", lambda self, **kwargs: launched.update(kwargs))
    monkeypatch.delenv("GRADIO_TEMP_DIR", raising=False)  # serve() sets it; restored after the test
    umask = os.umask(0o022)
    os.umask(umask)
    yield launched
    os.umask(umask)  # serve() sets the process umask to 077; other tests keep their own


@pytest.mark.slow
@pytest.mark.parametrize("host, auth, warned", [
    ("0.0.0.0", None, True),
    ("192.0.2.10", None, True),
    ("0.0.0.0", f"{USER}:{PASSWORD}", False),
    ("127.0.0.1", None, False),
    ("localhost", None, False),
])
def test_listening_beyond_localhost_without_a_login_is_warned(retriever, tmp_path, fake_launch, caplog, capsys,
                                                              host, auth, warned):
    from assistant.web.app import serve

    settings = Settings(data_dir=tmp_path / "data", corpus_dir=CORPUS_DIR, host=host, auth=auth)
    with caplog.at_level(logging.WARNING, logger="assistant.web.app"):
        serve(settings, Answerer(retriever))
    printed = capsys.readouterr().out
    assert ("without a login" in caplog.text) is warned
    assert ("WARNING: listening on" in printed) is warned
    assert fake_launch["server_name"] == host and fake_launch["share"] is False
    import anyio

    check = fake_launch["auth"]  # gradio's auth: a login check over the stored accounts, or None
    if auth:
        assert anyio.run(check, USER, PASSWORD) and not anyio.run(check, USER, "wrong password")
        assert not anyio.run(check, "other", PASSWORD)
    else:
        assert check is None


# --------------------------------------------------------------------------------- login + permissions


@pytest.fixture(scope="module")
def private_app(corpus, tmp_path_factory):
    """The app with a login, in this process, over a fresh data folder whose index it builds itself."""
    from assistant.search.retrieve import Retriever

    settings = Settings(data_dir=tmp_path_factory.mktemp("safety") / "data", corpus_dir=CORPUS_DIR,
                        port=_free_port(), today="2026-03-02", auth=f"{USER}:{PASSWORD}")
    retriever = Retriever.open(settings, corpus)
    assert retriever.index.built
    with running_app(settings, Answerer(retriever)) as url:
        yield settings, url


def _status(url: str, data: dict | None = None) -> int:
    body = json.dumps(data).encode() if data is not None else None
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as reply:
            return reply.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.slow
def test_login_is_required_for_the_api(private_app):
    from gradio_client import Client

    _, url = private_app
    assert _status(f"{url}gradio_api/info") in (401, 403)
    assert _status(f"{url}config") in (401, 403)
    assert _status(f"{url}gradio_api/call/ask", {"data": ["Who must sign the request?", None]}) in (401, 403)
    with pytest.raises(Exception):  # noqa: B017,PT011 - gradio_client raises its own error types here
        Client(url, verbose=False, auth=(USER, "wrong password"))
    client = Client(url, verbose=False, auth=(USER, PASSWORD))
    answer = client.predict("Who must sign the request?", None, api_name="/ask")
    assert answer["found"] and answer["citations"][0]["article"] == "6"


@pytest.mark.slow
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")
def test_browser_logs_in_and_every_file_left_behind_is_owner_only(private_app):
    from gradio_client import Client
    from playwright.sync_api import sync_playwright

    settings, url = private_app
    client = Client(url, verbose=False, auth=(USER, PASSWORD))
    draft_id = None
    for message in ASSISTANCE_CONVERSATION:  # a complete draft, saved turn by turn
        draft_id = client.predict(message, draft_id, api_name="/draft")["draft_id"]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=["--no-sandbox", "--headless"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(url)
        page.wait_for_selector("input[type=password]", timeout=30_000)
        assert page.locator("#ask-input").count() == 0  # nothing of the app before the login
        page.locator("input[type=text]").first.fill(USER)
        page.locator("input[type=password]").fill(PASSWORD)
        page.locator("input[type=password]").press("Enter")
        page.wait_for_selector("#ask-input textarea", timeout=30_000)
        # the Draft tab resumes the draft completed through the API: its documents are written and offered.
        # (The saved-drafts list is filled when the app is built and after each draft turn, so one turn first.)
        page.get_by_role("tab", name="Draft a request").click()
        page.locator("#draft-input textarea").fill("assistance")
        page.locator("#draft-input textarea").press("Enter")
        page.wait_for_function("document.querySelectorAll('#draft-chat .bot').length > 1", timeout=30_000)
        page.get_by_text("Saved drafts").click()
        page.locator("#saved-drafts input").click()
        page.get_by_role("option").filter(has_text="Belarus - complete").first.click()  # drafts by name
        page.get_by_role("button", name="Resume").click()
        page.wait_for_selector("#download-docx", state="visible", timeout=30_000)
        with page.expect_download() as download:
            page.locator("#download-docx").click()
        assert download.value.suggested_filename.endswith(".docx")
        # Learn: start a quiz, answer one question (progress is saved)
        page.get_by_role("tab", name="Learn").click()
        page.locator("#quiz-start").click()
        page.locator("#quiz-choices label").first.click()
        page.locator("#quiz-check").click()
        page.wait_for_function("document.querySelector('#quiz-feedback').innerText.trim().length > 0",
                               timeout=30_000)
        browser.close()
    root = settings.data_dir
    found = {p.relative_to(root).parts[0] for p in root.rglob("*")}
    assert {"index", "state.sqlite3", "exports", "web-cache"} <= found, found
    saved = load_progress(settings, user=USER)  # the quiz answer, saved for the logged-in user
    assert sum(s.correct + s.wrong for s in saved.values()) == 1
    assert any(root.joinpath("web-cache").rglob("*.docx")), "gradio's cache holds the offered documents"
    loose = [f"{p.relative_to(root)} {oct(stat.S_IMODE(p.stat().st_mode))}" for p in [root, *root.rglob("*")]
             if stat.S_IMODE(p.stat().st_mode) & 0o077]
    assert loose == [], "\n".join(loose)


# ----------------------------------------------------------------------------------------------- logs

SECRET_QUESTION = "Can Operation Kestrel-7731 evidence be shared with a third country?"
SECRET_MERITS = "On 3 March 2026 the servers of Zephyr-4412 Bank were breached by the group Nightowl-5519."


def _run_session(settings: Settings, retriever) -> None:
    from assistant.answers.chat import SessionStore

    SessionStore(lambda: Answerer(retriever)).get(None).ask(SECRET_QUESTION)
    answers = {"request_type": "assistance", "exchanging_units": "a", "merits": SECRET_MERITS,
               "requesting_authority": "from the MVD of Kazakhstan to the IC of Belarus"}
    turn = fill(settings, answers, stop_at="purpose")[-1]  # answers whatever the draft asks, up to the purpose
    assert turn["fields"]["merits"] == SECRET_MERITS
    assert turn["fields"]["requesting_authority"] == "MVD of Kazakhstan"


@pytest.mark.slow
@pytest.mark.parametrize("debug", [False, True])
def test_logs_carry_no_questions_or_draft_contents_unless_debug(retriever, tmp_path, caplog, debug):
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=CORPUS_DIR, debug=debug)
    with caplog.at_level(logging.DEBUG if debug else logging.INFO):
        _run_session(settings, retriever)
    logged = "\n".join(f"{r.getMessage()} {r.args!r}" for r in caplog.records)
    assert caplog.records, "the session logged nothing at all: the test would prove nothing"
    if debug:
        assert "Nightowl-5519" in logged  # debug logging is allowed to show what was typed
    else:
        for secret in ("Kestrel-7731", "Zephyr-4412", "Nightowl-5519", "MVD of Kazakhstan"):
            assert secret not in logged


@pytest.mark.slow
def test_web_requests_log_nothing_confidential(private_app, caplog, capfd):
    from gradio_client import Client

    _, url = private_app
    client = Client(url, verbose=False, auth=(USER, PASSWORD))
    capfd.readouterr()
    with caplog.at_level(logging.INFO):
        client.predict(SECRET_QUESTION, None, api_name="/ask")
        turn = client.predict("assistance", None, api_name="/draft")
        client.predict(SECRET_MERITS, turn["draft_id"], api_name="/draft")
    out, err = capfd.readouterr()
    logged = "\n".join(f"{r.getMessage()} {r.args!r}" for r in caplog.records) + out + err
    for secret in ("Kestrel-7731", "Zephyr-4412", "Nightowl-5519"):
        assert secret not in logged


@pytest.mark.slow
@pytest.mark.parametrize("debug", [False, True])
def test_cli_stderr_carries_draft_contents_only_with_debug(tmp_path, debug):
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    env.update(ASSISTANT_DATA_DIR=str(tmp_path / "data"), PYTHONIOENCODING="utf-8")
    args = ["--debug"] * debug + ["draft", "--jsonl"]
    done = subprocess.run([sys.executable, "-m", "assistant", *args], env=env, capture_output=True,
                          input=f"assistance\n{SECRET_MERITS}\n".encode(), cwd=PROJECT_ROOT, timeout=120)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    assert SECRET_MERITS in done.stdout.decode("utf-8")  # the reply shows it; the log must not
    assert ("Nightowl-5519" in done.stderr.decode("utf-8", errors="replace")) is debug
