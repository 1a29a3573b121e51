"""The Russian interface: every label, hint, button and fixed message of the four tabs switches language."""

from __future__ import annotations

import pytest

from assistant.web.i18n import TEXT
from tests.browser import ask, needs_chromium

pytest_plugins = ["tests.browser"]  # its fixtures: app_url, browser, open_page
pytestmark = [pytest.mark.slow, needs_chromium]
SHOWN_TEXTS = """() => {
  const shown = [];
  document.querySelectorAll('button, label, [data-testid=block-info], h1, h2, h3, .prose p, .prose em, .source-empty')
    .forEach(e => { if (!e.closest('footer') && e.offsetParent !== null) shown.push(e.innerText.trim()); });
  document.querySelectorAll('[placeholder]').forEach(e => shown.push(e.placeholder.trim()));
  document.querySelectorAll('[aria-label]').forEach(e => shown.push(e.getAttribute('aria-label').trim()));
  return shown.filter(Boolean);
}"""


def test_every_fixed_text_of_the_four_tabs_is_in_russian(open_page):
    page = open_page(lang="ru")
    ask(page, "Who must sign the request?")
    english = {en for en, ru in TEXT.values() if en != ru and "{" not in en}
    left = {}
    for tab in ("ask", "draft", "agreement", "learn"):
        page.locator(f"#tab-{tab}-button").click()
        page.wait_for_timeout(400)
        left[tab] = sorted({text for text in page.evaluate(SHOWN_TEXTS) if text in english})
    assert left == {"ask": [], "draft": [], "agreement": [], "learn": []}
