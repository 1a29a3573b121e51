"""Multi-turn chat: follow-ups are read in context, and each turn carries its own citations."""

from __future__ import annotations

import pytest

from assistant.answers.chat import ChatSession, SessionStore
from assistant.answers.extractive import Answerer

pytestmark = pytest.mark.slow  # follow-ups through the real model and Chroma

CONVERSATIONS = [
    # (question, expected article of the first citation, expected unit id or None)
    [("What must a request for assistance contain?", "6", "art-6.3"),
     ("and who signs it?", "6", "art-6.4"),
     ("what does (b) say?", "6", "art-6.4.b")],
    [("What does Article 7 say about carrying out a request?", "7", None),
     ("what about paragraph 2?", "7", "art-7.2"),
     ("and paragraph 5?", "7", "art-7.5")],
    [("What must the request contain?", "6", "art-6.3"),
     ("what does (g) mean?", "6", "art-6.3.g"),
     ("and (e)?", "6", "art-6.3.e")],
    [("On what grounds may a request be refused?", "11", None),
     ("and must they tell us about it?", "11", "art-11.2"),
     ("is that in writing?", "11", "art-11.2")],
    [("May the results of a request be used for other purposes?", "9", None),
     ("and what if we want to pass them to a third country?", "10", "art-10"),
     ("is that consent in writing?", "10", None)],
]


@pytest.fixture(scope="module")
def answerer(retriever):
    return Answerer(retriever)


@pytest.mark.parametrize("turns", CONVERSATIONS, ids=[c[0][0][:30] for c in CONVERSATIONS])
def test_follow_up_conversations(answerer, turns):
    session = ChatSession(answerer)
    cited = []
    for question, article, unit_id in turns:
        answer = session.ask(question)
        assert answer.found, question
        assert answer.citations[0].article == article, (question, answer.citations[0].label)
        if unit_id:
            assert answer.citations[0].id == unit_id, (question, answer.citations[0].label)
        cited.append([c.id for c in answer.citations])
    assert len(session.turns) == 3
    # each turn keeps its own citations: later turns changed none of them, and they are not all the same
    assert [[c.id for c in t.answer.citations] for t in session.turns] == cited
    assert len({ids[0] for ids in cited}) >= 2, cited


def test_a_follow_up_is_only_rewritten_when_there_is_context(answerer):
    alone = ChatSession(answerer)
    alone.ask("what does (g) mean?")
    assert alone.turns[0].resolved == "what does (g) mean?"
    with_context = ChatSession(answerer)
    with_context.ask("What must the request contain?")
    with_context.ask("what does (g) mean?")
    assert "Article 6(3)(g)" in with_context.turns[1].resolved


def test_sessions_do_not_share_history(answerer):
    store = SessionStore(lambda: answerer)
    first, second = store.get("alice"), store.get("bob")
    first.ask("What must the request contain?")
    assert second.turns == [] and store.get("alice") is first
    second.ask("what does (g) mean?")
    assert second.turns[0].resolved == "what does (g) mean?"


def test_a_short_stand_alone_question_is_not_taken_over_by_the_previous_topic(answerer):
    session = ChatSession(answerer)
    session.ask("When does the Agreement enter into force?")
    session.ask("what about paragraph 2?")
    answer = session.ask("Who must sign the request?")
    assert session.turns[1].resolved == "what about Article 17(2)?"  # this one leaned on the turn before
    assert session.turns[-1].context == "" and session.turns[-1].resolved == "Who must sign the request?"
    assert answer.citations[0].article == "6"


@pytest.mark.parametrize("question", ["14-бабында не делінген?", "А статья 14?", "Article 14?"])
def test_a_short_question_naming_a_provision_in_any_language_stands_on_its_own(answerer, question):
    session = ChatSession(answerer)
    session.ask("Статья 9 требует согласия на передачу сведений третьей стороне?")
    answer = session.ask(question)
    assert session.turns[-1].context == "" and answer.found and answer.citations[0].article == "14"


def test_a_longer_question_with_a_pronoun_of_its_own_is_not_steered_by_the_turn_before(answerer):
    session = ChatSession(answerer)
    session.ask("Who signs a request under Article 6(4)?")
    answer = session.ask("can the kazakhs pass what we sent them on to interpol?")  # "them": the Kazakhs
    assert session.turns[-1].context == "" and answer.citations[0].article == "10", answer.citations[0].label
    session.ask("can they refuse it?")  # short: leans on the turn before
    assert session.turns[-1].context == "can the kazakhs pass what we sent them on to interpol?"
