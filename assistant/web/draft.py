"""The Draft a request tab: the guided conversation, the checklist, the downloads and the saved drafts.
The confirmation letter, when asked for, is rendered in the chat as a document.

What it does: each message goes to ``drafting.api.respond``; a change shows one line above the reply
("Deadline: 15 April 2027 (was 31 March 2027)"); the review comes on demand (its button); the checklist
shows the due date of a written confirmation with a countdown; the downloads sit at the top of the side
column; the preview renders as a document. The open draft's id is kept in the browser's local storage, so a
reload brings it back. What it leaves to others: the conversation and documents (``drafting``), rendering
(``views``), the user's own drafts (``drafting`` storage).
"""

from __future__ import annotations

import functools
import inspect
from dataclasses import dataclass

import gradio as gr

from assistant.drafting import api as drafting
from assistant.drafting.draft import Draft
from assistant.drafting.fields import FIELDS
from assistant.drafting.machine import DraftSession
from assistant.errors import UserError
from assistant.web import views as webviews
from assistant.web.ask import user_of
from assistant.web.i18n import Labels, t

EXPORTS = (("docx", "Word (DOCX)"), ("pdf", "PDF"), ("md", "Markdown"), ("json", "JSON"))
NAMES = {spec.key: spec.name for spec in FIELDS}


class UserDrafts:
    """``drafting.api`` for one user: ``user=`` is passed to each function that takes it (the drafts of a
    logged-in user are their own once the drafting store keeps users apart; until then all share one)."""

    def __init__(self, request):
        self.user = user_of(request)

    def __getattr__(self, name: str):
        function = getattr(drafting, name)
        if "user" in inspect.signature(function).parameters:
            return functools.partial(function, user=self.user)
        return function


@dataclass
class DraftView:
    restore: object
    restore_outputs: list


def _opening(settings) -> str:
    return DraftSession(Draft(), drafting.clauses(settings), drafting.today(settings)).opening().reply


def change_line(before: dict, after: dict, lang: str) -> str:
    """One line per changed element: "the deadline: 15 April 2027 (was 31 March 2027)"."""
    lines = []
    for key, new in after.items():
        old = before.get(key)
        if old is not None and old != new:
            name = NAMES.get(key, key)
            lines.append(t("changed", lang, field=name[:1].upper() + name[1:], new=webviews.shown_value(new),
                           old=webviews.shown_value(old)))
    return "\n".join(lines)


def reply_markdown(settings, turn: dict, drafts) -> str:
    """A drafting reply for the chat: the officer's and the assistant's words shown as typed, except a
    document the reply contains (the confirmation letter), which is rendered as a document."""
    reply = webviews.without_cli_hints(turn.get("reply") or "")
    if not turn.get("confirmation_due"):  # only an urgent request has a letter
        return webviews.user_text(reply)
    try:
        letter = drafts.export(settings, turn["draft_id"], "md", document="letter").decode().strip()
    except (UserError, KeyError, ValueError):
        letter = ""
    if letter and letter in reply:
        before, _, after = reply.partition(letter)
        return "\n\n".join(part for part in (webviews.user_text(before.strip()), letter,
                                              webviews.user_text(after.strip())) if part)
    return webviews.user_text(reply)


def draft_tab(settings, labels: Labels, lang_store, draft_store) -> DraftView:
    with labels.add(gr.Tab(t("tab_draft"), id="draft", elem_id="tab-draft"), label="tab_draft"), gr.Row():
        with gr.Column(scale=3, min_width=320):
            message = labels.add(gr.Textbox(label=t("draft_input"), elem_id="draft-input", submit_btn=t("send"),
                                            max_length=100_000), label="draft_input", submit_btn="send")
            chat = labels.add(gr.Chatbot(value=[], label=t("draft_chat"), height=420, elem_id="draft-chat",
                                        buttons=["copy_all"]),
                              label="draft_chat")
            with gr.Row():
                review_button = labels.add(gr.Button(t("review"), size="sm", elem_id="draft-review"),
                                           value="review")
                new_button = labels.add(gr.Button(t("new_draft"), size="sm", elem_id="draft-new"),
                                        value="new_draft")
        with gr.Column(scale=2, min_width=300):
            with gr.Row(elem_id="downloads"):
                downloads = [gr.DownloadButton(f"Download {name}", visible=False, size="sm",
                                               elem_id=f"download-{fmt}") for fmt, name in EXPORTS]
                letter = labels.add(gr.DownloadButton(t("download_letter"), visible=False, size="sm",
                                                      elem_id="download-letter"), label="download_letter")
            checklist = gr.Markdown(webviews.checklist_markdown(None, {}), elem_id="draft-checklist")
            with labels.add(gr.Accordion(t("preview"), open=False, elem_id="draft-preview-panel"), label="preview"):
                preview = gr.Markdown(t("no_preview"), elem_id="draft-preview")
            with labels.add(gr.Accordion(t("saved_drafts"), open=False), label="saved_drafts") as saved_panel:
                saved = labels.add(gr.Dropdown(label=t("resume_pick"), choices=[],
                                               elem_id="saved-drafts"), label="resume_pick")
                with gr.Row():
                    resume_button = labels.add(gr.Button(t("resume"), size="sm", elem_id="draft-resume"),
                                               value="resume")
                    delete_button = labels.add(gr.Button(t("delete"), size="sm", variant="stop",
                                                         elem_id="draft-delete"), value="delete")
    outputs = [message, chat, draft_store, checklist, preview, *downloads, letter, saved]

    def show(turn: dict, history: list, lang: str, drafts: UserDrafts) -> tuple:
        draft = drafts.load(settings, turn["draft_id"])
        files = _exports(settings, draft, turn, lang, drafts)
        return ("", history, turn["draft_id"],
                webviews.checklist_markdown(draft, turn, lang, today=drafting.today(settings)),
                turn.get("markdown") or t("no_preview", lang), *files,
                gr.update(choices=_saved_choices(settings, drafts)))

    def on_message(text, history, current, lang, request: gr.Request):
        if not (text or "").strip():
            return (*[gr.skip()] * len(outputs),)
        drafts, before = UserDrafts(request), {}
        try:
            before = drafts.load(settings, current).fields if current else {}
            turn = drafts.respond(settings, text, current)
        except UserError:
            turn = drafts.respond(settings, text, None)
            history = [{"role": "assistant", "content": t("draft_gone", lang)}]
        changed = change_line(before, turn.get("fields") or {}, lang)
        reply = reply_markdown(settings, turn, drafts)
        if changed:
            rest = webviews.without_review(webviews.without_cli_hints(turn["reply"]))
            reply = f"**{webviews.user_text(changed)}**\n\n{webviews.user_text(rest)}"
        history = [*(history or []), {"role": "user", "content": webviews.user_text(text)},
                   {"role": "assistant", "content": reply}]
        return show(turn, history, lang, drafts)

    def on_review(history, current, lang, request: gr.Request):
        return on_message("review", history, current, lang, request)

    def resumed(draft_id, lang, drafts):
        turn = drafts.resume(settings, draft_id)
        return show(turn, [{"role": "assistant", "content": reply_markdown(settings, turn, drafts)}], lang, drafts)

    def on_resume(choice, lang, request: gr.Request):
        if not choice:
            raise gr.Error(t("choose_draft", lang), print_exception=False)
        return resumed(choice, lang, UserDrafts(request))

    def on_new(lang, request: gr.Request):
        return ("", [{"role": "assistant", "content": webviews.user_text(_opening(settings))}], None,
                webviews.checklist_markdown(None, {}, lang), t("no_preview", lang), *_hidden_downloads(),
                gr.update(choices=_saved_choices(settings, UserDrafts(request))))

    def on_delete(choice, request: gr.Request):
        drafts = UserDrafts(request)
        if choice:
            drafts.delete(settings, choice)
        return gr.update(choices=_saved_choices(settings, drafts), value=None)

    def on_expand(request: gr.Request):  # drafts made meanwhile (CLI, API, other tabs) appear
        return gr.update(choices=_saved_choices(settings, UserDrafts(request)))

    def restore(current, lang, request: gr.Request):
        if current:
            try:
                return resumed(current, lang, UserDrafts(request))
            except UserError:
                pass
        return on_new(lang, request)

    message.submit(on_message, [message, chat, draft_store, lang_store], outputs, api_visibility="private")
    review_button.click(on_review, [chat, draft_store, lang_store], outputs, api_visibility="private")
    resume_button.click(on_resume, [saved, lang_store], outputs, api_visibility="private")
    new_button.click(on_new, lang_store, outputs, api_visibility="private")
    delete_button.click(on_delete, saved, saved, api_visibility="private")
    saved_panel.expand(on_expand, None, saved, api_visibility="private")
    return DraftView(restore, outputs)


def _saved_choices(settings, drafts: UserDrafts) -> list[tuple[str, str]]:
    """The user's saved drafts by name (kind and addressee), newest first; the value is the draft's id."""
    rows = drafts.list_drafts(settings)
    return [(f"{r['title']}{', to ' + r['requested_authority'] if r.get('requested_authority') else ''} - "
             f"{r['status']} ({r['updated_at'][:16].replace('T', ' ')})", r["draft_id"]) for r in rows[:100]]


def _hidden_downloads() -> list:
    return [gr.update(visible=False)] * (len(EXPORTS) + 1)  # the formats, then the letter


def _exports(settings, draft, turn, lang, drafts: UserDrafts) -> list:
    """Download buttons: the four formats once complete; the confirmation letter for urgent requests."""
    if not turn.get("complete"):
        return _hidden_downloads()
    folder = settings.data_dir / "exports" / draft.id
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    buttons = []
    for fmt, name in EXPORTS:
        path = folder / f"request-{draft.id}.{fmt}"
        drafting.write_private(path, drafts.export(settings, draft.id, fmt))
        buttons.append(gr.update(value=str(path), visible=True, label=t("download", lang, name=name)))
    if turn.get("confirmation_due"):
        path = folder / f"confirmation-{draft.id}.docx"
        drafting.write_private(path, drafts.export(settings, draft.id, "docx", document="letter"))
        buttons.append(gr.update(value=str(path), visible=True))
    else:
        buttons.append(gr.update(visible=False))
    return buttons
