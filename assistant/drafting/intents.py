"""Reading one message: a command (back, undo, skip, change ..., history ..., sent ..., review ...) or an answer.

What it does: ``parse(text, phrases)`` returns an ``Intent``: a command from the phrase table the machine
passes in, ``change``/``history`` with the element they name ("change the deadline to 20 March" ->
change/deadline/"20 March"), a block of "Element: value" lines whose labels are all exact element names
(``pairs``), a one-line answer labelled with another element's name (``aimed``: the machine asks where it
goes), or a plain answer. It also splits "from X to Y" into the two authorities.
What it leaves to others: acting on the intent (``machine``) and checking values (``validate``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import field as dc_field

from assistant.drafting.fields import LABELS, match_field

CHANGE = re.compile(r"^\s*(?:please\s+)?(?:change|edit|correct|update|set|amend|modify|fix)\s+(?P<rest>.*)$",
                    re.IGNORECASE | re.DOTALL)
HISTORY = re.compile(r"^\s*(?:show\s+)?history\s+(?:of\s+)?(?P<rest>.+?)\s*\??$", re.IGNORECASE)
SENT = re.compile(r"^\s*(?:it\s+was\s+|now\s+)?sent(?:\s+(?:on\s+)?(?P<rest>.{1,40}?))?\s*[.!]?\s*$", re.IGNORECASE)
WHY = re.compile(r"^\s*why\s+(?:is\s+|do\s+you\s+need\s+|ask\s+)?(?P<rest>.+?)\??$", re.IGNORECASE)
FROM_TO = re.compile(r"^\s*(?:the\s+)?(?:authorities\s*:?\s*)?(?:is\s+)?(?:it\s+is\s+)?from\s+(?P<a>.+?)\s+to\s+"
                     r"(?:the\s+)?(?=\S)(?P<b>.+?)\s*[.;]?\s*$", re.IGNORECASE | re.DOTALL)
FROM_TO_RU = re.compile(r"^\s*от\s+(?P<a>.+?)\s+(?:в|во|к)\s+(?P<b>[A-ZА-ЯЁ«\"].+?)\s*[.;]?\s*$", re.DOTALL)
KEY_VALUE = re.compile(r"^\s*(?P<name>[^:=\n]{1,40}?)\s*[:=]\s*(?P<value>.*)$")


@dataclass
class Intent:
    kind: str  # empty | answer | pairs | aimed | change | unknown_change | why | history | sent | a command
    field: str | None = None
    value: str | None = None
    pairs: list[tuple[str, str]] = dc_field(default_factory=list)


def parse(text: str, phrases: dict[str, str] | None = None) -> Intent:
    if not text.strip():
        return Intent("empty")
    phrase = re.sub(r"\s+", " ", text.casefold()).strip(" ?!.")
    if phrases and phrase in phrases:
        return Intent(phrases[phrase])
    if (m := HISTORY.match(text)) and (named := match_field(m.group("rest"))) and not named[1]:
        return Intent("history", field=named[0])
    if m := SENT.match(text):
        return Intent("sent", value=(m.group("rest") or "").strip())
    if m := CHANGE.match(text):
        if change := _change(m.group("rest")):
            return change
        if len(text.split()) <= 6:  # "change foo": a short command naming no element
            return Intent("unknown_change", value=m.group("rest").strip())
    if (m := WHY.match(text)) and len(text) < 80 and (named := match_field(m.group("rest"))):
        return Intent("why", field=named[0])
    if pairs := labelled_block(text):
        return Intent("pairs", pairs=pairs)
    if aimed := labelled_line(text):
        return Intent("aimed", field=aimed[0], value=aimed[1])
    return Intent("answer", value=text)


def _change(rest: str) -> Intent | None:
    if FROM_TO.match(rest) or FROM_TO_RU.match(rest):
        return Intent("change", field="requesting_authority", value=rest.strip())
    named = match_field(rest)
    if named is None:
        return None
    key, value = named
    value = re.sub(r"^\s*(?:to|:|=|as|into|with)\s*", "", value, flags=re.IGNORECASE).strip()
    return Intent("change", field=key, value=value or None)


def labelled_block(text: str) -> list[tuple[str, str]]:
    """Several "Element: value" lines whose labels are all exact element names (continuation lines join the
    value above). One line, or any label that is not an exact name, gives nothing."""
    lines = [line for line in text.split("\n") if line.strip()]
    pairs: list[tuple[str, str]] = []
    for line in lines:
        m = KEY_VALUE.match(line)
        key = LABELS.get(re.sub(r"[\s_]+", " ", m.group("name")).strip().casefold()) if m else None
        if m and key is None and LABELS.get(m.group("name").strip().casefold().replace(" ", "_")):
            key = LABELS[m.group("name").strip().casefold().replace(" ", "_")]
        if key:
            pairs.append((key, m.group("value").strip()))
        elif pairs and not (m and match_field(m.group("name"))):  # "Note: ..." continues the value above
            pairs[-1] = (pairs[-1][0], (pairs[-1][1] + "\n" + line.strip()).strip())
        else:  # a label that is not an exact element name ("Position:") is never filed by itself
            return []
    return pairs if len(pairs) > 1 else []


def labelled_line(text: str) -> tuple[str, str] | None:
    """An answer that opens with another element's name and a colon ("Position: the server is ...")."""
    first = text.split("\n", 1)[0]
    m = KEY_VALUE.match(first)
    named = match_field(m.group("name")) if m else None
    if not named or named[1]:
        return None
    value = text[text.index(first) + m.start("value"):].strip() if m.group("value") else text.split("\n", 1)[-1]
    return named[0], value.strip()


def split_authorities(text: str) -> tuple[str, str] | None:
    """ "from the Ministry ... to the Investigative Committee ..." -> (requesting, requested).

    The split is at the first " to the " when there is one (names such as "Department to Combat
    Cybercrime" survive), else at the first " to ". In Russian, "от X в/к Y" splits where a capitalised name
    follows "в" or "к" ("в сфере" inside a name does not split).
    """
    if m := FROM_TO_RU.match(text):  # "от МВД Республики Казахстан в Следственный комитет ..."
        return m.group("a").strip(" ,"), m.group("b").strip(" ,")
    if not FROM_TO.match(text):
        return None
    rest = re.split(r"\bfrom\s+", text, maxsplit=1, flags=re.IGNORECASE)[1]
    m = re.search(r"\s+to\s+(?=the\s)", rest, re.IGNORECASE) or re.search(r"\s+to\s+", rest, re.IGNORECASE)
    a, b = rest[: m.start()], rest[m.end():]
    a, b = a.strip(" ,"), re.sub(r"[.;]\s*$", "", b).strip(" ,")
    a, b = (re.sub(r"^the\s+(?=\S)", "", s, flags=re.IGNORECASE) for s in (a, b))
    return (a, b) if a and b else None
