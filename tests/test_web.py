"""The web app in a real browser (Debian's chromium via Playwright) and through gradio_client."""

from __future__ import annotations

import zipfile

import pytest

from tests.browser import DRAFT_ANSWERS, answer_draft, ask, needs_chromium

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


def test_a_draft_completes_and_downloads_as_docx_in_russian_or_english(page, app_settings, tmp_path):
    page.get_by_role("tab", name="Draft a request").click()
    page.wait_for_selector("#draft-chat .bot", timeout=15_000)  # the greeting and first question
    answer_draft(page, app_settings, DRAFT_ANSWERS)
    page.wait_for_selector("#download-docx", state="visible", timeout=30_000)
    assert "Complete" in page.locator("#draft-checklist").inner_text()
    texts, clicks = {}, 0
    assert _exports_audited(app_settings) == 0  # the preview and the prepared files are not exports
    for lang, name in (("ru", "Русский"), ("en", "English")):  # Russian unless English is chosen
        if lang == "en":
            page.locator("#draft-doc-lang label", has_text=name).click()
        for _ in range(20):  # the buttons get the other language's files a moment after the choice
            with page.expect_download() as info:
                page.locator("#download-docx").click()
            clicks += 1
            if info.value.suggested_filename.endswith(f"-{lang}.docx"):
                break
            page.wait_for_timeout(500)
        path = tmp_path / f"request-{lang}.docx"
        info.value.save_as(path)
        with zipfile.ZipFile(path) as docx:
            texts[lang] = docx.read("word/document.xml").decode()
    assert "203.0.113.7" in texts["ru"] and "Investigative Committee of Belarus" in texts["en"]
    assert "ЗАПРОС" in texts["ru"].upper() and "ЗАПРОС" not in texts["en"].upper()
    for _ in range(20):  # each download is one "draft_exported" event (recorded as the click arrives)
        if _exports_audited(app_settings) == clicks:
            break
        page.wait_for_timeout(250)
    assert _exports_audited(app_settings) == clicks


def _exports_audited(settings) -> int:
    from assistant.state import audit
    from assistant.state.db import open_state

    return sum(e.action == "draft_exported" for e in audit.events(open_state(settings)))


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
    while again["asking"] and again["asking"] != "signatory_name":  # answer whatever is asked
        again = client.predict(DRAFT_ANSWERS.get(again["asking"], "skip"), turn["draft_id"], api_name="/draft")
    assert again["status"] == "open" and "Belarus" in again["name"] and again["countdown"] is None
    assert all(set(w) == {"element", "clause", "message"} for w in again["warnings"])
    only_help = client.predict("help", None, api_name="/draft")  # nothing answered: no draft kept
    assert only_help["draft_id"] is None and "back" in only_help["reply"]


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
