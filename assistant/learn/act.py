"""What the question kinds draw on: one act's article trees indexed for question making, and wrong options.

What it does: ``Act`` lists, for one document, its articles, leaves, definitions, lists and their items,
periods, key phrases and other sayings (all verbatim slices of the parsed text); an option shortened for
the question (a list item, a definition, a passage cut to a few words) is made by ``Act.short`` or
``Act.window``, which keep its full text in ``Act.full`` for display. ``pick`` draws wrong options that are
plausible (similar to the right one) but never the right one in other words.
What it leaves to others: the question kinds themselves (``kinds``), drawing a quiz (``quiz``).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator

from assistant.corpus.parse import DEFINITION_RE, Corpus, Unit
from assistant.learn.text import (
    ELLIPSIS,
    PERIOD_RE,
    blanked,
    blanked_sentence,
    core,
    item_line,
    key_phrases,
    norm,
    overlap,
)
from assistant.text import shorten

ITEM_LIMIT = 90  # characters of a list item or saying as an option


def article_choice(article: Unit) -> str:
    return f"{article.label} – {article.title}"


def defines(text: str, term: str) -> bool:
    """Does this text read "<term> is/are/means ..." (optionally after a/an/the)?"""
    pattern = rf"(?:(?:an?|the)\s+)?{re.escape(term)}\s+(?:is|are|means)\s"
    return re.match(pattern, text, re.IGNORECASE) is not None


def pick(rng: random.Random, correct: str, pool: list[str], ok: Callable[[str], bool], k: int = 3,
         like: str = "", fallback: list[str] = ()) -> tuple:
    """Up to ``k`` wrong options from ``pool`` (topped up from ``fallback``): distinct, neither containing
    nor a mere plural of the right one, drawn at random among those most like ``like`` (default: the right
    option), then among the rest."""
    chosen = _pick(rng, correct, pool, ok, k, like, ())
    if len(chosen) < k and fallback:
        chosen += _pick(rng, correct, fallback, ok, k - len(chosen), like, chosen)
    return chosen


def _pick(rng, correct, pool, ok, k, like, taken) -> tuple:
    right = norm(core(correct))
    seen = {right, _stems(right)} | {norm(core(t)) for t in taken} | {_stems(norm(core(t))) for t in taken}
    options = []
    for option in pool:
        key = norm(core(option))
        if key in seen or _stems(key) in seen or key in right or right in key or not ok(option):
            continue
        seen.update((key, _stems(key)))
        options.append(option)
    rng.shuffle(options)  # ties in similarity are broken at random
    score = {o: similarity(o, like or correct) for o in options}
    close = sorted((o for o in options if score[o] >= 0.5), key=lambda o: -score[o])[: 2 * k]
    chosen = rng.sample(close, min(k, len(close)))
    rest = [o for o in options if o not in chosen]
    return tuple(chosen + rng.sample(rest, min(k - len(chosen), len(rest))))


def similarity(option: str, target: str) -> float:
    """Shared content words, plus a little for the same length and the same first or last word."""
    a, b = norm(core(option)).split(), norm(core(target)).split()
    same_ends = (a[:1] == b[:1]) + (a[-1:] == b[-1:]) if a and b else 0
    return overlap(option, target) + 0.5 * same_ends + 0.25 * (len(a) == len(b))


def _stems(text: str) -> str:
    return " ".join(re.sub(r"(?<!s)s$", "", re.sub(r"ies$", "y", w)) for w in text.split())


class Act:
    """One document's article trees, indexed for question making."""

    def __init__(self, corpus: Corpus, doc: str):
        self.corpus = corpus
        self.articles = [u for u in corpus.articles(doc) if u.kind == "article"]
        self.units = [d for a in self.articles for d in [a, *corpus.descendants(a)]]
        self.top = {u.id: a for a in self.articles for u in [a, *corpus.descendants(a)]}
        self.leaves = [u for u in self.units if not u.children]
        self.definitions = [u for u in self.units if u.kind == "definition" and DEFINITION_RE.match(u.text)]
        self.lists = [u for u in self.units if len(self.items(u)) >= 2]
        self.full: dict[str, str | None] = {}  # a shortened option -> its full text (None: two texts share it)
        self.all_items = [(p, self.short(item_line(c.text), ITEM_LIMIT)) for p in self.lists for c in self.items(p)]
        self.periods = list(self._periods())
        self.sources = "\n".join(d.source for d in corpus.documents)
        self.phrases = list(dict.fromkeys(u.text[s:e] for u in self.units for s, e in key_phrases(u.text)))
        listed = {c.id for p in self.lists for c in self.items(p)}
        self.sayings = [self.short(item_line(u.text), ITEM_LIMIT) for u in self.leaves
                        if u.id not in listed and len(u.text.split()) > 2]
        self.foreign: list[Act] = []  # the other acts: wrong options when this one has too few

    def short(self, text: str, limit: int) -> str:
        """``text`` as an option of at most ``limit`` characters ("…" where cut); the full text is kept."""
        shown = shorten(text, limit, ELLIPSIS)
        self._keep(shown, text.strip())
        return shown

    def window(self, unit: Unit, start: int, end: int, span: int) -> str:
        """The passage around ``unit.text[start:end]`` as an option: ``span`` words a side with a blank in its
        place; its whole sentence is kept as the full text."""
        shown = blanked(unit.text, start, end, span)[1]
        self._keep(shown, blanked_sentence(unit.text, start, end))
        return shown

    def _keep(self, shown: str, full: str) -> None:
        if shown != full:
            self.full[shown] = full if self.full.get(shown, full) == full else None

    def full_text(self, option: str) -> str:
        """The full text of an option (itself unless it was shortened)."""
        return next((act.full[option] for act in (self, *self.foreign) if act.full.get(option)), option)

    def items(self, unit: Unit) -> list[Unit]:
        return [c for c in self.corpus.children(unit) if c.kind in ("item", "indent")]

    def _periods(self) -> Iterator[tuple[Unit, int, int]]:
        """(deepest unit, start, end in its text) for every period in the articles."""
        for article in self.articles:
            for match in PERIOD_RE.finditer(article.text):
                start = article.start + match.start()
                unit = max((u for u in [article, *self.corpus.descendants(article)]
                            if u.start <= start and start + len(match.group()) <= u.end),
                           key=lambda u: u.id.count("."))
                yield unit, start - unit.start, start - unit.start + len(match.group())

    def term(self, unit: Unit) -> tuple[str, str]:
        match = DEFINITION_RE.match(unit.text)
        return match.group(1), unit.text[match.end():].strip().rstrip(".;").strip()


def acts(corpus: Corpus) -> list[Act]:
    """One ``Act`` per document, each knowing the others (for wrong options when it has too few)."""
    found = [Act(corpus, document.id) for document in corpus.documents]
    for act in found:
        act.foreign = [other for other in found if other is not act]
    return found
