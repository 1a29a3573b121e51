"""The question kinds of the learn mode: how each is made from the parsed text, and how each is checked.

What it does: ``candidates(corpus)`` walks every act's article tree (kinds, children, leads, titles) and
returns one ``Candidate`` per possible question; ``Candidate.make(rng)`` picks the wrong options (taken from
the same act's text, preferring similar ones) and returns a ``Draft``. ``check(corpus, draft)`` says, per
kind, why the right option is supported by the cited unit's text and no wrong one is:

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

What it leaves to others: choosing and shuffling questions, explanations, sessions (``learn``).
No hand-written answer key and nothing specific to one act: only the parser's structure and generic
patterns from ``learn_text``.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from assistant.corpus.parse import DEFINITION_RE, Corpus, Unit
from assistant.learn.text import (
    BLANK,
    PERIOD_RE,
    blanked,
    core,
    excerpt,
    item_phrase,
    key_phrases,
    norm,
    overlap,
    period_variants,
    shorten,
)

KINDS = ("definition-term", "definition-meaning", "listed", "not-listed", "period", "period-applies",
         "which-article", "cloze")


@dataclass(frozen=True)
class Draft:
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
    make: Callable[[random.Random], Draft | None]


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


# ---------------------------------------------------------------------------------------------- the act


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
        self.all_items = [(p, item_phrase(c.text)) for p in self.lists for c in self.items(p)]
        self.periods = list(self._periods())
        self.sources = "\n".join(d.source for d in corpus.documents)
        self.phrases = list(dict.fromkeys(u.text[s:e] for u in self.units for s, e in key_phrases(u.text)))
        listed = {c.id for p in self.lists for c in self.items(p)}
        self.sayings = [item_phrase(u.text) for u in self.leaves if u.id not in listed and len(u.text.split()) > 2]
        self.foreign: list[Act] = []  # the other acts: wrong options when this one has too few

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


# ---------------------------------------------------------------------------------------------- kinds


def candidates(corpus: Corpus) -> list[Candidate]:
    out: list[Candidate] = []
    acts = [Act(corpus, document.id) for document in corpus.documents]
    for act in acts:
        act.foreign = [other for other in acts if other is not act]
        for make in (_definitions, _lists, _periods, _which_article, _cloze):
            out.extend(make(act))
    return out


def _cand(act: Act, kind: str, unit: Unit, make) -> Candidate:
    return Candidate(kind, unit.id, act.top[unit.id].id, make)


def _definitions(act: Act) -> Iterator[Candidate]:
    for unit in act.definitions:
        term, meaning = act.term(unit)
        where = act.top[unit.id].label
        others = [act.term(d) for d in act.definitions if d.id != unit.id]

        def term_q(rng, unit=unit, term=term, meaning=meaning, others=others, where=where):
            shown = re.sub(re.escape(term), "[…]", meaning, flags=re.IGNORECASE)
            wrong = pick(rng, term, [t for t, _ in others], lambda t, u=unit: not defines(u.text, t))
            return Draft("definition-term", unit.id, f'Which term does {where} define as: "{shorten(shown, 200)}"?',
                         term, wrong, unit.text) if wrong else None

        def meaning_q(rng, unit=unit, term=term, meaning=meaning, others=others, where=where):
            wrong = pick(rng, meaning, [shorten(m, 110) for _, m in others],
                         lambda m, u=unit: core(m) not in u.text)
            return Draft("definition-meaning", unit.id, f'How does {where} define "{term}"?',
                         shorten(meaning, 110), wrong, unit.text) if wrong else None

        yield _cand(act, "definition-term", unit, term_q)
        yield _cand(act, "definition-meaning", unit, meaning_q)


def _lead(act: Act, parent: Unit) -> str:
    lead = act.items(parent)[0].lead
    return " ".join(re.sub(r"^\d+\.\s+|^[a-z]\)\s+", "", lead).split())


def _lists(act: Act) -> Iterator[Candidate]:
    for parent in act.lists:
        lead, mine = _lead(act, parent), [item_phrase(c.text) for c in act.items(parent)]
        outside = [phrase for p, phrase in act.all_items if p.id != parent.id]
        spare = act.sayings + [phrase for other in act.foreign for _, phrase in other.all_items]
        for phrase in mine:
            def listed_q(rng, parent=parent, lead=lead, phrase=phrase, outside=outside, spare=spare):
                text = parent.text
                wrong = pick(rng, phrase, outside, lambda option: core(option) not in text, fallback=spare)
                return Draft("listed", parent.id, f'{parent.label} reads: "{lead}" Which of these does it list?',
                             phrase, wrong, parent.text) if wrong else None
            yield _cand(act, "listed", parent, listed_q)
        absent = [o for o in outside or spare if core(o) not in parent.text]
        for stranger in sorted(absent, key=lambda o: -max(overlap(o, m) for m in mine))[:4]:
            def not_listed_q(rng, parent=parent, lead=lead, stranger=stranger, mine=mine):
                text = parent.text
                wrong = pick(rng, stranger, mine, lambda m: core(m) in text)
                return Draft("not-listed", parent.id,
                             f'{parent.label} reads: "{lead}" Which of these is NOT in its list?',
                             stranger, wrong, parent.text) if len(wrong) >= 2 else None
            yield _cand(act, "not-listed", parent, not_listed_q)


def _periods(act: Act) -> Iterator[Candidate]:
    found = [unit.text[s:e] for unit, s, e in act.periods]
    variants = list(dict.fromkeys(found + period_variants(found)))
    spare = [u.text[s:e] for other in act.foreign for u, s, e in other.periods] + period_variants(found, True)
    for unit, start, end in act.periods:
        period = unit.text[start:end]
        context, shown = blanked(unit.text, start, end, 12)
        others = []
        for other, s, e in act.periods:
            if norm(other.text[s:e]) != norm(period):
                others.append(blanked(other.text, s, e, 9)[1])
        mine = blanked(unit.text, start, end, 9)[1]

        def fill_q(rng, unit=unit, period=period, context=context, shown=shown):
            wrong = pick(rng, period, variants, lambda w, c=context: c.replace(BLANK, w) not in act.sources,
                         fallback=spare)
            return Draft("period", unit.id, f'{unit.label}: which period fills the blank? "{shown}"',
                         period, wrong, unit.text, context=context) if wrong else None

        def applies_q(rng, unit=unit, period=period, mine=mine, others=others):
            wrong = pick(rng, mine, others, lambda o, u=unit, p=period: core(o).replace(BLANK, p) not in u.text)
            return Draft("period-applies", unit.id,
                         f'Which of these does the text tie to the period "{period}"? ({BLANK} marks where it goes)',
                         mine, wrong, unit.text, key=period) if wrong else None

        yield _cand(act, "period", unit, fill_q)
        if others:
            yield _cand(act, "period-applies", unit, applies_q)


def _which_article(act: Act) -> Iterator[Candidate]:
    for leaf in act.leaves:
        text = leaf.text
        start = re.match(r"\s*(?:\d+\.\s+|[a-z]\)\s+)?", text).end()
        end = min(len(text), start + 1)
        passage, shown = excerpt(text, start, end, 22)
        article = act.top[leaf.id]
        if len(passage.split()) < 5:
            continue

        def article_q(rng, article=article, passage=passage, shown=shown, leaf=leaf):
            pool = [article_choice(a) for a in act.articles if a.id != article.id and passage not in a.text]
            wrong = pick(rng, article_choice(article), pool, lambda _: True, like=passage)
            return Draft("which-article", article.id, f'Which article governs this? "{shown}"',
                         article_choice(article), wrong, leaf.text, context=passage) if wrong else None

        yield _cand(act, "which-article", article, article_q)


def _cloze(act: Act) -> Iterator[Candidate]:
    spare = [p for other in act.foreign for p in other.phrases]
    for leaf in act.leaves:
        spans = key_phrases(leaf.text)
        spans.sort(key=lambda se: (act.sources.count(leaf.text[se[0]:se[1]]), se[0]))
        for start, end in spans[:2]:
            phrase = leaf.text[start:end]
            context, shown = blanked(leaf.text, start, end, 9)
            if len(context.split()) < 4:
                continue
            size = len(phrase.split())
            pool = [p for p in act.phrases if len(p.split()) == size] + [p for p in act.phrases if len(p.split()) != size]

            def cloze_q(rng, leaf=leaf, phrase=phrase, context=context, shown=shown, pool=pool):
                wrong = pick(rng, phrase, pool, lambda w, c=context: c.replace(BLANK, w) not in act.sources,
                             fallback=spare)
                return Draft("cloze", leaf.id, f'Complete {leaf.label}: "{shown}"', phrase, wrong, leaf.text,
                             context=context) if wrong else None

            yield _cand(act, "cloze", leaf, cloze_q)


# ---------------------------------------------------------------------------------------------- checks


def check(corpus: Corpus, kind: str, unit_id: str, correct: str, wrong: list[str], context: str = "",
          key: str = "") -> list[str]:
    """Why this question is not backed by the cited unit's text; empty when it is (see the docstring)."""
    unit = corpus.get(unit_id)
    if unit is None:
        return [f"no unit {unit_id}"]
    text, problems = unit.text, []

    def need(condition: bool, why: str) -> None:
        if not condition:
            problems.append(why)

    if kind == "definition-term":
        need(unit.kind == "definition", "cited unit is not a definition")
        need(defines(text, correct), f"{unit_id} does not define {correct!r}")
        problems += [f"{unit_id} also defines {w!r}" for w in wrong if defines(text, w)]
    elif kind in ("definition-meaning", "listed"):
        need(core(correct) in text, f"right option not in {unit_id}")
        need(kind == "listed" or unit.kind == "definition", "cited unit is not a definition")
        problems += [f"wrong option {w!r} is in {unit_id}" for w in wrong if core(w) in text]
    elif kind == "not-listed":
        need(core(correct) not in text, f"right option is in {unit_id}")
        problems += [f"wrong option {w!r} is not in {unit_id}" for w in wrong if core(w) not in text]
    elif kind in ("period", "cloze"):
        need(context.count(BLANK) == 1, "context has no single blank")
        need(context.replace(BLANK, correct) in text, f"filled context not in {unit_id}")
        problems += [f"{w!r} also fits {unit_id}" for w in wrong if context.replace(BLANK, w) in text]
    elif kind == "period-applies":
        need(bool(PERIOD_RE.fullmatch(key)), "no period asked about")
        need(core(correct).replace(BLANK, key) in text, f"right passage with {key!r} not in {unit_id}")
        problems += [f"{w!r} also fits" for w in wrong if core(w).replace(BLANK, key) in text]
    elif kind == "which-article":
        need(unit.kind == "article" and context in text, f"passage not in {unit_id}")
        need(correct == article_choice(unit), "right option does not name the cited article")
        named = {article_choice(a): a for a in corpus.articles(unit.doc) if a.kind == "article"}
        for option in wrong:
            other = named.get(option)
            need(other is not None and other.id != unit.id and context not in other.text,
                 f"wrong option {option!r} is not another article without the passage")
    else:
        problems.append(f"unknown kind {kind!r}")
    return problems
