"""Wiring: from ``Settings`` to a ready answerer and chat sessions, shared by the CLI and the web app.

What it does: opens the retriever (model + index, built if needed), wraps it in the extractive
``Answerer`` and, when ``ASSISTANT_LLM_URL`` is set, in the checked ``LLMAnswerer``; ``BackgroundAnswerer``
does the same in a thread while the web app starts. What it leaves to
others: everything else; this module only connects the parts.
"""

from __future__ import annotations

import threading

from assistant.answers.extractive import Answerer
from assistant.answers.llm import LLMAnswerer, build_llm
from assistant.settings import Settings


def open_answerer(settings: Settings, progress=None):
    """An object with ``ask(question, context="") -> Answer`` and ``corpus``."""
    from assistant.search.retrieve import Retriever

    retriever = Retriever.open(settings, progress=progress)
    answerer = Answerer(retriever)
    llm = build_llm(settings)
    return LLMAnswerer(answerer, llm) if llm is not None else answerer


class BackgroundAnswerer:
    """The answerer, opened in a background thread so that the web app can start meanwhile.

    ``corpus`` is there at once (parsing is fast); ``ask`` waits until the model and the index are ready,
    then answers. An error while opening is raised to every caller of ``ask``.
    """

    def __init__(self, settings: Settings, progress=None):
        from assistant.corpus.parse import load_corpus

        self.corpus = load_corpus(settings.corpus_dir)
        self._answerer = None
        self._error: BaseException | None = None
        self._ready = threading.Event()
        threading.Thread(target=self._open, args=(settings, progress), name="open-answerer",
                         daemon=True).start()

    def _open(self, settings: Settings, progress) -> None:
        try:
            self._answerer = open_answerer(settings, progress=progress)
        except BaseException as error:  # re-raised in ask(), in the caller's thread
            self._error = error
        finally:
            self._ready.set()

    def wait(self, timeout: float | None = None):
        """The opened answerer (blocks until it is ready)."""
        self._ready.wait(timeout)
        if self._error is not None:
            raise self._error
        return self._answerer

    def ask(self, question: str, context: str = "", topic: str | None = None):
        return self.wait().ask(question, context=context, topic=topic)
