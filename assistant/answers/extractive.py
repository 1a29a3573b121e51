"""Extractive answers: the provision that answers, quoted verbatim, with its citation - no LLM needed.

What it does: ``Answerer.ask(question)`` retrieves the units, decides whether the Agreement answers the
question at all (a scope note matched by meaning, else by its words; a figure asked for that the provision does
not state; the general signal of ``confidence.unsettled``; the relevance of the best hit: each of them gives
"not covered", with the note's explanation when a note matched), picks the sentence (or whole short provision)
that answers, adds a one-line short answer for yes/no questions when the text settles it, lists related
provisions (for two questions asked in one, the provision of the second first), and returns an ``Answer``
whose every citation has passed ``verify_citations`` (the id exists, the quote is a verbatim substring).
An answer's ``confidence`` comes from ``confidence.judge`` ("high" only on strong evidence); a "low" answer
says plainly that the provision quoted is the closest match and may not answer, and gives no "In short"; when
the question named a provision and every search list put another one first, it says so and lists that one
first among the related ones (the question may have named the wrong provision).
The answer's own words are in the question's language (``wording``: English, or Russian for Russian and
Kazakh questions); the quotes stay English, with a note that the only authentic text is Russian.

What it leaves to others: finding candidates (``retrieve``), conversation context (``chat``), the optional
LLM wording (``llm``, which is checked against the same citations), rendering (CLI, web app).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

from assistant.answers.confidence import Evidence, judge, unsettled
from assistant.answers.scope import (
    ScopeNote,
    is_yes_no,
    meaning_note,
    not_covered_note,
    question_parts,
    relevance,
    unsettled_detail,
    unstated_figure,
)
from assistant.answers.wording import label as local_label
from assistant.answers.wording import phrases
from assistant.corpus.parse import Corpus, Unit
from assistant.corpus.references import find_references, mentions_missing_article
from assistant.search.language import detect_language
from assistant.search.retrieve import names_provision, rrf
from assistant.text import (
    MAX_QUESTION_CHARS,
    clean_question,
    content_stems,
    sentences,
    shorten,
    strip_marker,
    was_truncated,
)

MAX_WHOLE_LIST = 700  # a provision with items (a lead-in and its list) up to this length is quoted whole
MAX_WHOLE_TEXT = 600  # a paragraph up to this length is quoted whole; longer text by its best sentence
RELATED_MAX = 3
RELATED_QUOTE_CHARS = 260
CONTEXT_WEIGHT = 0.8  # how much the previous question steers a follow-up's search
TOPIC_BONUS = 0.1  # keeps a word-poor follow-up on the previous answer's article
FOLLOW_UP_POOL = 40  # how deep the follow-up's own search looks for units of that article


class CitationError(ValueError):
    """A citation that does not exist or misquotes its unit: never shown to a user."""


@dataclass(frozen=True)
class Citation:
    id: str
    label: str
    article: str
    quote: str

    def as_dict(self) -> dict:
        return {"id": self.id, "label": self.label, "article": self.article, "quote": self.quote}


@dataclass
class Answer:
    question: str
    answer: str  # Markdown
    found: bool
    citations: list[Citation] = field(default_factory=list)
    elapsed_ms: float = 0.0
    note: str = ""  # e.g. "LLM answer" / "LLM answer rejected: ..." (not part of the JSON contract)
    confidence: str | None = None  # "high" | "low" for a found answer (see the module docstring); else None
    language: str = "en"  # the question's language, which the answer's own words are in: "en" | "ru" | "kk"
    hedge: str = ""  # the *Not certain* line a "low" answer opens with (the LLM path keeps it; not in the JSON)

    def as_dict(self) -> dict:
        return {
            "question": self.question,
            "answer": self.answer,
            "found": self.found,
            "confidence": self.confidence,
            "language": self.language,
            "citations": [c.as_dict() for c in self.citations],
            "elapsed_ms": round(self.elapsed_ms, 2),
        }


def verify_citations(corpus: Corpus, citations: list[Citation]) -> None:
    """Raise ``CitationError`` unless every citation names a real unit and quotes it verbatim."""
    for citation in citations:
        unit = corpus.get(citation.id)
        if unit is None:
            raise CitationError(f"citation to unknown unit {citation.id!r}")
        if citation.label != unit.label or citation.article != unit.article:
            raise CitationError(f"citation {citation.id!r} carries the wrong label or article")
        if not citation.quote or citation.quote not in unit.text:
            raise CitationError(f"quote for {citation.id!r} is not verbatim: {citation.quote[:60]!r}")


def cite(unit: Unit, quote: str) -> Citation:
    return Citation(unit.id, unit.label, unit.article, quote)


class Answerer:
    """Answers questions from the retrieved units of one corpus. Thread-safe if the retriever is."""

    def __init__(self, retriever, corpus: Corpus | None = None, k: int = 8):
        self.retriever = retriever
        self.corpus = corpus or retriever.corpus
        self.k = k

    def ask(self, question: str, context: str = "", topic: str | None = None) -> Answer:
        """Answer ``question``. ``context`` (the previous question) and ``topic`` (the article of the
        previous answer) only steer retrieval for a follow-up; they are never quoted."""
        return self.answer_with_hits(question, context, topic)[0]

    def answer_with_hits(self, question: str, context: str = "", topic: str | None = None):
        """(verified extractive answer, the hits it was drawn from): the LLM path reuses the hits."""
        started = time.perf_counter()
        text = clean_question(question)
        answer, hits = self._answer(text, context, topic)
        answer.language = detect_language(text)
        if was_truncated(question):
            answer.answer = (f"*(Your message was long: only its first {MAX_QUESTION_CHARS:,} characters "
                             "were read.)*\n\n" + answer.answer)
        answer.question = text
        verify_citations(self.corpus, answer.citations)
        answer.elapsed_ms = (time.perf_counter() - started) * 1000
        return answer, hits

    # -- the decision ---------------------------------------------------------------------------
    def _answer(self, question: str, context: str, topic: str | None) -> tuple[Answer, list]:
        words = phrases(detect_language(question))
        if not question:
            return Answer("", words.empty, False), []
        missing = mentions_missing_article(self.corpus, question)
        if missing and not find_references(self.corpus, question):
            count = len([u for u in self.corpus.articles(self.corpus.primary.id) if u.kind == "article"])
            return Answer("", words.missing_article.format(count=count, missing=missing[0]), False), []
        hits, rankings = self._search(question, context, topic)
        if not hits:
            return Answer("", words.nothing, False), []
        primary = self._primary(hits)
        note = (meaning_note(self.corpus, rankings[0], question) or not_covered_note(self.corpus, question)
                or unstated_figure(question, hits, primary) or unsettled_detail(rankings[0], question))
        evidence = Evidence.of(question, hits, rankings, primary.article)
        if note is not None or unsettled(evidence) or not relevance(question, hits, self.corpus).answers:
            return self._not_covered(question, hits, note), hits
        return self._covered(question, hits, primary, evidence), hits

    def _search(self, question: str, context: str, topic: str | None) -> tuple[list, list]:
        """Hits for the question, and the rankings they came from (the evidence for the confidence).

        For a follow-up, the question alone and the question with its context (the previous question) are
        fused, the question alone weighing more; a follow-up with almost no words of its own ("and who signs
        it?") also stays with the article of the previous answer."""
        if not context:
            ranking = self.retriever.rank(question, k=self.k)
            return self._with_other_parts(question, ranking.hits), [ranking]
        alone_ranking = self.retriever.rank(question, k=FOLLOW_UP_POOL)
        steered_ranking = self.retriever.rank(f"{question} {context}", k=self.k)
        alone, steered = alone_ranking.hits, steered_ranking.hits
        stays_on_topic = topic is not None and len(content_stems(question)) <= 2
        context_weight = CONTEXT_WEIGHT / 2 if stays_on_topic else CONTEXT_WEIGHT  # the topic already steers
        fused = rrf([(1.0, [h.unit.id for h in alone]), (context_weight, [h.unit.id for h in steered])])
        hit_of: dict[str, object] = {}
        for hit in [*alone, *steered]:
            known = hit_of.get(hit.unit.id)
            if known is None or hit.similarity > known.similarity:
                hit_of[hit.unit.id] = hit  # keep the closer similarity for the relevance check
        if stays_on_topic:
            for unit_id in fused:
                if hit_of[unit_id].unit.article == topic:
                    fused[unit_id] += TOPIC_BONUS
        order = sorted(fused, key=fused.get, reverse=True)
        return [hit_of[unit_id] for unit_id in order][: self.k], [alone_ranking, steered_ranking]

    def _with_other_parts(self, question: str, hits: list) -> list:
        """For two questions asked in one, the best provision for each later part comes right after the first
        hit (unless it is there already or overlaps it): the answer then quotes the first part's provision and
        lists the others first among the related ones."""
        parts = question_parts(question)
        if len(parts) < 2 or not hits:
            return hits
        kept = list(hits)
        for part in parts[1:]:
            best = next(iter(self.retriever.rank(part, k=1).hits), None)
            if best is None or best.named:
                continue
            if any(h.unit.article == best.unit.article for h in kept[:2]):
                continue  # the part is answered near the top already
            kept = [kept[0], best, *(h for h in kept[1:] if not _overlaps(self.corpus, h.unit, best.unit))]
        return kept[: self.k]

    def _covered(self, question: str, hits, primary: Unit, evidence: Evidence) -> Answer:
        language = detect_language(question)
        words = phrases(language)
        quote = best_quote(primary, question)
        confident = judge(evidence) == "high"
        other = next((h for h in hits[1:] if h.unit.article == evidence.elsewhere), None) if not confident else None
        if other is not None:  # the question may name the wrong provision: the one the search found comes next
            hits = [hits[0], other, *(h for h in hits[1:] if h is not other)]
        hedge = "" if confident else words.hedge(evidence.named, local_label(primary.label, language),
                                                 local_label(other.unit.label, language) if other else "")
        lines = [hedge, ""] if hedge else []
        short = short_answer(quote) if confident and is_yes_no(question) else None
        if short:
            lines.append(f"{words.in_short} {short} ({local_label(primary.label, language)}).")
            lines.append("")
        lines.append(words.under.format(label=local_label(primary.label, language, after_under=True),
                                        title=primary.title))
        lines.append("")
        citations = [cite(primary, quote)]
        lead = self._lead_in(primary)
        if lead is not None:
            lines.append(blockquote(lead.quote + "\n..."))
            citations.append(lead)
        lines.append(blockquote(quote))
        related = self._related(primary, hits[1:], question, skip={c.id for c in citations})
        if related:
            lines.append("")
            lines.append(words.related)
            lines.extend(f"- {local_label(c.label, language)} - {quoted(c.quote, c.id, self.corpus)}"
                         for c in related)
            citations.extend(related)
        lines.append("")
        lines.append(words.full_text.format(label=primary.label))
        if words.translation:
            lines += ["", words.translation]
        return Answer("", "\n".join(lines), True, citations, confidence="high" if confident else "low", hedge=hedge)

    def _primary(self, hits) -> Unit:
        """The best hit; or its list, when several items of one short list match (the question is about
        the list, e.g. "what must a request contain?"). A direct reference is always answered as written.
        """
        best = hits[0].unit
        if names_provision(hits) or not best.parent:
            return best
        siblings = [h for h in hits[:5] if h.unit.parent == best.parent]
        parent = self.corpus.get(best.parent)
        if (len(siblings) >= 2 and parent is not None and parent.kind != "article"
                and len(parent.text) <= MAX_WHOLE_LIST):
            return parent
        return best

    def _lead_in(self, unit: Unit) -> Citation | None:
        """For an item or indent, its parent's lead-in line ("The request must contain:"), cited from the
        parent: without it "a reference to this Agreement." does not say what it is a part of."""
        parent = self.corpus.get(unit.parent) if unit.parent else None
        if parent is None or unit.kind not in ("item", "indent", "definition") or not unit.lead:
            return None
        lead = strip_marker(unit.lead)
        return cite(parent, lead) if lead in parent.text else None

    def _related(self, primary: Unit, hits, question: str, skip: set[str]) -> list[Citation]:
        out: list[Citation] = []
        seen = {primary.id, *skip}
        for hit in hits:
            unit = hit.unit
            if unit.id in seen or _overlaps(self.corpus, unit, primary):
                continue
            if any(_overlaps(self.corpus, unit, self.corpus.get(c.id)) for c in out):
                continue
            seen.add(unit.id)
            out.append(cite(unit, shorten(best_quote(unit, question), RELATED_QUOTE_CHARS)))
            if len(out) == RELATED_MAX:
                break
        return out

    def _not_covered(self, question: str, hits, note: ScopeNote | None) -> Answer:
        language = detect_language(question)
        words = phrases(language)
        lines = [words.not_covered]
        if note is not None:
            lines.append("")
            lines.append(note.explain(language))
        nearest = []
        for hit in hits[:3]:
            if all(not _overlaps(self.corpus, hit.unit, self.corpus.get(c.id)) for c in nearest):
                nearest.append(cite(hit.unit, shorten(best_quote(hit.unit, question), 160)))
        if nearest:
            lines.append("")
            lines.append(words.nearest)
            lines.extend(f"- {local_label(c.label, language)} - {quoted(c.quote, c.id, self.corpus)}"
                         for c in nearest)
        if words.translation:
            lines += ["", words.translation]
        return Answer("", "\n".join(lines), False, nearest)


def quoted(quote: str, unit_id: str, corpus: Corpus) -> str:
    """A quote in quotation marks, with an ellipsis when it stops before its sentence does."""
    full = strip_marker(corpus.by_id[unit_id].text)
    rest = full[full.find(quote) + len(quote):] if quote in full else ""
    ellipsis = "..." if rest and not quote.endswith((".", ";", ":")) else ""
    return '"' + quote.replace("\n", " / ") + ellipsis + '"'


def blockquote(text: str) -> str:
    return "\n".join(f"> {line}" for line in text.split("\n"))


def _overlaps(corpus: Corpus, a: Unit | None, b: Unit | None) -> bool:
    """True when one unit contains the other (an article and its paragraph say the same thing)."""
    if a is None or b is None:
        return False
    return a.doc == b.doc and (a.start <= b.start and b.end <= a.end or b.start <= a.start and a.end <= b.end)


# -- choosing the words to quote -------------------------------------------------------------------


def best_quote(unit: Unit, question: str) -> str:
    """The part of ``unit.text`` that answers: the whole provision if short, else its best sentence(s)."""
    body = strip_marker(unit.text)
    if len(body) <= (MAX_WHOLE_LIST if unit.children else MAX_WHOLE_TEXT):
        return body
    wanted = content_stems(question)
    candidates = sentences(body)
    scored = [(len(wanted & content_stems(s)), -i, s) for i, s in enumerate(candidates)]
    best = max(scored)[2] if scored else body[:MAX_WHOLE_TEXT]
    return strip_marker(best)


_SHORT_PATTERNS = [
    (re.compile(r"\bonly with (?P<x>(?:the )?[^.;]+?)(?:[.;]|$|\. In )"), "only with {x}"),
    (re.compile(r"(?P<x>(?:the )?(?:prior )?(?:written )?consent of [^.;]+?) is required"), "only with {x}"),
    (re.compile(r"\bmay not be used without (?P<x>(?:the )?consent of [^.;]+?)(?: for | that |[.;])"),
     "not without {x}"),
    (re.compile(r"\bmust be confirmed (?P<x>in writing within \d+ days)"),
     "yes, but it must be confirmed {x}"),
    (re.compile(r"\bmay be refused (?P<x>in whole or in part)"), "yes, it may be refused {x}"),
]


def short_answer(quote: str) -> str | None:
    """A one-line reading of a yes/no provision, built only from the provision's own words."""
    for pattern, template in _SHORT_PATTERNS:
        if m := pattern.search(quote):
            return template.format(x=m.group("x").strip())
    return None
