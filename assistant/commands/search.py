"""``assistant index``, ``assistant search`` and ``assistant eval``: build the index, query it, measure it."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from assistant.errors import UserError
from assistant.settings import PROJECT_ROOT

QUESTIONS = PROJECT_ROOT / "eval" / "questions.jsonl"
RESULTS = PROJECT_ROOT / "eval" / "results.md"
BLIND = PROJECT_ROOT / "eval" / "heldout-b.jsonl"
HELDOUT = {  # answer quality on questions written after the tuning (see eval_answers' report text)
    "held-out A (eval/heldout.jsonl)": PROJECT_ROOT / "eval" / "heldout.jsonl",
    "held-out B, blind (eval/heldout-b.jsonl)": BLIND,
}


def register(sub) -> None:
    index = sub.add_parser("index", help="build the search index if needed (or --rebuild it)")
    index.add_argument("--rebuild", action="store_true", help="rebuild even if the index is up to date")
    index.set_defaults(func=run_index)

    search = sub.add_parser("search", help='rank provisions for a question; "-" reads one per line on stdin')
    search.add_argument("question", help='the question, or "-" for one question per line on stdin')
    search.add_argument("-k", type=int, default=None, help="how many results (default: settings.top_k)")
    search.add_argument("--json", action="store_true", help="print a JSON list per question")
    search.set_defaults(func=run_search)

    evaluate = sub.add_parser("eval", help="retrieval evaluation against baselines; writes eval/results.md")
    evaluate.add_argument("--questions", type=Path, default=QUESTIONS)
    evaluate.add_argument("--out", type=Path, default=RESULTS)
    evaluate.add_argument("-k", type=int, default=5)
    evaluate.add_argument("--no-baseline", action="store_true", help="skip llama-index's default pipeline")
    evaluate.set_defaults(func=run_eval)


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def open_retriever(settings, rebuild: bool = False):
    from assistant.retrieve import Retriever

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


def hit_rows(hits) -> list[dict]:
    return [{"id": h.unit.id, "label": h.unit.label, "article": h.unit.article,
             "score": round(h.score, 6), "text": h.unit.text} for h in hits]


def print_hits(hits, as_json: bool) -> None:
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


def shown_path(path: Path) -> str:
    """A path as the report shows it: relative to the project when inside it."""
    path = path.resolve()
    return path.relative_to(PROJECT_ROOT).as_posix() if path.is_relative_to(PROJECT_ROOT) else str(path)


def run_eval(args, settings) -> int:
    from assistant import eval_systems
    from assistant.answer import Answerer
    from assistant.eval_answers import ANSWER_METRICS, append_answer_report, evaluate_answers
    from assistant.evaluate import format_table, load_questions, run

    if not args.questions.exists():
        raise UserError(f"no question file at {args.questions}")
    questions = load_questions(args.questions)
    retriever = open_retriever(settings)
    with eval_systems.temp_workdir() as tmp:
        build_s = eval_systems.time_fresh_build(settings, retriever.corpus, Path(tmp))
        systems = eval_systems.all_systems(retriever, settings, Path(tmp), baseline=not args.no_baseline)
        table, outcomes = run(systems, questions, retriever.corpus, k=args.k, progress=say)
        blind = load_questions(BLIND) if BLIND.exists() else []
        if blind:
            blind_table, blind_outcomes = run(systems, blind, retriever.corpus, k=args.k, progress=say)
    print(format_table(table))
    print(f"\nIndex build from scratch (model loaded): {build_s:.1f} s")
    say("evaluating the extractive answers")
    answerer = Answerer(retriever)
    answer_row, answer_outcomes = evaluate_answers(answerer, questions, retriever.corpus)
    answer_table = {"extractive answers": answer_row}
    for name, held_path in HELDOUT.items():
        if held_path.exists():
            held_row, held_outcomes = evaluate_answers(answerer, load_questions(held_path), retriever.corpus)
            answer_table[name] = held_row
            answer_outcomes = answer_outcomes + held_outcomes
    print("\n" + format_table(answer_table, ANSWER_METRICS))
    answerable = sum(q.answerable for q in questions)
    path = eval_systems.write_report(args.out, table, outcomes, retriever.corpus, build_s,
                                     len(questions), answerable, shown_path(args.questions))
    if blind:
        print("\nBlind held-out set:\n" + format_table(blind_table))
        eval_systems.append_blind_table(path, blind_table, blind_outcomes, retriever.corpus,
                                        shown_path(BLIND), sum(q.answerable for q in blind))
    append_answer_report(path, answer_table, answer_outcomes, retriever.corpus)
    print(f"Wrote {path} and {path.with_suffix('.png').name}")
    return 0
