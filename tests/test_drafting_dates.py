"""Dates as officers write them, English and Russian, counted from a fixed today (29 November 2026)."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.drafting.dates import countdown, find_date, fmt_date, parse_date
from assistant.drafting.validate import Invalid, check

TODAY = date(2026, 11, 29)  # a Sunday: month ends and year ends make the arithmetic visible

TABLE = [  # (expression, prefer, expected)
    # the day before yesterday and friends (dateparser reads "the day before yesterday" as yesterday)
    ("the day before yesterday", "past", "2026-11-27"), ("day before yesterday", "past", "2026-11-27"),
    ("позавчера", "past", "2026-11-27"), ("yesterday", "past", "2026-11-28"), ("вчера", "past", "2026-11-28"),
    ("yesterday evening", "past", "2026-11-28"), ("вчера вечером", "past", "2026-11-28"),
    ("today", "future", "2026-11-29"), ("сегодня", "future", "2026-11-29"),
    ("tomorrow", "future", "2026-11-30"), ("завтра", "future", "2026-11-30"),
    ("the day after tomorrow", "future", "2026-12-01"), ("послезавтра", "future", "2026-12-01"),
    # immediate
    ("immediately", "future", "2026-11-29"), ("ASAP", "future", "2026-11-29"),
    ("as soon as possible", "future", "2026-11-29"), ("without delay", "future", "2026-11-29"),
    ("urgently", "future", "2026-11-29"), ("немедленно", "future", "2026-11-29"),
    ("незамедлительно", "future", "2026-11-29"), ("как можно скорее", "future", "2026-11-29"),
    ("в кратчайшие сроки", "future", "2026-11-29"),
    # calendar months, not 30 days (29 November + 1 month = 29 December, not 1 December)
    ("in a month", "future", "2026-12-29"), ("1 month", "future", "2026-12-29"),
    ("a month", "future", "2026-12-29"), ("within a month", "future", "2026-12-29"),
    ("within one month", "future", "2026-12-29"), ("2 months", "future", "2027-01-29"),
    ("in two months", "future", "2027-01-29"), ("3 months", "future", "2027-02-28"),
    ("через месяц", "future", "2026-12-29"), ("в течение месяца", "future", "2026-12-29"),
    ("месяц", "future", "2026-12-29"), ("в течение двух месяцев", "future", "2027-01-29"),
    ("a year", "future", "2027-11-29"), ("1 year", "future", "2027-11-29"),
    # days and weeks
    ("in 10 days", "future", "2026-12-09"), ("10 days", "future", "2026-12-09"),
    ("within 30 days", "future", "2026-12-29"), ("3 days", "future", "2026-12-02"),
    ("в течение 10 дней", "future", "2026-12-09"), ("через 3 дня", "future", "2026-12-02"),
    ("10 дней", "future", "2026-12-09"), ("within two weeks", "future", "2026-12-13"),
    ("within 2 weeks", "future", "2026-12-13"), ("in a week", "future", "2026-12-06"),
    ("a week", "future", "2026-12-06"), ("в течение двух недель", "future", "2026-12-13"),
    ("через две недели", "future", "2026-12-13"), ("через неделю", "future", "2026-12-06"),
    # explicit dates with leads
    ("not later than 15 January 2027", "future", "2027-01-15"), ("no later than 15.01.2027", "future", "2027-01-15"),
    ("by 20.12.2026", "future", "2026-12-20"), ("до 20.12.2026", "future", "2026-12-20"),
    ("не позднее 15.01.2027", "future", "2027-01-15"), ("до 1 января", "future", "2027-01-01"),
    ("until 31 December 2026", "future", "2026-12-31"), ("before 10 December", "future", "2026-12-10"),
    ("20.12.2026", "future", "2026-12-20"), ("20/12/2026", "future", "2026-12-20"),
    ("20.12.26", "future", "2026-12-20"), ("2026-12-20", "future", "2026-12-20"),
    ("20 December 2026", "future", "2026-12-20"), ("December 20, 2026", "future", "2026-12-20"),
    ("20 Dec 2026", "future", "2026-12-20"), ("20 декабря 2026 г.", "future", "2026-12-20"),
    ("20 декабря 2026 года", "future", "2026-12-20"), ("20 декабря", "future", "2026-12-20"),
    ("15th of January", "future", "2027-01-15"), ("by Friday", "future", "2026-12-04"),
    ("next Friday", "future", "2026-12-04"),
    # "20 March" is ahead for a deadline, behind for a date something was sent
    ("20 March", "future", "2027-03-20"), ("20 March", "past", "2026-03-20"),
    ("on 27 November", "past", "2026-11-27"), ("27.11.2026", "past", "2026-11-27"),
]


def test_the_table_is_big_enough():
    assert len(TABLE) >= 60 and len({(t, p) for t, p, _ in TABLE}) == len(TABLE)


@pytest.mark.parametrize("text, prefer, expected", TABLE)
def test_date_expressions(text, prefer, expected):
    assert parse_date(text, TODAY, prefer) == date.fromisoformat(expected)


@pytest.mark.parametrize("text", ["soon", "x", "", "whenever", "the merits of the case", "2026-02-30", "99.99.2026"])
def test_not_dates(text):
    assert parse_date(text, TODAY, "future") is None


@pytest.mark.parametrize("text, expected", [
    ("yes, we emailed it yesterday evening", "2026-11-28"),
    ("yes, we emailed it the day before yesterday", "2026-11-27"),
    ("да, отправили по почте позавчера", "2026-11-27"),
    ("yes, sent orally on 3 November 2026", "2026-11-03"),
    ("by fax on 25.11.2026 at 10:00", "2026-11-25"),
])
def test_dates_inside_answers(text, expected):
    assert find_date(text, TODAY, "past") == date.fromisoformat(expected)


@pytest.mark.parametrize("text, expected", [
    ("immediately", "2026-11-29"), ("ASAP", "2026-11-29"), ("today", "2026-11-29"),
    ("in a month", "2026-12-29"), ("within two weeks", "2026-12-13"), ("до 20.12.2026", "2026-12-20"),
    ("в течение 10 дней", "2026-12-09"), ("not later than 15 January 2027", "2027-01-15"),
])
def test_deadlines_once_refused_are_accepted(text, expected):
    assert check("deadline", text, {}, TODAY).value == expected


def test_deadline_in_the_past_is_refused_with_both_dates():
    with pytest.raises(Invalid, match="must not lie in the past.*29 November 2026.*28 November 2026"):
        check("deadline", "yesterday", {}, TODAY)


def test_formats_and_countdown():
    assert fmt_date("2026-12-01", "ru") == "1 декабря 2026 г." and fmt_date("2026-12-01") == "1 December 2026"
    assert countdown(date(2026, 11, 30), TODAY) == "due tomorrow"
    assert countdown(TODAY, TODAY) == "due today"
    assert countdown(date(2026, 12, 2), TODAY) == "due in 3 days"
    assert countdown(date(2026, 11, 27), TODAY) == "overdue by 2 days"
