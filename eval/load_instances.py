"""Load across app instances (``make load``, second part): logged-in users whose requests alternate
between app processes that share one state store and one Chroma server.

What it does: starts a Chroma server and (``--database postgresql``, the default) a PostgreSQL server on
loopback ports, adds ``--users`` accounts, starts ``--instances`` app processes (``python app.py``) on them,
then runs every user at once in its own thread: one login (on one instance; the login is valid on all),
a conversation of ``--questions`` questions through /ask and a draft of 15 turns through /draft, each
request sent to the next instance in turn, so that every conversation and draft moves between instances
at every turn. Errors are those of ``eval/load.py`` (another session's history, another draft's unique
marker, an incomplete draft) plus, read from the store afterwards: a user whose stored drafts or
conversations are not exactly their own one draft (with their own marker only) and one conversation of
all their questions. Prints p50/p95 per endpoint; ``--instances 1 --database sqlite`` gives the same
figures for one app on SQLite. Exits 1 on any error. Loopback addresses only.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
import load  # noqa: E402 - eval/load.py, beside this script (it puts the project root on the path)

from assistant.localproc import chroma_server, create_database, postgres_server  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from tests.helpers import app_process, instance_env, marked_conversation  # noqa: E402

PASSWORD = "load-test password"
DRAFT_TURNS = 15
REVIEWS = max(0, DRAFT_TURNS - len(marked_conversation("M")))  # a complete request, then reviews up to 15 turns


class Alternating:
    """One user's client: each request goes to the next instance in turn (one cookie jar for all)."""

    def __init__(self, clients: list):
        self.clients, self.sent, self.lock = clients, 0, threading.Lock()

    def predict(self, *data, api_name: str):
        with self.lock:
            client = self.clients[self.sent % len(self.clients)]
            self.sent += 1
        return client.predict(*data, api_name=api_name)


def user_run(urls: list[str], n: int, markers: list[str], questions: int, stats: load.Stats,
             deadline: float) -> str | None:
    with httpx.Client(timeout=max(1.0, deadline - time.monotonic())) as http:
        clients = [load.RawClient(http, url) for url in urls[n % len(urls):] + urls[:n % len(urls)]]
        try:
            stats.timed("login", lambda: clients[0].login(f"officer{n:02d}", PASSWORD))
        except Exception as error:  # noqa: BLE001 - counted and reported
            stats.error(f"user {n}: {error}")
            return None
        both = Alternating(clients)
        load.chat_session(both, n, questions, stats, deadline)
        return load.draft_conversation(both, n, markers, stats, deadline, reviews=REVIEWS)


def check_store(settings: Settings, draft_ids: list, markers: list[str], questions: int, stats) -> None:
    """Each user's stored drafts and conversations are exactly their own."""
    from assistant.drafting import api as drafting
    from assistant.state.conversations import Conversations
    from assistant.state.db import open_state

    talks = Conversations(open_state(settings))
    for n, draft_id in enumerate(draft_ids):
        user = f"officer{n:02d}"
        drafts = drafting.list_drafts(settings, user=user)
        if [d["draft_id"] for d in drafts] != [draft_id]:
            stats.error(f"user {n}: stored drafts {[d['draft_id'] for d in drafts]}, expected [{draft_id}]")
            continue
        text = " ".join(drafting.load(settings, draft_id, user=user).fields.values())
        if markers[n] not in text or any(m in text for i, m in enumerate(markers) if i != n):
            stats.error(f"user {n}: the stored draft mixes users")
        mine = talks.list(user)
        if [c.turns for c in mine] != [questions]:
            stats.error(f"user {n}: stored conversations {[(c.id, c.turns) for c in mine]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--questions", type=int, default=10, help="per user (pairs: topic + follow-up)")
    parser.add_argument("--instances", type=int, default=2)
    parser.add_argument("--database", choices=("postgresql", "sqlite"), default="postgresql")
    parser.add_argument("--deadline-s", type=float, default=1200)
    args = parser.parse_args(argv)
    from assistant.state import accounts
    from assistant.state.db import open_state

    with ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="assistant-load-")))
        chroma = stack.enter_context(chroma_server(tmp / "chroma"))
        env = {"ASSISTANT_CHROMA_URL": chroma}
        shared = tmp / "data"  # with SQLite every instance opens the same file
        if args.database == "postgresql":
            host, port = stack.enter_context(postgres_server())
            env["ASSISTANT_DATABASE_URL"] = create_database(host, port, "load")
        settings = Settings(data_dir=shared, today="2026-03-02", chroma_url=chroma,
                            database_url=env.get("ASSISTANT_DATABASE_URL"))
        store = open_state(settings)
        for n in range(args.users):
            accounts.add_user(store, "load", f"officer{n:02d}", PASSWORD)
        accounts.add_user(store, "load", "warmup", PASSWORD)
        started, urls = time.perf_counter(), []
        for i in range(args.instances):  # one after the other: the first builds the index in Chroma
            data_dir = shared if args.database == "sqlite" else tmp / f"instance{i}"
            urls.append(stack.enter_context(app_process(instance_env(data_dir, env), tmp / f"app{i}.log")))
            with httpx.Client(timeout=600) as http:
                warm = load.RawClient(http, urls[-1])
                warm.login("warmup", PASSWORD)
                warm.predict("Who must sign the request?", None, api_name="/ask")
        turns = len(marked_conversation("M")) + REVIEWS
        print(f"{args.instances} app instance(s) on {args.database} + a Chroma server answering after "
              f"{time.perf_counter() - started:.1f} s; {args.users} logged-in users at once, each "
              f"{args.questions} questions and a draft of {turns} turns, requests alternating between "
              "instances", flush=True)
        stats, markers = load.Stats(), [f"LOADMARK{n:02d}U{int(time.time()) % 10_000:04d}" for n in
                                        range(args.users)]
        deadline = time.monotonic() + args.deadline_s
        wall = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.users) as pool:
            futures = [pool.submit(user_run, urls, n, markers, args.questions, stats, deadline)
                       for n in range(args.users)]
            draft_ids = [f.result() for f in futures]
        wall = time.perf_counter() - wall
        check_store(settings, draft_ids, markers, args.questions, stats)
        print(load.report(stats, wall))
    return 1 if stats.errors else 0


if __name__ == "__main__":
    sys.exit(main())
