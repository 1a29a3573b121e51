"""The question kinds of the learn mode: one object per kind, which makes, checks and explains its questions.

What it does: each ``Kind`` walks an ``Act`` (the parsed article tree: kinds, children, leads, titles) and
yields one ``Candidate`` per possible question; a candidate's ``make(rng)`` picks the wrong options (taken
from the same act's text, preferring similar ones) and returns a ``QuestionDraft``. ``problems`` says why a
question is not backed by the cited unit's text (empty when it is), and ``explain`` words the explanation
shown after answering. Adding a kind is adding one class to ``ALL_KINDS``. What each kind checks:

- definition-term / definition-meaning: the cited unit is a definition that reads "<term> is <meaning>";
  the right term (meaning) is the one it defines (verbatim in it); no wrong one is.
- listed / not-listed: the cited unit is a list; the right item is (is not) verbatim in it; every wrong
  one is not (is).
- period / cloze: the context with the blank filled by the right option is verbatim in the unit; filled
  by any wrong option, it is not.
- period-applies: the right passage, its blank filled by the period asked about, is verbatim in the unit;
  no wrong passage is.
- which-article: the cited unit is the article whose text holds the passage; every wrong option names
  another article whose text does not.

What it leaves to others: the act's structure and wrong options (``act``), drawing and shuffling a quiz
(``quiz``). No hand-written answer key and nothing specific to one act: only the parser's structure and
generic patterns from ``learn.text``.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import ClassVar

from assistant.corpus.parse import Corpus, Unit
from assistant.learn.act import ITEM_LIMIT, Act, acts, article_choice, defines, pick
from assistant.learn.text import (
    BLANK,
    ELLIPSIS,
    PERIOD_RE,
    blanked,
    core,
    excerpt,
    item_line,
    key_phrases,
    norm,
    overlap,
    period_variants,
)
from assistant.text import marker_end, shorten, strip_marker


@dataclass(frozen=True)
class QuestionDraft:
    """A question before shuffling: the right option, the wrong ones, and what backs them."""

    kind: str
    unit_id: str
    question: str
    correct: str
    wrong: tuple[str, ...]
    quote: str  # the passage of the cited unit to quote after answering
    context: str = ""  # verbatim text with BLANK (period, cloze) or the passage looked for (which-article)
    key: str = ""  # the period asked about (period-applies)


@dataclass(frozen=True)
class Candidate:
    kind: str
    unit_id: str
    article: str  # id of the top-level unit (progress is kept per article)
    make: Callable[[random.Random], QuestionDraft | None]
    full_text: Callable[[str], str] = str  # an option's full text (the option itself unless shortened)


MEANING_LIMIT = 110  # characters of a definition's meaning as an option


def _need(condition: bool, why: str) -> list[str]:
    return [] if condition else [why]


class Kind:
    """One question kind: ``candidates`` (with their ``make``), ``problems`` and ``explain``."""

    name: ClassVar[str]

    def candidates(self, act: Act) -> Iterator[Candidate]:
        """Every question of this kind the act allows, in reading order (see ``_candidate``)."""
        raise NotImplementedError

    def make(self, rng: random.Random, *, act: Act, unit: Unit, **data) -> QuestionDraft | None:
        """One question from a candidate's data, its wrong options drawn with ``rng`` (None: too few)."""
        raise NotImplementedError

    def problems(self, corpus: Corpus, unit: Unit, q: QuestionDraft) -> list[str]:
        """Why ``q`` is not backed by the text of ``unit``, the unit it cites; empty when it is."""
        raise NotImplementedError

    def explain(self, unit: Unit, q: QuestionDraft) -> str:
        return f'The answer is "{q.correct}". {unit.label} ({unit.title}) reads: "{q.quote}"'

    def _candidate(self, act: Act, unit: Unit, **data) -> Candidate:
        """A candidate citing ``unit``; its ``make(rng)`` is this kind's ``make`` with ``data``."""
        return Candidate(self.name, unit.id, act.top[unit.id].id, partial(self.make, act=act, unit=unit, **data),
                         act.full_text)


# ---------------------------------------------------------------------------------------------- definitions


def _definitions(act: Act) -> Iterator[tuple[Unit, str, str, list[tuple[str, str]], str]]:
    for unit in act.definitions:
        term, meaning = act.term(unit)
        yield unit, term, meaning, [act.term(d) for d in act.definitions if d.id != unit.id], act.top[unit.id].label


class _DefinitionKind(Kind):
    """A question about one definition: every definition of the act is a candidate."""

    def candidates(self, act):
        for unit, term, meaning, others, where in _definitions(act):
            yield self._candidate(act, unit, term=term, meaning=meaning, others=others, where=where)


class DefinitionTerm(_DefinitionKind):
    name = "definition-term"

    def make(self, rng, *, act, unit, term, meaning, others, where):
        shown = re.sub(re.escape(term), "[…]", meaning, flags=re.IGNORECASE)
        wrong = pick(rng, term, [t for t, _ in others], lambda t: not defines(unit.text, t))
        return QuestionDraft(self.name, unit.id, f'Which term does {where} define as: '
                             f'"{shorten(shown, 200, ELLIPSIS)}"?', term, wrong, unit.text) if wrong else None

    def problems(self, corpus, unit, q):
        return (_need(unit.kind == "definition", "cited unit is not a definition")
                + _need(defines(unit.text, q.correct), f"{unit.id} does not define {q.correct!r}")
                + [f"{unit.id} also defines {w!r}" for w in q.wrong if defines(unit.text, w)])


class DefinitionMeaning(_DefinitionKind):
    name = "definition-meaning"

    def make(self, rng, *, act, unit, term, meaning, others, where):
        wrong = pick(rng, meaning, [act.short(m, MEANING_LIMIT) for _, m in others],
                     lambda m: core(m) not in unit.text)
        return QuestionDraft(self.name, unit.id, f'How does {where} define "{term}"?',
                             act.short(meaning, MEANING_LIMIT), wrong, unit.text) if wrong else None

    def problems(self, corpus, unit, q):
        return (_need(core(q.correct) in unit.text, f"right option not in {unit.id}")
                + _need(unit.kind == "definition", "cited unit is not a definition")
                + [f"wrong option {w!r} is in {unit.id}" for w in q.wrong if core(w) in unit.text])


# ---------------------------------------------------------------------------------------------- lists


def _lists(act: Act) -> Iterator[tuple[Unit, str, list[str], list[str], list[str]]]:
    """(list, its lead-in, its items, items of the act's other lists, spare options) for every list."""
    for parent in act.lists:
        lead = " ".join(strip_marker(act.items(parent)[0].lead).split())
        mine = [act.short(item_line(c.text), ITEM_LIMIT) for c in act.items(parent)]
        outside = [phrase for p, phrase in act.all_items if p.id != parent.id]
        spare = act.sayings + [phrase for other in act.foreign for _, phrase in other.all_items]
        yield parent, lead, mine, outside, spare


class Listed(Kind):
    name = "listed"

    def candidates(self, act):
        for parent, lead, mine, outside, spare in _lists(act):
            for phrase in mine:
                yield self._candidate(act, parent, lead=lead, phrase=phrase, outside=outside, spare=spare)

    def make(self, rng, *, act, unit, lead, phrase, outside, spare):
        wrong = pick(rng, phrase, outside, lambda option: core(option) not in unit.text, fallback=spare)
        return QuestionDraft(self.name, unit.id, f'{unit.label} reads: "{lead}" Which of these does it list?',
                             phrase, wrong, unit.text) if wrong else None

    def problems(self, corpus, unit, q):
        return (_need(core(q.correct) in unit.text, f"right option not in {unit.id}")
                + [f"wrong option {w!r} is in {unit.id}" for w in q.wrong if core(w) in unit.text])


class NotListed(Kind):
    name = "not-listed"

    def candidates(self, act):
        for parent, lead, mine, outside, spare in _lists(act):
            absent = [o for o in outside or spare if core(o) not in parent.text]
            for stranger in sorted(absent, key=lambda o: -max(overlap(o, m) for m in mine))[:4]:
                yield self._candidate(act, parent, lead=lead, stranger=stranger, mine=mine)

    def make(self, rng, *, act, unit, lead, stranger, mine):
        wrong = pick(rng, stranger, mine, lambda m: core(m) in unit.text)
        return QuestionDraft(self.name, unit.id, f'{unit.label} reads: "{lead}" Which of these is NOT in its list?',
                             stranger, wrong, unit.text) if len(wrong) >= 2 else None

    def problems(self, corpus, unit, q):
        return (_need(core(q.correct) not in unit.text, f"right option is in {unit.id}")
                + [f"wrong option {w!r} is not in {unit.id}" for w in q.wrong if core(w) not in unit.text])

    def explain(self, unit, q):
        return f'"{q.correct}" is not in {unit.label}, which reads: "{q.quote}"'


# ---------------------------------------------------------------------------------------------- blanks


def _fills(unit: Unit, q: QuestionDraft) -> list[str]:
    """The checks of a fill-the-blank question (period, cloze)."""
    return (_need(q.context.count(BLANK) == 1, "context has no single blank")
            + _need(q.context.replace(BLANK, q.correct) in unit.text, f"filled context not in {unit.id}")
            + [f"{w!r} also fits {unit.id}" for w in q.wrong if q.context.replace(BLANK, w) in unit.text])


class Period(Kind):
    name = "period"

    def candidates(self, act):
        found = [unit.text[s:e] for unit, s, e in act.periods]
        variants = list(dict.fromkeys(found + period_variants(found)))
        spare = [u.text[s:e] for other in act.foreign for u, s, e in other.periods] + period_variants(found, True)
        for unit, start, end in act.periods:
            context, shown = blanked(unit.text, start, end, 12)
            yield self._candidate(act, unit, period=unit.text[start:end], context=context, shown=shown,
                                  variants=variants, spare=spare)

    def make(self, rng, *, act, unit, period, context, shown, variants, spare):
        wrong = pick(rng, period, variants, lambda w: context.replace(BLANK, w) not in act.sources, fallback=spare)
        return QuestionDraft(self.name, unit.id, f'{unit.label}: which period fills the blank? "{shown}"',
                             period, wrong, unit.text, context=context) if wrong else None

    def problems(self, corpus, unit, q):
        return _fills(unit, q)


class PeriodApplies(Kind):
    name = "period-applies"

    def candidates(self, act):
        for unit, start, end in act.periods:
            period = unit.text[start:end]
            others = [act.window(other, s, e, 9) for other, s, e in act.periods
                      if norm(other.text[s:e]) != norm(period)]
            if others:
                yield self._candidate(act, unit, period=period, mine=act.window(unit, start, end, 9), others=others)

    def make(self, rng, *, act, unit, period, mine, others):
        wrong = pick(rng, mine, others, lambda o: core(o).replace(BLANK, period) not in unit.text)
        return QuestionDraft(self.name, unit.id, f'Which of these does the text tie to the period "{period}"? '
                             f'({BLANK} marks where it goes)', mine, wrong, unit.text, key=period) if wrong else None

    def problems(self, corpus, unit, q):
        return (_need(bool(PERIOD_RE.fullmatch(q.key)), "no period asked about")
                + _need(core(q.correct).replace(BLANK, q.key) in unit.text,
                        f"right passage with {q.key!r} not in {unit.id}")
                + [f"{w!r} also fits" for w in q.wrong if core(w).replace(BLANK, q.key) in unit.text])

    def explain(self, unit, q):
        return f'The period of {q.key} applies here: {unit.label} ({unit.title}) reads: "{q.quote}"'


class Cloze(Kind):
    name = "cloze"

    def candidates(self, act):
        spare = [p for other in act.foreign for p in other.phrases]
        for leaf in act.leaves:
            spans = sorted(key_phrases(leaf.text), key=lambda se: (act.sources.count(leaf.text[se[0]:se[1]]), se[0]))
            for start, end in spans[:2]:
                phrase = leaf.text[start:end]
                context, shown = blanked(leaf.text, start, end, 9)
                if len(context.split()) < 4:
                    continue
                size = len(phrase.split())
                pool = [p for p in act.phrases if len(p.split()) == size] + \
                       [p for p in act.phrases if len(p.split()) != size]
                yield self._candidate(act, leaf, phrase=phrase, context=context, shown=shown, pool=pool, spare=spare)

    def make(self, rng, *, act, unit, phrase, context, shown, pool, spare):
        wrong = pick(rng, phrase, pool, lambda w: context.replace(BLANK, w) not in act.sources, fallback=spare)
        return QuestionDraft(self.name, unit.id, f'Complete {unit.label}: "{shown}"', phrase, wrong, unit.text,
                             context=context) if wrong else None

    def problems(self, corpus, unit, q):
        return _fills(unit, q)


# ---------------------------------------------------------------------------------------------- articles


class WhichArticle(Kind):
    name = "which-article"

    def candidates(self, act):
        for leaf in act.leaves:
            start = marker_end(leaf.text)
            passage, shown = excerpt(leaf.text, start, min(len(leaf.text), start + 1), 22)
            if len(passage.split()) >= 5:
                yield self._candidate(act, act.top[leaf.id], passage=passage, shown=shown, leaf=leaf)

    def make(self, rng, *, act, unit, passage, shown, leaf):
        pool = [article_choice(a) for a in act.articles if a.id != unit.id and passage not in a.text]
        wrong = pick(rng, article_choice(unit), pool, lambda _: True, like=passage)
        return QuestionDraft(self.name, unit.id, f'Which article governs this? "{shown}"', article_choice(unit),
                             wrong, leaf.text, context=passage) if wrong else None

    def problems(self, corpus, unit, q):
        named = {article_choice(a): a for a in corpus.articles(unit.doc) if a.kind == "article"}
        return (_need(unit.kind == "article" and q.context in unit.text, f"passage not in {unit.id}")
                + _need(q.correct == article_choice(unit), "right option does not name the cited article")
                + [f"wrong option {option!r} is not another article without the passage" for option in q.wrong
                   if (other := named.get(option)) is None or other.id == unit.id or q.context in other.text])


# ---------------------------------------------------------------------------------------------- all kinds

ALL_KINDS: tuple[Kind, ...] = (DefinitionTerm(), DefinitionMeaning(), Listed(), NotListed(), Period(),
                               PeriodApplies(), WhichArticle(), Cloze())
BY_NAME: dict[str, Kind] = {kind.name: kind for kind in ALL_KINDS}
KINDS: tuple[str, ...] = tuple(BY_NAME)


def candidates(corpus: Corpus) -> list[Candidate]:
    """Every question the corpus allows: per act, per kind (in ``KINDS`` order), in reading order."""
    return [candidate for act in acts(corpus) for kind in ALL_KINDS for candidate in kind.candidates(act)]


def check(corpus: Corpus, q: QuestionDraft) -> list[str]:
    """Why this question is not backed by the cited unit's text; empty when it is (see the docstring)."""
    unit = corpus.get(q.unit_id)
    if unit is None:
        return [f"no unit {q.unit_id}"]
    kind = BY_NAME.get(q.kind)
    return kind.problems(corpus, unit, q) if kind else [f"unknown kind {q.kind!r}"]


def explain(unit: Unit, q: QuestionDraft) -> str:
    """The explanation shown after answering: the right option and the quoted provision."""
    return BY_NAME[q.kind].explain(unit, q)
