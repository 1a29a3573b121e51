"""Dates as officers write them, in English and Russian, counted from an injected ``today``.

What it does: ``parse_date(text, today, prefer)`` reads one date expression; ``find_date`` finds one inside a
longer answer ("yes, we emailed it yesterday evening"). Named dates ("20 March", "20 марта 2026 г.",
"next Friday") go to ``dateparser``; this module wraps it where it is wrong or silent: numeric dates
(20.12.2026, 2026-12-20), leads such as "by", "not later than", "до", "не позднее", "в течение", immediate
words ("immediately", "ASAP", "today", "немедленно" = today), "the day before yesterday" (dateparser reads
it as yesterday) and relative periods, where a month is a calendar month ("in a month" on 29 November is
29 December, via ``dateutil.relativedelta``), not 30 days. ``fmt_date`` writes a date in English or Russian.
What it leaves to others: whether a date is acceptable for a field (``validate``).
"""

from __future__ import annotations

import re
from datetime import date, datetime

from dateutil.relativedelta import relativedelta

RU_MONTHS = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
             "ноября", "декабря")
NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14, "fifteen": 15, "twenty": 20,
    "thirty": 30, "один": 1, "одна": 1, "одного": 1, "одной": 1, "два": 2, "две": 2, "двух": 2, "три": 3,
    "трёх": 3, "трех": 3, "четыре": 4, "четырёх": 4, "пять": 5, "пяти": 5, "шесть": 6, "семь": 7, "десять": 10,
    "десяти": 10, "пятнадцать": 15, "тридцать": 30, "тридцати": 30,
}
UNITS = (
    (r"days?|дн\w*|день|сут\w*", "days"), (r"weeks?|недел\w*", "weeks"),
    (r"months?|месяц\w*", "months"), (r"years?|год\w*|лет", "years"),
)
FIXED = {  # whole expressions -> days from today
    "today": 0, "сегодня": 0, "immediately": 0, "asap": 0, "a.s.a.p": 0, "as soon as possible": 0,
    "urgently": 0, "at once": 0, "without delay": 0, "немедленно": 0, "незамедлительно": 0, "срочно": 0,
    "как можно скорее": 0, "безотлагательно": 0, "в кратчайший срок": 0, "в кратчайшие сроки": 0,
    "yesterday": -1, "вчера": -1, "the day before yesterday": -2, "day before yesterday": -2,
    "позавчера": -2, "tomorrow": 1, "завтра": 1, "the day after tomorrow": 2, "day after tomorrow": 2,
    "послезавтра": 2,
}
LEAD = re.compile(
    r"^(?:(?:not\s+later\s+than|no\s+later\s+than|by\s+the\s+latest|at\s+the\s+latest\s+by|by|until|till|"
    r"before|on|dated|of|sent|within|in\s+the\s+course\s+of|не\s+позднее|не\s+позже|до|к|по|от|в\s+течение|"
    r"на\s+протяжении|в\s+срок\s+до|в\s+срок)\s+)+", re.IGNORECASE)
TAIL = re.compile(r"(?:\s+(?:evening|morning|afternoon|night|вечером|утром|днём|днем|ночью)|\s*(?:г\.|года?|"
                  r"at\s+the\s+latest|from\s+today|from\s+now|at\s+latest|включительно))+$", re.IGNORECASE)
RELATIVE = re.compile(r"^(?:in\s+|after\s+|через\s+)?(?:(?P<n>\d{1,4}|[a-zа-яё]+)\s*)??(?P<unit>[a-zа-яё]+)"
                      r"(?:\s+(?:time|from\s+now|later|спустя))?$", re.IGNORECASE)
NUMERIC = re.compile(r"^(?P<d>\d{1,2})[./-](?P<m>\d{1,2})[./-](?P<y>\d{4}|\d{2})$")
NAMED_HINT = re.compile(r"\d|monday|tuesday|wednesday|thursday|friday|saturday|sunday|week|month|year|"
                        r"понедельник|вторник|сред|четверг|пятниц|суббот|воскресен", re.IGNORECASE)


def _number(word: str | None) -> int | None:
    if not word:
        return 1
    return int(word) if word.isdigit() else NUMBERS.get(word.casefold())


def _unit(word: str) -> str | None:
    for pattern, name in UNITS:
        if re.fullmatch(pattern, word, re.IGNORECASE):
            return name
    return None


def _relative(text: str, today: date) -> date | None:
    """ "2 months", "a month", "in two weeks", "месяц", "10 дней" -> today plus that period."""
    if not (m := RELATIVE.match(text)):
        return None
    n, unit = _number(m.group("n")), _unit(m.group("unit"))
    if n is None or unit is None or n > 3650:
        return None
    return today + relativedelta(**{unit: n})


def _numeric(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    if not (m := NUMERIC.match(text)):
        return None
    year = int(m.group("y"))
    year += 2000 if year < 100 else 0
    try:
        return date(year, int(m.group("m")), int(m.group("d")))
    except ValueError:
        return None


def _dateparser(text: str, today: date, prefer: str) -> date | None:
    import dateparser

    settings = {"PREFER_DATES_FROM": prefer, "RELATIVE_BASE": datetime(today.year, today.month, today.day),
                "DATE_ORDER": "DMY", "RETURN_AS_TIMEZONE_AWARE": False, "PREFER_DAY_OF_MONTH": "first"}
    try:
        parsed = dateparser.parse(text, languages=["en", "ru"], settings=settings)
    except (ValueError, OverflowError, TypeError, AttributeError, LookupError):
        return None
    return parsed.date() if parsed else None


def normalise(text: str) -> str:
    text = re.sub(r"\s+", " ", text.strip().casefold()).strip(" .,;!")
    text = LEAD.sub("", text)
    return TAIL.sub("", text).strip(" .,;")


def parse_date(text: str, today: date, prefer: str = "future") -> date | None:
    """One date expression -> a date, or None. ``prefer`` ("future"/"past") settles "20 March"."""
    if not text or len(text) > 80:
        return None
    plain = normalise(text)
    if not plain:
        return None
    if plain in FIXED:
        return today + relativedelta(days=FIXED[plain])
    if (when := _numeric(plain)) or (when := _relative(plain, today)):
        return when
    if not NAMED_HINT.search(plain):
        return None
    return _dateparser(plain, today, prefer)


DATE_LEAD = re.compile(r"\b(?:on|sent|dated|date|of|to|by|until|before|not later than|no later than|"
                       r"within|in|до|от|не позднее|в течение|через)\s+", re.IGNORECASE)
DATE_END = re.compile(r"[,;()]|\s+(?:by|via|through|orally|over|and|because|at|from|и|по|через)\b",
                      re.IGNORECASE)
WORD_DATES = re.compile(r"\b(?:" + "|".join(sorted((re.escape(k) for k in FIXED), key=len, reverse=True)) + r")\b",
                        re.IGNORECASE)
ANY_NUMERIC = re.compile(r"\b(\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{2,4})\b")


def find_date(text: str, today: date, prefer: str) -> date | None:
    """A date anywhere in a short answer: "yes, sent orally on 3 March 2026" -> 3 March 2026."""
    if (when := parse_date(text, today, prefer)) is not None or len(text) > 400:
        return when
    if m := ANY_NUMERIC.search(text):
        return _numeric(m.group(1))
    if m := WORD_DATES.search(text):  # before the leads: "the day before yesterday" is not "yesterday"
        return today + relativedelta(days=FIXED[m.group(0).casefold()])
    for lead in DATE_LEAD.finditer(text):
        chunk = DATE_END.split(text[lead.end():], maxsplit=1)[0]
        if (when := parse_date(chunk, today, prefer)) is not None:
            return when
    return None


def fmt_date(value: date | str, lang: str = "en") -> str:
    when = date.fromisoformat(value) if isinstance(value, str) else value
    if lang == "ru":
        return f"{when.day} {RU_MONTHS[when.month - 1]} {when.year} г."
    return f"{when.day} {when:%B %Y}"


def countdown(due: date, today: date) -> str:
    """ "due today", "due tomorrow", "due in 3 days", "overdue by 2 days"."""
    days = (due - today).days
    if days < 0:
        return f"overdue by {-days} day{'s' if days < -1 else ''}"
    return {0: "due today", 1: "due tomorrow"}.get(days, f"due in {days} days")
