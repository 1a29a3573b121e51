"""History that survives a reload: the conversation, the open draft, the quiz and the language come back;
past conversations can be reopened, renamed, deleted and exported (Markdown, DOCX)."""

from __future__ import annotations

import zipfile

import pytest

from assistant.answers.chat import SessionStore
from assistant.answers.extractive import Answer
from tests.browser import ask, needs_chromium, switch_language

pytest_plugins = ["tests.browser"]  # its fixtures: app_url, browser, open_page


class EchoAnswerer:
    corpus = None

    def ask(self, question, context="", topic=None):
        return Answer(question, f"echo {question}", False)


def test_session_store_keeps_each_users_conversations_apart():
    store = SessionStore(lambda: EchoAnswerer())
    mine = store.get(None, user="alice")
    mine.ask("first question")
    theirs = store.get(mine.id, user="bob")  # someone else's id gives bob his own conversation, not alice's
    assert theirs is not mine and theirs.turns == []
    theirs.ask("bob asks")
    assert [c.title for c in store.list("alice")] == ["first question"]
    assert store.rename("alice", mine.id, "  Renamed  ") and store.list("alice")[0].title == "Renamed"
    store.rename("bob", mine.id, "stolen")  # bob's own conversation under that id, if any; never alice's
    assert store.delete("bob", mine.id) and store.list("bob") == []
    assert store.list("alice")[0].title == "Renamed"
    assert [t.question for t in store.turns("alice", mine.id)] == ["first question"]
    assert store.turns("bob", mine.id) == []
    assert store.delete("alice", mine.id) and store.list("alice") == []


@pytest.mark.slow
@needs_chromium
def test_a_reload_brings_back_the_conversation_the_draft_the_quiz_and_the_language(open_page):
    page = open_page()
    ask(page, "Who must sign the request?")
    page.locator("#tab-draft-button").click()
    page.locator("#draft-input textarea").fill("assistance")
    page.locator("#draft-input textarea").press("Enter")
    page.wait_for_function("document.querySelectorAll('#draft-chat .bot').length >= 2", timeout=30_000)
    page.locator("#tab-learn-button").click()
    page.locator("#quiz-start").click()
    page.wait_for_selector("#quiz-choices label", timeout=15_000)
    page.locator("#quiz-next").click()
    page.wait_for_function("document.querySelector('#quiz-question').innerText.includes('Question 2 of')")
    question = page.locator("#quiz-question").inner_text()
    switch_language(page, "ru")
    again = open_page(context=page.context)
    assert "Who must sign the request?" in again.locator("#ask-chat .question").inner_text()
    again.locator("#tab-learn-button").click()
    assert "Вопрос 2 из" in again.locator("#quiz-question").inner_text()
    assert question.split("\n")[-1] in again.locator("#quiz-question").inner_text()
    again.locator("#tab-draft-button").click()
    assert "assistance" in again.locator("#draft-chat").inner_text()
    assert "Ваш вопрос" in again.locator("#ask-input label").inner_text()
    assert again.locator("#language input[value=ru]").is_checked()


@pytest.mark.slow
@needs_chromium
def test_past_conversations_reopen_rename_delete_and_export(open_page, tmp_path):
    page = open_page()
    before = page.locator("#history label").count()
    ask(page, "Who must sign the request?")
    page.locator("#new-conversation").click()
    page.wait_for_selector("#ask-chat .empty")
    ask(page, "Can we share information we received with a third country?")
    page.wait_for_function(f"document.querySelectorAll('#history label').length === {before + 2}",
                           timeout=10_000)  # the list follows the answer
    page.locator("#history label", has_text="Who must sign").first.click()
    page.wait_for_function("document.querySelector('#ask-chat').innerText.includes('Who must sign')")
    assert "third country" not in page.locator("#ask-chat").inner_text()
    rename = page.locator("#rename-conversation textarea")
    rename.fill("Signatures")
    rename.press("Enter")
    page.wait_for_selector("#history label:has-text('Signatures')", timeout=10_000)
    page.wait_for_selector("#export-md:not([disabled])")
    with page.expect_download() as info:
        page.locator("#export-md").click()
    markdown = info.value.path().read_text(encoding="utf-8")
    assert markdown.startswith("# Signatures") and "## Who must sign the request?" in markdown
    assert "- Article 6(4)" in markdown or "- Article 6" in markdown
    with page.expect_download() as info:
        page.locator("#export-docx").click()
    info.value.save_as(tmp_path / "c.docx")
    with zipfile.ZipFile(tmp_path / "c.docx") as docx:
        xml = docx.read("word/document.xml").decode()
    assert "Signatures" in xml and "Article 6" in xml
    page.locator("#delete-conversation").click()
    page.wait_for_function(f"document.querySelectorAll('#history label').length === {before + 1}",
                           timeout=10_000)
    assert "Signatures" not in page.locator("#history").inner_text()


def test_saved_drafts_and_quiz_progress_are_the_users_own(settings, corpus):
    from types import SimpleNamespace

    from assistant.drafting import api as drafting
    from assistant.learn import progress
    from assistant.learn import quiz as learn
    from assistant.web import draft, tabs
    from assistant.web.accounts import web_user

    assert web_user(None) == web_user(SimpleNamespace(username=None)) == "local"
    assert web_user(SimpleNamespace(username="alice")) == "alice"
    turn = drafting.respond(settings, "assistance", user="alice")
    assert [value for _, value in draft._saved_choices(settings, "alice")] == [turn["draft_id"]]
    assert draft._saved_choices(settings, "bob") == []
    question = learn.generate_quiz(corpus, 1)[0]
    progress.record(settings, progress.DEFAULT_PROFILE, question, False, user="alice")
    assert "0 right, 1 wrong" in tabs._progress_text(settings, corpus, "en", "alice")
    assert tabs._progress_text(settings, corpus, "en", "bob") == "*No progress saved yet.*"
