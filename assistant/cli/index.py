"""``assistant index`` and ``assistant search``: build the index, rank provisions for a question."""

from __future__ import annotations

import json
import sys
import time
from typing import TYPE_CHECKING

from assistant.errors import UserError

if TYPE_CHECKING:
    from assistant.search.retrieve import Hit, Retriever


def register(sub) -> None:
    index = sub.add_parser("index", help="build the search index if needed (or --rebuild it)")
    index.add_argument("--rebuild", action="store_true", help="rebuild even if the index is up to date")
    index.set_defaults(func=run_index)

    search = sub.add_parser("search", help='rank provisions for a question; "-" reads one per line on stdin')
    search.add_argument("question", help='the question, or "-" for one question per line on stdin')
    search.add_argument("-k", type=int, default=None, help="how many results (default: settings.top_k)")
    search.add_argument("--json", action="store_true", help="print a JSON list per question")
    search.set_defaults(func=run_search)


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def open_retriever(settings, rebuild: bool = False) -> Retriever:
    from assistant.search.retrieve import Retriever

    say("Loading the model and the index...")
    return Retriever.open(settings, progress=say, rebuild=rebuild)


def run_index(args, settings) -> int:
    start = time.perf_counter()
    retriever = open_retriever(settings, rebuild=args.rebuild)
    index = retriever.index
    state = "built" if index.built else "up to date"
    print(f"Index {state}: {len(index.entries)} entries, fingerprint {index.fingerprint}, "
          f"{index.location} ({time.perf_counter() - start:.1f} s).")
    return 0


def hit_rows(hits: list[Hit]) -> list[dict]:
    return [{"id": h.unit.id, "label": h.unit.label, "article": h.unit.article,
             "score": round(h.score, 6), "text": h.unit.text} for h in hits]


def print_hits(hits: list[Hit], as_json: bool) -> None:
    if as_json:
        print(json.dumps(hit_rows(hits), ensure_ascii=False), flush=True)
        return
    if not hits:
        print("(nothing found)")
    for n, hit in enumerate(hits, 1):
        text = " ".join(hit.unit.text.split())
        print(f"{n}. {hit.unit.label} [{hit.score:.3f}]\n   {text[:300]}{'...' if len(text) > 300 else ''}")


def run_search(args, settings) -> int:
    k = args.k or settings.top_k
    if not 1 <= k <= 50:
        raise UserError("-k must be between 1 and 50")
    if args.question != "-" and not args.question.strip():
        raise UserError("the question is empty")
    retriever = open_retriever(settings)
    if args.question == "-" and hasattr(sys.stdin, "reconfigure"):  # a real stdin (tests pass a StringIO)
        sys.stdin.reconfigure(encoding="utf-8", errors="replace")  # invalid bytes must not stop the batch
    questions = sys.stdin if args.question == "-" else [args.question]
    for line in questions:
        question = line.rstrip("\n")
        if args.question == "-" and not args.json and not question.strip():
            continue
        print_hits(retriever.search(question, k), args.json)
    return 0
