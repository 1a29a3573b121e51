"""``assistant ask`` (one question, or one per stdin line with ``-``) and ``assistant chat`` (a terminal chat)."""

from __future__ import annotations

import json
import sys

from assistant.answers.build import open_answerer
from assistant.answers.chat import ChatSession
from assistant.answers.extractive import Answer
from assistant.answers.wording import label as local_label
from assistant.answers.wording import phrases


def register(sub) -> None:
    ask = sub.add_parser("ask", help="answer a question with quoted, cited provisions")
    ask.add_argument("question", help='the question, or "-" to read one question per line from stdin')
    ask.add_argument("--json", action="store_true", help="print the answer as a JSON object (per line)")
    ask.set_defaults(func=run_ask)

    chat = sub.add_parser("chat", help="interactive chat in the terminal (follow-up questions understood)")
    chat.set_defaults(func=run_chat)


def _print_answer(answer: Answer, as_json: bool) -> None:
    if as_json:
        print(json.dumps(answer.as_dict(), ensure_ascii=False), flush=True)
        return
    print(answer.answer)
    if answer.citations:
        words = phrases(answer.language)
        marker = (words.nearest_short if not answer.found
                  else words.closest if answer.confidence == "low" else words.cited)
        print(f"\n{marker}: " + ", ".join(local_label(c.label, answer.language) for c in answer.citations))
    print(flush=True)


def run_ask(args, settings) -> int:
    answerer = open_answerer(settings)
    if args.question != "-":
        _print_answer(answerer.ask(args.question), args.json)
        return 0
    sys.stdin.reconfigure(encoding="utf-8", errors="replace")
    for line in sys.stdin:
        _print_answer(answerer.ask(line.rstrip("\n")), args.json)
    return 0


def run_chat(args, settings) -> int:
    print("Loading the Agreement and the search index...", file=sys.stderr, flush=True)
    session = ChatSession(open_answerer(settings))
    print("Ask about the Agreement. Follow-ups work (\"and who signs it?\"). Empty line or Ctrl-D to quit.\n")
    sys.stdin.reconfigure(encoding="utf-8", errors="replace")
    while True:
        print("you> ", end="", flush=True)
        line = sys.stdin.readline()
        if not line or not line.strip():
            return 0
        _print_answer(session.ask(line.rstrip("\n")), as_json=False)
