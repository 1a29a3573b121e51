"""``assistant eval``: retrieval systems and answer quality on the question sets; writes eval/results.md."""

from __future__ import annotations

from pathlib import Path

from assistant.cli.index import open_retriever, say
from assistant.errors import UserError
from assistant.settings import PROJECT_ROOT

QUESTIONS = PROJECT_ROOT / "eval" / "questions.jsonl"
RESULTS = PROJECT_ROOT / "eval" / "results.md"
BLIND = PROJECT_ROOT / "eval" / "heldout-b.jsonl"
HELDOUT = {  # answer quality on questions written after the tuning (see evaluation/answers.py's report text)
    "held-out A (eval/heldout.jsonl)": PROJECT_ROOT / "eval" / "heldout.jsonl",
    "held-out B, blind (eval/heldout-b.jsonl)": BLIND,
}


def register(sub) -> None:
    evaluate = sub.add_parser("eval", help="retrieval evaluation against baselines; writes eval/results.md")
    evaluate.add_argument("--questions", type=Path, default=QUESTIONS)
    evaluate.add_argument("--out", type=Path, default=RESULTS)
    evaluate.add_argument("-k", type=int, default=5)
    evaluate.add_argument("--no-baseline", action="store_true", help="skip llama-index's default pipeline")
    evaluate.set_defaults(func=run_eval)




def shown_path(path: Path) -> str:
    """A path as the report shows it: relative to the project when inside it."""
    path = path.resolve()
    return path.relative_to(PROJECT_ROOT).as_posix() if path.is_relative_to(PROJECT_ROOT) else str(path)


def run_eval(args, settings) -> int:
    from assistant.answers.extractive import Answerer
    from assistant.evaluation import systems as eval_systems
    from assistant.evaluation.answers import ANSWER_METRICS, append_answer_report, evaluate_answers
    from assistant.evaluation.framework import format_table, load_questions, run

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
