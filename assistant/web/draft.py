"""The Draft a request tab: the guided conversation, the checklist, the downloads and the saved drafts.
The confirmation letter, when asked for, is rendered in the chat as a document.

What it does: each message goes to ``drafting.api.respond`` for the user (``user=``: the logged-in user, or
"local" without logins); a change shows one line above the reply ("Deadline: 15 April 2027 (was 31 March
2027)"); the review comes on demand (its button); the checklist shows the draft's name and status, its
warnings by element and the due date of a written confirmation with a countdown; the downloads sit at the
top of the side column, in the document language chosen (Russian by default, or English); a complete
preservation request offers its follow-up request for disclosure (``drafting.api.follow_up``). A first
message that only asks for help keeps no draft (its turn has no ``draft_id``). The open draft's id is kept
in the browser's local storage, so a reload brings it back. What it leaves to others: the conversation and
documents (``drafting``), rendering (``views``), storage (``drafting.storage``, ``assistant.state``).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass

import gradio as gr

from assistant.drafting import api as drafting
from assistant.drafting.fields import FIELDS
from assistant.errors import UserError
from assistant.web import views as webviews
from assistant.web.accounts import web_user
from assistant.web.export import user_exports
from assistant.web.i18n import Labels, t

EXPORTS = (("docx", "Word (DOCX)"), ("pdf", "PDF"), ("md", "Markdown"), ("json", "JSON"))
DOCUMENT_LANGUAGES = (("Русский", "ru"), ("English", "en"))
NAMES = {spec.key: spec.name for spec in FIELDS}


@dataclass
class DraftView:
    restore: object
    restore_inputs: list
    restore_outputs: list


def change_line(before: dict, after: dict, lang: str) -> str:
    """One line per changed element: "the deadline: 15 April 2027 (was 31 March 2027)"."""
    lines = []
    for key, new in after.items():
        old = before.get(key)
        if old is not None and old != new:
            name = NAMES.get(key, key)
            lines.append(t("changed", lang, field=name[:1].upper() + name[1:], new=webviews.shown_value(new, lang),
                           old=webviews.shown_value(old, lang)))
    return "\n".join(lines)


def reply_markdown(settings, turn: dict, user: str) -> str:
    """A drafting reply for the chat: the officer's and the assistant's words shown as typed, except a
    document the reply contains (the confirmation letter, in English as the reply is), which is rendered as
    a document."""
    reply = webviews.without_cli_hints(turn.get("reply") or "")
    if not turn.get("confirmation_due") or not turn.get("draft_id"):  # only an urgent request has a letter
        return webviews.user_text(reply)
    try:
        letter = drafting.build_export(settings, turn["draft_id"], "md", document="letter", lang="en",
                                 user=user).decode().strip()
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
                follow_button = labels.add(gr.Button(t("follow_up"), size="sm", visible=False,
                                                     elem_id="draft-follow-up"), value="follow_up")
        with gr.Column(scale=2, min_width=300):
            doc_lang = labels.add(gr.Radio(list(DOCUMENT_LANGUAGES), value="ru", label=t("doc_language"),
                                           elem_id="draft-doc-lang"), label="doc_language")
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
    documents = [preview, *downloads, letter]
    outputs = [message, chat, draft_store, checklist, *documents, follow_button, saved]

    def show(turn: dict, history: list, lang: str, doc_lang: str, user: str) -> tuple:
        draft_id = turn.get("draft_id")  # None: nothing was kept (only 'help' asked so far)
        draft = drafting.load(settings, draft_id, user=user) if draft_id else None
        follow = draft is not None and turn.get("complete") and draft.fields.get("request_type") == "preservation"
        return ("", history, draft_id,
                webviews.checklist_markdown(draft, turn, lang, today=drafting.today(settings)),
                *_documents(settings, draft, turn, lang, doc_lang, user), gr.update(visible=bool(follow)),
                gr.update(choices=_saved_choices(settings, user)))

    def on_message(text, history, current, lang, doc_lang, request: gr.Request):
        if not (text or "").strip():
            return (*[gr.skip()] * len(outputs),)
        user, before = web_user(request), {}
        try:
            before = drafting.load(settings, current, user=user).answers() if current else {}
            turn = drafting.respond(settings, text, current, user=user)
        except UserError:
            turn = drafting.respond(settings, text, None, user=user)
            history = [{"role": "assistant", "content": t("draft_gone", lang)}]
        changed = change_line(before, turn.get("fields") or {}, lang)
        reply = reply_markdown(settings, turn, user)
        if changed:
            rest = webviews.without_review(webviews.without_cli_hints(turn["reply"]))
            reply = f"**{webviews.user_text(changed)}**\n\n{webviews.user_text(rest)}"
        history = [*(history or []), {"role": "user", "content": webviews.user_text(text)},
                   {"role": "assistant", "content": reply}]
        return show(turn, history, lang, doc_lang, user)

    def on_review(history, current, lang, doc_lang, request: gr.Request):
        return on_message("review", history, current, lang, doc_lang, request)

    def resumed(draft_id, lang, doc_lang, user):
        turn = drafting.resume(settings, draft_id, user=user)
        return show(turn, [{"role": "assistant", "content": reply_markdown(settings, turn, user)}], lang,
                    doc_lang, user)

    def on_resume(choice, lang, doc_lang, request: gr.Request):
        if not choice:
            raise gr.Error(t("choose_draft", lang), print_exception=False)
        return resumed(choice, lang, doc_lang, web_user(request))

    def on_follow_up(current, lang, doc_lang, request: gr.Request):
        user = web_user(request)
        try:
            turn = drafting.follow_up(settings, current or "", user=user)
        except UserError as error:
            raise gr.Error(str(error), print_exception=False) from None
        return show(turn, [{"role": "assistant", "content": reply_markdown(settings, turn, user)}], lang,
                    doc_lang, user)

    def on_new(lang, request: gr.Request):
        user = web_user(request)
        opening = webviews.without_cli_hints(drafting.start(settings, user=user)["reply"])
        return ("", [{"role": "assistant", "content": webviews.user_text(opening)}], None,
                webviews.checklist_markdown(None, {}, lang), t("no_preview", lang), *_hidden_downloads(),
                gr.update(visible=False), gr.update(choices=_saved_choices(settings, user)))

    def on_doc_lang(current, lang, doc_lang, request: gr.Request):
        """The preview and the downloads again, in the document language just chosen."""
        user = web_user(request)
        try:
            turn = drafting.resume(settings, current, user=user) if current else {}
            draft = drafting.load(settings, current, user=user) if current else None
        except UserError:
            turn, draft = {}, None
        return _documents(settings, draft, turn, lang, doc_lang, user)

    def on_download(current, request: gr.Request):  # a file taken away: the audit trail records it
        if current:
            drafting.record_export(settings, current, user=web_user(request))

    def on_delete(choice, request: gr.Request):
        user = web_user(request)
        if choice:
            drafting.delete(settings, choice, user=user)
            shutil.rmtree(user_exports(settings, user) / choice, ignore_errors=True)  # no copy left behind
        return gr.update(choices=_saved_choices(settings, user), value=None)

    def on_expand(request: gr.Request):  # drafts made meanwhile (CLI, API, other tabs) appear
        return gr.update(choices=_saved_choices(settings, web_user(request)))

    def restore(current, lang, doc_lang, request: gr.Request):
        if current:
            try:
                return resumed(current, lang, doc_lang, web_user(request))
            except UserError:
                pass
        return on_new(lang, request)

    message.submit(on_message, [message, chat, draft_store, lang_store, doc_lang], outputs,
                   api_visibility="private")
    review_button.click(on_review, [chat, draft_store, lang_store, doc_lang], outputs, api_visibility="private")
    resume_button.click(on_resume, [saved, lang_store, doc_lang], outputs, api_visibility="private")
    follow_button.click(on_follow_up, [draft_store, lang_store, doc_lang], outputs, api_visibility="private")
    new_button.click(on_new, lang_store, outputs, api_visibility="private")
    doc_lang.input(on_doc_lang, [draft_store, lang_store, doc_lang], documents, api_visibility="private")
    delete_button.click(on_delete, saved, saved, api_visibility="private")
    for button in (*downloads, letter):
        button.click(on_download, draft_store, None, api_visibility="private")
    saved_panel.expand(on_expand, None, saved, api_visibility="private")
    return DraftView(restore, [draft_store, lang_store, doc_lang], outputs)


def _saved_choices(settings, user: str) -> list[tuple[str, str]]:
    """The user's saved drafts by kind and name (the case, the two authorities), with status and time,
    newest first; the value is the draft's id."""
    rows = drafting.list_drafts(settings, user=user)
    return [(f"{r['title']}{': ' + r['name'] if r.get('requested_authority') else ''} - {r['status']} "
             f"({r['updated_at'][:16].replace('T', ' ')})", r["draft_id"]) for r in rows[:100]]


def _hidden_downloads() -> list:
    return [gr.update(visible=False)] * (len(EXPORTS) + 1)  # the formats, then the letter


def _documents(settings, draft, turn: dict, lang: str, doc_lang: str, user: str) -> list:
    """The preview and the download buttons, in ``doc_lang``: the document and its four formats once
    complete; the confirmation letter for urgent requests."""
    if draft is None or not turn.get("complete"):
        return [t("no_preview", lang), *_hidden_downloads()]
    doc_lang = doc_lang if doc_lang in dict(DOCUMENT_LANGUAGES).values() else "ru"
    folder = user_exports(settings, user) / draft.id
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    preview, buttons = t("no_preview", lang), []
    for fmt, name in EXPORTS:
        path = folder / f"request-{draft.id}-{doc_lang}.{fmt}"
        data = drafting.build_export(settings, draft.id, fmt, lang=doc_lang, user=user)
        drafting.write_private(path, data)
        preview = data.decode() if fmt == "md" else preview
        buttons.append(gr.update(value=str(path), visible=True, label=t("download", lang, name=name)))
    if turn.get("confirmation_due"):
        path = folder / f"confirmation-{draft.id}-{doc_lang}.docx"
        drafting.write_private(path, drafting.build_export(settings, draft.id, "docx", document="letter", lang=doc_lang,
                                                     user=user))
        buttons.append(gr.update(value=str(path), visible=True))
    else:
        buttons.append(gr.update(visible=False))
    return [preview, *buttons]
