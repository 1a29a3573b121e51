"""Measure retrieval on the question set (``eval/questions.jsonl``): systems side by side, one run.

What it does: runs every *system* (a name and a function question -> ranked results) over every question,
timing each call, then computes every *metric* in ``METRICS`` for every system and prints/writes the table
(``eval/results.md``, with a chart). Systems here: this pipeline (hybrid), its dense and BM25 halves, the
same pipeline without glosses, and llama-index's default pipeline (``VectorStoreIndex`` over the raw text,
default ``SentenceSplitter``, the same model).

Extending it (as ``answers`` does for answer quality): a system may put anything in ``Outcome.extra`` (say, the answer
object); add a ``Metric`` whose ``per_question(question, outcome)`` reads it and returns a number, or None when
the metric does not apply to that question (e.g. hit metrics skip unanswerable questions), then append it to
``METRICS`` or pass ``metrics=`` to ``run``. What it leaves to others: retrieval itself (``search.retrieve``).
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from assistant.corpus.parse import Corpus

WARMUP = ["warm up the model", "how is a request sent", "which crimes are covered"]


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    gold: tuple[str, ...]
    kind: str
    answerable: bool
    decisive: tuple[str, ...] = ()


@dataclass(frozen=True)
class Result:
    """One ranked result: what it cites (unit id or chunk id), the articles its text covers, the text."""

    id: str
    articles: tuple[str, ...]
    text: str


@dataclass
class Outcome:
    question: Question
    results: list[Result]
    latency_ms: float
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True)
class System:
    name: str
    run: Callable[[str, int], list[Result]]


@dataclass(frozen=True)
class Metric:
    """``per_question`` gives a number (or None: not applicable) averaged over questions; ``summary`` sees all
    outcomes of a system at once (latency percentiles)."""

    name: str
    fmt: str
    per_question: Callable[[Question, Outcome, Corpus], float | None] | None = None
    summary: Callable[[list[Outcome]], float] | None = None


def load_questions(path: Path) -> list[Question]:
    questions = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            questions.append(Question(row["id"], row["question"], tuple(row["gold"]), row["kind"],
                                      bool(row["answerable"]), tuple(row.get("decisive", ()))))
    return questions


# ------------------------------------------------------------------------------------------- metrics


def gold_articles(question: Question, corpus: Corpus) -> set[str]:
    return {corpus.by_id[g].article for g in question.gold}


def first_gold_rank(question: Question, outcome: Outcome, corpus: Corpus) -> int | None:
    gold = gold_articles(question, corpus)
    return next((n for n, r in enumerate(outcome.results, 1) if gold & set(r.articles)), None)


def hit_at(k: int):
    def metric(question: Question, outcome: Outcome, corpus: Corpus) -> float | None:
        if not question.answerable:
            return None
        rank = first_gold_rank(question, outcome, corpus)
        return float(rank is not None and rank <= k)
    return metric


def reciprocal_rank(question: Question, outcome: Outcome, corpus: Corpus) -> float | None:
    if not question.answerable:
        return None
    rank = first_gold_rank(question, outcome, corpus)
    return 1.0 / rank if rank else 0.0


def chars_top3(question: Question, outcome: Outcome, corpus: Corpus) -> float | None:
    return float(sum(len(r.text) for r in outcome.results[:3])) if question.answerable else None


def percentile(q: float):
    def summary(outcomes: list[Outcome]) -> float:
        values = sorted(o.latency_ms for o in outcomes)
        return values[min(len(values) - 1, int(round(q / 100 * (len(values) - 1))))] if values else 0.0
    return summary


METRICS: list[Metric] = [
    Metric("article hit@1", "{:.3f}", hit_at(1)),
    Metric("hit@3", "{:.3f}", hit_at(3)),
    Metric("MRR", "{:.3f}", reciprocal_rank),
    Metric("chars top-3", "{:.0f}", chars_top3),
    Metric("p50 ms", "{:.1f}", summary=percentile(50)),
    Metric("p95 ms", "{:.1f}", summary=percentile(95)),
]


# ------------------------------------------------------------------------------------------- running


def run_system(system: System, questions: list[Question], k: int) -> list[Outcome]:
    for text in WARMUP:
        system.run(text, k)
    outcomes = []
    for question in questions:
        start = time.perf_counter()
        results = system.run(question.question, k)
        outcomes.append(Outcome(question, results, (time.perf_counter() - start) * 1000))
    return outcomes


def score(outcomes: list[Outcome], corpus: Corpus, metrics: list[Metric]) -> dict[str, float]:
    row = {}
    for metric in metrics:
        if metric.summary:
            row[metric.name] = metric.summary(outcomes)
        else:
            values = [v for o in outcomes if (v := metric.per_question(o.question, o, corpus)) is not None]
            row[metric.name] = statistics.fmean(values) if values else float("nan")
    return row


def run(systems: list[System], questions: list[Question], corpus: Corpus, k: int = 5,
        metrics: list[Metric] | None = None, progress: Callable[[str], None] | None = None):
    """``({system: {metric: value}}, {system: [Outcome]})`` for every system, in order."""
    metrics = metrics or METRICS
    table, outcomes = {}, {}
    for system in systems:
        if progress:
            progress(f"evaluating {system.name} on {len(questions)} questions")
        outcomes[system.name] = run_system(system, questions, k)
        table[system.name] = score(outcomes[system.name], corpus, metrics)
    return table, outcomes


def format_table(table: dict[str, dict[str, float]], metrics: list[Metric] | None = None) -> str:
    metrics = metrics or METRICS
    header = ["system", *[m.name for m in metrics]]
    rows = [[name, *[m.fmt.format(values[m.name]) for m in metrics]] for name, values in table.items()]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    line = lambda cells: "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"  # noqa: E731
    return "\n".join([line(header), line(["-" * w for w in widths]), *[line(r) for r in rows]])


def misses(outcomes: list[Outcome], corpus: Corpus) -> list[str]:
    """Answerable questions whose top result is not in a gold article, for the report."""
    lines = []
    for o in outcomes:
        if o.question.answerable and first_gold_rank(o.question, o, corpus) != 1:
            got = ", ".join(r.id for r in o.results[:3])
            lines.append(f"- {o.question.id} ({o.question.kind}) \"{o.question.question}\" "
                         f"gold {', '.join(o.question.gold)}; got {got}")
    return lines
