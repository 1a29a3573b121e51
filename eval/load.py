"""Load test of the web app's API (``make load``): many sessions and drafting conversations at once.

What it does: starts the app as ``make run`` does (``python app.py``, its own process, 127.0.0.1 only, on
a free port: ``tests.helpers.app_process``) over a temporary data folder, then sends from this process, all
at once, 50 chat sessions x 10 questions through /ask and 20 drafting conversations (the tests' complete
request typed message by message, with a marker per conversation: ``tests.helpers.marked_conversation``) through /draft, each session and conversation in its own thread. The requests are gradio's HTTP API calls, sent by
hand over pooled connections (``--client gradio``: one ``gradio_client.Client`` per user instead, which
costs more CPU than the app itself on a small machine). It prints errors (must be 0), requests,
throughput, p50/p95/max latency per endpoint and the CPU used by the app and by the clients, and exits 1
on any error.

What counts as an error: an exception or an error event; an answer whose session_id is not its own
session's; a follow-up ("what about paragraph 2?") answered from another session's article (sessions would
be sharing history); a drafting turn or stored draft that shows another conversation's unique marker or
loses its own; a conversation that does not end complete. Bounded: a fixed number of requests and a
deadline (``--deadline-s``). Options: ``--sessions``, ``--questions`` (even), ``--drafts``. ``run_load`` is
also used, at a small scale, by tests/test_concurrency.py against an app in the test process.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.settings import Settings  # noqa: E402 - after the path, so the script runs from anywhere
from tests.helpers import TODAY, app_process, marked_conversation  # noqa: E402

# A topic question, then "what about paragraph 2?", whose answer must come from the topic's own article:
# a session that saw another session's history would cite the other article's paragraph 2. Each session
# keeps to one topic (sessions running side by side have different ones), so that the check measures
# isolation, not how the chat switches topics within one session.
TOPICS = [
    ("Who must sign the request?", "art-6.2"),
    ("Can the requested Party refuse to execute a request?", "art-11.2"),
    ("How is confidentiality of a request ensured?", "art-8.2"),
    ("What does Article 7 say about executing a request?", "art-7.2"),
    ("Which acts must be made criminal offences?", "art-3.2"),
    ("When does the Agreement enter into force?", "art-17.2"),
]
FOLLOW_UP = "what about paragraph 2?"


class RawClient:
    """The gradio HTTP API by hand (POST /gradio_api/call/<api>, then read its event stream): the same
    requests gradio_client sends, at a fraction of its CPU, so that the figures measure the app."""

    def __init__(self, http, url: str):
        self.http, self.url = http, url

    def login(self, name: str, password: str) -> None:
        """Log in (the app's login form); the session cookie stays in this client's ``http``."""
        reply = self.http.post(f"{self.url}login", data={"username": name, "password": password})
        if reply.status_code != 200:
            raise RuntimeError(f"login of {name!r} refused ({reply.status_code})")

    def predict(self, *data, api_name: str):
        api = api_name.strip("/")
        reply = self.http.post(f"{self.url}gradio_api/call/{api}", json={"data": list(data)})
        reply.raise_for_status()
        stream = self.http.get(f"{self.url}gradio_api/call/{api}/{reply.json()['event_id']}")
        stream.raise_for_status()
        event, payload = None, None
        for line in stream.text.splitlines():
            if line.startswith("event: "):
                event = line[7:].strip()
            elif line.startswith("data: ") and event in ("complete", "error"):
                payload = line[6:]
        if event != "complete":
            raise RuntimeError(f"/{api} ended with event {event!r}: {payload}")
        return json.loads(payload)[0]


def make_client(kind: str, url: str, http=None):
    if kind == "gradio":
        from gradio_client import Client

        return Client(url, verbose=False)
    return RawClient(http, url)


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: {"ask": [], "draft": []})
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def timed(self, kind: str, call):
        started = time.perf_counter()
        result = call()
        with self.lock:
            self.latencies.setdefault(kind, []).append(time.perf_counter() - started)
        return result

    def error(self, message: str) -> None:
        with self.lock:
            self.errors.append(message)


def chat_session(client, n: int, questions: int, stats: Stats, deadline: float) -> None:
    session_id = None
    for _ in range(questions // 2):
        if time.monotonic() > deadline:
            stats.error(f"session {n}: deadline reached")
            return
        question, expected = TOPICS[n % len(TOPICS)]  # one topic per session, neighbours differ
        for text in (question, FOLLOW_UP):
            try:
                answer = stats.timed("ask", lambda t=text, s=session_id: client.predict(t, s, api_name="/ask"))
            except Exception as error:  # noqa: BLE001 - counted and reported
                stats.error(f"session {n}: {type(error).__name__}: {error}")
                continue
            if session_id is None:
                session_id = answer["session_id"]
            if answer["session_id"] != session_id:
                stats.error(f"session {n}: got session {answer['session_id']}, expected {session_id}")
            if answer["question"] != text:
                stats.error(f"session {n}: answer to {answer['question']!r}, asked {text!r}")
            if text == FOLLOW_UP and (not answer["citations"] or answer["citations"][0]["id"] != expected):
                cited = answer["citations"][0]["id"] if answer["citations"] else None
                stats.error(f"session {n}: follow-up after {question!r} cited {cited}, expected {expected}")


def draft_conversation(client, n: int, markers: list[str], stats: Stats, deadline: float,
                       reviews: int = 0) -> str | None:
    """A complete drafting conversation (13 turns), then ``reviews`` more "review" turns."""
    mine, others = markers[n], [m for i, m in enumerate(markers) if i != n]
    draft_id, turn = None, None
    for message in marked_conversation(mine) + ["review"] * reviews:
        if time.monotonic() > deadline:
            stats.error(f"draft {n}: deadline reached")
            return draft_id
        try:
            turn = stats.timed("draft", lambda m=message, d=draft_id: client.predict(m, d, api_name="/draft"))
        except Exception as error:  # noqa: BLE001 - counted and reported
            stats.error(f"draft {n}: {type(error).__name__}: {error}")
            continue
        if draft_id is not None and turn["draft_id"] != draft_id:
            stats.error(f"draft {n}: turn came back for draft {turn['draft_id']}, expected {draft_id}")
        draft_id = turn["draft_id"]
        shown = " ".join(map(str, turn["fields"].values())) + turn["reply"] + (turn.get("markdown") or "")
        if any(m in shown for m in others):
            stats.error(f"draft {n}: another conversation's marker appears in draft {draft_id}")
    if turn is None or not turn["complete"]:
        stats.error(f"draft {n}: not complete at the end")
    elif sum(mine in str(v) for v in turn["fields"].values()) != 3:
        stats.error(f"draft {n}: its own marker is missing from its fields")
    return draft_id


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))] if ordered else 0.0


def check_stored(settings: Settings, draft_ids: list[str | None], markers: list[str], stats: Stats) -> None:
    """After the load: every stored draft holds exactly its own conversation's answers."""
    from assistant.drafting import api as service

    for n, draft_id in enumerate(draft_ids):
        if draft_id is None:
            stats.error(f"draft {n}: never created")
            continue
        fields = service.load(settings, draft_id).fields
        text = " ".join(map(str, fields.values()))  # some values are lists (identifiers)
        if markers[n] not in text or any(m in text for i, m in enumerate(markers) if i != n):
            stats.error(f"draft {n}: the stored draft {draft_id} mixes conversations")


def run_load(url: str, settings: Settings, sessions: int = 50, questions: int = 10, drafts: int = 20,
             deadline_s: float = 900, client: str = "raw") -> tuple[Stats, float]:
    """Send the load to the app at ``url`` (whose data folder is ``settings.data_dir``): (stats, wall s).
    ``client``: "raw" (plain HTTP, one pooled connection set) or "gradio" (a gradio_client per user)."""
    import httpx

    stats = Stats()
    markers = [f"LOADMARK{n:02d}Q{int(time.time()) % 10_000:04d}" for n in range(drafts)]
    deadline = time.monotonic() + deadline_s
    limits = httpx.Limits(max_connections=sessions + drafts, max_keepalive_connections=sessions + drafts)
    with httpx.Client(timeout=deadline_s, limits=limits) as http, \
            ThreadPoolExecutor(max_workers=sessions + drafts) as pool:
        users = [make_client(client, url, http) for _ in range(sessions + drafts)]
        wall = time.perf_counter()
        chats = [pool.submit(chat_session, users[n], n, questions, stats, deadline) for n in range(sessions)]
        conversations = [pool.submit(draft_conversation, users[sessions + n], n, markers, stats, deadline)
                         for n in range(drafts)]
        for future in chats:
            future.result()
        draft_ids = [future.result() for future in conversations]
        wall = time.perf_counter() - wall
    check_stored(settings, draft_ids, markers, stats)
    return stats, wall


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--questions", type=int, default=10, help="per session (pairs: topic + follow-up)")
    parser.add_argument("--drafts", type=int, default=20)
    parser.add_argument("--deadline-s", type=float, default=900)
    parser.add_argument("--client", choices=("raw", "gradio"), default="raw",
                        help="plain HTTP (default: measures the app) or one gradio_client per user (heavier)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="assistant-load-") as tmp:
        settings = Settings(data_dir=Path(tmp) / "data", today=TODAY, user="local")  # no logins
        started = time.perf_counter()
        env = {"ASSISTANT_DATA_DIR": str(settings.data_dir), "ASSISTANT_TODAY": TODAY}
        with app_process(env, Path(tmp) / "app.log") as url:
            first_answer(url)  # the app serves pages while its model loads: measure once it answers
            print(f"app answering at {url} after {time.perf_counter() - started:.1f} s (index built); "
                  f"{args.sessions} sessions x {args.questions} questions and {args.drafts} drafting "
                  f"conversations at once ({args.client} client), {os.cpu_count()} CPUs", flush=True)
            before = resource.getrusage(resource.RUSAGE_SELF)
            stats, wall = run_load(url, settings, args.sessions, args.questions, args.drafts, args.deadline_s,
                                   args.client)
            after = resource.getrusage(resource.RUSAGE_SELF)
        app_cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
        print(report(stats, wall))
        print(f"CPU: the app {app_cpu.ru_utime + app_cpu.ru_stime:.0f} s (start-up and index build included), "
              f"the load clients {after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime:.0f} s")
    return 1 if stats.errors else 0


def first_answer(url: str) -> None:
    """Wait for the first answer: the app starts serving before its model and index are loaded."""
    import httpx

    with httpx.Client(timeout=300) as http:
        RawClient(http, url).predict("Who must sign the request?", None, api_name="/ask")


def report(stats: Stats, wall: float) -> str:
    total = sum(len(v) for v in stats.latencies.values())
    lines = [f"errors: {len(stats.errors)}", *[f"  - {m}" for m in stats.errors[:20]],
             f"requests: {total} in {wall:.1f} s = {total / wall:.1f} req/s"]
    for kind, values in stats.latencies.items():
        if values:
            lines.append(f"  /{kind:<5} {len(values):4d} requests  p50 {statistics.median(values) * 1000:6.0f} ms  "
                         f"p95 {percentile(values, 95) * 1000:6.0f} ms  max {max(values) * 1000:6.0f} ms")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
