"""The Draft, Learn and Agreement tabs in a real browser."""

from __future__ import annotations

import inspect

import pytest

from tests.browser import DESKTOP, DRAFT_ANSWERS, URGENT_ANSWERS, answer_draft, needs_chromium
from tests.browser import send_draft as send

pytest_plugins = ["tests.browser"]  # its fixtures: app_url, browser, open_page
pytestmark = [pytest.mark.slow, needs_chromium]


def test_draft_downloads_in_view_a_change_in_one_line_and_the_review_on_demand(open_page, app_settings):
    page = open_page()
    page.locator("#tab-draft-button").click()
    answer_draft(page, app_settings, DRAFT_ANSWERS)
    page.wait_for_selector("#download-docx", state="visible", timeout=30_000)
    for fmt in ("docx", "pdf", "md", "json"):
        box = page.locator(f"#download-{fmt}").bounding_box()
        assert box["y"] + box["height"] <= DESKTOP["height"], fmt  # no scrolling needed at 1400x900
    send(page, "change the deadline to 15 May 2026")
    reply = page.locator("#draft-chat .bot").last.inner_text()
    assert "The desirable deadline: 15 May 2026 (was 20 April 2026)" in reply
    assert "Signatory name:" not in reply and len(reply.splitlines()) < 8  # no reprinted review
    page.locator("#draft-review").click()
    page.wait_for_function("document.querySelector('#draft-chat .bot:last-of-type') && "
                           "document.querySelectorAll('#draft-chat .bot').length > 0 && "
                           "[...document.querySelectorAll('#draft-chat .bot')].pop().innerText"
                           ".includes('Signatory name:')", timeout=30_000)
    page.locator("#draft-preview-panel button").first.click()
    page.wait_for_selector("#draft-preview h1, #draft-preview h2, #draft-preview strong", timeout=10_000)
    assert "**" not in page.locator("#draft-preview").inner_text()
    page.locator("#draft-new").click()
    page.wait_for_function("document.querySelectorAll('#draft-chat .bot').length === 1")
    saved = page.locator("#saved-drafts")
    page.get_by_text("Saved drafts").click()
    saved.locator("input").click()
    assert "request for assistance (Article 5(b)): Ministry of Internal Affairs of Kazak... -> Investigative " \
        "Committee of Belarus - complete" in page.locator("ul[role=listbox]").inner_text()  # by name, not id


def test_learn_letters_the_options_and_marks_right_and_wrong(open_page):
    page = open_page()
    page.locator("#tab-learn-button").click()
    page.locator("#quiz-start").click()
    page.wait_for_selector("#quiz-choices label", timeout=15_000)
    labels = page.locator("#quiz-choices label")
    assert [labels.nth(i).inner_text()[:3] for i in range(labels.count())] == \
        [f"{'ABCDEFGH'[i]}. " for i in range(labels.count())]
    for _ in range(10):  # find a question, choose a wrong option: the right one turns green, the choice red
        labels.last.click()
        page.locator("#quiz-check").click()
        page.wait_for_selector("#quiz-feedback .quiz-marked", timeout=15_000)
        if page.locator("#quiz-feedback li.wrong").count():
            break
        page.locator("#quiz-next").click()
        page.wait_for_function("!document.querySelector('#quiz-feedback .quiz-marked')", timeout=15_000)
    right = page.locator("#quiz-feedback li.right")
    wrong = page.locator("#quiz-feedback li.wrong")
    assert right.count() == 1 and wrong.count() == 1
    assert right.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(220, 252, 231)"
    assert wrong.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(254, 226, 226)"
    page.wait_for_function("[...document.querySelectorAll('#quiz-choices label')].pop().matches"
                           "('#quiz-choices[class*=wrong-] label')")
    page.wait_for_timeout(800)  # gradio animates the option's background
    colours = [labels.nth(i).evaluate("e => getComputedStyle(e).backgroundColor") for i in range(labels.count())]
    assert colours[-1] == "rgb(254, 226, 226)" and colours.count("rgb(220, 252, 231)") == 1  # the options too
    assert "Progress:" in page.locator("#quiz-progress").inner_text()
    again = open_page(context=page.context)  # progress shows on load, before any answer
    again.locator("#tab-learn-button").click()
    assert "Progress:" in again.locator("#quiz-progress").inner_text()


def test_agreement_has_contents_short_lines_and_a_visible_highlight(open_page):
    page = open_page()
    page.locator("#tab-agreement-button").click()
    contents = page.locator("#agreement-text nav.contents a")
    names = [contents.nth(i).inner_text() for i in range(contents.count())]
    assert names[0].startswith("Ratification Law") and names[1] == "Preamble"
    assert [n.split(" - ")[0] for n in names[2:20]] == [f"Article {i}" for i in range(1, 19)]
    assert names[-1].startswith("Final")
    chars_per_line = page.evaluate("""() => {
        const e = document.querySelector('#agreement-text .article .unit');
        const style = getComputedStyle(e); const canvas = document.createElement('canvas').getContext('2d');
        canvas.font = style.font; return e.clientWidth / canvas.measureText('abcdefghij klmnopqrs').width * 20; }""")
    assert chars_per_line <= 105
    contents.filter(has_text="Article 16").first.click()  # a contents link scrolls the text to its article
    page.wait_for_timeout(500)
    target = page.locator("[id='art-16']").bounding_box()
    assert -1 <= target["y"] < DESKTOP["height"] - target["height"]
    assert page.locator("#agreement-search textarea").count() == 1  # still the app, not another page
    page.locator("#agreement-search textarea").fill("Article 10")
    focus = page.locator("#agreement-text .unit.focus")
    focus.wait_for(timeout=15_000)
    assert focus.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(254, 240, 138)"


def test_urgent_draft_counts_down_and_renders_the_letter(open_page, app_settings):
    page = open_page()
    page.locator("#tab-draft-button").click()
    page.locator("#draft-new").click()
    page.wait_for_function("document.querySelectorAll('#draft-chat .bot').length === 1")
    answer_draft(page, app_settings, URGENT_ANSWERS)
    assert "Written confirmation due 2 March 2026 (1 day left)" in page.locator("#draft-checklist").inner_text()
    assert page.locator("#download-letter").is_visible()
    send(page, "letter")
    letter = page.locator("#draft-chat .bot").last
    assert "WRITTEN CONFIRMATION OF AN URGENT REQUEST" in letter.locator("h1").inner_text()
    assert "**" not in letter.inner_text() and "# WRITTEN" not in letter.inner_text()


PRESERVATION_ANSWERS = {**DRAFT_ANSWERS, "request_type": "preservation", "deadline": "immediately",
                        "assistance": "Preserve the access logs of mail.example.ru for 1-15 February 2026, held by "
                                      "Example Hosting LLC in Minsk.", "preservation_period": "90 days"}


def test_a_help_only_start_keeps_nothing_and_a_preservation_request_gets_its_follow_up(open_page, app_settings):
    from assistant.drafting import api

    page = open_page()
    page.locator("#tab-draft-button").click()
    page.locator("#draft-new").click()
    page.wait_for_function("document.querySelectorAll('#draft-chat .bot').length === 1")
    before = len(api.list_drafts(app_settings, user="local"))
    send(page, "help")
    assert "back" in page.locator("#draft-chat .bot").last.inner_text()
    assert len(api.list_drafts(app_settings, user="local")) == before  # only help asked: nothing kept
    assert not page.locator("#draft-follow-up").is_visible()
    source = answer_draft(page, app_settings, PRESERVATION_ANSWERS)
    page.wait_for_selector("#draft-follow-up", state="visible", timeout=30_000)
    page.locator("#draft-follow-up").click()
    page.wait_for_function("document.querySelector('#draft-chat').innerText.includes('Follow-up of preservation')",
                           timeout=30_000)
    # the follow-up request, found by what it follows (timestamps have 1 s resolution: "newest first" ties)
    follow_ups = [d for d in api.list_drafts(app_settings, user="local") if d["follows"] == source]
    assert [d["request_type"] for d in follow_ups] == ["assistance"]
    assert not page.locator("#draft-follow-up").is_visible()  # the follow-up is not complete yet


@pytest.mark.slow
def test_every_handler_that_reads_the_user_gets_the_request(settings, corpus):
    """gradio passes the request only to a parameter annotated ``gr.Request``; without the annotation it
    passes None, and the handler would act as the "local" user instead of the one logged in."""
    import typing
    from types import SimpleNamespace

    import gradio as gr

    from assistant.web.app import build_app

    demo = build_app(settings, answerer=SimpleNamespace(corpus=corpus))  # built, never asked
    handlers = [block_fn.fn for block_fn in demo.fns.values() if block_fn.fn is not None]
    assert len(handlers) > 20
    for fn in handlers:
        hints = typing.get_type_hints(fn)
        for name in inspect.signature(fn).parameters:
            if name == "request":
                assert hints.get(name) is gr.Request, fn.__qualname__
