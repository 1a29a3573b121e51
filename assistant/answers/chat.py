"""Multi-turn conversations: follow-up questions are read in the context of the turns before them.

What it does: ``ChatSession.ask`` rewrites a follow-up into a question that stands on its own before it is
answered: "what about paragraph 2?" -> "Article 7(2)" of the article just discussed; "what does (g) mean?"
-> the item (g) next to the provision just cited; "and who signs it?" -> retrieval steered by the previous
question. ``SessionStore`` keeps many sessions apart (the web app serves several users at once), each
owned by a user, listed, renamed and deleted (kept in memory here; persistence is a storage concern).
What it leaves to others: answering (``answer``/``llm``), rendering (CLI, web app).
"""

from __future__ import annotations

import re
import threading
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import UTC, datetime

from assistant.answers.extractive import Answer
from assistant.corpus.parse import Corpus, Unit
from assistant.corpus.references import find_references
from assistant.text import clean_question

_PARAGRAPH_ONLY = re.compile(r"\b(?:paragraph|para\.?|clause|part)\s*\(?(\d+)\)?", re.IGNORECASE)
_ITEM_ONLY = re.compile(r"(?:^|\s|\b(?:item|letter|subparagraph|point)\s*)\(([a-z])\)|"
                        r"\b(?:item|letter|subparagraph|point)\s+([a-z])\b", re.IGNORECASE)
_FOLLOW_UP = re.compile(r"^(?:and|also|so|but|then|what about|how about|what if|same|ok|okay)\b|"
                        r"\b(?:it|that|this|they|them|those|these|such|there|its|their)\b", re.IGNORECASE)
MAX_TURNS_KEPT = 50
MAX_BARE_FOLLOW_UP_WORDS = 3  # "on what grounds?" leans on the turn before; "Who must sign the request?" not


@dataclass
class Turn:
    question: str
    resolved: str  # the question as answered, after follow-up resolution
    answer: Answer
    context: str = ""  # the earlier question that steered retrieval, if this was a follow-up


@dataclass
class ConversationInfo:
    id: str
    title: str
    updated: datetime
    turns: int


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass
class ChatSession:
    """One conversation. ``answerer`` is an ``Answerer`` or an ``LLMAnswerer`` (same ``ask``)."""

    answerer: object
    id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    turns: list[Turn] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    user: str = "local"
    title: str = ""
    updated: datetime = field(default_factory=_now)

    @property
    def corpus(self) -> Corpus:
        return self.answerer.corpus

    def ask(self, question: str) -> Answer:
        with self.lock:
            text = clean_question(question)
            previous = self._last_found()
            resolved, context = resolve_follow_up(self.corpus, text, previous)
            topic = previous.answer.citations[0].article if previous and context else None
            answer = self.answerer.ask(resolved if resolved != text else question, context=context, topic=topic)
            answer.question = text
            self.turns.append(Turn(text, resolved, answer, context))
            del self.turns[:-MAX_TURNS_KEPT]
            self.title = self.title or text[:80]
            self.updated = _now()
            return answer

    def _last_found(self) -> Turn | None:
        return next((t for t in reversed(self.turns) if t.answer.found and t.answer.citations), None)


def resolve_follow_up(corpus: Corpus, question: str, previous: Turn | None) -> tuple[str, str]:
    """(question to answer, retrieval context). Stand-alone questions come back unchanged."""
    if previous is None or not question or find_references(corpus, question):
        return question, ""
    last = corpus.get(previous.answer.citations[0].id)
    if (m := _ITEM_ONLY.search(question)) and (unit := _sibling_item(corpus, last, (m[1] or m[2]).lower())):
        return _ITEM_ONLY.sub(f" {unit.label} ", question, count=1).strip(), ""
    if (m := _PARAGRAPH_ONLY.search(question)) and (unit := corpus.get(f"art-{last.article}.{m[1]}")):
        return _PARAGRAPH_ONLY.sub(unit.label, question, count=1), ""
    if _FOLLOW_UP.search(question) or len(question.split()) <= MAX_BARE_FOLLOW_UP_WORDS:
        return question, previous.resolved
    return question, ""


def _sibling_item(corpus: Corpus, unit: Unit | None, key: str) -> Unit | None:
    """The item ``key`` nearest to ``unit``: among its children, its siblings, then its article."""
    while unit is not None:
        for child in corpus.children(unit):
            if child.id.rsplit(".", 1)[-1] == key:
                return child
        unit = corpus.get(unit.parent) if unit.parent else None
    return None


class SessionStore:
    """Chat sessions by id, each owned by a user; least recently used dropped beyond ``capacity``.
    Thread-safe. A session id of another user is never handed out: asking with it starts a new one."""

    def __init__(self, make_answerer, capacity: int = 1000):
        self._make = make_answerer
        self._sessions: OrderedDict[str, ChatSession] = OrderedDict()
        self._capacity = capacity
        self._lock = threading.Lock()

    def get(self, session_id: str | None, user: str = "local") -> ChatSession:
        with self._lock:
            known = self._sessions.get(session_id) if session_id else None
            if known is not None and known.user == user:
                self._sessions.move_to_end(session_id)
                return known
            session = ChatSession(self._make(), user=user)
            if session_id and known is None:
                session.id = str(session_id)[:64]
            self._sessions[session.id] = session
            while len(self._sessions) > self._capacity:
                self._sessions.popitem(last=False)
            return session

    def _own(self, user: str, session_id: str | None) -> ChatSession | None:
        session = self._sessions.get(session_id) if session_id else None
        return session if session is not None and session.user == user else None

    def list(self, user: str) -> list[ConversationInfo]:
        """The user's conversations that have at least one turn, the most recent first."""
        with self._lock:
            own = [s for s in self._sessions.values() if s.user == user and s.turns]
        own.sort(key=lambda s: s.updated, reverse=True)
        return [ConversationInfo(s.id, s.title, s.updated, len(s.turns)) for s in own]

    def rename(self, user: str, session_id: str, title: str) -> bool:
        with self._lock:
            session = self._own(user, session_id)
            if session is None or not (title or "").strip():
                return False
            session.title = title.strip()[:80]
            return True

    def delete(self, user: str, session_id: str) -> bool:
        with self._lock:
            if self._own(user, session_id) is None:
                return False
            del self._sessions[session_id]
            return True

    def turns(self, user: str, session_id: str) -> list[Turn]:
        with self._lock:
            session = self._own(user, session_id)
            return list(session.turns) if session else []
