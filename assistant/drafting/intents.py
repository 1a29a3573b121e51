"""Reading one message: a command (back, skip, change ..., review, status, why, cancel ...) or an answer.

What it does: ``parse(text)`` returns an ``Intent``: the command with its field and value when it names
them ("change the deadline to 20 March" -> change/deadline/"20 March"), several "key: value" lines as
pairs, or a plain answer. It also splits "from X to Y" into the two authorities.
What it leaves to others: acting on the intent (``machine``) and checking values (``validate``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import field as dc_field

from assistant.drafting.fields import match_field

COMMANDS = {
    "back": ("back", "go back", "previous", "undo"),
    "skip": ("skip", "skip it", "skip this", "pass", "next"),
    "keep": ("keep", "keep it", "unchanged", "leave it", "same as before"),
    "review": ("review", "show", "show draft", "summary", "show me the draft", "preview"),
    "status": ("status", "progress", "where are we", "what is missing", "what's missing", "missing"),
    "why": ("why", "why is this needed", "why do you need this", "explain"),
    "help": ("help", "commands", "what can i say"),
    "cancel": ("cancel", "abort", "stop", "discard"),
    "resume": ("resume", "continue", "reopen"),
    "letter": ("letter", "confirmation", "confirmation letter", "written confirmation"),
    "export": ("export", "download", "print", "save as pdf", "save as docx"),
}
_COMMAND_OF = {phrase: name for name, phrases in COMMANDS.items() for phrase in phrases}
CHANGE = re.compile(r"^\s*(?:please\s+)?(?:change|edit|correct|update|set|amend|modify|fix)\s+(?P<rest>.*)$",
                    re.IGNORECASE | re.DOTALL)
WHY = re.compile(r"^\s*why\s+(?:is\s+|do\s+you\s+need\s+|ask\s+)?(?P<rest>.+?)\??$", re.IGNORECASE)
FROM_TO = re.compile(r"^\s*(?:the\s+)?(?:authorities\s*:?\s*)?(?:is\s+)?(?:it\s+is\s+)?from\s+(?P<a>.+?)\s+to\s+"
                     r"(?:the\s+)?(?=\S)(?P<b>.+?)\s*[.;]?\s*$", re.IGNORECASE | re.DOTALL)
KEY_VALUE = re.compile(r"^\s*(?P<name>[^:=\n]{1,40}?)\s*[:=]\s*(?P<value>.*)$")
WEAK_ALIASES = {"date", "case", "data", "to", "from", "type", "name", "other", "information", "content",
                "sent", "title", "post", "means", "channel", "kind", "facts", "requested", "requesting"}


@dataclass
class Intent:
    kind: str  # empty | answer | pairs | change | unknown_change | why | a name from COMMANDS
    field: str | None = None
    value: str | None = None
    pairs: list[tuple[str, str]] = dc_field(default_factory=list)


def parse(text: str) -> Intent:
    if not text.strip():
        return Intent("empty")
    phrase = re.sub(r"\s+", " ", text.casefold()).strip(" ?!.")
    if phrase in _COMMAND_OF:
        return Intent(_COMMAND_OF[phrase])
    if m := CHANGE.match(text):
        if change := _change(m.group("rest")):
            return change
        if len(text.split()) <= 6:  # "change foo": a short command naming no element
            return Intent("unknown_change", value=m.group("rest").strip())
    if (m := WHY.match(text)) and len(text) < 80 and (named := match_field(m.group("rest"))):
        return Intent("why", field=named[0])
    if pairs := key_value_pairs(text):
        return Intent("pairs", pairs=pairs)
    return Intent("answer", value=text)


def _change(rest: str) -> Intent | None:
    if FROM_TO.match(rest):
        return Intent("change", field="requesting_authority", value=rest.strip())
    named = match_field(rest)
    if named is None:
        return None
    key, value = named
    value = re.sub(r"^\s*(?:to|:|=|as|into|with)\s*", "", value, flags=re.IGNORECASE).strip()
    return Intent("change", field=key, value=value or None)


def key_value_pairs(text: str) -> list[tuple[str, str]]:
    """ "deadline: 20 March" or several "key: value" lines (continuation lines join the value above)."""
    lines = [line for line in text.split("\n") if line.strip()]
    first = KEY_VALUE.match(lines[0]) if lines else None
    if not first:
        return []
    several = len(lines) > 1
    pairs: list[tuple[str, str]] = []
    for line in lines:
        m = KEY_VALUE.match(line)
        named = match_field(m.group("name")) if m else None
        if named and not named[1] and (several or m.group("name").strip().casefold() not in WEAK_ALIASES):
            pairs.append((named[0], m.group("value").strip()))
        elif pairs:
            pairs[-1] = (pairs[-1][0], (pairs[-1][1] + "\n" + line.strip()).strip())
        else:
            return []
    return pairs


def split_authorities(text: str) -> tuple[str, str] | None:
    """ "from the Ministry ... to the Investigative Committee ..." -> (requesting, requested).

    The split is at the first " to the " when there is one (names such as "Department to Combat
    Cybercrime" survive), else at the first " to ".
    """
    if not FROM_TO.match(text):
        return None
    rest = re.split(r"\bfrom\s+", text, maxsplit=1, flags=re.IGNORECASE)[1]
    m = re.search(r"\s+to\s+(?=the\s)", rest, re.IGNORECASE) or re.search(r"\s+to\s+", rest, re.IGNORECASE)
    a, b = rest[: m.start()], rest[m.end():]
    a, b = a.strip(" ,"), re.sub(r"[.;]\s*$", "", b).strip(" ,")
    a, b = (re.sub(r"^the\s+(?=\S)", "", s, flags=re.IGNORECASE) for s in (a, b))
    return (a, b) if a and b else None
