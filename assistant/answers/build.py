"""Wiring: from ``Settings`` to a ready answerer and chat sessions, shared by the CLI and the web app.

What it does: opens the retriever (model + index, built if needed), wraps it in the extractive
``Answerer`` and, when ``ASSISTANT_LLM_URL`` is set, in the checked ``LLMAnswerer`` (the LLM client is made
first, so that a missing ``[llm]`` extra is reported before the model loads); ``BackgroundAnswerer`` does the
same in a thread while the web app starts. Each is an ``Answering`` (``contract``). What it leaves to
others: everything else; this module only connects the parts.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from assistant.answers.contract import Answering
from assistant.answers.extractive import Answer, Answerer
from assistant.answers.llm import LLMAnswerer, build_llm
from assistant.settings import Settings

if TYPE_CHECKING:
    from assistant.search.index import Progress


def open_answerer(settings: Settings, progress: Progress | None = None) -> Answering:
    """The extractive answerer over the settings' corpus and index, LLM-worded when an LLM is configured."""
    from assistant.search.retrieve import Retriever

    llm = build_llm(settings)  # before the model loads: a missing extra is a UserError at once
    answerer = Answerer(Retriever.open(settings, progress=progress))
    return LLMAnswerer(answerer, llm) if llm is not None else answerer


class BackgroundAnswerer:
    """The answerer, opened in a background thread so that the web app can start meanwhile.

    ``corpus`` is there at once (parsing is fast); ``ask`` waits until the model and the index are ready,
    then answers. An error while opening is raised to every caller of ``ask``.
    """

    def __init__(self, settings: Settings, progress: Progress | None = None):
        from assistant.corpus.parse import load_corpus

        build_llm(settings)  # a missing [llm] extra is reported when the app starts, not on the first question
        self.corpus = load_corpus(settings.corpus_dir)
        self._answerer: Answering | None = None
        self._error: BaseException | None = None
        self._ready = threading.Event()
        threading.Thread(target=self._open, args=(settings, progress), name="open-answerer",
                         daemon=True).start()

    def _open(self, settings: Settings, progress: Progress | None) -> None:
        try:
            self._answerer = open_answerer(settings, progress=progress)
        except BaseException as error:  # re-raised in ask(), in the caller's thread
            self._error = error
        finally:
            self._ready.set()

    def wait(self, timeout: float | None = None) -> Answering:
        """The opened answerer (blocks until it is ready)."""
        self._ready.wait(timeout)
        if self._error is not None:
            raise self._error
        return self._answerer

    def ask(self, question: str, context: str = "", topic: str | None = None) -> Answer:
        return self.wait().ask(question, context=context, topic=topic)
