"""Fixtures for the browser tests: the web app served in this process, Debian's chromium via Playwright.

A test module loads them with ``pytest_plugins = ["tests.browser"]``.
``open_page(viewport=..., lang=...)`` opens a fresh browser context (its own local storage) on the app.
``answer_draft`` types in the Draft tab the answer to whatever the open draft asks (read from the app's
store, as ``tests.drafting_scenarios.fill`` does), so the tests do not depend on the order of the questions.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.answers.extractive import Answerer
from assistant.localproc import free_port
from assistant.settings import Settings
from tests.helpers import served_app

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DESKTOP = {"width": 1400, "height": 900}
PHONE = {"width": 390, "height": 844}
needs_chromium = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")


# A complete request for assistance by element (anything else asked is skipped); dates before 2027.
DRAFT_ANSWERS = {
    "request_type": "assistance",
    "requesting_authority": "from the Ministry of Internal Affairs of Kazakhstan to the Investigative Committee "
                            "of Belarus",
    "exchanging_units": "a",
    "merits": "On 2 February 2026 a bank in Almaty lost funds after unauthorised access to its payment system.",
    "purpose": "To identify the owners of the servers used in the attack, needed for the criminal case.",
    "assistance": "Provide subscriber data and logs of IP address 203.0.113.7 used on 02.02.2026 at 14:32 UTC+5.",
    "deadline": "20 April 2026",
    "urgent": "no",
    "confidential": "yes",
    "signatory_name": "A. B. Ivanov",
    "signatory_position": "Deputy Minister of Internal Affairs",
}
URGENT_ANSWERS = {**DRAFT_ANSWERS, "urgent": "yes", "urgent_sent_on": "27 February 2026", "urgent_channel": "orally"}


@pytest.fixture(scope="module")
def app_settings(tmp_path_factory) -> Settings:
    from tests.conftest import CORPUS_DIR

    return Settings(data_dir=tmp_path_factory.mktemp("web") / "data", corpus_dir=CORPUS_DIR, port=free_port(),
                    today="2026-03-01")


@pytest.fixture(scope="module")
def app_url(retriever, app_settings):
    with served_app(app_settings, Answerer(retriever)) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                              args=["--no-sandbox", "--headless"])
        yield chromium
        chromium.close()


@pytest.fixture()
def open_page(browser, app_url):
    contexts = []

    def open_page(viewport=None, lang: str = "en", context=None):
        if context is None:
            context = browser.new_context(accept_downloads=True, viewport=viewport or DESKTOP)
            context.grant_permissions(["clipboard-read", "clipboard-write"])
            contexts.append(context)
        page = context.new_page()
        page.goto(app_url)
        page.wait_for_selector("body[data-ready]", timeout=30_000)
        if lang == "ru":
            switch_language(page, "ru")
        return page

    yield open_page
    for context in contexts:
        context.close()


def switch_language(page, lang: str) -> None:
    page.evaluate("delete document.body.dataset.ready")
    page.locator("#language label", has_text="Русский" if lang == "ru" else "English").click()
    page.wait_for_selector(f"body[data-ready='{lang}']", timeout=30_000)


def _send(page, box: str, replies: str, text: str, settled: str) -> None:
    """Type ``text`` into ``box``, press Enter and wait until one more ``replies`` element is there and the
    JavaScript condition ``settled`` holds."""
    count = page.locator(replies).count()
    field = page.locator(box)
    field.fill(text)
    field.press("Enter")
    page.wait_for_function(f"document.querySelectorAll({replies!r}).length > {count} && {settled}",
                           timeout=30_000)


def ask(page, text: str) -> None:
    """Type a question, press Enter and wait for its answer."""
    _send(page, "#ask-input textarea", "#ask-chat .turn:not(.pending)", text,
          "!document.querySelector('#ask-chat .pending')")


def send_draft(page, text: str) -> None:
    """Type a drafting message, press Enter and wait for the reply."""
    _send(page, "#draft-input textarea", "#draft-chat .bot", text,
          "document.querySelector('#draft-input textarea').value === '' && "
          "!document.querySelector('#draft-chat .generating, #draft-chat .pending')")
    page.wait_for_timeout(300)


def answer_draft(page, settings: Settings, answers: dict, stop_at: str | None = None, limit: int = 40,
                 user: str = "local") -> str:
    """In the Draft tab (a new draft open), answer whatever the draft asks from ``answers`` ('skip' when
    they have none) until it stops asking or asks ``stop_at``; returns the draft's id. The open draft is the
    draft the first answer keeps."""
    from assistant.drafting import api

    before = {d["draft_id"] for d in api.list_drafts(settings, user=user)}
    send_draft(page, answers["request_type"])
    [draft_id] = [d["draft_id"] for d in api.list_drafts(settings, user=user) if d["draft_id"] not in before]
    for _ in range(limit):
        asking = api.load(settings, draft_id, user=user).asking
        if not asking or asking == stop_at:
            break
        send_draft(page, answers.get(asking, "skip"))
    return draft_id
