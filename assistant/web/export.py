"""A conversation of the Ask tab as a file: Markdown or DOCX, each answer with its citations.

What it does: ``write_conversation(folder, session_id, title, turns, corpus, lang)`` writes ``.md`` (from
``chatview.conversation_markdown``) and ``.docx`` (python-docx, which the drafting exports use too) into a
private folder and returns their paths, for the web app's download buttons.
What it leaves to others: the wording (``chatview``), which conversation and whose (``web.ask``).
"""

from __future__ import annotations

import re
from pathlib import Path

from assistant.corpus.parse import Corpus
from assistant.web import chatview
from assistant.web.i18n import t


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
