"""Learn mode: quizzes made from the parsed text, with citations and explanations that quote it.

What it does: ``generate_quiz`` draws N questions from every question the text allows (see ``kinds`` for
the kinds and how each is made, checked and explained), spread over articles and kinds, favouring the
articles a trainee got wrong (``progress``), with options shuffled by the seed: same seed, same quiz. ``check_answer`` says
whether an answer is right and explains it, quoting the cited provision; ``verify`` re-checks a question
against the corpus; ``record``/``progress_summary`` (from ``progress``) keep a trainee's score per article.
What it leaves to others: the text and its units (``corpus``), question kinds (``kinds``), storage
(``progress``), the terminal session (``assistant.cli.quiz``) and the web app. Imports nothing heavy.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections import Counter
from dataclasses import asdict, dataclass

from assistant.corpus.parse import Corpus
from assistant.errors import UserError
from assistant.learn.kinds import KINDS, Candidate, QuestionDraft, candidates, check, explain
from assistant.learn.progress import (
    ArticleScore,
    ProgressSummary,
    article_weights,
    load_progress,
    progress_summary,
    record,
)

__all__ = ["KINDS", "ArticleScore", "CitedUnit", "ProgressSummary", "Question", "Result", "check_answer",
           "generate_quiz", "load_progress", "progress_summary", "record", "resolve_articles", "verify"]

MAX_QUESTIONS = 200
LETTERS = "abcdefgh"


@dataclass(frozen=True)
class CitedUnit:
    """The unit a quiz question cites (its JSON ``citation``); answers cite with ``answers.extractive.Citation``."""

    id: str
    label: str


@dataclass(frozen=True)
class Question:
    """One multiple-choice question; ``answer`` indexes ``choices``; ``article`` keys the progress."""

    id: str
    kind: str
    question: str
    choices: tuple[str, ...]
    answer: int
    citation: CitedUnit
    article: str
    title: str
    quote: str  # verbatim from the cited unit
    explanation: str
    context: str = ""
    key: str = ""
    full_choices: tuple[str, ...] = ()  # each choice's full text, where ``choices`` shortens it ("…")

    @property
    def options(self) -> tuple[str, ...]:
        """The choices in full, for a reader who has room for them (the web app)."""
        return self.full_choices or self.choices

    def as_dict(self) -> dict:
        """The JSON form: id, kind, question, choices, answer, citation {id, label}, explanation."""
        return {"id": self.id, "kind": self.kind, "question": self.question, "choices": list(self.choices),
                "answer": self.answer, "citation": asdict(self.citation), "explanation": self.explanation}


@dataclass(frozen=True)
class Result:
    correct: bool
    chosen: int
    answer: int
    answer_text: str
    explanation: str  # says right or wrong, gives the answer and quotes the provision
    citation: CitedUnit


# ---------------------------------------------------------------------------------------------- quizzes

_POOLS: dict[str, list[Candidate]] = {}


def _pool(corpus: Corpus) -> list[Candidate]:
    if corpus.fingerprint not in _POOLS:
        _POOLS[corpus.fingerprint] = candidates(corpus)
    return _POOLS[corpus.fingerprint]


def resolve_articles(corpus: Corpus, articles) -> set[str]:
    """Article ids for "6", "Article 6", "art-6" or "model-law:art-2"; bare numbers mean the primary act."""
    wanted = set()
    for raw in articles:
        token = str(raw).strip()
        number = re.fullmatch(r"(?:art(?:icle)?\.?\s*)?(\d+)", token, re.IGNORECASE)
        unit = corpus.get(corpus.primary.unit_id(f"art-{number.group(1)}") if number else token)
        if unit is None or unit.kind != "article":
            raise UserError(f"no such article: {token[:40]!r} (try e.g. 6 or 6,8,9)")
        wanted.add(unit.id)
    return wanted


def generate_quiz(corpus: Corpus, n: int, seed: int | None = None, articles=None,
                  progress: dict[str, ArticleScore] | None = None) -> list[Question]:
    """Up to ``n`` distinct questions (fewer only when the chosen articles allow fewer)."""
    if not 1 <= n <= MAX_QUESTIONS:
        raise UserError(f"a quiz has 1 to {MAX_QUESTIONS} questions")
    wanted = resolve_articles(corpus, articles) if articles else None
    by_article: dict[str, list[Candidate]] = {}
    for candidate in _pool(corpus):
        if wanted is None or candidate.article in wanted:
            by_article.setdefault(candidate.article, []).append(candidate)
    rng, weights = random.Random(seed), article_weights(progress)
    per_article, per_kind = Counter(), Counter()
    quiz, seen = [], set()
    while len(quiz) < n and by_article:
        candidate = _draw(rng, by_article, weights, per_article, per_kind)
        draft = candidate.make(rng)
        if draft is None or check(corpus, draft):
            continue
        question = _question(corpus, candidate, draft, rng)
        if question.id in seen or question.question in seen:
            continue
        seen.update((question.id, question.question))
        per_article[candidate.article] += 1
        per_kind[candidate.kind] += 1
        quiz.append(question)
    return quiz


def _draw(rng, by_article, weights, per_article, per_kind) -> Candidate:
    """An article (weak ones favoured, repeats damped), then a kind (rare ones favoured), then a candidate."""
    articles = list(by_article)
    article = rng.choices(articles, [weights.get(a, 1.0) / (1 + per_article[a]) for a in articles])[0]
    kinds = sorted({c.kind for c in by_article[article]}, key=KINDS.index)
    kind = rng.choices(kinds, [1 / (1 + per_kind[k]) ** 2 for k in kinds])[0]
    options = [c for c in by_article[article] if c.kind == kind]
    chosen = options[rng.randrange(len(options))]
    by_article[article].remove(chosen)
    if not by_article[article]:
        del by_article[article]
    return chosen


def _question(corpus: Corpus, candidate: Candidate, draft: QuestionDraft, rng: random.Random) -> Question:
    choices = [draft.correct, *draft.wrong]
    rng.shuffle(choices)
    unit = corpus.get(draft.unit_id)
    digest = hashlib.sha256(f"{draft.kind}\0{draft.unit_id}\0{draft.question}\0{draft.correct}".encode())
    citation = CitedUnit(unit.id, unit.label)
    return Question(id=f"{draft.kind}:{unit.id}:{digest.hexdigest()[:8]}", kind=draft.kind,
                    question=draft.question, choices=tuple(choices), answer=choices.index(draft.correct),
                    citation=citation, article=candidate.article, title=unit.title, quote=draft.quote,
                    explanation=explain(unit, draft), context=draft.context, key=draft.key,
                    full_choices=tuple(candidate.full_text(c) for c in choices))


# ---------------------------------------------------------------------------------------------- answers


def check_answer(question: Question, choice_index: int) -> Result:
    """Right or wrong, with the explanation quoting the cited provision."""
    if not isinstance(choice_index, int) or not 0 <= choice_index < len(question.choices):
        raise UserError(f"choose an option from 1 to {len(question.choices)}")
    correct = choice_index == question.answer
    verdict = "Correct." if correct else f"Not quite (you chose {LETTERS[choice_index]}, the answer is {LETTERS[question.answer]})."
    return Result(correct, choice_index, question.answer, question.choices[question.answer],
                  f"{verdict} {question.explanation}", question.citation)


def verify(corpus: Corpus, question: Question) -> list[str]:
    """Problems with a question against the corpus: empty when the right option is backed by the cited
    unit's text and no wrong option is (per kind, see ``kinds``), and the quote is verbatim."""
    wrong = tuple(c for i, c in enumerate(question.choices) if i != question.answer)
    problems = check(corpus, QuestionDraft(question.kind, question.citation.id, question.question,
                                           question.choices[question.answer], wrong, question.quote,
                                           question.context, question.key))
    unit = corpus.get(question.citation.id)
    if unit is not None and question.quote not in unit.text:
        problems.append("quote is not verbatim from the cited unit")
    if len({c.casefold() for c in question.choices}) != len(question.choices):
        problems.append("duplicate choices")
    return problems

