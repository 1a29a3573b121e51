"""The text rules shared across the package: cleaning input, list markers, stopwords, shortening, stems.

What it does:
- ``clean_input(text, limit, ...)``: the one rule that makes any user input safe to process (NUL and other
  control characters, bidi overrides and other invisible characters, lone surrogates, invalid bytes, huge
  sizes). Each caller passes its own limit: a question (``MAX_QUESTION_CHARS``, here), a search query
  (``search.retrieve``) and a drafting message (``drafting.validate``, which keeps its line breaks).
- ``LIST_MARKER`` / ``strip_marker``: the "1." and "a)" that open paragraphs and items in the acts.
- ``STOPWORDS`` (function words and the words of asking, for comparing a question with a provision) and
  ``QUIZ_STOPWORDS`` (function words and legal filler, for the learn mode's key phrases), from named parts.
- ``shorten``: a verbatim prefix cut at a word boundary; ``sentences``: verbatim sentences that do not break
  "No. 277-VI"; ``stem``/``content_stems``: NLTK's Snowball stemmer (pure Python, no data download).
What it leaves to others: every decision about what to search for, answer, ask or store.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

MAX_QUESTION_CHARS = 2000
SCAN_FACTOR = 5  # never look at more than this many times a caller's limit of raw input

# Whitespace that is not a plain space or line break (tabs, form feeds, separators): becomes a space.
_ODD_SPACE = re.compile(r"[\t\x0b\x0c\x1c-\x1f\x85\u2028\u2029]")
# Control characters, zero-width and bidi formatting characters, byte-order marks, noncharacters: removed.
_INVISIBLE = re.compile(r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064"
                        r"\u2066-\u2069\ufeff\ufffe\uffff]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")

# The markers that open a numbered paragraph ("1.") and a lettered item ("a)") in the acts.
PARAGRAPH_MARKER = r"(\d+)\."
ITEM_MARKER = r"([a-z])\)"
LIST_MARKER = re.compile(rf"^\s*(?:{PARAGRAPH_MARKER}|{ITEM_MARKER})\s+")

_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+(?=[A-Z\"(])|\n+")
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+|\d+")
FUNCTION_WORDS = frozenset(
    "a about above after again against all also an and any are as at be because been before being below "
    "between both but by can could did do does doing down during each few for from further had has have "
    "having he her here hers him his how i if in into is it its itself may more most must no nor not of off "
    "on once only or other our out over own same shall she should so some such than that the their them then "
    "there these they this those through to too under until up very was we were what when where which while "
    "who whom why will with would you your".split()
)
# How people ask ("tell me what it says"): no weight when a question is compared with a provision.
QUESTION_WORDS = frozenset(
    "am anything herself himself just me my myself now ours ourselves said say says something tell theirs "
    "themselves us yours yourself yourselves".split()
)
# Legal filler and qualifiers: never the phrase a quiz asks about, nor what makes two options alike.
FILLER_WORDS = frozenset(
    "accordance appropriate basis case cases certain either every following hereinafter however including "
    "might necessary order part possible provided purposes referred relevant respect specific therein thereof "
    "thereto unless upon whether whole within without".split()
)
STOPWORDS = FUNCTION_WORDS | QUESTION_WORDS  # a question against a provision (answers, relevance)
QUIZ_STOPWORDS = FUNCTION_WORDS | FILLER_WORDS  # key phrases and similar options in the learn mode


@dataclass(frozen=True)
class Cleaned:
    """Input made safe: the text, whether it was cut to the limit, and whether characters were removed."""

    text: str
    truncated: bool = False
    removed: bool = False


def clean_input(text: object, limit: int, *, lines: bool = False, at_word: bool = False,
                drop: re.Pattern | None = None) -> Cleaned:
    """Any input -> printable NFC text of at most ``limit`` characters.

    Bytes are decoded as UTF-8 (bad bytes and lone surrogates become U+FFFD); control and invisible
    characters are removed and odd spaces become spaces; ``drop`` (a pattern) is replaced by a space. With
    ``lines`` the line breaks are kept and only the ends are stripped; otherwise all white space folds to
    single spaces. Longer text is cut at ``limit`` (with ``at_word``, at the last space in its second half).
    """
    if text is None:
        raw = ""
    elif isinstance(text, bytes):
        raw = text.decode("utf-8", errors="replace")
    else:
        raw = str(text)
    scanned = raw[: limit * SCAN_FACTOR]
    out = _SURROGATE.sub("\ufffd", scanned)
    if drop is not None:
        out = drop.sub(" ", out)
    out = _ODD_SPACE.sub(" ", out.replace("\r\n", "\n").replace("\r", "\n"))
    visible = _INVISIBLE.sub("", out)
    removed, out = visible != out, unicodedata.normalize("NFC", visible)
    out = out.strip() if lines else " ".join(out.split())
    truncated = len(out) > limit or len(scanned) < len(raw)
    if len(out) > limit:
        cut = out.rfind(" ", 0, limit) if at_word else -1
        out = out[: cut if cut > limit // 2 else limit].rstrip()
    return Cleaned(out, truncated, removed)


def clean_question(text: object) -> str:
    """A question made safe (``clean_input``): at most ``MAX_QUESTION_CHARS`` characters on one line."""
    return clean_input(text, MAX_QUESTION_CHARS).text


def was_truncated(original: object) -> bool:
    """Whether ``clean_question`` had to cut this question to ``MAX_QUESTION_CHARS``."""
    return clean_input(original, MAX_QUESTION_CHARS).truncated


def strip_marker(text: str) -> str:
    """``"g) a reference to this Agreement."`` -> ``"a reference to this Agreement."`` (still verbatim)."""
    return LIST_MARKER.sub("", text.strip(), count=1)


def marker_end(text: str) -> int:
    """Where ``text`` starts after its leading spaces and list marker (0 when it has neither)."""
    found = LIST_MARKER.match(text)
    return found.end() if found else len(text) - len(text.lstrip())


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


def shorten(text: str, limit: int, mark: str = "") -> str:
    """``text`` (stripped) if it fits in ``limit`` characters; else a verbatim prefix cut at a word boundary,
    without trailing punctuation, followed by ``mark`` (e.g. "…" where the reader should see the cut)."""
    text = text.strip()
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:(") + mark
