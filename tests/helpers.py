"""Shared by the tests and the scripts in docs/ and eval/: the drafting scenario, and starting the app.

What it does: ``ASSISTANCE_CONVERSATION`` (a whole request for assistance, message by message, with the
fields it must end with) and ``marked_conversation`` (the same with a marker in three answers, to tell
conversations apart under load); ``served_app`` (the web app served in this process, for a browser or a
client), ``app_process`` (``python app.py`` in its own process, as ``make run`` starts it) and
``wait_until_up``. The scripts put the project root on ``sys.path`` and import this module.
What it leaves to others: what each test or script checks or measures.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from assistant.localproc import free_port, stop
from assistant.settings import Settings
from tests.drafting_scenarios import COMPLETE_CONVERSATION, COMPLETE_FIELDS, COMPLETE_MERITS
from tests.drafting_scenarios import TODAY as SCENARIO_TODAY

ROOT = Path(__file__).resolve().parent.parent
# ---------------------------------------------------------------------------------------------- scenarios
# The complete request typed message by message lives with the drafting scenarios; these names are what the
# web, safety and offline tests and the load script use.
TODAY = SCENARIO_TODAY.isoformat()  # ASSISTANT_TODAY for the scenarios: their dates are relative to it
ASSISTANCE_CONVERSATION, EXPECTED_FIELDS, MERITS = COMPLETE_CONVERSATION, COMPLETE_FIELDS, COMPLETE_MERITS
MARKED = (COMPLETE_FIELDS["merits"], COMPLETE_FIELDS["purpose"], COMPLETE_FIELDS["assistance"])


def marked_conversation(marker: str) -> list[str]:
    """``ASSISTANCE_CONVERSATION`` with ``marker`` (unique per conversation) in the merits, purpose and
    assistance answers: a draft that shows another conversation's marker has mixed conversations up."""
    return [f"{message.removesuffix('.')} (case {marker})." if message in MARKED else message
            for message in ASSISTANCE_CONVERSATION]


# ---------------------------------------------------------------------------------------------- the app


def wait_until_up(url: str, process: subprocess.Popen | None = None, seconds: float = 240,
                  log_path: Path | None = None) -> None:
    """Return once ``url`` answers 200; ``RuntimeError`` (with the log's end) if ``process`` exits or time
    runs out first."""
    deadline = time.monotonic() + seconds
    while True:
        if (process is not None and process.poll() is not None) or time.monotonic() > deadline:
            log = log_path.read_text(errors="replace")[-3000:] if log_path and log_path.exists() else ""
            raise RuntimeError(f"{url} did not answer in time\n{log}")
        try:
            with urllib.request.urlopen(url, timeout=2) as reply:
                if reply.status == 200:
                    return
        except OSError:
            time.sleep(0.3)


@contextmanager
def app_process(env: dict[str, str], log_path: Path, seconds: float = 300,
                processes: list | None = None) -> Iterator[str]:
    """``python app.py`` in its own process (its own GIL, as deployed) on 127.0.0.1 and a free port, with
    ``env`` over this environment (no other ``ASSISTANT_*``): yields its URL once it serves pages.
    ``processes``: a list the process is appended to (for a caller that kills it)."""
    port = free_port()
    full = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    full.update(env, ASSISTANT_HOST="127.0.0.1", ASSISTANT_PORT=str(port))
    url = f"http://127.0.0.1:{port}/"
    with log_path.open("wb") as log:
        app = subprocess.Popen([sys.executable, str(ROOT / "app.py")], cwd=ROOT, env=full, stdout=log,
                               stderr=subprocess.STDOUT)
        if processes is not None:
            processes.append(app)
        try:
            wait_until_up(url, app, seconds, log_path)
            yield url
        finally:
            stop(app)


def instance_env(data_dir: Path, env: dict | None = None) -> dict[str, str]:
    """An app instance's ``ASSISTANT_*`` environment: its own data folder, the scenarios' today, and ``env``
    (shared servers: a database URL, a Chroma server)."""
    return {"ASSISTANT_DATA_DIR": str(data_dir), "ASSISTANT_TODAY": TODAY, **(env or {})}


@contextmanager
def served_app(settings: Settings, answerer=None) -> Iterator[str]:
    """The web app served in this process on ``settings.port`` (the model loads in the background unless an
    answerer is given): yields its URL. ``serve`` sets the process umask to 077; it is restored afterwards."""
    from assistant.web.app import serve

    umask = os.umask(0o022)
    os.umask(umask)
    demo = serve(settings, answerer, prevent_thread_lock=True)
    try:
        yield f"http://127.0.0.1:{settings.port}/"
    finally:
        demo.close()
        os.umask(umask)

