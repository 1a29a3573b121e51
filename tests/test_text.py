"""The shared text rules: one input cleaner for questions, queries and drafting messages, each with its limit."""

from __future__ import annotations

import pytest

from assistant.drafting.validate import MAX_CHARS, clean_message
from assistant.search.retrieve import MAX_QUERY_CHARS, clean_query
from assistant.text import (
    MAX_QUESTION_CHARS,
    STOPWORDS,
    Cleaned,
    clean_input,
    clean_question,
    marker_end,
    shorten,
    strip_marker,
    was_truncated,
)

HOSTILE = "who\x00 signs\x07 the\u202e request\ufeff?\tnow"


@pytest.mark.parametrize("clean", [clean_question, clean_query, lambda text: clean_message(text)[0]])
def test_every_caller_drops_the_same_characters(clean):
    assert clean(HOSTILE) == "who signs the request? now"
    assert clean("lone \ud800 surrogate") == "lone \ufffd surrogate"
    assert clean("e\u0301") == "\u00e9"  # NFC


def test_each_caller_keeps_its_own_limit():
    long = "word " * 10_000
    assert len(clean_question("x" * 10_000)) == MAX_QUESTION_CHARS and was_truncated(long)
    assert len(clean_query(long)) <= MAX_QUERY_CHARS and clean_query(long).endswith("word")  # at a word
    text, notes = clean_message(long)
    assert len(text) <= MAX_CHARS and any(f"{MAX_CHARS:,}" in note for note in notes)
    assert not was_truncated("short question") and clean_message("short")[1] == []


def test_lines_are_kept_only_where_asked_and_junk_is_reported():
    assert clean_input("first line\r\nsecond\x00 line", 100, lines=True) == Cleaned("first line\nsecond line",
                                                                                     truncated=False, removed=True)
    assert clean_input("first\nsecond", 100).text == "first second"
    assert clean_input(b"\xff bytes", 100).text == "\ufffd bytes" and clean_input(None, 10).text == ""
    assert clean_query("<b>Article 10</b> say?") == "Article 10 say?"  # the query also drops tags


def test_markers_shortening_and_stopwords():
    assert strip_marker("g) a reference to this Agreement.") == "a reference to this Agreement."
    assert strip_marker("3. The request") == "The request" and strip_marker("1.5 million") == "1.5 million"
    assert marker_end("  a) item") == 5 and marker_end("  plain") == 2
    assert shorten("the prior written consent of the Party", 20) == "the prior written"
    assert shorten("the prior written consent", 20, "…") == "the prior written…"
    assert shorten("short", 20, "…") == "short"
    assert {"tell", "the"} <= STOPWORDS and "without" not in STOPWORDS  # "without consent" must count
