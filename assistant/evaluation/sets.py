"""The question sets that ``assistant eval`` answers, and the per-set summary it writes (table and chart).

What it does: ``question_sets(root)`` lists every set found under ``eval/`` in a fixed order (the tuning set,
the held-out sets, the dev sets written for tuning, the blind sets written by someone who saw only the corpus
text), a set with several languages also split into one row per language; ``summary_rows`` counts, per set,
what an officer would notice (first citation right, a right article in the top 3, ``found: false`` and
"high" confidence on questions the Agreement does not answer, how many "high" answers are right), plus the
same over all sets together; ``draw_sets_chart`` draws them. What it leaves to others: answering and the
per-question metrics (``answers``), the retrieval systems (``systems``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from assistant.evaluation.answers import first_citation_gold, gold_in_top3
from assistant.evaluation.framework import Outcome, Question, load_questions

# (row name, file under eval/, what it is); files that do not exist are skipped.
SETS = [
    ("questions", "questions.jsonl", "tuning set, the Agreement's wording"),
    ("held-out A", "heldout.jsonl", "written after the scope notes"),
    ("held-out B", "heldout-b.jsonl", "written blind to the system"),
    ("dev everyday", "dev-everyday.jsonl", "dev set: everyday English (tuned on)"),
    ("dev not covered", "dev-notcovered.jsonl", "dev set: related, not covered (tuned on)"),
    ("dev ru-kk", "dev-ru-kk.jsonl", "dev set: Russian and Kazakh (tuned on)"),
    ("dev wording", "dev-wording.jsonl", "dev set: the Agreement's wording (tuned on)"),
    ("dev2 answerable", "dev2-answerable.jsonl", "dev set 2: everyday and formal English (tuned on)"),
    ("dev2 not covered", "dev2-notcovered.jsonl", "dev set 2: related, not covered, en/ru/kk (tuned on)"),
    ("dev3 answerable", "dev3-answerable.jsonl", "dev set 3: everyday and named English, Russian, Kazakh (tuned on)"),
    ("dev3 not covered", "dev3-notcovered.jsonl", "dev set 3: related, not covered, en/ru/kk (tuned on)"),
    ("dev4 named", "dev4-named.jsonl", "dev set 4: questions naming a provision, en/ru/kk (tuned on)"),
    ("dev5 mixed", "dev5-mixed.jsonl", "dev set 5: not covered and everyday, en/ru/kk (tuned on)"),
    ("dev6 named", "dev6-named.jsonl", "dev set 6: naming a provision, mostly asking beyond it, en/ru/kk (tuned on)"),
    ("blind everyday", "blind-everyday.jsonl", "blind: everyday English, never tuned on"),
    ("blind not covered", "blind-notcovered.jsonl", "blind: related, not covered, never tuned on"),
    ("blind ru-kk", "blind-ru-kk.jsonl", "blind: Russian and Kazakh, never tuned on"),
    ("blind2 wording", "blind2-wording.jsonl", "second blind set: the Agreement's wording, never tuned on"),
    ("blind2 everyday", "blind2-everyday.jsonl", "second blind set: everyday English, never tuned on"),
    ("blind2 not covered", "blind2-notcovered.jsonl", "second blind set: related, not covered, never tuned on"),
    ("blind3 everyday", "blind3-everyday.jsonl", "third blind set: everyday English, never tuned on"),
    ("blind3 not covered", "blind3-notcovered.jsonl", "third blind set: related, not covered, en/ru/kk, never tuned on"),
    ("blind3 ru-kk", "blind3-ru-kk.jsonl", "third blind set: Russian and Kazakh, never tuned on"),
    ("blind4 named", "blind4-named.jsonl", "fourth blind set: questions naming a provision, en/ru/kk, never tuned on"),
    ("blind5 everyday", "blind5-everyday.jsonl", "fifth blind set: everyday English, never tuned on"),
    ("blind5 not covered", "blind5-notcovered.jsonl", "fifth blind set: related, not covered, en/ru/kk, never tuned on"),
]
# The confidence and not-covered thresholds were fitted on these (held-out B only checked them).
FITTED = ("questions", "held-out A", "dev everyday", "dev not covered", "dev ru-kk", "dev wording", "dev2 answerable",
          "dev2 not covered", "dev3 answerable", "dev3 not covered", "dev4 named", "dev5 mixed",
          "dev6 named")


@dataclass(frozen=True)
class QuestionSet:
    name: str
    path: Path
    about: str
    questions: list[Question]


def question_sets(eval_dir: Path, first: Path | None = None) -> list[QuestionSet]:
    """The sets that exist under ``eval_dir``; ``first`` replaces the tuning set (``--questions``)."""
    found = []
    for name, file, about in SETS:
        path = first if first is not None and name == "questions" else eval_dir / file
        if path.exists():
            found.append(QuestionSet(name, path, about, load_questions(path)))
    return found


def by_language(outcomes: list[Outcome]) -> dict[str, list[Outcome]]:
    split: dict[str, list[Outcome]] = {}
    for o in outcomes:
        split.setdefault(o.question.language, []).append(o)
    return split if len(split) > 1 else {}


@dataclass
class Counts:
    questions: int = 0
    answerable: int = 0
    first_right: int = 0
    top3_right: int = 0
    not_covered: int = 0
    not_found: int = 0
    high_not_covered: int = 0
    high: int = 0
    high_right: int = 0

    def add(self, outcome: Outcome, corpus) -> None:
        q, answer = outcome.question, outcome.extra["answer"]
        self.questions += 1
        if not q.answerable:
            self.not_covered += 1
            self.not_found += not answer.found
            self.high_not_covered += answer.confidence == "high"
            return
        self.answerable += 1
        right = bool(first_citation_gold(q, outcome, corpus))
        self.first_right += right
        self.top3_right += bool(gold_in_top3(q, outcome, corpus))
        self.high += answer.confidence == "high"
        self.high_right += right and answer.confidence == "high"


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.2f} ({part}/{whole})" if whole else "-"


SUMMARY_HEADER = ["set", "n", "1st citation right", "right article in top 3", "not covered: found false",
                  "not covered: high", "answerable: high", "high answers right"]


def summary_rows(named: list[tuple[str, list[Outcome]]], corpus) -> list[list[str]]:
    """One row per (name, outcomes), then one for every set together."""
    rows, total = [], Counts()
    for name, outcomes in named:
        counts = Counts()
        for outcome in outcomes:
            counts.add(outcome, corpus)
            if not name.startswith("  "):  # language rows repeat their set's questions
                total.add(outcome, corpus)
        rows.append(_row(name, counts))
    rows.append(_row("all sets", total))
    return rows


def _row(name: str, c: Counts) -> list[str]:
    return [name, str(c.questions), _share(c.first_right, c.answerable), _share(c.top3_right, c.answerable),
            f"{c.not_found}/{c.not_covered}" if c.not_covered else "-",
            f"{c.high_not_covered}/{c.not_covered}" if c.not_covered else "-",
            _share(c.high, c.answerable), _share(c.high_right, c.high)]


def format_rows(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in [SUMMARY_HEADER, *rows]) for i in range(len(SUMMARY_HEADER))]
    line = lambda cells: "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"  # noqa: E731
    return "\n".join([line(SUMMARY_HEADER), line(["-" * w for w in widths]), *[line(r) for r in rows]])


def draw_sets_chart(rows: list[list[str]], path: Path) -> None:
    """Bars per set: first citation right, a right article in the top 3, high answers right."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    def value(cell: str) -> float:
        return float(cell.split()[0]) if cell[:1].isdigit() and "(" in cell else 0.0

    names = [r[0].strip() for r in rows]
    fig, axis = plt.subplots(figsize=(12, 4.5))
    width = 0.27
    for n, (column, label) in enumerate([(2, "1st citation right"), (3, "right article in top 3"),
                                         (7, "high answers right")]):
        axis.bar([i + n * width for i in range(len(rows))], [value(r[column]) for r in rows], width,
                 label=label)
    axis.set_xticks([i + width for i in range(len(rows))], names, rotation=25, ha="right", fontsize=8)
    axis.set_ylim(0, 1.05)
    axis.legend(fontsize=8)
    axis.set_title("Answers per question set")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
