"""The drafting functions the CLI and the web app call: respond, start, resume, follow_up, list, load, delete,
export.

What it does: ``respond(settings, message, draft_id=None, user=...)`` loads the draft (or starts one), lets
the ``DraftSession`` handle the message and saves the draft in the same transaction of the state store,
returning the same object as one ``assistant draft --jsonl`` line. A new draft is kept only once it holds an
answer (a start where only 'help' was typed leaves nothing behind, and its turn's ``draft_id`` is null).
``follow_up`` starts the request for disclosure that follows a preservation request, with every shared
element carried over. ``export`` writes a request or a confirmation letter in Russian or English. Every
function acts for one ``user`` (default ``settings.user``, the CLI's user): another user's draft ids are
"no such draft". Safe to call from many threads, processes and app instances at once: a turn holds the
draft's lock while it runs. An unexpected error leaves the stored draft as it was and gets a plain reply.
Logs carry draft ids and field keys only, never what the
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
from assistant.drafting.export import FORMATS, render, render_json
from assistant.drafting.fields import Clauses
from assistant.drafting.machine import DraftSession
from assistant.drafting.phrases import DEFAULT_LANG, LANGS
from assistant.drafting.storage import DraftStore
from assistant.drafting.views import TYPE_NAMES
from assistant.errors import UserError
from assistant.state import audit
from assistant.state.db import open_state

log = logging.getLogger("assistant.drafting")
DOCUMENTS = ("request", "letter")
SHARED = ("requesting_authority", "requested_authority", "exchanging_units", "case_number", "investigating_body",
          "offence_provision", "offence_category", "merits", "confidential", "confidentiality_reason",
          "contact_officer", "signatory_name", "signatory_position")


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
        if draft is None:  # resolved above, gone since
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
        kept = session.draft.has_answers or draft_id is not None
        if kept:
            drafts.put(conn, session.draft)
        else:
            turn.draft_id = None  # nothing answered: nothing kept, the next message starts afresh
    log.info("draft %s: turn %d, asking=%s, complete=%s", turn.draft_id, session.draft.turns, turn.asking,
             turn.complete)
    if settings.debug:
        log.debug("draft %s: message %r", turn.draft_id, (message or "")[:500])
    return turn.as_dict()


def start(settings, *, user: str | None = None) -> dict:
    """The greeting and first question of a new draft (the interactive CLI's first screen). Nothing is saved
    until the first answer: the turn's ``draft_id`` is only kept if ``respond`` later stores it."""
    return DraftSession(Draft(), clauses(settings), today(settings)).opening().as_dict()


def follow_up(settings, draft_id: str, *, user: str | None = None) -> dict:
    """Start the request for assistance (disclosure) that follows a preservation request, with every shared
    element carried over and the preservation request referenced; saved at once."""
    source = load(settings, draft_id, user=user)
    if source.fields.get("request_type") != "preservation":
        raise UserError(f"draft {source.id} is not a request for preservation (Article 5(i)): only a "
                        "preservation request has a follow-up request for disclosure.")
    fields = {k: source.fields[k] for k in SHARED if k in source.fields}
    follows = {"id": source.id, "reference_number": source.fields.get("reference_number"),
               "reference_date": source.fields.get("reference_date")}
    draft = Draft(fields={"request_type": "assistance", **fields}, turns=1, follows=follows)
    session = DraftSession(draft, clauses(settings), today(settings))
    draft.asking = session.next_field()
    turn = session.make_turn(f"Follow-up of preservation request {source.id}: the request for disclosure, with "
                             f"{len(fields)} shared elements carried over.\n\n{session.prompt()}")
    drafts = store(settings, user)
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
        {"draft_id": d.id, "name": d.name, "created_at": d.created_at, "updated_at": d.updated_at,
         "status": d.status_for(today(settings)), "request_type": d.fields.get("request_type"),
         "title": TYPE_NAMES.get(d.fields.get("request_type", ""), "request (kind not chosen)"),
         "case_number": d.fields.get("case_number"), "follows": (d.follows or {}).get("id"),
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


def export(settings, draft_id: str, fmt: str, document: str = "request", lang: str = DEFAULT_LANG, *,
           user: str | None = None) -> bytes:
    """The draft as ``md``, ``docx``, ``pdf`` or ``json`` bytes, in Russian or English; ``document="letter"``
    for the urgent request's written confirmation (Article 6(2)). Recorded in the audit trail."""
    data = build_export(settings, draft_id, fmt, document, lang, user=user)
    record_export(settings, draft_id, user=user)
    return data


def build_export(settings, draft_id: str, fmt: str, document: str = "request", lang: str = DEFAULT_LANG, *,
                 user: str | None = None) -> bytes:
    """What ``export`` returns, without an audit event: for a preview the officer has not asked to take away
    (the web app records the export when the file is downloaded)."""
    if fmt not in FORMATS:
        raise UserError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}.")
    if document not in DOCUMENTS:
        raise UserError(f"unknown document {document!r}: choose request or letter.")
    if lang not in LANGS:
        raise UserError(f"unknown language {lang!r}: choose one of {', '.join(LANGS)}.")
    draft = load(settings, draft_id, user=user)
    return _render(draft, clauses(settings), today(settings), fmt, document, lang)


def record_export(settings, draft_id: str, *, user: str | None = None) -> None:
    """The audit event of an export of the user's draft (ids only, never its content)."""
    draft = load(settings, draft_id, user=user)
    audit.record(open_state(settings), user or settings.user, "draft_exported", draft.id)


def _render(draft: Draft, rules: Clauses, day: date, fmt: str, document: str, lang: str) -> bytes:
    if fmt == "json":
        return render_json(draft, rules, day).encode("utf-8")
    if document == "letter":
        if problem := letter_problem(draft):
            raise UserError(problem)
        blocks = build_letter(draft, rules, lang)
    else:
        blocks = build_request(draft, rules, lang)
    return render(blocks, fmt, next(b.text for b in blocks if b.kind == "title"), lang)


def write_private(path: Path, data: bytes) -> None:
    """Write an export readable by its owner only (a request is confidential, Article 8)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
