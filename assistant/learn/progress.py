"""A trainee's learn-mode progress: right and wrong answers per article, kept under the data folder.

What it does: ``record`` adds one answer to ``<data_dir>/progress.json`` (one JSON file for all profiles,
rewritten atomically under a file lock, mode 0600); ``load_progress`` and ``progress_summary`` read it back;
``article_weights`` turns the counts into how much the next quiz should favour each article (weak ones
up, mastered ones down). A damaged file is set aside (``progress.json.damaged``) and progress starts over.
What it leaves to others: making and checking questions (``learn``); showing progress (CLI, web app).
"""

from __future__ import annotations

import json
import logging
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock

from assistant.errors import UserError
from assistant.settings import Settings

log = logging.getLogger(__name__)

DEFAULT_PROFILE = "default"
FILE_NAME = "progress.json"
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


def _path(settings: Settings) -> Path:
    return settings.data_dir / FILE_NAME


def _read(path: Path) -> dict:
    """All profiles' counts, ``{profile: {article: [correct, wrong]}}``; damaged content is set aside."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        profiles = data["profiles"]
        return {str(p): {str(a): [int(c), int(w)] for a, (c, w) in arts.items() if int(c) >= 0 <= int(w)}
                for p, arts in profiles.items()}
    except FileNotFoundError:
        return {}
    except (ValueError, TypeError, KeyError, AttributeError) as error:
        damaged = path.with_name(path.name + ".damaged")
        os.replace(path, damaged)
        log.warning("progress file %s was damaged (%s); moved to %s", path, error, damaged)
        return {}


def _write(path: Path, profiles: dict) -> None:
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=".progress-", suffix=".tmp")  # mode 0600
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump({"version": 1, "profiles": profiles}, out, indent=1, sort_keys=True)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _lock(settings: Settings) -> FileLock:
    settings.ensure_data_dir()
    return FileLock(str(_path(settings)) + ".lock", mode=0o600, timeout=10)


def record(settings: Settings, profile: str, question, correct: bool) -> ArticleScore:
    """Count one answer to ``question`` (anything with an ``article`` attribute) for ``profile``."""
    check_profile(profile)
    with _lock(settings):
        profiles = _read(_path(settings))
        counts = profiles.setdefault(profile, {}).setdefault(question.article, [0, 0])
        counts[0 if correct else 1] += 1
        _write(_path(settings), profiles)
    return ArticleScore(question.article, *counts)


def load_progress(settings: Settings, profile: str = DEFAULT_PROFILE) -> dict[str, ArticleScore]:
    """``{article id: ArticleScore}`` for ``profile`` (empty when nothing is recorded yet)."""
    check_profile(profile)
    if not _path(settings).exists():
        return {}
    with _lock(settings):
        counts = _read(_path(settings)).get(profile, {})
    return {article: ArticleScore(article, c, w) for article, (c, w) in counts.items()}


def progress_summary(settings: Settings, profile: str = DEFAULT_PROFILE) -> ProgressSummary:
    scores = sorted(load_progress(settings, profile).values(), key=lambda s: (-s.weakness, s.article))
    return ProgressSummary(profile, tuple(scores), sum(s.correct for s in scores), sum(s.wrong for s in scores))


def article_weights(progress: dict[str, ArticleScore] | None) -> dict[str, float]:
    """Weight per article for the next quiz; articles not listed weigh 1."""
    return {article: score.weight for article, score in (progress or {}).items()}
