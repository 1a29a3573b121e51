"""Cleaning and checking the officer's answers, field by field, with messages that say what to fix.

What it does: ``clean_message`` makes any input safe to store (no NUL/control or bidi-override characters,
no lone surrogates, capped length, with a note when it truncates); ``check(key, text, fields, today)``
turns an answer into the value stored for a field or raises ``Invalid`` with a plain message; warnings
(an unfit signatory under Article 6(4)) do not block. Dates are parsed offline with ``dateparser`` against
an injected ``today``. ``check`` is idempotent: a stored value passes it again unchanged.
What it leaves to others: deciding what is asked and when (``machine``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from assistant.drafting.fields import BY_KEY, REQUEST_TYPES
from assistant.text import clean_input

MAX_CHARS = 20_000
CONFIRMATION_DAYS = 3  # Article 6(2): confirmed in writing within 3 days
PLACEHOLDERS = {"x", "xx", "xxx", "n/a", "na", "none", "nothing", "test", "tbd", "todo", "asdf", "-", "...",
                "?", "yes", "no", "ok", "skip", "same", "idk", "unknown", "blah", "lorem ipsum", "abc"}


class Invalid(ValueError):
    """An answer that cannot be stored; the message tells the officer what to give instead."""


@dataclass
class Checked:
    value: str
    warnings: list[str] = field(default_factory=list)
    also: dict[str, str] = field(default_factory=dict)  # other fields the same answer gave


def clean_message(text: str) -> tuple[str, list[str]]:
    """Strip what must never be stored (``text.clean_input``, line breaks kept); cap the length. Returns the
    text and notes for the officer."""
    cleaned = clean_input(text or "", MAX_CHARS, lines=True)
    notes = []
    if cleaned.removed:
        notes.append("I removed control characters from your message.")
    if cleaned.truncated:
        notes.append(f"Your message was longer than {MAX_CHARS:,} characters: I kept the first {MAX_CHARS:,}.")
    return cleaned.text, notes


def letters(text: str) -> int:
    return sum(ch.isalpha() for ch in text)


def check(key: str, text: str, fields: dict[str, str], today: date) -> Checked:
    """Validate ``text`` as the answer for ``key`` given the other answers; raise ``Invalid`` if unfit."""
    text = text.strip()
    if not text:
        raise Invalid("The answer is empty.")
    kind = BY_KEY[key].kind
    return _CHECKERS[kind](key, text, fields, today)


# ------------------------------------------------------------------------------------------- checkers


def _text(key, text, fields, today) -> Checked:
    spec = BY_KEY[key]
    if text.casefold().strip(" .!") in PLACEHOLDERS or letters(text) < 2:
        raise Invalid(f"Please state {spec.name} in words: it cannot be left as {text[:20]!r}.")
    if spec.required and (len(text.split()) < 3 or letters(text) < 12):
        raise Invalid(f"That is too short to state {spec.name}: write at least a full sentence "
                      f"({spec.cite} requires it).")
    return Checked(text)


def _authority(key, text, fields, today) -> Checked:
    if text.casefold().strip(" .!") in PLACEHOLDERS or letters(text) < 3:
        raise Invalid("Please give the competent authority's full name, e.g. \"Ministry of Internal "
                      "Affairs of the Republic of Kazakhstan\".")
    other_key = "requested_authority" if key == "requesting_authority" else "requesting_authority"
    other = fields.get(other_key)
    if other and _same(other, text):
        raise Invalid("The requesting and the requested authority must differ (Article 6(3)(a)): "
                      f"{BY_KEY[other_key].name} is already {other[:200]!r}.")
    return Checked(text)


def _same(a: str, b: str) -> bool:
    def norm(s):
        return re.sub(r"\W+", " ", re.sub(r"^\s*the\s+", "", s.casefold())).strip()
    return norm(a) == norm(b)


def _choice(key, text, fields, today) -> Checked:
    low = text.casefold()
    if low in REQUEST_TYPES:
        return Checked(low)
    if re.search(r"preserv|5\s*\(?\s*i\b|\bsecur\w* of data|\bfreez", low):
        return Checked("preservation")
    if re.search(r"assist|5\s*\(?\s*b\b|\binformation\b", low):
        return Checked("assistance")
    raise Invalid("Please answer 'assistance' (a request for assistance, Article 5(b)) or 'preservation' "
                  "(urgent preservation of data stored in computer systems, Article 5(i)).")


YES = re.compile(r"^\s*(yes|y|yeah|yep|true|urgent|confidential|it is|it's|correct|please do|da|да)\b",
                 re.IGNORECASE)
NO = re.compile(r"^\s*(no|n|nope|false|not|non|none|net|нет)\b", re.IGNORECASE)


def yes_no(text: str) -> str | None:
    if NO.match(text):
        return "no"
    if YES.match(text):
        return "yes"
    return None


def _yesno(key, text, fields, today) -> Checked:
    answer = yes_no(text)
    if answer is None:
        raise Invalid(f"Please answer yes or no ({BY_KEY[key].cite}).")
    checked = Checked(answer)
    if key == "urgent" and answer == "yes":  # "yes, sent orally on 3 March" also fills the details
        if channel := find_channel(text):
            checked.also["urgent_channel"] = channel
        _add_sent_date(checked, text, today)
    return checked


ORAL = re.compile(r"\b(oral\w*|verbal\w*|by (tele)?phone|phone call|in person)\b", re.IGNORECASE)
TECHNICAL = re.compile(r"\b(technical|e-?mail|fax|telex|telegram|electronic\w*|secure (channel|line|"
                       r"network)|message|channel|encrypted|teletype)\b", re.IGNORECASE)


def find_channel(text: str) -> str | None:
    if ORAL.search(text):
        return "orally"
    if TECHNICAL.search(text):
        return "by technical means of communication"
    return None


def _channel(key, text, fields, today) -> Checked:
    if text in ("orally", "by technical means of communication"):
        return Checked(text)
    channel = find_channel(text)
    if channel is None:
        raise Invalid("Please say 'orally' or 'by technical means' (phone, fax, e-mail ...) - "
                      "the two ways Article 6(2) allows for urgent requests.")
    checked = Checked(channel)
    if key == "urgent_channel":
        _add_sent_date(checked, text, today)
    return checked


def _add_sent_date(checked: Checked, text: str, today: date) -> None:
    """An urgent answer that also names the date it was sent fills ``urgent_sent_on`` when valid."""
    when = find_date(text, today, "past") if re.search(r"\d|yesterday|today", text, re.I) else None
    if when is not None and today - timedelta(days=366) <= when <= today:
        checked.also["urgent_sent_on"] = when.isoformat()


# ------------------------------------------------------------------------------------------------ dates

WITHIN = re.compile(r"^\s*(?:within|in|after)\s+(\d{1,4})\s+(day|week|month)s?\b", re.IGNORECASE)
DATE_LEAD = re.compile(r"\b(?:on|sent|dated|date|of|to|by|until|before)\s+", re.IGNORECASE)
DATE_END = re.compile(r"[,;()]|\s+(?:by|via|through|orally|over|and|because)\b", re.IGNORECASE)


def parse_date(text: str, today: date, prefer: str) -> date | None:
    """Parse a date in several formats (ISO, 20.03.2026, 20 March [2026], March 20, in 10 days ...)."""
    text = text.strip().rstrip(".")
    if not text or len(text) > 80 or not re.search(r"\d|today|tomorrow|yesterday|day|week|month|"
                                                     r"monday|tuesday|wednesday|thursday|friday", text, re.I):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    if m := WITHIN.match(text):
        n, unit = int(m.group(1)), m.group(2).lower()
        days = n * {"day": 1, "week": 7, "month": 30}[unit]
        return today + timedelta(days=days) if days < 3650 else None
    import dateparser

    settings = {"PREFER_DATES_FROM": prefer, "RELATIVE_BASE": datetime(today.year, today.month, today.day),
                "DATE_ORDER": "DMY", "RETURN_AS_TIMEZONE_AWARE": False, "PREFER_DAY_OF_MONTH": "first"}
    try:
        parsed = dateparser.parse(text, languages=["en", "ru"], settings=settings)
    except (ValueError, OverflowError, TypeError, AttributeError, LookupError):
        return None
    return parsed.date() if parsed else None


def find_date(text: str, today: date, prefer: str) -> date | None:
    """A date anywhere in a short answer: "yes, sent orally on 3 March 2026" -> 3 March 2026."""
    when = parse_date(text, today, prefer)
    if when is not None or len(text) > 400:
        return when
    for lead in DATE_LEAD.finditer(text):
        chunk = DATE_END.split(text[lead.end():], maxsplit=1)[0]
        if (when := parse_date(chunk, today, prefer)) is not None:
            return when
    return None


def _date_future(key, text, fields, today) -> Checked:
    when = find_date(text, today, "future")
    if when is None:
        raise Invalid("I could not read that as a date. Try 20 March 2026, 20.03.2026, 2026-03-20 or "
                      "'in 10 days'.")
    if when <= today:
        raise Invalid(f"The deadline must lie in the future (today is {fmt_date(today)}; you gave "
                      f"{fmt_date(when)}).")
    if when > today + timedelta(days=3650):
        raise Invalid(f"{fmt_date(when)} is more than ten years away; please check the date.")
    return Checked(when.isoformat())


def _date_past(key, text, fields, today) -> Checked:
    when = find_date(text, today, "past")
    if when is None:
        raise Invalid("I could not read that as a date. Try 3 March 2026, 03.03.2026, 2026-03-03 or "
                      "'yesterday'.")
    if when > today:
        raise Invalid(f"The urgent request must already have been sent: {fmt_date(when)} is after today "
                      f"({fmt_date(today)}). Give the date it went orally or by technical means.")
    if when < today - timedelta(days=366):
        raise Invalid(f"{fmt_date(when)} is more than a year ago; please check the date.")
    checked = Checked(when.isoformat())
    due = when + timedelta(days=CONFIRMATION_DAYS)
    if due < today:
        checked.warnings.append(f"Article 6(2): the written confirmation was due by {fmt_date(due)}, "
                                "which has passed. Send it without further delay.")
    if key == "urgent_sent_on" and (channel := find_channel(text)):
        checked.also["urgent_channel"] = channel
    return checked


def fmt_date(value: date | str) -> str:
    when = date.fromisoformat(value) if isinstance(value, str) else value
    return f"{when.day} {when:%B %Y}"


def confirmation_due(sent_on: str | None) -> str | None:
    if not sent_on:
        return None
    return (date.fromisoformat(sent_on) + timedelta(days=CONFIRMATION_DAYS)).isoformat()


# ------------------------------------------------------------------------------ lists, names, positions


def split_list(text: str) -> list[str]:
    items = re.split(r"\s*(?:;|\n)\s*", text)
    return [re.sub(r"^(?:(?:[-*\u2022]|\d+[.)])\s*)+", "", item).strip() for item in items if item.strip()]


def _list(key, text, fields, today) -> Checked:
    items = [i for i in split_list(text) if letters(i) >= 2]
    if not items or text.casefold().strip(" .") in PLACEHOLDERS:
        raise Invalid("Please list the attached documents separated by ';', or say 'skip' if none.")
    return Checked("; ".join(items))


POSITION_WORDS = re.compile(r"\b(head|chief|director|chairman|chairperson|chair|minister|commander|"
                            r"commissioner|president|prosecutor[- ]general|deputy|acting|investigator|"
                            r"officer|inspector|colonel|general|major|detective|agent|prosecutor)\b",
                            re.IGNORECASE)
HEAD = re.compile(r"\b(head|chief|director|chairman|chairperson|chair|minister|commander|commissioner|"
                  r"president|prosecutor[- ]general|director[- ]general|"
                  r"начальник\w*|руководител\w*|заместител\w*|председател\w*|директор\w*|министр\w*)\b",
                  re.IGNORECASE)
SUBDIVISION = re.compile(r"\bindependent\b.*\bcentral\b.*\bspeciali[sz]ed\b.*\bsubdivision\b", re.IGNORECASE)


def _name(key, text, fields, today) -> Checked:
    name, _, position = text.partition(",")
    name = name.strip()
    if letters(name) < 2 or name.casefold().strip(" .") in PLACEHOLDERS:
        raise Invalid("Please give the signatory's name, e.g. \"A. B. Ivanov\".")
    checked = Checked(name if position.strip() and POSITION_WORDS.search(position) else text)
    if checked.value == name and position.strip():
        checked.also["signatory_position"] = position.strip()
    return checked


def position_fit(position: str) -> str | None:
    """Which Article 6(4) case the position fits, or None when it fits neither."""
    if not HEAD.search(position):
        return None
    if SUBDIVISION.search(position):
        return "Article 6(4)(b)"
    return "Article 6(4)(a)"


def position_warning(position: str) -> str | None:
    if position_fit(position):
        return None
    return (f"Article 6(4): the request must be signed by the head of the requesting competent authority or "
            f"his deputy (a), or by the head of an independent central specialized subdivision (b). "
            f"{position[:120]!r} does not look like either: check who will sign.")


def _position(key, text, fields, today) -> Checked:
    if letters(text) < 3 or text.casefold().strip(" .") in PLACEHOLDERS:
        raise Invalid("Please give the signatory's position, e.g. \"Deputy Head of the Main Investigative "
                      "Department\".")
    checked = Checked(text)
    if warning := position_warning(text):
        checked.warnings.append(warning)
    return checked


_CHECKERS = {"text": _text, "authority": _authority, "choice": _choice, "yesno": _yesno,
             "channel": _channel, "date_future": _date_future, "date_past": _date_past, "list": _list,
             "name": _name, "position": _position}
