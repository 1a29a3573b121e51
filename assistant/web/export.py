"""A conversation of the Ask tab as a file: Markdown or DOCX, each answer with its citations.

What it does: ``write_conversation(folder, session_id, title, turns, corpus, lang)`` writes ``.md`` (from
``chatview.conversation_markdown``) and ``.docx`` (python-docx, which the drafting exports use too) into a
private folder and returns their paths, for the web app's download buttons; ``user_exports`` is each user's
own folder of downloads (conversations and drafts), named by a keyed hash of the user name that no other user
can compute (the app serves the exports folder to logged-in users by path), ``remove_conversation`` deletes a
conversation's files; ``instance_secret`` is the key, kept in the private data folder.
What it leaves to others: the wording (``chatview``), which conversation and whose (``web.ask``).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from functools import lru_cache
from pathlib import Path

from assistant.corpus.parse import Corpus
from assistant.web import chatview
from assistant.web.i18n import t


def instance_secret(settings) -> str:
    """This deployment's secret, kept in the private data folder (made on first use, read once per process):
    the key that encrypts what the app keeps in the browser's local storage (so that the browser's
    conversation, draft, quiz and language survive a restart of the app) and that names each user's folder of
    downloads."""
    return _secret(settings.ensure_data_dir() / "web-secret")


@lru_cache(maxsize=8)
def _secret(path: Path) -> str:
    if not path.exists():
        path.write_text(secrets.token_urlsafe(24))
        path.chmod(0o600)
    return path.read_text().strip()


def user_exports(settings, user: str) -> Path:
    """The folder of one user's files for download (``<data>/exports/<keyed hash of the user name>``): users'
    conversations may share an id, a file is never another user's, and its path cannot be guessed by another
    logged-in user (gradio serves the exports folder by path)."""
    key = instance_secret(settings).encode("utf-8")
    name = hmac.new(key, user.encode("utf-8"), hashlib.sha256).hexdigest()[:32]
    return Path(settings.data_dir) / "exports" / name


def remove_conversation(folder: Path, session_id: str) -> None:
    """Delete a conversation's exported files (a deleted conversation leaves no copy behind)."""
    for suffix in (".md", ".docx"):
        (folder / f"conversation-{_safe(session_id)}{suffix}").unlink(missing_ok=True)


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "", name)[:64] or "conversation"


def conversation_docx(path: Path, title: str, turns, corpus: Corpus, lang: str) -> None:
    from docx import Document

    document = Document()
    document.add_heading(title or t("conversation", lang), level=1)
    for turn in turns:
        document.add_heading(turn.question[:500], level=2)
        answer = turn.answer
        body, _, cited = chatview.answer_plaintext(answer, corpus, lang).partition("\n\n" + t(
            "citations", lang).split(" (")[0] + ":\n")
        for paragraph in body.split("\n\n"):
            if paragraph.strip():
                document.add_paragraph(paragraph.strip())
        if cited:
            document.add_paragraph(t("citations", lang).split(" (")[0] + ":").runs[0].bold = True
            for line in cited.splitlines():
                document.add_paragraph(line, style="List Bullet")
    document.save(str(path))


def write_conversation(folder: Path, session_id: str, title: str, turns, corpus: Corpus,
                       lang: str = "en") -> tuple[Path, Path]:
    """(Markdown path, DOCX path) of one conversation, written with owner-only permissions."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    stem = folder / f"conversation-{_safe(session_id)}"
    markdown, docx = stem.with_suffix(".md"), stem.with_suffix(".docx")
    markdown.write_text(chatview.conversation_markdown(title, turns, corpus, lang), encoding="utf-8")
    conversation_docx(docx, title, turns, corpus, lang)
    for path in (markdown, docx):
        path.chmod(0o600)
    return markdown, docx
