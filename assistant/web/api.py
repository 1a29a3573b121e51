"""The web app's JSON API (gradio named endpoints): /ask, /draft, /conversation and /quiz.

What it does: each endpoint is a typed function whose parameters and TypedDict return value gradio shows on
its API page ("Use via API") and gradio_client calls. /ask and /draft return the objects of ``assistant ask
--json`` and ``assistant draft --jsonl``; /conversation lists, reads or deletes the caller's conversations;
/quiz makes a quiz with its answers and explanations. Calls run as the logged-in user ("local" without
logins). Annotations are evaluated (no ``from __future__ import annotations``): gradio reads the return
types from the signatures. What it leaves to others: answering, drafting and quizzes (``answers``, ``drafting``, ``learn``).
"""

from typing import Any, Literal, TypedDict

import gradio as gr

from assistant.errors import UserError
from assistant.learn import quiz as learn


class CitationJSON(TypedDict):
    id: str
    label: str
    article: str
    quote: str


class AskResult(TypedDict):
    """One answer: Markdown text, whether the Agreement covers the question, and its verified citations."""

    question: str
    answer: str
    found: bool
    confidence: Literal["high", "low"] | None
    citations: list[CitationJSON]
    elapsed_ms: float
    session_id: str


class WarningJSON(TypedDict):
    element: str
    clause: str
    message: str


class DraftTurn(TypedDict):
    """One drafting turn: the reply, the element asked next, what is missing, the fields so far (a value is
    text, or a list for the identifiers), the warnings, the status ("open", "complete", "complete, 1 warning",
    "cancelled"), the draft's name and the confirmation countdown. ``draft_id`` is null when nothing was kept
    (a first message that only asked for help)."""

    draft_id: str | None
    reply: str
    asking: str | None
    complete: bool
    missing: list[str]
    fields: dict[str, Any]
    confirmation_due: str | None
    countdown: str | None
    warnings: list[WarningJSON]
    status: str
    name: str


class TurnJSON(TypedDict):
    question: str
    answer: str
    found: bool
    citations: list[CitationJSON]


class ConversationJSON(TypedDict):
    id: str
    title: str
    updated: str
    turns: int


class ConversationResult(TypedDict):
    """``list``: the caller's conversations; ``read``: one conversation's turns; ``delete``: deleted or not."""

    conversations: list[ConversationJSON]
    turns: list[TurnJSON]
    deleted: bool


class QuizQuestionJSON(TypedDict):
    """One question; ``choices`` as ``assistant quiz --json`` gives them (long ones shortened with "…"),
    ``full_choices`` the same options in full."""

    question: str
    choices: list[str]
    full_choices: list[str]
    answer: int
    citation: CitationJSON
    explanation: str


def register(settings, sessions, corpus) -> None:
    """Add the four named endpoints to the Blocks being built."""
    from assistant.web.accounts import web_user

    def ask(question: str, session_id: str | None = None, request: gr.Request = None) -> AskResult:
        """Answer a question; pass the returned session_id back to ask follow-up questions."""
        session = sessions.get(session_id, user=web_user(request))
        result = session.ask(question if isinstance(question, str) else "").as_dict()
        return {**result, "session_id": session.id}

    def draft(message: str, draft_id: str | None = None, request: gr.Request = None) -> DraftTurn:
        """One drafting turn: the object of one `assistant draft --jsonl` line (a new draft if no id)."""
        from assistant.drafting import api as drafting

        try:
            return drafting.respond(settings, message if isinstance(message, str) else "", draft_id or None,
                                    user=web_user(request))
        except UserError:
            raise gr.Error("There is no draft with that id: start a new one (leave draft_id empty).",
                           print_exception=False) from None

    def conversation(action: Literal["list", "read", "delete"] = "list", session_id: str = "",
                     request: gr.Request = None) -> ConversationResult:
        """List your conversations, read one (its turns) or delete one, by the session_id /ask returned."""
        user = web_user(request)
        result = ConversationResult(conversations=[], turns=[], deleted=False)
        if action == "read":
            result["turns"] = [TurnJSON(question=t.question, answer=t.answer.answer, found=t.answer.found,
                                        citations=[c.as_dict() for c in t.answer.citations])
                               for t in sessions.turns(user, session_id)]
        elif action == "delete":
            result["deleted"] = sessions.delete(user, session_id)
        result["conversations"] = [ConversationJSON(id=i.id, title=i.title, updated=i.updated.isoformat(),
                                                    turns=i.turns) for i in sessions.list(user)]
        return result

    def quiz(count: int = 5, articles: str = "") -> list[QuizQuestionJSON]:
        """A quiz of `count` questions (1-30), optionally on some articles only ("6, 8"); `answer` indexes
        `choices`; the explanation quotes the provision."""
        try:
            questions = learn.generate_quiz(corpus, int(count), articles=articles or None)
        except (UserError, ValueError) as error:
            raise gr.Error(str(error), print_exception=False) from None
        return [QuizQuestionJSON(question=q.question, choices=list(q.choices), full_choices=list(q.options),
                                 answer=q.answer,
                                 citation=CitationJSON(id=q.citation.id, label=q.citation.label, article=q.article,
                                                      quote=q.quote), explanation=q.explanation) for q in questions]

    for fn, name in ((ask, "ask"), (draft, "draft"), (conversation, "conversation"), (quiz, "quiz")):
        gr.api(fn, api_name=name)
