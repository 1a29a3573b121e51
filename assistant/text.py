"""Small text helpers shared by the index, answers, chat and the LLM check: input, sentences, stems.

What it does: makes any user input safe to process (control characters, NUL, lone surrogates, huge
sizes), splits provisions into sentences without breaking "No. 277-VI", and reduces words to stems for
BM25 and overlap scoring (NLTK's Snowball stemmer: pure Python, no data download).
What it leaves to others: every decision about what to search for or answer.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

MAX_QUESTION_CHARS = 2000

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_MARKER = re.compile(r"^(?:\d+\.|[a-z]\))\s+")
_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+(?=[A-Z\"(])|\n+")
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+|\d+")
STOPWORDS = frozenset(
    "a about above after again against all am an and any are as at be because been before being below "
    "between both but by can could did do does doing down during each few for from further had has have "
    "having he her here hers herself him himself his how i if in into is it its itself just me more most "
    "my myself no nor not now of off on once only or other our ours ourselves out over own same she should "
    "so some such than that the their theirs them themselves then there these they this those through to "
    "too under until up very was we were what when where which while who whom why will with would you your "
    "yours yourself yourselves may must shall us also does anything something tell say says said".split()
)


def clean_question(text: object) -> str:
    """Any input -> printable, NFC-normalised text of at most ``MAX_QUESTION_CHARS`` characters."""
    if text is None:
        return ""
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    text = str(text).encode("utf-8", errors="replace").decode("utf-8")
    text = unicodedata.normalize("NFC", _CONTROL.sub(" ", text))
    text = re.sub(r"\s+", " ", text).strip()
    return text[:MAX_QUESTION_CHARS]


def was_truncated(original: object) -> bool:
    return isinstance(original, str) and len(original.strip()) > MAX_QUESTION_CHARS


def strip_marker(text: str) -> str:
    """``"g) a reference to this Agreement."`` -> ``"a reference to this Agreement."`` (still verbatim)."""
    return _MARKER.sub("", text.strip(), count=1)


def sentences(text: str) -> list[str]:
    """Verbatim sentences (each a substring of ``text``), split at sentence ends and line breaks."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s and s.strip()]


@lru_cache(maxsize=1)
def _stemmer():
    from nltk.stem.snowball import SnowballStemmer  # on first use: nltk takes ~1 s to import

    return SnowballStemmer("english")


@lru_cache(maxsize=20000)
def stem(word: str) -> str:
    """English Snowball stem (NLTK: pure Python, no data download); shared by BM25 and answers."""
    return _stemmer().stem(word.lower())


def content_stems(text: str) -> set[str]:
    """Stems of the words that carry meaning (stopwords dropped)."""
    return {stem(w) for w in _WORD.findall(text) if w.lower() not in STOPWORDS}


def shorten(quote: str, limit: int) -> str:
    """A verbatim prefix of ``quote`` of at most ``limit`` characters, cut at a word boundary."""
    if len(quote) <= limit:
        return quote
    cut = quote[:limit]
    return cut[: cut.rfind(" ")].rstrip(" ,;:") if " " in cut else cut
