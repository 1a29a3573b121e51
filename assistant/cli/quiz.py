"""``assistant quiz``: a learn-mode quiz in the terminal, or its questions as JSON.

Interactive: asks N questions, reads answers from stdin (1-4 or a-d; q quits; works when piped), explains
each answer with the quoted provision and its citation, prints the score and saves progress per article for
the profile. ``--json`` prints the questions instead (with ``--seed``, always the same ones). The questions,
checks and progress come from ``assistant.learn.quiz``.
"""

from __future__ import annotations

import json
import sys
import textwrap

from assistant.corpus.parse import load_corpus
from assistant.errors import UserError
from assistant.learn.progress import DEFAULT_PROFILE, check_profile
from assistant.learn.quiz import (
    LETTERS,
    Question,
    check_answer,
    generate_quiz,
    load_progress,
    progress_summary,
    record,
)

MAX_LINE = 1024


def register(sub) -> None:
    quiz = sub.add_parser("quiz", help="learn mode: a multiple-choice quiz on the text, with explanations")
    quiz.add_argument("-n", type=int, default=10, help="number of questions (default 10)")
    quiz.add_argument("--articles", help="only these articles, e.g. 6,8,9")
    quiz.add_argument("--seed", type=int, help="the same seed gives the same quiz")
    quiz.add_argument("--profile", help=f'trainee profile for progress (default "{DEFAULT_PROFILE}")')
    quiz.add_argument("--json", action="store_true",
                      help="print the questions as JSON (progress is used only with --profile)")
    quiz.set_defaults(func=run_quiz)


def run_quiz(args, settings) -> int:
    corpus = load_corpus(settings.corpus_dir)
    articles = [a for a in (args.articles or "").split(",") if a.strip()] or None
    if args.articles is not None and not articles:
        raise UserError("--articles needs article numbers, e.g. 6,8,9")
    profile = check_profile(args.profile or DEFAULT_PROFILE)
    progress = load_progress(settings, profile) if (args.profile or not args.json) else None
    quiz = generate_quiz(corpus, args.n, seed=args.seed, articles=articles, progress=progress)
    if len(quiz) < args.n:
        print(f"assistant: only {len(quiz)} questions can be made for these articles", file=sys.stderr)
    if args.json:
        print(json.dumps([q.as_dict() for q in quiz], ensure_ascii=False, indent=1))
        return 0
    return interactive(settings, corpus, profile, quiz, sys.stdin, sys.stdout)


def interactive(settings, corpus, profile: str, quiz: list[Question], stdin, out) -> int:
    if hasattr(stdin, "reconfigure"):
        stdin.reconfigure(errors="replace")
    if len(quiz) < 1:
        raise UserError("no questions can be made for these articles")
    right = asked = 0
    for number, question in enumerate(quiz, 1):
        show(question, number, len(quiz), out)
        choice = read_choice(stdin, out, len(question.choices))
        if choice is None:
            print("\nQuiz stopped.", file=out)
            break
        result = check_answer(question, choice)
        record(settings, profile, question, result.correct)
        asked += 1
        right += result.correct
        print("", wrap(result.explanation), f"[{result.citation.label}]\n", sep="\n", file=out)
    print(f"Score: {right}/{asked}" + (f" ({100 * right // asked}%)" if asked else ""), file=out)
    weak = progress_summary(settings, profile).weak[:5]
    if weak:
        names = ", ".join(corpus.get(a).label if corpus.get(a) else a for a in weak)
        print(f"Articles to revise (the next quiz favours them): {names}", file=out)
    print(f'Progress saved for profile "{profile}".', file=out)
    return 0


def show(question: Question, number: int, total: int, out) -> None:
    print(f"Question {number}/{total} ({question.citation.label})", file=out)
    print(wrap(question.question), file=out)
    for index, choice in enumerate(question.choices):
        print(wrap(f"  {LETTERS[index]}) {choice}", indent="     "), file=out)


def wrap(text: str, indent: str = "") -> str:
    return "\n".join(textwrap.fill(line, 100, subsequent_indent=indent) for line in text.split("\n"))


def read_choice(stdin, out, count: int) -> int | None:
    """The chosen index; None on q or end of input. Bad lines get a message and another prompt."""
    hint = f"Answer with 1-{count} or a-{LETTERS[count - 1]} (q to quit): "
    while True:
        print(hint, end="", file=out, flush=True)
        line = read_line(stdin)
        if line is None:
            return None
        answer = line.strip().casefold()
        if answer in ("q", "quit", "exit"):
            return None
        if len(answer) == 1 and answer in LETTERS[:count]:
            return LETTERS.index(answer)
        if answer.isdecimal() and answer.isascii() and 1 <= int(answer) <= count:
            return int(answer) - 1
        print(f"\nThat is not an option. Type a number from 1 to {count}, or a letter a-{LETTERS[count - 1]}.",
              file=out)


def read_line(stdin) -> str | None:
    """One line, at most ``MAX_LINE`` characters kept (the rest of a longer line is read and dropped)."""
    line = stdin.readline(MAX_LINE)
    if not line:
        return None
    if not line.endswith("\n"):
        rest = line
        while rest and not rest.endswith("\n"):
            rest = stdin.readline(MAX_LINE)
    return line
