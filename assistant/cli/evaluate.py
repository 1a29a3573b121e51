"""``assistant eval``: retrieval systems and answer quality on the question sets; writes eval/results.md."""

from __future__ import annotations

from pathlib import Path

from assistant.cli.index import open_retriever, say
from assistant.errors import UserError
from assistant.evaluation.sets import FITTED as FITTED_NOTE
from assistant.settings import PROJECT_ROOT

QUESTIONS = PROJECT_ROOT / "eval" / "questions.jsonl"
RESULTS = PROJECT_ROOT / "eval" / "results.md"
BLIND = PROJECT_ROOT / "eval" / "heldout-b.jsonl"


def register(sub) -> None:
    evaluate = sub.add_parser("eval", help="retrieval evaluation against baselines; writes eval/results.md")
    evaluate.add_argument("--questions", type=Path, default=QUESTIONS)
    evaluate.add_argument("--out", type=Path, default=RESULTS)
    evaluate.add_argument("-k", type=int, default=5)
    evaluate.add_argument("--no-baseline", action="store_true", help="skip llama-index's default pipeline")
    evaluate.add_argument("--answers-only", action="store_true",
                          help="only the answers per question set (no retrieval systems, no report file)")
    evaluate.set_defaults(func=run_eval)


def shown_path(path: Path) -> str:
    """A path as the report shows it: relative to the project when inside it."""
    path = path.resolve()
    return path.relative_to(PROJECT_ROOT).as_posix() if path.is_relative_to(PROJECT_ROOT) else str(path)


def evaluate_sets(answerer, questions_path: Path, corpus):
    """Answers on every question set: (metric table by row, summary rows, outcomes shown as misses)."""
    from assistant.evaluation.answers import ANSWER_METRICS, evaluate_answers
    from assistant.evaluation.framework import score
    from assistant.evaluation.sets import by_language, question_sets, summary_rows

    table, named, shown = {}, [], []
    for qset in question_sets(PROJECT_ROOT / "eval", first=questions_path):
        say(f"answering {qset.name} ({len(qset.questions)} questions)")
        table[qset.name], outcomes = evaluate_answers(answerer, qset.questions, corpus)
        named.append((qset.name, outcomes))
        for language, part in by_language(outcomes).items():
            table[f"  {qset.name}: {language}"] = score(part, corpus, ANSWER_METRICS)
            named.append((f"  {qset.name}: {language}", part))
        if not qset.name.startswith("blind"):  # blind questions stay out of the report: nobody tunes on them
            shown += outcomes
    return table, summary_rows(named, corpus), shown


def run_eval(args, settings) -> int:
    from assistant.answers.extractive import Answerer
    from assistant.evaluation import systems as eval_systems
    from assistant.evaluation.answers import ANSWER_METRICS, append_answer_report
    from assistant.evaluation.framework import format_table, load_questions, run
    from assistant.evaluation.sets import draw_sets_chart, format_rows

    if not args.questions.exists():
        raise UserError(f"no question file at {args.questions}")
    questions = load_questions(args.questions)
    retriever = open_retriever(settings)
    if args.answers_only:
        answer_table, rows, _ = evaluate_sets(Answerer(retriever), args.questions, retriever.corpus)
        print(format_table(answer_table, ANSWER_METRICS) + "\n\n" + format_rows(rows))
        return 0
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
    answer_table, rows, answer_outcomes = evaluate_sets(Answerer(retriever), args.questions, retriever.corpus)
    print("\n" + format_table(answer_table, ANSWER_METRICS) + "\n\n" + format_rows(rows))
    answerable = sum(q.answerable for q in questions)
    path = eval_systems.write_report(args.out, table, outcomes, retriever.corpus, build_s,
                                     len(questions), answerable, shown_path(args.questions))
    if blind:
        print("\nBlind held-out set:\n" + format_table(blind_table))
        eval_systems.append_blind_table(path, blind_table, blind_outcomes, retriever.corpus,
                                        shown_path(BLIND), sum(q.answerable for q in blind))
    append_answer_report(path, answer_table, answer_outcomes, retriever.corpus)
    chart = path.with_name(path.stem + "-sets.png")
    draw_sets_chart(rows, chart)
    path.write_text(path.read_text(encoding="utf-8") + "\n".join([
        "", "# Every question set at a glance", "",
        "Counts per set (fractions of the answerable questions; `not covered` columns count the questions the "
        "Agreement does not answer). `high answers right`: the first citation is in a right article, among the "
        "answers given with \"high\" confidence. The confidence rule was fitted on: "
        f"{', '.join(FITTED_NOTE)}; every other row is measured on questions it was not fitted on. Blind sets "
        "were written from `corpus/*.txt` alone; their questions are not listed above.", "",
        format_rows(rows), "", f"![sets]({chart.name})", ""]), encoding="utf-8")
    print(f"Wrote {path} and {path.with_suffix('.png').name}")
    return 0
