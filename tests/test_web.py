"""The web app in a real browser (Debian's chromium via Playwright) and through gradio_client."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from assistant.answers.extractive import Answerer
from assistant.settings import Settings

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = [pytest.mark.slow,  # the web app in a real browser
              pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")]


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
def page(browser, app_url):
    context = browser.new_context(accept_downloads=True, viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(app_url)
    page.wait_for_selector("#ask-input textarea", timeout=30_000)
    yield page
    context.close()


def ask(page, text: str) -> None:
    box = page.locator("#ask-input textarea")
    box.fill(text)
    box.press("Enter")


def test_ask_cites_article_10_and_opens_the_cited_text(page):
    ask(page, "Can we share information we received with a third country?")
    page.wait_for_selector("#citations label:has-text('Article 10')", timeout=30_000)
    bot = page.locator("#ask-chat .bot").last
    assert "prior written consent" in bot.inner_text()
    page.locator("#citations label:has-text('Article 10')").click()
    source = page.locator("#source")
    assert "Article 10" in source.inner_text()
    assert "prior written consent" in source.locator("mark").inner_text()
    page.locator("#open-in-agreement").click()
    page.wait_for_selector("#agreement-text .unit.focus", timeout=15_000)
    assert "Article 10" in page.locator("#agreement-text").inner_text()


def test_user_html_is_shown_as_text(page):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    ask(page, "<script>alert(1)</script>")
    page.wait_for_selector("#ask-chat .user", timeout=30_000)
    page.wait_for_timeout(500)
    assert "<script>alert(1)</script>" in page.locator("#ask-chat .user").last.inner_text()
    assert dialogs == []
    assert page.locator("#ask-chat script").count() == 0


DRAFT_ANSWERS = [
    "assistance",
    "from the Ministry of Internal Affairs of Kazakhstan to the Investigative Committee of Belarus",
    "On 2 February 2026 a bank in Almaty lost funds after unauthorised access to its payment system.",
    "To identify the owners of the servers used in the attack, needed for the criminal case.",
    "Provide subscriber data and logs for IP address 203.0.113.7 for January 2026.",
    "20 April 2026",
    "skip",
    "skip",
    "no",
    "yes",
    "Arman Nurlanov, Deputy Head of the Ministry of Internal Affairs",
]


def test_a_short_draft_completes_and_downloads_as_docx(page, tmp_path):
    page.get_by_role("tab", name="Draft a request").click()
    page.wait_for_selector("#draft-chat .bot", timeout=15_000)  # the greeting and first question
    box = page.locator("#draft-input textarea")
    for answer in DRAFT_ANSWERS:
        if page.locator("#download-docx").is_visible():
            break
        count = page.locator("#draft-chat .bot").count()
        box.fill(answer)
        box.press("Enter")
        page.wait_for_function(  # the reply is shown and the input box has been cleared
            f"document.querySelectorAll('#draft-chat .bot').length > {count} && "
            "document.querySelector('#draft-input textarea').value === ''", timeout=30_000)
        page.wait_for_timeout(200)
    page.wait_for_selector("#download-docx", state="visible", timeout=30_000)
    assert "Complete" in page.locator("#draft-checklist").inner_text()
    with page.expect_download() as info:
        page.locator("#download-docx").click()
    path = tmp_path / "request.docx"
    info.value.save_as(path)
    with zipfile.ZipFile(path) as docx:
        xml = docx.read("word/document.xml").decode()
    assert "Investigative Committee of Belarus" in xml and "203.0.113.7" in xml


def test_gradio_client_calls_ask_and_draft(app_url):
    from gradio_client import Client

    client = Client(app_url, verbose=False)
    first = client.predict("Who must sign the request?", None, api_name="/ask")
    assert first["found"] and first["citations"][0]["article"] == "6"
    follow = client.predict("and how fast must an oral one be confirmed?", first["session_id"], api_name="/ask")
    assert follow["session_id"] == first["session_id"] and "3 days" in follow["answer"]
    turn = client.predict("assistance", None, api_name="/draft")
    assert turn["draft_id"] and turn["asking"] == "requesting_authority" and turn["complete"] is False
    again = client.predict("from the MVD of Kazakhstan to the IC of Belarus", turn["draft_id"], api_name="/draft")
    assert again["draft_id"] == turn["draft_id"]
    assert again["fields"]["requested_authority"].endswith("Belarus")


def test_agreement_search_and_learn_tab(page):
    page.get_by_role("tab", name="Agreement").click()
    search = page.locator("#agreement-search input, #agreement-search textarea").first
    search.fill("prior written consent")
    page.wait_for_function("document.querySelectorAll('#agreement-text section.article').length === 1",
                           timeout=15_000)
    text = page.locator("#agreement-text")
    assert "Article 10" in text.inner_text() and "prior written consent" in text.locator("mark").inner_text()
    page.get_by_role("tab", name="Learn").click()
    page.locator("#quiz-start").click()
    page.wait_for_selector("#quiz-choices label", timeout=15_000)
    assert "Question 1 of 10" in page.locator("#quiz-question").inner_text()
    page.locator("#quiz-choices label").first.click()
    page.locator("#quiz-check").click()
    page.wait_for_function("document.querySelector('#quiz-feedback').innerText.includes('Article')",
                           timeout=15_000)
    assert "right" in page.locator("#quiz-progress").inner_text()
