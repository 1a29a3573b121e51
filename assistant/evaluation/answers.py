"""Answer quality on the question set, printed by ``assistant eval`` beside the retrieval table.

What it does: runs the extractive ``Answerer`` (no LLM) over every question through the evaluation
``framework`` (the answer rides in ``Outcome.extra``) and measures: the first citation's article is a gold
article (answerable questions), the answer contains every decisive phrase of the gold provision
(answerable), every citation passes the verbatim check (all questions), unanswerable questions get
``found: false``, answerable ones get ``found: true``, and warm ``ask`` latency; and how the answer's
``confidence`` splits them: the share of answerable questions answered with high confidence, the first
citation's accuracy among those, and the unanswerable questions that got ``found: false`` *or* a low-confidence
answer (which says it may not answer). Also lists what missed.
What it leaves to others: answering (``answers.extractive``), the retrieval table (``systems``).
"""

from __future__ import annotations

from assistant.answers.extractive import Answerer, CitationError, verify_citations
from assistant.evaluation.framework import (
    Metric,
    Outcome,
    Question,
    Result,
    System,
    gold_articles,
    percentile,
    run_system,
    score,
)


def evaluate_answers(answerer: Answerer, questions: list[Question], corpus):
    """``({metric: value}, [Outcome])`` for the extractive answerer; each outcome's answer in ``extra``."""
    answers = {}

    def run(question: str, k: int) -> list[Result]:
        answers[question] = answer = answerer.ask(question)
        return [Result(c.id, (c.article,), c.quote) for c in answer.citations]

    outcomes = run_system(System("extractive answers", run), questions, k=answerer.k)
    for outcome in outcomes:
        outcome.extra["answer"] = answers[outcome.question.question]
    return score(outcomes, corpus, ANSWER_METRICS), outcomes


def _answer(outcome: Outcome):
    return outcome.extra["answer"]


def first_citation_gold(question: Question, outcome: Outcome, corpus) -> float | None:
    if not question.answerable:
        return None
    answer = _answer(outcome)
    return float(answer.found and bool(answer.citations)
                 and answer.citations[0].article in gold_articles(question, corpus))


def decisive_words(question: Question, outcome: Outcome, corpus) -> float | None:
    if not question.answerable or not question.decisive:
        return None
    text = _answer(outcome).answer.casefold()
    return float(all(phrase.casefold() in text for phrase in question.decisive))


def verbatim(question: Question, outcome: Outcome, corpus) -> float | None:
    try:
        verify_citations(corpus, _answer(outcome).citations)
        return 1.0
    except CitationError:
        return 0.0


def says_not_covered(question: Question, outcome: Outcome, corpus) -> float | None:
    return None if question.answerable else float(not _answer(outcome).found)


def answers_when_covered(question: Question, outcome: Outcome, corpus) -> float | None:
    return float(_answer(outcome).found) if question.answerable else None


def confident_share(question: Question, outcome: Outcome, corpus) -> float | None:
    return float(_answer(outcome).confidence == "high") if question.answerable else None


def first_gold_when_confident(question: Question, outcome: Outcome, corpus) -> float | None:
    if not question.answerable or _answer(outcome).confidence != "high":
        return None
    return first_citation_gold(question, outcome, corpus)


def not_found_or_hedged(question: Question, outcome: Outcome, corpus) -> float | None:
    answer = _answer(outcome)
    return None if question.answerable else float(not answer.found or answer.confidence == "low")


ANSWER_METRICS = [
    Metric("1st citation gold", "{:.3f}", first_citation_gold),
    Metric("decisive words", "{:.3f}", decisive_words),
    Metric("verbatim", "{:.3f}", verbatim),
    Metric("unanswerable->not found", "{:.3f}", says_not_covered),
    Metric("answerable->found", "{:.3f}", answers_when_covered),
    Metric("confident share", "{:.3f}", confident_share),
    Metric("1st gold if confident", "{:.3f}", first_gold_when_confident),
    Metric("unanswerable->not found or hedged", "{:.3f}", not_found_or_hedged),
    Metric("ask p50 ms", "{:.1f}", summary=percentile(50)),
    Metric("ask p95 ms", "{:.1f}", summary=percentile(95)),
]


def answer_misses(outcomes: list[Outcome], corpus) -> list[str]:
    lines = []
    for o in outcomes:
        q, answer = o.question, _answer(o)
        first = answer.citations[0].label if answer.citations else "none"
        hedged = " (low confidence)" if answer.confidence == "low" else ""
        if q.answerable and not first_citation_gold(q, o, corpus):
            lines.append(f"- {q.id} \"{q.question}\": gold {', '.join(q.gold)}; first citation {first}"
                         f"{hedged if answer.found else ' (said not covered)'}")
        elif q.answerable and decisive_words(q, o, corpus) == 0.0:
            lines.append(f"- {q.id} \"{q.question}\": decisive words {list(q.decisive)} not all in the answer")
        elif not q.answerable and answer.found:
            lines.append(f"- {q.id} \"{q.question}\": unanswerable, but answered from {first}{hedged}")
    return lines


def append_answer_report(path, table: dict, outcomes: list[Outcome], corpus) -> None:
    """Add the answer table and its misses to ``results.md``."""
    from assistant.evaluation.framework import format_table

    text = path.read_text(encoding="utf-8")
    text += "\n".join([
        "", "# Answer evaluation (extractive, no LLM)", "",
        "`1st citation gold`: the first citation's article is a gold article (answerable questions). "
        "`decisive words`: the answer contains every decisive phrase of the gold provision. `verbatim`: "
        "every citation names a real unit and quotes it verbatim (all questions). `unanswerable->not found`: "
        "questions the Agreement does not answer get found: false. `confident share`: answerable questions "
        "answered with high confidence (the dense and keyword searches agree on the cited article, or the "
        "question names it); `1st gold if confident`: first-citation accuracy among those; `unanswerable->not "
        "found or hedged`: found: false, or a low-confidence answer that says it may not answer. Latency: warm "
        "`ask`, one at a time. Held-out A (`eval/heldout.jsonl`) was written by the same engineer after the "
        "scope notes in `corpus/*.toml`; held-out B (`eval/heldout-b.jsonl`) by another engineer who saw "
        "neither the system, its glosses and scope notes, nor the other question sets.", "",
        format_table(table, ANSWER_METRICS), "",
        "## Answers that missed", "", *(answer_misses(outcomes, corpus) or ["None."]), "",
    ])
    path.write_text(text, encoding="utf-8")
