"""Accessibility and looks in a real browser: axe-core on every tab in English and Russian, keyboard use,
contrast, fonts without fallback glyphs, and the phone layout (390x844)."""

from __future__ import annotations

import pytest

from tests.browser import PHONE, ask, needs_chromium, switch_language

pytest_plugins = ["tests.browser"]  # its fixtures: app_url, browser, open_page
pytestmark = [pytest.mark.slow, needs_chromium]
TABS = ("ask", "draft", "agreement", "learn")


def show_tab(page, tab: str) -> None:
    page.locator("button[role=tab]").nth(TABS.index(tab)).click()
    page.wait_for_timeout(400)


def serious_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [f"{v['id']}: {v['help']} ({[n['target'] for n in v['nodes']][:4]})"
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_axe_finds_no_serious_violations_on_any_tab(open_page, lang):
    page = open_page(lang=lang)
    ask(page, "Who must sign the request?")
    found = {}
    for tab in TABS:
        show_tab(page, tab)
        if tab == "learn":
            page.locator("#quiz-start").click()
            page.wait_for_selector("#quiz-choices label", timeout=15_000)
            page.locator("#quiz-choices label").first.click()
            page.locator("#quiz-check").click()
            page.wait_for_selector("#quiz-feedback .quiz-marked", timeout=15_000)
        found[tab] = serious_violations(page)
    assert found == {tab: [] for tab in TABS}
    assert page.evaluate("document.documentElement.lang") == lang


def press_tab_until(page, selector: str, limit: int = 60) -> None:
    """Press Tab until the focused element matches ``selector`` (fails after ``limit`` presses)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_each_tab_works_with_the_keyboard_alone(open_page):
    page = open_page()
    press_tab_until(page, "#ask-input textarea")
    page.keyboard.type("Can we share information we received with a third country?")
    page.keyboard.press("Enter")
    page.wait_for_selector("#ask-chat .turn:not(.pending) button.cite", timeout=30_000)
    press_tab_until(page, "#ask-chat button.cite")
    page.keyboard.press("Tab")  # the first citation's copy button, then the second citation
    press_tab_until(page, "#ask-chat button.cite")
    page.keyboard.press("Enter")
    page.wait_for_function("!document.querySelector('#source h4').innerText.startsWith('Article 10')",
                           timeout=10_000)
    for tab, target in (("draft", "#draft-input textarea"), ("agreement", "#agreement-search textarea"),
                        ("learn", "#quiz-start")):
        page.locator("#tab-ask-button").focus()
        press_tab_until(page, f"#tab-{tab}-button")
        page.keyboard.press("Enter")
        page.wait_for_timeout(300)
        assert page.locator("button[role=tab][aria-selected=true]").nth(0).inner_text().startswith(
            {"draft": "Draft", "agreement": "Agreement", "learn": "Learn"}[tab])
        press_tab_until(page, target)
        if tab == "draft":
            page.keyboard.type("assistance")
            page.keyboard.press("Enter")
            page.wait_for_function("document.querySelectorAll('#draft-chat .bot').length >= 2", timeout=30_000)
        elif tab == "agreement":
            page.keyboard.type("Article 6(3)")
            page.wait_for_selector("#agreement-text .unit.focus", timeout=15_000)
        else:
            page.keyboard.press("Enter")
            page.wait_for_selector("#quiz-choices input", timeout=15_000)
            press_tab_until(page, "#quiz-choices input")
            page.keyboard.press("Space")
            press_tab_until(page, "#quiz-check")
            page.keyboard.press("Enter")
            page.wait_for_selector("#quiz-feedback .quiz-marked", timeout=15_000)


def fonts_of(page, selector: str) -> set[str]:
    """The font families chromium really used to draw the text of the first element matching ``selector``."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})
    node = cdp.send("DOM.querySelector", {"nodeId": root["root"]["nodeId"], "selector": selector})
    return {font["familyName"] for font in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})["fonts"]}


def test_bold_and_cyrillic_text_use_one_complete_font(open_page):
    page = open_page()
    ask(page, "Who must sign the request?")
    assert fonts_of(page, "#header h1") == {"IBM Plex Sans"}
    assert fonts_of(page, "#ask-chat .answer strong") == {"IBM Plex Sans"}  # the bold "A" of "Article"
    switch_language(page, "ru")
    assert fonts_of(page, "#header h1") == {"IBM Plex Sans"}


def test_phone_the_input_is_on_the_first_screen_and_sources_follow_the_answer(open_page):
    page = open_page(viewport=PHONE)
    for tab, target in zip(TABS, ("#ask-input textarea", "#draft-input textarea", "#agreement-search textarea",
                                  "#quiz-start"), strict=True):
        show_tab(page, tab)
        box = page.locator(target).bounding_box()
        assert box and box["y"] + box["height"] <= PHONE["height"], (tab, box)
    show_tab(page, "ask")
    ask(page, "Can we share information we received with a third country?")
    answer = page.locator("#ask-chat .turn .answer").last.bounding_box()
    sources = page.locator("#ask-chat .turn nav.sources").last
    assert sources.bounding_box()["y"] >= answer["y"] + answer["height"] - 1
    sources.locator("button.cite").first.scroll_into_view_if_needed()
    sources.locator("button.cite").first.click()
    page.wait_for_selector("#source h4", timeout=10_000)
    page.wait_for_timeout(500)
    heading = page.locator("#source h4")  # the provision is brought into view
    assert "Article 10" in heading.inner_text() and 0 <= heading.bounding_box()["y"] < PHONE["height"]
