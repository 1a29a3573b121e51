"""Take the README's screenshots of each tab: `make screenshots` (needs Debian's chromium).

Starts the app in-process on a free port with a throwaway data folder (``tests.helpers.served_app``), drives it with Playwright and saves
docs/ask.png, docs/draft.png, docs/agreement.png and docs/learn.png.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS.parent))

from playwright.sync_api import sync_playwright  # noqa: E402 - after the path, so the script runs from anywhere

from assistant.localproc import free_port  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from tests.helpers import served_app  # noqa: E402

DRAFT = ["assistance",
         "from the Ministry of Internal Affairs of Kazakhstan to the Investigative Committee of Belarus",
         "On 2 February 2026 a bank in Almaty lost funds after unauthorised access to its payment system.",
         "To identify the owners of the servers used in the attack, needed for the criminal case.",
         "Provide subscriber data and logs for IP address 203.0.113.7 for January 2026.",
         "20 April 2026", "skip", "skip", "yes, sent orally on 27 February 2026"]


def send(page, box_selector: str, chat_selector: str, text: str) -> None:
    count = page.locator(f"{chat_selector} .bot").count()
    page.locator(box_selector).fill(text)
    page.locator(box_selector).press("Enter")
    page.wait_for_function(f"document.querySelectorAll('{chat_selector} .bot').length > {count} && "
                           f"document.querySelector('{box_selector}').value === ''", timeout=60_000)
    page.wait_for_timeout(300)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp) / "data", port=free_port(), today="2026-03-01")
        with served_app(settings) as url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                                 args=["--no-sandbox", "--headless"])
            page = browser.new_page(viewport={"width": 1400, "height": 950})
            page.goto(url)
            page.wait_for_selector("#ask-input textarea")
            send(page, "#ask-input textarea", "#ask-chat",
                 "Can we share information we received with a third country?")
            send(page, "#ask-input textarea", "#ask-chat", "is that consent in writing?")
            page.screenshot(path=DOCS / "ask.png")
            page.get_by_role("tab", name="Draft a request").click()
            page.wait_for_selector("#draft-chat .bot")
            for text in DRAFT:
                send(page, "#draft-input textarea", "#draft-chat", text)
            page.screenshot(path=DOCS / "draft.png")
            page.get_by_role("tab", name="Agreement").click()
            page.locator("#agreement-search input, #agreement-search textarea").first.fill("Article 6")
            page.wait_for_timeout(1500)
            page.screenshot(path=DOCS / "agreement.png")
            page.get_by_role("tab", name="Learn").click()
            page.locator("#quiz-start").click()
            page.wait_for_selector("#quiz-choices label")
            page.locator("#quiz-choices label").first.click()
            page.locator("#quiz-check").click()
            page.wait_for_timeout(1500)
            page.screenshot(path=DOCS / "learn.png")
            browser.close()
    print("Saved docs/ask.png, docs/draft.png, docs/agreement.png, docs/learn.png")


if __name__ == "__main__":
    main()
