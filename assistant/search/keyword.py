"""BM25 beside the vectors: ``KeywordIndex`` over each searchable unit's text, context and glosses.

What it does: ``tokenize`` lower-cases, drops bm25s's English and Russian stopwords and stems each word with
Snowball (English; Russian for Cyrillic words, NLTK's pure-Python stemmers, no data download);
``KeywordIndex(entries).search(query, n)`` gives ``(unit_id, score)`` best first.
What it leaves to others: what the entries are (``index``), fusing the lists (``retrieve``).
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from assistant.text import stem

if TYPE_CHECKING:
    from assistant.search.index import Entry


_WORD = re.compile(r"[^\W_]+", re.UNICODE)


_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_EN, STOPWORDS_RUSSIAN

    return frozenset(STOPWORDS_EN) | frozenset(STOPWORDS_RUSSIAN)


@lru_cache(maxsize=1)
def _russian():
    from nltk.stem.snowball import SnowballStemmer

    return SnowballStemmer("russian")


@lru_cache(maxsize=20000)
def _stem_russian(word: str) -> str:
    return _russian().stem(word)


def tokenize(text: str) -> list[str]:
    stop = _stopwords()
    return [_stem_russian(w) if _CYRILLIC.search(w) else stem(w)
            for w in _WORD.findall(text.lower()) if w not in stop and len(w) > 1]


class KeywordIndex:
    """BM25 over one document per searchable unit (its context, text and gloss)."""

    def __init__(self, entries: list[Entry]):
        import bm25s

        logging.getLogger("bm25s").setLevel(logging.WARNING)  # bm25s sets its own logger to DEBUG
        texts: dict[str, list[str]] = {}
        for e in entries:
            if e.searchable:
                texts.setdefault(e.unit_id, []).append(e.text)
        self.unit_ids = list(texts)
        self.bm25 = bm25s.BM25()
        self.bm25.index([tokenize(" ".join(t)) for t in texts.values()], show_progress=False)

    def search(self, query: str, n: int) -> list[tuple[str, float]]:
        tokens = [t for t in tokenize(query) if t in self.bm25.vocab_dict]
        if not tokens:
            return []
        scores = self.bm25.get_scores(tokens)
        order = np.argsort(-scores)[:n]
        return [(self.unit_ids[i], float(scores[i])) for i in order if scores[i] > 0]
