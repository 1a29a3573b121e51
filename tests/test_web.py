"""The web app in a real browser (Debian's chromium via Playwright) and through gradio_client."""

from __future__ import annotations

import zipfile

import pytest

from tests.browser import ask, needs_chromium

pytest_plugins = ["tests.browser"]  # its fixtures: app_url, browser, open_page

pytestmark = [pytest.mark.slow, needs_chromium]


@pytest.fixture()
def page(open_page):
    return open_page()


def test_user_html_is_shown_as_text(page):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    ask(page, "<script>alert(1)</script>")
    page.wait_for_timeout(500)
    assert "<script>alert(1)</script>" in page.locator("#ask-chat .question").last.inner_text()
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
