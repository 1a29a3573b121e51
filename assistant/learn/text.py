"""Small text helpers for the learn mode: periods, key phrases, verbatim windows and short choices.

What it does: finds time periods ("3 days", "6 months") and key phrases (runs of content words) in a unit's
text, cuts a verbatim window of a sentence around them (with a blank where the phrase was), and reads a
list item's first line as a choice (``act`` shortens the choices). Every window and choice is a slice of the text it came from, so a checker
can look it up verbatim (``core`` drops the "…" a shortened choice carries).
What it leaves to others: which questions to ask (``kinds``, ``act``) and drawing quizzes (``quiz``).
Generic English patterns only; nothing here knows a particular act.
"""

from __future__ import annotations

import re

from assistant.text import LIST_MARKER, QUIZ_STOPWORDS, strip_marker

BLANK = "_____"
ELLIPSIS = "…"

_NUMBER_WORDS = ("one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|fifteen|twenty|"
                 "thirty|forty|forty-five|sixty|ninety")
PERIOD_RE = re.compile(
    rf"\b(\d+|{_NUMBER_WORDS})\s+(?:(?:calendar|working|business|clear)\s+)?(hours?|days?|weeks?|months?|years?)\b",
    re.IGNORECASE,
)
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z-]*[A-Za-z]")
_BOUNDARY_RE = re.compile(r"[.;:!?]+(?=\s|$)|\n")
_TOKEN_RE = re.compile(r"\S+")


def core(choice: str) -> str:
    """A choice as it appears in the text: without the "…" that marks a shortened end."""
    return choice.strip().removeprefix(ELLIPSIS).removesuffix(ELLIPSIS).strip()


def norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def item_line(text: str) -> str:
    """A list item's first line without its marker ("a) ") and closing punctuation."""
    return strip_marker(text.split("\n", 1)[0]).rstrip(";.,: ").strip()


def words(text: str) -> set[str]:
    return {w.casefold() for w in _WORD_RE.findall(text) if w.casefold() not in QUIZ_STOPWORDS}


def overlap(a: str, b: str) -> int:
    return len(words(a) & words(b))


def sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence (or list line) around ``text[start:end]``, its closing punctuation included."""
    left, right = 0, len(text)
    for match in _BOUNDARY_RE.finditer(text):
        if match.end() <= start:
            left = match.end()
        elif match.start() >= end:
            right = match.end() if match.group() != "\n" else match.start()
            break
    while left < start and text[left].isspace():
        left += 1
    if marker := LIST_MARKER.match(text[left:start]):
        left += marker.end()
    return left, right


def window(text: str, start: int, end: int, span: int = 10) -> tuple[int, int, bool, bool]:
    """At most ``span`` words of the sentence on each side of ``text[start:end]``; and whether each side is cut."""
    left, right = sentence_span(text, start, end)
    before = list(_TOKEN_RE.finditer(text, left, start))
    after = list(_TOKEN_RE.finditer(text, end, right))
    cut_left, cut_right = len(before) > span, len(after) > span
    if cut_left:
        left = before[-span].start()
    if cut_right:
        right = after[span - 1].end()
    return left, right, cut_left, cut_right


def blanked_sentence(text: str, start: int, end: int) -> str:
    """The whole sentence (or list line) around ``text[start:end]``, with a blank in its place."""
    left, right = sentence_span(text, start, end)
    return text[left:start] + BLANK + text[end:right]


def blanked(text: str, start: int, end: int, span: int = 10) -> tuple[str, str]:
    """(verbatim context with a blank, the same for display with "…" at cut ends) around ``text[start:end]``."""
    left, right, cut_left, cut_right = window(text, start, end, span)
    context = text[left:start] + BLANK + text[end:right]
    shown = (ELLIPSIS if cut_left else "") + context + (ELLIPSIS if cut_right else "")
    return context, shown


def excerpt(text: str, start: int, end: int, span: int) -> tuple[str, str]:
    """(verbatim excerpt, display form) of the sentence around ``text[start:end]``, ``span`` words a side."""
    left, right, cut_left, cut_right = window(text, start, end, span)
    verbatim = text[left:right]
    return verbatim, (ELLIPSIS if cut_left else "") + verbatim + (ELLIPSIS if cut_right else "")


def key_phrases(text: str) -> list[tuple[int, int]]:
    """Spans of 2-3 consecutive content words joined by single spaces ("written consent")."""
    runs: list[list[re.Match]] = []
    current: list[re.Match] = []
    for match in _WORD_RE.finditer(text):
        content = match.group().casefold() not in QUIZ_STOPWORDS
        joined = bool(current) and text[current[-1].end():match.start()] == " "
        if content and (joined or not current):
            current.append(match)
            continue
        runs.append(current)
        current = [match] if content else []
    runs.append(current)
    # a run ending in "-ing" is usually a noun and the participle after it ("Parties arising"): not a phrase
    return [(r[0].start(), r[-1].end()) for r in runs if 2 <= len(r) <= 3 and not r[-1].group().endswith("ing")]


def period_variants(periods: list[str], generic: bool = False) -> list[str]:
    """Plausible wrong periods from the numbers and units the text itself uses; with ``generic``, also
    the same numbers in days/months/years and doubled or halved (for an act with too few periods)."""
    numbers, units = [], []
    for period in periods:
        if match := PERIOD_RE.search(period):
            numbers.append(match.group(1))
            units.append(match.group(2).casefold().rstrip("s"))
    if generic:
        numbers += [str(f(int(n))) for n in numbers if n.isdigit() for f in (lambda x: 2 * x, lambda x: x // 2)]
        units += ["day", "month", "year"]
    out = []
    for number in dict.fromkeys(n for n in numbers if n != "0"):
        for unit in dict.fromkeys(units):
            plural = "" if number.casefold() in ("1", "one") else "s"
            out.append(f"{number} {unit}{plural}")
    return out
