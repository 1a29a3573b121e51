"""The English embedding model: all-MiniLM-L6-v2 through sentence-transformers, loaded once per process.

What it does: ``load_embedder(settings)`` gives the ``Embedder`` named by ``settings.embed_model`` (a local
folder: the packaged model; never downloaded), whose ``embed(texts)`` returns normalised vectors, one lock
making it safe across threads, and whose ``identity()`` changes with the model's files (part of the index
fingerprint). What it leaves to others: what is embedded and stored (``index``), the multilingual model
(``multilingual``).
"""

from __future__ import annotations

import hashlib
import threading
from functools import lru_cache
from pathlib import Path

import numpy as np

from assistant.errors import UserError
from assistant.settings import Settings

EMBED_BATCH = 16


class Embedder:
    """A sentence-transformers model with normalised outputs; one lock makes it safe across threads."""

    def __init__(self, model_name: str):
        from sentence_transformers import SentenceTransformer

        try:
            self.model = SentenceTransformer(model_name, device="cpu")
        except Exception as error:  # a missing path or an uncached name: never download
            raise UserError(f"cannot load the embedding model {model_name!r} offline: {error}") from error
        self.name = model_name
        self._lock = threading.Lock()

    def embed(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            return self.model.encode(texts, batch_size=EMBED_BATCH, normalize_embeddings=True,
                                     convert_to_numpy=True, show_progress_bar=False)

    def identity(self) -> str:
        """Changes when the model changes: its name plus, for a local folder, its files and sizes."""
        path = Path(self.name)
        files = sorted(f"{p.relative_to(path)}:{p.stat().st_size}" for p in path.rglob("*") if p.is_file()) \
            if path.is_dir() else []
        return hashlib.sha256("\n".join([self.name, *files]).encode()).hexdigest()[:16]


@lru_cache(maxsize=4)
def _embedder(model_name: str) -> Embedder:
    return Embedder(model_name)


def load_embedder(settings: Settings) -> Embedder:
    """The embedding model named in the settings, loaded once per process."""
    return _embedder(settings.embed_model)
