"""Find the provisions that answer a question: direct references first, then dense + BM25 fused by RRF.

What it does: ``Retriever.open(settings)`` loads the corpus, the model and the index once; ``search(question,
k)`` returns up to ``k`` ``Hit``s (a unit and a score, higher is better), best first:
1. references written in the question ("Article 6(3)", "art. 10", "paragraph 2 of Article 7", "article ten")
   go straight to those units, in the order written;
2. the rest is reciprocal rank fusion of the dense ranking (Chroma; a unit scores the mean of its two best
   nodes among the unit in context, its gloss and its example questions) and the BM25 ranking (text,
   context, gloss and questions, stemmed);
3. a unit that overlaps one already listed (its ancestor or descendant) is skipped, so no text repeats.
``rank(question, k)`` returns the same hits in a ``Ranking``, with the article each half put first: when the
dense and the keyword search agree on it, the answer can be trusted more (``answers.extractive`` uses this).
Odd input never raises: it is cleaned (control characters, lone surrogates, tags), cut to
``MAX_QUERY_CHARS`` at a word boundary, and a blank question gives ``[]``. ``search`` is safe to call from
many threads (the model and the Chroma query each sit behind a lock).

What it leaves to others: building the index (``index``), deciding whether the hits answer the question and
writing the answer (``assistant.answers``).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from assistant.corpus.parse import Corpus, Unit, load_corpus
from assistant.corpus.references import find_references
from assistant.search.index import Index, Progress, ensure_index, load_embedder
from assistant.settings import Settings
from assistant.text import clean_input

log = logging.getLogger(__name__)

MAX_QUERY_CHARS = 1000
DENSE_CANDIDATES = 80  # nodes asked from Chroma (text, gloss and question nodes; fewer units)
KEYWORD_CANDIDATES = 30
RRF_K = 20  # small k: with two short lists, the top ranks should dominate
DENSE_WEIGHT = 1.0
KEYWORD_WEIGHT = 0.8
MODES = ("hybrid", "dense", "bm25")

_TAG = re.compile(r"<[^<>]{0,200}>")


@dataclass(frozen=True)
class Hit:
    """One retrieved unit. ``score``: higher is better (references score above every searched unit).

    ``similarity``: the unit's dense score, the mean cosine similarity of the question to its two best index
    nodes (``Index.dense``), when the dense search saw it (else 0.0): a hint for deciding whether anything
    relevant was found. ``source``: "reference" or
    "search".
    """

    unit: Unit
    score: float
    similarity: float = 0.0
    source: str = "search"


@dataclass(frozen=True)
class Ranking:
    """The hits of one search, and the article that each half of it ranked first (None: it found nothing)."""

    hits: list[Hit]
    dense_first: str | None = None
    keyword_first: str | None = None

    @property
    def agreed_article(self) -> str | None:
        """The article both halves put first, when they agree; else None."""
        return self.dense_first if self.dense_first and self.dense_first == self.keyword_first else None


def clean_query(question: object) -> str:
    """Printable, single-spaced text of at most ``MAX_QUERY_CHARS`` characters ("" for junk), tags dropped."""
    return clean_input(question, MAX_QUERY_CHARS, at_word=True, drop=_TAG).text


def rrf(rankings: list[tuple[float, list[str]]], k: int = RRF_K) -> dict[str, float]:
    """Reciprocal rank fusion: sum of weight / (k + rank) over the rankings that list a unit."""
    fused: dict[str, float] = {}
    for weight, ranking in rankings:
        for rank, unit_id in enumerate(ranking, start=1):
            fused[unit_id] = fused.get(unit_id, 0.0) + weight / (k + rank)
    return fused


class Retriever:
    """Search over one corpus; build with ``Retriever.open(settings)``."""

    def __init__(self, settings: Settings, corpus: Corpus, index: Index):
        self.settings = settings
        self.corpus = corpus
        self.index = index
        self.embedder = load_embedder(settings)

    @classmethod
    def open(cls, settings: Settings, corpus: Corpus | None = None, progress: Progress | None = None,
             rebuild: bool = False, glosses: bool = True) -> Retriever:
        """Load the corpus (unless given), the model and the index (building it if needed)."""
        corpus = corpus or load_corpus(settings.corpus_dir)
        index = ensure_index(settings, corpus, progress=progress, rebuild=rebuild, glosses=glosses)
        return cls(settings, corpus, index)

    def search(self, question: str, k: int = 5, mode: str = "hybrid") -> list[Hit]:
        """The ``k`` best units for ``question`` (see the module docstring); never raises on odd input."""
        return self.rank(question, k, mode).hits

    def rank(self, question: str, k: int = 5, mode: str = "hybrid") -> Ranking:
        """``search``'s hits, with the article the dense and the keyword rankings each put first."""
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}")
        query = clean_query(question)
        k = max(0, min(int(k), 50))
        if not query or not k:
            return Ranking([])
        references = find_references(self.corpus, query) if mode == "hybrid" else []
        dense = self._dense(query) if mode != "bm25" else []
        keyword = self.index.keyword.search(query, KEYWORD_CANDIDATES) if mode != "dense" else []
        fused = rrf([(DENSE_WEIGHT, [u for u, _ in dense]), (KEYWORD_WEIGHT, [u for u, _ in keyword])])
        similarity = dict(dense)
        ranked = [Hit(self.corpus.by_id[u], 2.0 - n / 100, similarity.get(u, 0.0), "reference")
                  for n, u in enumerate(references)]
        ranked += [Hit(self.corpus.by_id[u], score, similarity.get(u, 0.0))
                   for u, score in sorted(fused.items(), key=lambda kv: -kv[1])]
        first = {name: self.corpus.by_id[ranking[0][0]].article if ranking else None
                 for name, ranking in (("dense", dense), ("keyword", keyword))}
        return Ranking(self._without_overlaps(ranked, k), first["dense"], first["keyword"])

    def _dense(self, query: str) -> list[tuple[str, float]]:
        vector = self.embedder.embed([query])[0]
        return self.index.dense(vector, DENSE_CANDIDATES)

    def _without_overlaps(self, hits: list[Hit], k: int) -> list[Hit]:
        kept: list[Hit] = []
        covered: set[str] = set()
        for hit in hits:
            if hit.unit.id in covered:
                continue
            kept.append(hit)
            covered |= self._family(hit.unit)
            if len(kept) == k:
                break
        return kept

    def _family(self, unit: Unit) -> set[str]:
        """The unit, its ancestors and its descendants: units whose text overlaps it."""
        return {u.id for u in [unit, *self.corpus.ancestors(unit), *self.corpus.descendants(unit)]}
