"""The drafting functions the CLI and the web app call: respond, start, resume, list, load, delete, export.

What it does: ``respond(settings, message, draft_id=None, user=...)`` loads the draft (or starts one), lets
the ``DraftSession`` handle the message and saves the draft in the same transaction of the state store,
returning the same object as one ``assistant draft --jsonl`` line. Every function acts for one ``user``
(default ``settings.user``, the CLI's user): another user's draft ids are "no such draft". Safe to call
from many threads, processes and app instances at once: a turn holds the draft's lock while it runs. An
unexpected error leaves the stored draft as it was and gets a plain reply. Logs carry draft ids and field keys only, never what the
officer wrote, unless ``settings.debug``.
What it leaves to others: the conversation (``machine``), the terminal (``assistant.cli.draft``), the
screen (the web app).
"""

from __future__ import annotations

import logging
import os
from datetime import date
from functools import lru_cache
from pathlib import Path

from assistant.drafting.document import build_letter, build_request, letter_problem
from assistant.drafting.draft import Draft
from assistant.drafting.export import FORMATS, render_docx, render_json, render_markdown, render_pdf
from assistant.drafting.fields import Clauses
from assistant.drafting.machine import DraftSession
from assistant.drafting.storage import DraftStore
from assistant.drafting.views import TYPE_NAMES
from assistant.errors import UserError
from assistant.state import audit
from assistant.state.db import open_state

log = logging.getLogger("assistant.drafting")
DOCUMENTS = ("request", "letter")


def today(settings) -> date:
    return settings.today or date.today()


@lru_cache(maxsize=8)
def _clauses(corpus_dir: str) -> Clauses:
    from assistant.corpus.parse import load_corpus

    try:
        return Clauses.from_corpus(load_corpus(Path(corpus_dir)))
    except (FileNotFoundError, ValueError, OSError) as error:
        log.warning("drafting without the corpus (%s): 'why' cannot quote the provisions", type(error).__name__)
        return Clauses()


def clauses(settings) -> Clauses:
    return _clauses(str(settings.corpus_dir))


def store(settings, user: str | None = None) -> DraftStore:
    """The drafts of ``user`` (default: ``settings.user``, the CLI's user)."""
    settings.ensure_data_dir()
    return DraftStore(settings, user or settings.user)


def resolve_id(drafts: DraftStore, draft_id: str) -> str:
    """An exact draft id, or a unique prefix of one (at least 4 characters)."""
    draft_id = (draft_id or "").strip()
    if not draft_id or len(draft_id) > 64:
        raise UserError("no such draft: give an id from `assistant draft --list`.")
    if drafts.load(draft_id) is not None:
        return draft_id
    matches = drafts.ids_starting(draft_id) if len(draft_id) >= 4 else []
    if len(matches) == 1:
        return matches[0]
    raise UserError(f"no draft with id {draft_id[:64]!r}" + (" (ambiguous prefix)" if matches else "")
                    + "; `assistant draft --list` shows them.")


def respond(settings, message: str, draft_id: str | None = None, *, user: str | None = None) -> dict:
    """Handle one message for a draft (a new one when ``draft_id`` is None); save it; return the turn."""
    drafts = store(settings, user)
    if draft_id is not None:
        draft_id = resolve_id(drafts, draft_id)
    with drafts.transaction() as conn:
        draft = drafts.get(conn, draft_id) if draft_id else Draft()
        if draft is None:
            raise UserError(f"draft {draft_id} was deleted.")
        before = draft.to_json()
        session = DraftSession(draft, clauses(settings), today(settings))
        try:
            turn = session.handle(message)
        except Exception as error:  # never lose or corrupt a draft over one message
            log.error("draft %s: internal error %s while handling a message", draft.id, type(error).__name__,
                      exc_info=settings.debug)
            session = DraftSession(Draft.from_json(before), clauses(settings), today(settings))
            turn = session.make_turn("Sorry, I could not handle that message; your draft is unchanged. "
                                 "Please rephrase, or say 'review' or 'help'.")
        drafts.put(conn, session.draft)
    log.info("draft %s: turn %d, asking=%s, complete=%s", turn.draft_id, session.draft.turns, turn.asking,
             turn.complete)
    if settings.debug:
        log.debug("draft %s: message %r", turn.draft_id, (message or "")[:500])
    return turn.as_dict()


def start(settings, *, user: str | None = None) -> dict:
    """Create a draft and return its greeting and first question (the interactive CLI's first screen)."""
    drafts = store(settings, user)
    draft = Draft()
    turn = DraftSession(draft, clauses(settings), today(settings)).opening()
    with drafts.transaction() as conn:
        drafts.put(conn, draft)
    return turn.as_dict()


def resume(settings, draft_id: str, *, user: str | None = None) -> dict:
    """Where a stored draft stands: every answer so far and the current question (nothing is changed)."""
    draft = load(settings, draft_id, user=user)
    return DraftSession(draft, clauses(settings), today(settings)).opening().as_dict()


def load(settings, draft_id: str, *, user: str | None = None) -> Draft:
    drafts = store(settings, user)
    draft = drafts.load(resolve_id(drafts, draft_id))
    if draft is None:
        raise UserError(f"draft {draft_id[:64]!r} was deleted.")
    return draft


def list_drafts(settings, *, user: str | None = None) -> list[dict]:
    """Summaries, newest first: id, timestamps, status, kind, the two authorities, complete, missing."""
    return [
        {"draft_id": d.id, "created_at": d.created_at, "updated_at": d.updated_at, "status": d.status,
         "request_type": d.fields.get("request_type"), "title": TYPE_NAMES.get(d.fields.get("request_type", ""),
                                                                                "request (kind not chosen)"),
         "requesting_authority": d.fields.get("requesting_authority"),
         "requested_authority": d.fields.get("requested_authority"),
         "complete": d.complete, "missing": d.missing()}
        for d in store(settings, user).all()
    ]


def history(settings, draft_id: str, *, user: str | None = None) -> list[dict]:
    """Every value the draft's fields have had, oldest first (turn, field, value, changed_at)."""
    drafts = store(settings, user)
    return drafts.history(resolve_id(drafts, draft_id))


def delete(settings, draft_id: str, *, user: str | None = None) -> bool:
    drafts = store(settings, user)
    deleted = drafts.delete(resolve_id(drafts, draft_id))
    log.info("draft deleted")
    return deleted


def export(settings, draft_id: str, fmt: str, document: str = "request", *, user: str | None = None) -> bytes:
    """The draft as ``md``, ``docx``, ``pdf`` or ``json`` bytes; ``document="letter"`` for the urgent
    request's written confirmation (Article 6(2))."""
    if fmt not in FORMATS:
        raise UserError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}.")
    if document not in DOCUMENTS:
        raise UserError(f"unknown document {document!r}: choose request or letter.")
    draft = load(settings, draft_id, user=user)
    data = _render(draft, clauses(settings), fmt, document)
    audit.record(open_state(settings), user or settings.user, "draft_exported", draft.id)
    return data


def _render(draft: Draft, rules: Clauses, fmt: str, document: str) -> bytes:
    if fmt == "json":
        return render_json(draft, rules).encode("utf-8")
    if document == "letter":
        if problem := letter_problem(draft):
            raise UserError(problem)
        blocks, title = build_letter(draft, rules), "Written confirmation of an urgent request"
    else:
        blocks, title = build_request(draft, rules), "Request under Article 6 of the Agreement"
    if fmt == "md":
        return render_markdown(blocks).encode("utf-8")
    return render_docx(blocks, title) if fmt == "docx" else render_pdf(blocks, title)


def write_private(path: Path, data: bytes) -> None:
    """Write an export readable by its owner only (a request is confidential, Article 8)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
