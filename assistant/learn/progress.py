"""A trainee's learn-mode progress: right and wrong answers per article, kept under the data folder.

What it does: ``record`` adds one answer to the state store (one row per user, profile and article, updated
under a row lock); ``load_progress`` and ``progress_summary`` read it back. Each user (``user=``, default
``settings.user``) has their own profiles. ``article_weights`` turns the counts into how much the next quiz
should favour each article (weak ones up, mastered ones down).
What it leaves to others: making and checking questions (``quiz``, ``kinds``); showing progress (CLI, web app); the
database and the import of the older ``progress.json`` (``assistant.state``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import insert, select, update

from assistant.errors import UserError
from assistant.settings import Settings
from assistant.state.db import open_state
from assistant.state.schema import progress as P

DEFAULT_PROFILE = "default"
PROFILE_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")


@dataclass(frozen=True)
class ArticleScore:
    """Answers given on one article (``article`` is its unit id, e.g. "art-9")."""

    article: str
    correct: int = 0
    wrong: int = 0

    @property
    def answered(self) -> int:
        return self.correct + self.wrong

    @property
    def weakness(self) -> float:
        """Share of wrong answers, smoothed: 0.5 when never asked, towards 1 when always wrong."""
        return (self.wrong + 1) / (self.answered + 2)

    @property
    def weight(self) -> float:
        """How much the next quiz favours this article: 1 when unknown, up to 8 when weak, 0.25 at least."""
        return max(0.25, (2 * self.weakness) ** 3)


@dataclass(frozen=True)
class ProgressSummary:
    profile: str
    articles: tuple[ArticleScore, ...]  # weakest first
    correct: int
    wrong: int

    @property
    def weak(self) -> tuple[str, ...]:
        """Articles answered wrongly more often than rightly, weakest first."""
        return tuple(a.article for a in self.articles if a.wrong > a.correct)


def check_profile(profile: str) -> str:
    if not isinstance(profile, str) or not PROFILE_RE.fullmatch(profile):
        raise UserError("a profile name is 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit")
    return profile


def record(settings: Settings, profile: str, question, correct: bool, *, user: str | None = None) -> ArticleScore:
    """Count one answer to ``question`` (anything with an ``article`` attribute) for ``profile``."""
    check_profile(profile)
    settings.ensure_data_dir()
    row = {"owner": user or settings.user, "profile": profile, "article": question.article}
    with open_state(settings).write() as conn:
        key = (P.c.owner == row["owner"], P.c.profile == profile, P.c.article == question.article)
        found = conn.execute(select(P.c.correct, P.c.wrong).where(*key).with_for_update()).first()
        counts = [found.correct, found.wrong] if found else [0, 0]
        counts[0 if correct else 1] += 1
        if found:
            conn.execute(update(P).where(*key).values(correct=counts[0], wrong=counts[1]))
        else:
            conn.execute(insert(P).values(**row, correct=counts[0], wrong=counts[1]))
    return ArticleScore(question.article, *counts)


def load_progress(settings: Settings, profile: str = DEFAULT_PROFILE, *,
                  user: str | None = None) -> dict[str, ArticleScore]:
    """``{article id: ArticleScore}`` for ``profile`` of ``user`` (empty when nothing is recorded yet)."""
    check_profile(profile)
    settings.ensure_data_dir()
    query = select(P.c.article, P.c.correct, P.c.wrong).where(P.c.owner == (user or settings.user),
                                                              P.c.profile == profile)
    with open_state(settings).read() as conn:
        return {r.article: ArticleScore(r.article, r.correct, r.wrong) for r in conn.execute(query)}


def progress_summary(settings: Settings, profile: str = DEFAULT_PROFILE, *,
                     user: str | None = None) -> ProgressSummary:
    scores = sorted(load_progress(settings, profile, user=user).values(), key=lambda s: (-s.weakness, s.article))
    return ProgressSummary(profile, tuple(scores), sum(s.correct for s in scores), sum(s.wrong for s in scores))


def article_weights(progress: dict[str, ArticleScore] | None) -> dict[str, float]:
    """Weight per article for the next quiz; articles not listed weigh 1."""
    return {article: score.weight for article, score in (progress or {}).items()}
