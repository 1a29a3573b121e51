"""The Ask tab in a real browser: pending line, scrolling, citations of every answer, copying, follow-ups."""

from __future__ import annotations

import pytest

from tests.browser import ask, needs_chromium

pytest_plugins = ["tests.browser"]  # its fixtures: app_url, browser, open_page

pytestmark = [pytest.mark.slow, needs_chromium]
WATCH_PENDING = """() => { window.__pending = []; new MutationObserver(() => {
  const p = document.querySelector('#ask-chat .pending');
  if (p) window.__pending.push(p.innerText); }).observe(document.body, {subtree: true, childList: true}); }"""


def test_the_question_shows_at_once_with_a_searching_line_and_empty_input_does_nothing(open_page):
    page = open_page()
    page.evaluate(WATCH_PENDING)
    ask(page, "Who must sign the request?")
    assert any("Who must sign the request?" in p and "Searching" in p for p in page.evaluate("window.__pending"))
    for empty in ("", "   "):
        page.locator("#ask-input textarea").fill(empty)
        page.locator("#ask-input textarea").press("Enter")
        page.wait_for_timeout(800)
    assert page.locator("#ask-chat .turn").count() == 1
    assert "NOT COVERED" not in page.locator("#ask-chat").inner_text()


def test_a_new_answer_is_shown_from_its_start_without_command_line_hints(open_page):
    page = open_page()
    for question in ("Can we share information we received with a third country?", "Who must sign the request?",
                     "Can the requested Party refuse to execute a request?"):
        ask(page, question)
    page.wait_for_timeout(500)
    last = page.locator("#ask-chat .turn").last
    question_box = last.locator(".question").bounding_box()
    assert 0 <= question_box["y"] <= 900 - question_box["height"], question_box  # the question is in view
    headline = last.locator(".answer p").first.bounding_box()
    assert headline["y"] + headline["height"] <= 900
    text = page.locator("#ask-chat").inner_text()
    assert "assistant show" not in text and "assistant draft" not in text and "`" not in text


def test_every_citation_of_every_answer_opens_its_provision(open_page):
    page = open_page()
    ask(page, "Can we share information we received with a third country?")
    ask(page, "Who must sign the request?")
    first_answer_cites = page.locator("#ask-chat .turn").first.locator("button.cite")
    assert first_answer_cites.count() >= 2
    for i in range(first_answer_cites.count()):
        button = first_answer_cites.nth(i)
        label = button.inner_text().split(" - ")[0]
        button.click()
        page.wait_for_function("label => document.querySelector('#source h4') && "
                               "document.querySelector('#source h4').innerText.startsWith(label)",
                               arg=label, timeout=10_000)
    first_answer_cites.first.click()
    page.wait_for_function("document.querySelector('#source h4').innerText.startsWith('Article 10')")
    assert "prior written consent" in page.locator("#source mark").inner_text()
    page.locator("#open-in-agreement").click()
    page.wait_for_selector("#agreement-text .unit.focus", timeout=15_000)
    assert "Article 10" in page.locator("#agreement-text").inner_text()


def test_copy_gives_plain_text_with_citation_lines_and_each_citation_copies(open_page):
    page = open_page()
    ask(page, "Can we share information we received with a third country?")
    page.locator("#ask-chat button.copy-answer").last.click()
    page.wait_for_timeout(300)
    copied = page.evaluate("navigator.clipboard.readText()")
    assert "**" not in copied and "\n>" not in copied and not copied.startswith(">")
    assert "In short: only with the prior written consent" in copied
    assert "\nArticle 10 - Transfer of information to a third party: “" in copied
    page.locator("#ask-chat button.copy-cite").first.click()
    page.wait_for_timeout(300)
    assert page.evaluate("navigator.clipboard.readText()").startswith("Article 10 - Transfer of information")


def test_suggested_follow_ups_ask_about_related_provisions(open_page):
    page = open_page()
    ask(page, "Can we share information we received with a third country?")
    follow = page.locator("#ask-chat .turn").last.locator("button.follow")
    assert 2 <= follow.count() <= 3
    text = follow.first.inner_text()
    follow.first.click()
    page.wait_for_function("document.querySelectorAll('#ask-chat .turn:not(.pending)').length === 2 && "
                           "!document.querySelector('#ask-chat .pending')", timeout=30_000)
    assert text in page.locator("#ask-chat .turn").last.locator(".question").inner_text()
