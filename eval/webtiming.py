"""Web app timings for the README and the issue notes (part of `make bench`, not a test).

1. Cold start: `python app.py` in a new process, on an installed machine with the index already built,
   until its first answer comes back through the /ask API (what a user waits for after `make run`).
   Also the same with an empty data folder (the index is built first).
2. Warm answers in a real browser (Debian's chromium): time from pressing Enter to the answer shown
   (`python eval/webtiming.py browser DATA_DIR` measures only these, on a data folder with a built index).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.localproc import free_port  # noqa: E402 - after the path, so the script runs from anywhere
from tests.helpers import app_process, served_app  # noqa: E402

QUESTIONS = ["Can we share information we received with a third country?", "Who must sign the request?",
             "How fast must an oral request be confirmed?", "Can the requested Party refuse a request?",
             "Who pays the costs of executing a request?", "What must a request contain?"]


def cold_start(data_dir: Path) -> float:
    """Seconds from starting `python app.py` to its first answer through the API."""
    from gradio_client import Client

    started = time.perf_counter()
    with app_process({"ASSISTANT_DATA_DIR": str(data_dir)}, data_dir.parent / "app.log", seconds=120) as url:
        while time.perf_counter() - started < 120:
            try:
                result = Client(url, verbose=False).predict(QUESTIONS[0], None, api_name="/ask")
                assert result["found"]
                return time.perf_counter() - started
            except Exception:  # the page is up, the model and index may still be loading
                time.sleep(0.2)
    raise RuntimeError("the app did not answer within 120 s")


def browser_answers(data_dir: Path) -> list[float]:
    """Milliseconds from Enter to the answer on screen, for each question (the app already warm)."""
    from playwright.sync_api import sync_playwright

    from assistant.settings import Settings

    times = []
    with served_app(Settings(data_dir=data_dir, port=free_port())) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                             args=["--no-sandbox", "--headless"])
        page = browser.new_page()
        page.goto(url)
        box = page.locator("#ask-input textarea")
        page.wait_for_selector("body[data-ready]", timeout=120_000)
        for n, question in enumerate([QUESTIONS[1], *QUESTIONS]):  # the first one warms up
            box.fill(question)
            start = time.perf_counter()
            box.press("Enter")
            page.wait_for_function(f"document.querySelectorAll('#ask-chat .turn:not(.pending)').length > {n}"
                                   " && !document.querySelector('#ask-chat .pending')", polling=5)
            if n:
                times.append((time.perf_counter() - start) * 1000)
        browser.close()
    return times


def main() -> None:
    if sys.argv[1:2] == ["browser"]:  # only the warm answers, on a data folder whose index is built
        times = browser_answers(Path(sys.argv[2]))
        print(f"warm answers in chromium: median {statistics.median(times):.0f} ms, "
              f"max {max(times):.0f} ms over {len(times)} questions")
        return
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        empty = cold_start(data)
        print(f"cold start, empty data folder (index built first): first answer after {empty:.1f} s")
        warm_index = cold_start(data)
        print(f"cold start, index already built (`make run` again): first answer after {warm_index:.1f} s")
        times = browser_answers(data)
        print(f"warm answers in chromium: median {statistics.median(times):.0f} ms, "
              f"max {max(times):.0f} ms over {len(times)} questions")


if __name__ == "__main__":
    main()
