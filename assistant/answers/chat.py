"""Multi-turn conversations: follow-up questions are read in the context of the turns before them.

What it does: ``ChatSession.ask`` rewrites a follow-up into a question that stands on its own before it is
answered: "what about paragraph 2?" -> "Article 7(2)" of the article just discussed; "what does (g) mean?" ->
the item (g) next to the provision just cited; "and who signs it?" -> retrieval steered by the previous question
(a question opening with "and", "what about"..., one of three words or less, or a short one with a pronoun); a
question that names a provision, in any of the three languages ("14-бабында не делінген?"), stands on its own
however short. ``SessionStore`` keeps many sessions apart, per user (the web app serves several users at once);
given the settings, it keeps every turn in the state store (``assistant.state.conversations``), so that a
conversation survives a restart and continues on another app instance.
What it leaves to others: answering (any ``contract.Answering``: ``extractive``, ``llm``), storing
(``assistant.state``), rendering (CLI,
web app).
"""

from __future__ import annotations

import re
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from assistant.answers.contract import Answering
from assistant.answers.extractive import Answer, Citation
from assistant.corpus.parse import Corpus, Unit
from assistant.corpus.references import find_references
from assistant.search.language import english_references
from assistant.state.conversations import ConversationInfo  # what SessionStore.list returns
from assistant.text import clean_question

_PARAGRAPH_ONLY = re.compile(r"\b(?:paragraph|para\.?|clause|part)\s*\(?(\d+)\)?", re.IGNORECASE)
_ITEM_ONLY = re.compile(r"(?:^|\s|\b(?:item|letter|subparagraph|point)\s*)\(([a-z])\)|"
                        r"\b(?:item|letter|subparagraph|point)\s+([a-z])\b", re.IGNORECASE)
_FOLLOW_UP = re.compile(r"^(?:and|also|so|but|then|what about|how about|what if|same|ok|okay)\b", re.IGNORECASE)
_PRONOUN = re.compile(r"\b(?:it|that|this|they|them|those|these|such|there|its|their)\b", re.IGNORECASE)
MAX_TURNS_KEPT = 50
LOCAL_USER = "local"  # the web app's user when logins are off
MAX_BARE_FOLLOW_UP_WORDS = 3  # "on what grounds?" leans on the turn before; "Who must sign the request?" not
# A pronoun makes a follow-up of a short question only ("is that in writing?", "can they refuse it?"): a longer
# one names what it is about itself ("can the kazakhs pass what we sent them on to interpol?" is not about the
# turn before, and steered by it quoted Article 7(3) instead of Article 10).
MAX_PRONOUN_FOLLOW_UP_WORDS = 8


@dataclass
class Turn:
    question: str
    resolved: str  # the question as answered, after follow-up resolution
    answer: Answer
    context: str = ""  # the earlier question that steered retrieval, if this was a follow-up

    def to_record(self) -> dict:
        return {"question": self.question, "resolved": self.resolved, "context": self.context,
                "answer": self.answer.as_dict()}

    @classmethod
    def from_record(cls, record: dict) -> Turn:
        data = record["answer"]
        answer = Answer(data["question"], data["answer"], bool(data["found"]),
                        [Citation(c["id"], c["label"], c["article"], c["quote"]) for c in data["citations"]],
                        float(data.get("elapsed_ms", 0.0)), confidence=data.get("confidence"),
                        language=data.get("language", "en"))
        return cls(record["question"], record["resolved"], answer, record.get("context", ""))


@dataclass
class ChatSession:
    """One conversation with any ``Answering`` (the extractive ``Answerer``, the ``LLMAnswerer``); with a
    ``history`` (``assistant.state.conversations.Conversations``) its turns are read from and saved to the
    state store on every question (not read twice when ``SessionStore.get`` has just read them)."""

    answerer: Answering
    id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    turns: list[Turn] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    user: str = LOCAL_USER
    history: object | None = field(default=None, repr=False)
    started: datetime = field(default_factory=lambda: datetime.now(UTC))
    title: str = ""  # set by SessionStore.rename when kept in memory only
    fresh: bool = field(default=False, repr=False)  # turns just read by SessionStore.get: ask need not again

    @property
    def corpus(self) -> Corpus:
        return self.answerer.corpus

    def ask(self, question: str) -> Answer:
        with self.lock:
            if self.history is not None and not self.fresh:  # another app instance may have added turns
                self.turns = self.stored_turns(MAX_TURNS_KEPT)
            self.fresh = False
            text = clean_question(question)
            previous = self._last_found()
            resolved, context = resolve_follow_up(self.corpus, text, previous)
            topic = previous.answer.citations[0].article if previous and context else None
            answer = self.answerer.ask(resolved if resolved != text else question, context=context, topic=topic)
            answer.question = text
            turn = Turn(text, resolved, answer, context)
            if self.history is not None:
                self.history.append(self.user, self.id, turn.to_record())
            self.turns.append(turn)
            del self.turns[:-MAX_TURNS_KEPT]
            return answer

    def stored_turns(self, last: int | None = None) -> list[Turn]:
        if self.history is None:
            return list(self.turns)
        return [Turn.from_record(r) for r in self.history.turns(self.user, self.id, last)]

    def _last_found(self) -> Turn | None:
        return next((t for t in reversed(self.turns) if t.answer.found and t.answer.citations), None)


def resolve_follow_up(corpus: Corpus, question: str, previous: Turn | None) -> tuple[str, str]:
    """(question to answer, retrieval context). Stand-alone questions come back unchanged."""
    if previous is None or not question or names_a_provision(corpus, question):
        return question, ""
    last = corpus.get(previous.answer.citations[0].id)
    if (m := _ITEM_ONLY.search(question)) and (unit := _sibling_item(corpus, last, (m[1] or m[2]).lower())):
        return _ITEM_ONLY.sub(f" {unit.label} ", question, count=1).strip(), ""
    if (m := _PARAGRAPH_ONLY.search(question)) and (unit := corpus.get(f"art-{last.article}.{m[1]}")):
        return _PARAGRAPH_ONLY.sub(unit.label, question, count=1), ""
    words = len(question.split())
    if (_FOLLOW_UP.search(question) or words <= MAX_BARE_FOLLOW_UP_WORDS
            or (_PRONOUN.search(question) and words <= MAX_PRONOUN_FOLLOW_UP_WORDS)):
        return question, previous.resolved
    return question, ""


def names_a_provision(corpus: Corpus, question: str) -> bool:
    """Whether the question names a provision, in any language ("Article 14", "статья 14", "14-бабында"): such a
    question stands on its own, however short."""
    return bool(find_references(corpus, question) or find_references(corpus, english_references(question)))


def _sibling_item(corpus: Corpus, unit: Unit | None, key: str) -> Unit | None:
    """The item ``key`` nearest to ``unit``: among its children, its siblings, then its article."""
    while unit is not None:
        for child in corpus.children(unit):
            if child.id.rsplit(".", 1)[-1] == key:
                return child
        unit = corpus.get(unit.parent) if unit.parent else None
    return None


class SessionStore:
    """Chat sessions by (user, id), least recently used dropped from memory beyond ``capacity``.
    Thread-safe. With ``settings`` every turn is kept in the state store; without, in memory only."""

    def __init__(self, make_answerer: Callable[[], Answering], capacity: int = 1000, settings=None):
        self._make = make_answerer
        self._sessions: OrderedDict[tuple[str, str], ChatSession] = OrderedDict()
        self._capacity = capacity
        self._lock = threading.Lock()
        self._history = None
        if settings is not None:
            from assistant.state.conversations import Conversations
            from assistant.state.db import open_state

            self._history = Conversations(open_state(settings))

    def get(self, session_id: str | None, user: str = LOCAL_USER) -> ChatSession:
        with self._lock:
            key = (user, str(session_id)[:64]) if session_id else None
            if key in self._sessions:
                self._sessions.move_to_end(key)
                self._sessions[key].fresh = False  # another instance may have added turns since
                return self._sessions[key]
            session = ChatSession(self._make(), user=user, history=self._history)
            if session_id:
                session.id = key[1]
            if self._history is not None:
                session.turns = session.stored_turns(MAX_TURNS_KEPT)
                session.fresh = True
            self._sessions[(user, session.id)] = session
            while len(self._sessions) > self._capacity:
                self._sessions.popitem(last=False)
            return session

    def list(self, user: str) -> list[ConversationInfo]:
        """``ConversationInfo`` (id, title, updated, turns) of ``user``'s conversations, newest first."""
        if self._history is not None:
            return self._history.list(user)
        with self._lock:
            mine = [s for (owner, _), s in reversed(self._sessions.items()) if owner == user and s.turns]
        return [ConversationInfo(s.id, s.title or s.turns[0].question[:80], s.started, len(s.turns)) for s in mine]

    def turns(self, user: str, session_id: str) -> list[Turn]:
        if self._history is not None:
            return [Turn.from_record(r) for r in self._history.turns(user, str(session_id)[:64])]
        session = self._sessions.get((user, str(session_id)[:64]))
        return list(session.turns) if session else []

    def rename(self, user: str, session_id: str, title: str) -> bool:
        if self._history is not None:
            return self._history.rename(user, str(session_id)[:64], title)
        session = self._sessions.get((user, str(session_id)[:64]))
        if session is not None:
            session.title = " ".join(str(title or "").split())[:200]
        return session is not None

    def delete(self, user: str, session_id: str) -> bool:
        with self._lock:
            found = self._sessions.pop((user, str(session_id)[:64]), None) is not None
        if self._history is not None:
            return self._history.delete(user, str(session_id)[:64])
        return found
