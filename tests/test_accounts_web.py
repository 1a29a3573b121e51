"""Logins in the real web app: stored accounts and ASSISTANT_AUTH, the lock after failed logins, cookies,
and users kept apart through the /ask and /draft API (a second user's ids reach nothing)."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from assistant.answers.extractive import Answerer
from assistant.settings import Settings
from assistant.state import accounts, audit
from assistant.state.conversations import Conversations
from assistant.state.db import close_all, open_state
from tests.conftest import CORPUS_DIR, _free_port, running_app
from tests.test_concurrency import _load_module
from tests.test_safety import CHROMIUM

MARKER = "Zephyr-4412"


def login(http: httpx.Client, url: str, name: str, password: str) -> httpx.Response:
    return http.post(f"{url}login", data={"username": name, "password": password})


@pytest.mark.slow
def test_web_logins_lock_out_and_keep_users_apart(retriever, tmp_path):
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=CORPUS_DIR, port=_free_port(),
                        today="2026-03-02", auth="solo:solo-pass")
    store = open_state(settings)
    for name, role in (("alice", "officer"), ("bob", "officer"), ("boss", "admin")):
        accounts.add_user(store, "root", name, f"{name} password", role)
    raw = _load_module().RawClient
    with running_app(settings, Answerer(retriever)) as url, httpx.Client(timeout=120) as a, \
            httpx.Client(timeout=120) as b, httpx.Client(timeout=120) as c:
        assert a.post(f"{url}gradio_api/call/ask", json={"data": ["Who signs?", None]}).status_code >= 400
        reply = login(a, url, "alice", "alice password")
        assert reply.status_code == 200
        cookies = reply.headers.get_list("set-cookie")
        assert cookies and all("httponly" in h.lower() and "samesite" in h.lower() for h in cookies), cookies
        assert login(b, url, "bob", "bob password").status_code == 200
        alice, bob = raw(a, url), raw(b, url)

        bob_draft = bob.predict("assistance", None, api_name="/draft")["draft_id"]
        bob.predict("from the MVD of Kazakhstan to the IC of Belarus", bob_draft, api_name="/draft")
        merits = f"On 1 March 2026 the servers of {MARKER} Bank were breached."
        turn = bob.predict(f"change merits to {merits}", bob_draft, api_name="/draft")  # whatever is asked now
        assert turn["fields"]["merits"] == merits
        for attempt in (bob_draft, bob_draft[:6]):
            with pytest.raises(RuntimeError, match="error"):
                alice.predict("review", attempt, api_name="/draft")
        bob_talk = bob.predict(f"Can {MARKER} evidence be shared?", None, api_name="/ask")["session_id"]
        mine = alice.predict("what about paragraph 2?", bob_talk, api_name="/ask")
        assert MARKER not in str(mine)
        talks = Conversations(store)
        assert [t["question"] for t in talks.turns("alice", bob_talk)] == ["what about paragraph 2?"]
        assert MARKER in talks.turns("bob", bob_talk)[0]["question"]

        assert login(c, url, "solo", "solo-pass").status_code == 200  # ASSISTANT_AUTH still logs in
        for _ in range(accounts.MAX_FAILURES):
            assert login(c, url, "alice", "a wrong guess").status_code == 400
        assert login(c, url, "alice", "alice password").status_code == 400  # locked, even the right one

    from assistant.web.accounts import audit_rows

    assert audit_rows(settings, "alice") == [] and audit_rows(settings, "boss")
    events = audit.events(store)
    actions = {e.action for e in events}
    assert {"login", "login_failed", "login_locked", "draft_created", "draft_changed"} <= actions
    assert MARKER not in str([e.as_dict() for e in events])
    close_all()


@pytest.mark.slow
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")
def test_only_an_admin_sees_the_audit_trail_tab(retriever, tmp_path):
    from playwright.sync_api import sync_playwright

    settings = Settings(data_dir=tmp_path / "data", corpus_dir=CORPUS_DIR, port=_free_port())
    store = open_state(settings)
    accounts.add_user(store, "root", "boss", "boss password", "admin")
    accounts.add_user(store, "boss", "alice", "alice password")
    seen = {}
    with running_app(settings, Answerer(retriever)) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=["--no-sandbox", "--headless"])
        for name in ("alice", "boss"):
            page = browser.new_context().new_page()
            page.goto(url)
            page.locator("input[type=text]").first.fill(name)
            page.locator("input[type=password]").fill(f"{name} password")
            page.locator("input[type=password]").press("Enter")
            page.wait_for_selector("#ask-input textarea", timeout=30_000)
            page.wait_for_timeout(1500)  # the page's load event decides whether the tab shows
            seen[name] = page.get_by_role("tab", name="Audit trail").count()
            if seen[name]:
                page.get_by_role("tab", name="Audit trail").click()
                page.wait_for_selector("#audit-table", timeout=10_000)
                seen["rows"] = page.locator("#audit-table").inner_text()
        browser.close()
    close_all()
    assert seen["alice"] == 0 and seen["boss"] == 1
    assert "user_added" in seen["rows"] and "login" in seen["rows"]
