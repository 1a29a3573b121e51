"""Cleaning and checking the officer's answers, field by field, with messages that say what to fix.

What it does: ``clean_message`` makes any input safe to store (no NUL/control or bidi-override characters,
no lone surrogates, capped length, with a note when it truncates); ``check(key, text, fields, today)``
turns an answer into the value stored for a field or raises ``Invalid`` with a plain message; notes (an
electronic channel under Article 6(2), second paragraph) do not block. An answer may also give other
elements ("yes, the suspect must not learn of it" keeps the reason; "yes, we emailed it yesterday" gives
the channel and the date). Dates are read by ``dates`` against an injected ``today``. ``check`` is
idempotent: a stored value passes it again unchanged.
What it leaves to others: deciding what is asked and when (``machine``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from assistant.drafting.dates import find_date, fmt_date
from assistant.drafting.fields import BY_KEY, REQUEST_TYPES
from assistant.drafting.identifiers import find_identifiers
from assistant.drafting.signatory import units_case
from assistant.text import clean_input

MAX_CHARS = 20_000
PLACEHOLDERS = {"x", "xx", "xxx", "n/a", "na", "none", "nothing", "test", "tbd", "todo", "asdf", "-", "...",
                "?", "yes", "no", "ok", "skip", "same", "idk", "unknown", "blah", "lorem ipsum", "abc"}


class Invalid(ValueError):
    """An answer that cannot be stored; the message tells the officer what to give instead."""


@dataclass
class Checked:
    value: str
    notes: list[str] = field(default_factory=list)  # said to the officer; nothing blocks
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


NOT_AN_AUTHORITY = PLACEHOLDERS | set(REQUEST_TYPES) | {"request", "urgent", "confidential", "help", "back"}


def _authority(key, text, fields, today) -> Checked:
    if text.casefold().strip(" .!") in NOT_AN_AUTHORITY or letters(text) < 3:
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


REASON_KEYS = {"urgent": "urgency_reason", "confidential": "confidentiality_reason"}
SENDING = re.compile(r"\b(sent|send|emailed|e-mailed|mailed|faxed|called|phoned|rang|transmitted|forwarded|"
                     r"отправ\w*|направ\w*|передал\w*|передан\w*|звонил\w*)\b", re.IGNORECASE)


def _yesno(key, text, fields, today) -> Checked:
    answer = yes_no(text)
    if answer is None:
        raise Invalid(f"Please answer yes or no ({BY_KEY[key].cite}); you may add the reason after a comma.")
    checked = Checked(answer)
    rest = (YES if answer == "yes" else NO).sub("", text, count=1).strip(" ,.;:-–—")
    sending = key == "urgent" and answer == "yes" and (find_channel(text) or SENDING.search(text))
    if sending:  # "yes, we emailed it yesterday" fills the channel and the date, not a reason
        if channel := find_channel(text):
            checked.also["urgent_channel"] = channel
        _add_sent_date(checked, text, today)
    elif answer == "yes" and letters(rest) >= 8:  # "yes, the suspect must not learn of it": the reason
        checked.also[REASON_KEYS[key]] = rest[0].upper() + rest[1:]
    return checked


CHANNELS = (  # (pattern, stored value, electronic?)
    (r"\b(e-?mail\w*|mail|электронн\w+ почт\w*|по почте)\b", "by e-mail", True),
    (r"\b(fax\w*|факс\w*)\b", "by fax", True),
    (r"\b(messenger|telegram|whatsapp|signal|viber|мессенджер\w*)\b", "by messenger", True),
    (r"\b((tele)?phon\w*|call\w*|телефон\w*|звонк\w*)\b", "by telephone", False),
    (r"\b(oral\w*|verbal\w*|in person|устно)\b", "orally", False),
    (r"\b(technical|electronic\w*|secure (channel|line|network)|channel|encrypted|teletype|telex|"
     r"технич\w*)\b", "by technical means of communication", True),
)
CHANNEL_VALUES = {value for _, value, _ in CHANNELS}
ELECTRONIC = {value for _, value, electronic in CHANNELS if electronic}
CHANNEL_NOTE = ("Note on Article 6(2), second paragraph: a request (and the materials of its execution) may go "
                "through technical communication channels only where a bilateral agreement between the "
                "competent authorities exists or such channels are set by an international treaty of both "
                "Parties. The written confirmation must follow within 3 days in any case.")


def find_channel(text: str) -> str | None:
    for pattern, value, _ in CHANNELS:
        if re.search(pattern, text, re.IGNORECASE):
            return value
    return None


def _channel(key, text, fields, today) -> Checked:
    if text in CHANNEL_VALUES:
        return Checked(text, notes=[CHANNEL_NOTE] if text in ELECTRONIC else [])
    channel = find_channel(text)
    if channel is None:
        raise Invalid("Please say how it was (or will be) sent: orally, by phone, e-mail, fax or messenger - "
                      "Article 6(2) allows oral requests and technical means of communication.")
    checked = Checked(channel, notes=[CHANNEL_NOTE] if channel in ELECTRONIC else [])
    _add_sent_date(checked, text, today)
    rest = re.sub(r"^\s*(?:by|via|through|per)?\s*\S+\s*", "", text).strip(" ,.;:")
    if re.search(r"\d|@", rest):
        checked.also["urgent_channel_detail"] = rest
    return checked


def _add_sent_date(checked: Checked, text: str, today: date) -> None:
    """An urgent answer that also names the date it was sent fills ``urgent_sent_on`` when valid."""
    when = find_date(text, today, "past")
    if when is not None and today - timedelta(days=366) <= when <= today:
        checked.also["urgent_sent_on"] = when.isoformat()


PLANNED = re.compile(r"^\s*(planned|not yet|not sent( yet)?|will be|to be sent|later|no\b|pending|"
                     r"ещё нет|еще нет|планиру\w*|не отправ\w*|будет)", re.IGNORECASE)


def _sent(key, text, fields, today) -> Checked:
    if text == "planned" or PLANNED.match(text):
        return Checked("planned", notes=["Noted as planned: say 'sent' (or 'sent 2 December') when it goes; "
                                         "the 3-day confirmation period starts then."])
    when = find_date(text, today, "past")
    if when is None:
        raise Invalid("I could not read that as a date. Try 'yesterday', 'the day before yesterday', "
                      "3 March 2026 or 03.03.2026, or say 'planned' if it has not gone yet.")
    if when > today:
        return Checked("planned", notes=[f"{fmt_date(when)} is still ahead: noted as planned. Say 'sent' when "
                                         "it goes; the 3-day confirmation period starts then."])
    if when < today - timedelta(days=366):
        raise Invalid(f"{fmt_date(when)} is more than a year ago; please check the date.")
    checked = Checked(when.isoformat())
    if channel := find_channel(text):
        checked.also["urgent_channel"] = channel
    return checked


# ------------------------------------------------------------------------------------------------ dates


def _date_future(key, text, fields, today) -> Checked:
    when = find_date(text, today, "future")
    if when is None:
        raise Invalid("I could not read that as a date. Try 20 March 2026, 20.03.2026, 'in a month', "
                      "'within two weeks' or 'immediately'.")
    if when < today:
        raise Invalid(f"The deadline must not lie in the past (today is {fmt_date(today)}; you gave "
                      f"{fmt_date(when)}).")
    if when > today + timedelta(days=3650):
        raise Invalid(f"{fmt_date(when)} is more than ten years away; please check the date.")
    return Checked(when.isoformat())


def _date_any(key, text, fields, today) -> Checked:
    when = find_date(text, today, "past")
    if when is None or abs((when - today).days) > 3650:
        raise Invalid("I could not read that as a date. Try 'today', 29.11.2026 or 29 November 2026.")
    return Checked(when.isoformat())


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
                            r"commissioner|president|prosecutor|deputy|acting|investigator|officer|inspector|"
                            r"colonel|general|major|detective|agent|начальник|руководител|заместител|"
                            r"председател|директор|министр|прокурор|следовател)", re.IGNORECASE)
INITIALS_NAME = re.compile(r"^\s*(?P<name>(?:[A-ZА-ЯЁ]\.\s*){1,2}[A-ZА-ЯЁ][\w'-]+|[A-ZА-ЯЁ][\w'-]+\s+"
                           r"(?:[A-ZА-ЯЁ]\.\s*){1,2})\s*,\s*(?P<position>.+)$", re.DOTALL)


def _name(key, text, fields, today) -> Checked:
    name, _, position = text.partition(",")
    name = name.strip()
    if letters(name) < 2 or name.casefold().strip(" .") in PLACEHOLDERS:
        raise Invalid("Please give the signatory's initials and surname, e.g. \"A. B. Ivanov\".")
    checked = Checked(name if position.strip() and POSITION_WORDS.search(position) else text)
    if checked.value == name and position.strip():
        checked.also["signatory_position"] = position.strip()
    return checked


def _position(key, text, fields, today) -> Checked:
    if letters(text) < 3 or text.casefold().strip(" .") in PLACEHOLDERS:
        raise Invalid("Please give the signatory's position, e.g. \"Deputy Minister of Internal Affairs\".")
    if m := INITIALS_NAME.match(text):  # "A. Seitkali, Deputy Head of ..." gives the name too
        return Checked(m.group("position").strip(), also={"signatory_name": m.group("name").strip()})
    return Checked(text)


def _units(key, text, fields, today) -> Checked:
    if text in ("a", "b"):
        return Checked(text)
    case = units_case(text)
    if case is None:
        raise Invalid("Please answer 'a' (the competent authorities exchange the information) or 'b' "
                      "(independent specialised subdivisions of the competent authorities deal with each "
                      "other), as Article 6(4) distinguishes them.")
    return Checked(case)


CATEGORIES = "abcdefgh"
RU_TO_LATIN = dict(zip("абвгдежз", CATEGORIES, strict=True))


def _category(key, text, fields, today) -> Checked:
    low = text.casefold().strip(" .()«»")
    low = RU_TO_LATIN.get(low, low)
    if low in CATEGORIES or low in ("other", "иное", "другое"):
        low = "other" if low not in CATEGORIES else low
        return Checked(low)
    if m := re.fullmatch(r"(?:article\s*)?3\s*\(?1\)?\s*\(?([a-h])\)?|\(?([a-h])\)", low):
        return Checked(m.group(1) or m.group(2))
    for letter, pattern in zip(CATEGORIES, (r"unauthori[sz]ed access|неправомерн\w+ доступ",
                                            r"malware|malicious|вредоносн", r"rules of operation|правил эксплуат",
                                            r"theft|fraud|хищени|мошеннич", r"child|pornograph|порнограф",
                                            r"tools|hardware|special software|специальн\w+ программ",
                                            r"copyright|авторск", r"extremis|terror|экстремист|террор"),
                               strict=True):
        if re.search(pattern, low):
            return Checked(letter)
    raise Invalid("Please answer with a letter from (a) to (h) of Article 3(1), or 'other'.")


def _short(key, text, fields, today) -> Checked:
    spec = BY_KEY[key]
    if text.casefold().strip(" .!") in PLACEHOLDERS - {"no"} or letters(text) + sum(c.isdigit() for c in text) < 2:
        raise Invalid(f"Please give {spec.name} in words or figures, or say 'skip'.")
    checked = Checked(text)
    if key == "reference_number" and (m := re.search(r"\s+(?:of|from|dated|от)\s+(.+)$", text, re.I)):
        when = find_date(m.group(1), today, "past")
        if when is not None:
            checked = Checked(text[: m.start()].strip(), also={"reference_date": when.isoformat()})
    return checked


def _identifiers(key, text, fields, today) -> Checked:
    if not any(i.time for i in find_identifiers(text)):
        raise Invalid("I found no identifier with a date or time in that. Write each IP address with its "
                      "date, time and time zone, e.g. '203.0.113.5:443 10.02.2026 14:32:05 UTC+5'.")
    return Checked(text)


_CHECKERS = {"text": _text, "authority": _authority, "choice": _choice, "yesno": _yesno,
             "channel": _channel, "date_future": _date_future, "date_any": _date_any, "sent": _sent,
             "list": _list, "name": _name, "position": _position, "units": _units, "category": _category,
             "short": _short, "identifiers": _identifiers}
