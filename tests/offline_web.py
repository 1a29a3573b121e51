"""Drives the web app as a separate process through its API; run by tests/test_offline.py inside a network
namespace (``unshare -n``) whose loopback interface has been brought up.

Usage: ``python tests/offline_web.py`` with ASSISTANT_* in the environment. Starts ``python app.py`` on
127.0.0.1 and a free port (``tests.helpers.app_process``), waits until it answers, asks two questions (one a
follow-up) through /ask, drafts a whole request through /draft, prints one JSON object {"ask": [...],
"draft": [...], "log": "..."} on stdout, and stops the app. Exits non-zero if the app does not start.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.helpers import ASSISTANCE_CONVERSATION, app_process  # noqa: E402


def main() -> None:
    from gradio_client import Client

    log_path = Path(os.environ["ASSISTANT_DATA_DIR"]).parent / "app.log"
    env = {k: v for k, v in os.environ.items() if k.startswith("ASSISTANT_")}
    with app_process(env, log_path, seconds=240) as url:
        client = Client(url, verbose=False)
        first = client.predict("Who must sign the request?", None, api_name="/ask")
        follow = client.predict("and how fast must an oral one be confirmed?", first["session_id"],
                                api_name="/ask")
        turns, draft_id = [], None
        for message in ASSISTANCE_CONVERSATION:
            turn = client.predict(message, draft_id, api_name="/draft")
            draft_id = turn["draft_id"]
            turns.append(turn)
    print(json.dumps({"ask": [first, follow], "draft": turns, "log": log_path.read_text(errors="replace")}))


if __name__ == "__main__":
    main()
