"""Drives the web app as a separate process through its API; run by tests/test_offline.py inside a network
namespace (``unshare -n``) whose loopback interface has been brought up.

Usage: ``python tests/offline_web.py PORT`` with ASSISTANT_* in the environment. Starts ``python app.py`` on
127.0.0.1:PORT, waits until it answers, asks two questions (one a follow-up) through /ask, drafts a whole
request through /draft, prints one JSON object {"ask": [...], "draft": [...], "log": "..."} on stdout, and
stops the app. Exits non-zero if the app does not start.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.localproc import stop  # noqa: E402
from tests.test_drafting_cli import ASSISTANCE_CONVERSATION  # noqa: E402


def wait_until_up(url: str, app: subprocess.Popen, seconds: float = 240) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if app.poll() is not None:
            raise SystemExit(f"the app exited with {app.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as reply:
                if reply.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("the app did not start in time")


def main(port: int) -> None:
    from gradio_client import Client

    log_path = Path(os.environ["ASSISTANT_DATA_DIR"]).parent / "app.log"
    with log_path.open("wb") as log:
        app = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                               env={**os.environ, "ASSISTANT_PORT": str(port)})
        try:
            url = f"http://127.0.0.1:{port}/"
            wait_until_up(url, app)
            client = Client(url, verbose=False)
            first = client.predict("Who must sign the request?", None, api_name="/ask")
            follow = client.predict("and how fast must an oral one be confirmed?", first["session_id"],
                                    api_name="/ask")
            turns, draft_id = [], None
            for message in ASSISTANCE_CONVERSATION:
                turn = client.predict(message, draft_id, api_name="/draft")
                draft_id = turn["draft_id"]
                turns.append(turn)
        finally:
            stop(app)
    print(json.dumps({"ask": [first, follow], "draft": turns, "log": log_path.read_text(errors="replace")}))


if __name__ == "__main__":
    main(int(sys.argv[1]))
