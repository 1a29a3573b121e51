"""Fixtures for the browser tests: the web app served in this process, Debian's chromium via Playwright.

A test module loads them with ``pytest_plugins = ["tests.browser"]``.
``open_page(viewport=..., lang=...)`` opens a fresh browser context (its own local storage) on the app.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.answers.extractive import Answerer
from assistant.settings import Settings

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DESKTOP = {"width": 1400, "height": 900}
PHONE = {"width": 390, "height": 844}
needs_chromium = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")


@pytest.fixture(scope="module")
def app_url(retriever, tmp_path_factory):
    from tests.conftest import CORPUS_DIR, _free_port, running_app

    settings = Settings(data_dir=tmp_path_factory.mktemp("web") / "data", corpus_dir=CORPUS_DIR,
                        port=_free_port(), today="2026-03-01")
    with running_app(settings, Answerer(retriever)) as url:
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


def ask(page, text: str) -> None:
    """Type a question, press Enter and wait for its answer."""
    count = page.locator("#ask-chat .turn:not(.pending)").count()
    box = page.locator("#ask-input textarea")
    box.fill(text)
    box.press("Enter")
    page.wait_for_function(f"document.querySelectorAll('#ask-chat .turn:not(.pending)').length > {count} && "
                           "!document.querySelector('#ask-chat .pending')", timeout=30_000)
