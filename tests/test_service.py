"""The web app's background loading: the corpus is there at once, questions wait for the model."""

from __future__ import annotations

import inspect
import subprocess
import sys

import pytest

from assistant.answers.build import BackgroundAnswerer
from assistant.answers.contract import Answering
from assistant.answers.extractive import Answerer
from assistant.answers.llm import LLMAnswerer
from assistant.errors import UserError


@pytest.mark.slow
def test_answers_once_the_model_and_index_are_loaded(retrieval_settings, retriever):
    loading = BackgroundAnswerer(retrieval_settings)
    assert loading.corpus.get("art-10") is not None  # usable before the model is loaded
    answer = loading.ask("Can we share information we received with a third country?")
    assert answer.found and answer.citations[0].id == "art-10"


@pytest.mark.slow
def test_a_model_that_cannot_load_is_reported_to_the_asker(settings):
    broken = BackgroundAnswerer(settings.model_copy(update={"embed_model": str(settings.data_dir / "none")}))
    with pytest.raises(UserError, match="cannot load the embedding model"):
        broken.ask("Who must sign the request?")


@pytest.mark.slow
def test_importing_the_web_module_leaves_gradio_for_serve():
    done = subprocess.run([sys.executable, "-c", "import sys, assistant.web.app; print('gradio' in sys.modules)"],
                          capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_every_answerer_meets_the_contract(corpus):
    extractive = Answerer(None, corpus)
    for answerer in (extractive, LLMAnswerer(extractive, llm=None)):
        assert isinstance(answerer, Answering) and answerer.corpus is corpus
        assert inspect.signature(answerer.ask).parameters.keys() == inspect.signature(Answering.ask).parameters.keys() - {"self"}
    ask = inspect.signature(BackgroundAnswerer.ask).parameters
    assert {name: p.default for name, p in ask.items() if name != "self"} == {
        "question": inspect.Parameter.empty, "context": "", "topic": None}
