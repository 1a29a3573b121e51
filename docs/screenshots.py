"""Take the README's screenshots of each tab: `make screenshots` (needs Debian's chromium).

Starts the app in-process on a free port with a throwaway data folder (``tests.helpers.served_app``), without
logins (the user "local"), drives it with Playwright and saves, for each tab (ask, draft, agreement, learn),
docs/<tab>.png (desktop 1400x900, English), docs/<tab>-ru.png (desktop, Russian), docs/<tab>-phone.png and
docs/<tab>-phone-ru.png (390x844). The Draft tab is answered element by element, whatever the draft asks
(read from the app's store, as ``tests.drafting_scenarios.fill`` does), up to an urgent request's countdown.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS.parent))

from playwright.sync_api import sync_playwright  # noqa: E402 - after the path, so the script runs from anywhere

from assistant.drafting import api  # noqa: E402
from assistant.localproc import free_port  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from tests.helpers import served_app  # noqa: E402

TABS = ("ask", "draft", "agreement", "learn")
VIEWS = {"": {"width": 1400, "height": 900}, "-phone": {"width": 390, "height": 844}}
QUESTIONS = {"en": ["Can we share information we received with a third country?", "is that consent in writing?"],
             "ru": ["Можно ли передать полученную информацию третьей стране?"]}
DRAFT = {  # by element; anything else asked is skipped; the draft stops at the signatory (not complete)
    "request_type": "assistance",
    "requesting_authority": "from the Ministry of Internal Affairs of Kazakhstan to the Investigative Committee "
                            "of Belarus",
    "exchanging_units": "a",
    "case_number": "261500031000123",
    "merits": "On 2 February 2026 a bank in Almaty lost funds after unauthorised access to its payment system.",
    "purpose": "To identify the owners of the servers used in the attack, needed for the criminal case.",
    "assistance": "Provide subscriber data and logs of IP address 203.0.113.7 used on 02.02.2026 at 14:32 UTC+5.",
    "deadline": "20 April 2026",
    "urgent": "yes",
    "urgent_sent_on": "27 February 2026",
    "urgent_channel": "orally",
    "confidential": "yes",
}
STOP_AT = "signatory_name"


def send(page, box: str, replies: str, text: str) -> None:
    count = page.locator(replies).count()
    page.locator(box).fill(text)
    page.locator(box).press("Enter")
    page.wait_for_function(f"document.querySelectorAll('{replies}').length > {count} && "
                           "!document.querySelector('#ask-chat .pending')", timeout=60_000)
    page.wait_for_timeout(300)


def draft(page, settings: Settings) -> None:
    """Answer what the open draft asks until it asks for the signatory."""
    send(page, "#draft-input textarea", "#draft-chat .bot", DRAFT["request_type"])
    draft_id = api.list_drafts(settings, user="local")[0]["draft_id"]  # the one just changed
    for _ in range(40):
        asking = api.load(settings, draft_id, user="local").asking
        if not asking or asking == STOP_AT:
            return
        send(page, "#draft-input textarea", "#draft-chat .bot", DRAFT.get(asking, "skip"))


def take(browser, url: str, settings: Settings, lang: str, suffix: str, viewport: dict) -> None:
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector("body[data-ready]", timeout=120_000)
    if lang == "ru":
        page.evaluate("delete document.body.dataset.ready")
        page.locator("#language label", has_text="Русский").click()
        page.wait_for_selector("body[data-ready='ru']")
    for question in QUESTIONS[lang]:
        send(page, "#ask-input textarea", "#ask-chat .turn:not(.pending)", question)
    page.screenshot(path=DOCS / f"ask{suffix}.png")
    page.locator("#tab-draft-button").click()
    page.wait_for_selector("#draft-chat .bot")
    draft(page, settings)
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=DOCS / f"draft{suffix}.png")
    page.locator("#tab-agreement-button").click()
    page.locator("#agreement-search textarea").fill("Article 6(3)")
    page.wait_for_selector("#agreement-text .unit.focus")
    page.screenshot(path=DOCS / f"agreement{suffix}.png")
    page.locator("#tab-learn-button").click()
    page.locator("#quiz-start").click()
    page.wait_for_selector("#quiz-choices label")
    page.locator("#quiz-choices label").last.click()
    page.locator("#quiz-check").click()
    page.wait_for_selector("#quiz-feedback .quiz-marked")
    page.screenshot(path=DOCS / f"learn{suffix}.png")
    context.close()


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp) / "data", port=free_port(), today="2026-03-01")
        with served_app(settings) as url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                                 args=["--no-sandbox", "--headless"])
            for lang in ("en", "ru"):
                for view, viewport in VIEWS.items():
                    take(browser, url, settings, lang, view + ("-ru" if lang == "ru" else ""), viewport)
            browser.close()
    print("Saved", ", ".join(f"docs/{tab}{view}{lang}.png" for lang in ("", "-ru") for view in VIEWS
                              for tab in TABS))


if __name__ == "__main__":
    main()
