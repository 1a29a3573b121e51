"""Wiring: from ``Settings`` to a ready answerer and chat sessions, shared by the CLI and the web app.

What it does: opens the retriever (model + index, built if needed), wraps it in the extractive
``Answerer`` and, when ``ASSISTANT_LLM_URL`` is set, in the checked ``LLMAnswerer``. What it leaves to
others: everything else; this module only connects the parts.
"""

from __future__ import annotations

from assistant.answer import Answerer
from assistant.chat import SessionStore
from assistant.llm import LLMAnswerer, build_llm
from assistant.settings import Settings


def open_answerer(settings: Settings, progress=None):
    """An object with ``ask(question, context="") -> Answer`` and ``corpus``."""
    from assistant.retrieve import Retriever

    retriever = Retriever.open(settings, progress=progress)
    answerer = Answerer(retriever)
    llm = build_llm(settings)
    return LLMAnswerer(answerer, llm) if llm is not None else answerer


def open_sessions(settings: Settings, progress=None) -> tuple[object, SessionStore]:
    answerer = open_answerer(settings, progress=progress)
    return answerer, SessionStore(lambda: answerer)
