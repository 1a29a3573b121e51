"""The answerer contract: what the chat, the CLI and the web app need from whatever answers questions.

What it does: ``Answering`` (a ``typing.Protocol``) has the corpus the answers cite and
``ask(question, context="", topic=None) -> Answer``; ``context`` (the previous question) and ``topic`` (the
article of the previous answer) only steer retrieval for a follow-up. The extractive ``Answerer``, the
checked ``LLMAnswerer`` and ``build.BackgroundAnswerer`` all satisfy it, so callers are typed against this
and never against one of them. What it leaves to others: answering itself (``extractive``, ``llm``).
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from assistant.answers.extractive import Answer
from assistant.corpus.units import Corpus


@runtime_checkable
class Answering(Protocol):
    """Anything that answers questions about a corpus with cited, verified ``Answer``s."""

    corpus: Corpus

    def ask(self, question: str, context: str = "", topic: str | None = None) -> Answer:
        """Answer ``question``; never raises on odd input (it gets an answer that says what to do)."""
        ...
