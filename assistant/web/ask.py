"""The Ask tab: the conversation, the cited provision beside it, and the list of past conversations.

What it does: a question shows at once with a "searching" line (an empty one does nothing), then its
answer; every citation of every answer opens its provision in the panel beside the chat; suggested
follow-ups ask with one click. Conversations belong to the user (``request.username``, or "local" without
logins) and live in ``SessionStore``; the open one's id is kept in the browser's local storage, so a reload
brings it back. Past conversations can be reopened, renamed, deleted and exported (Markdown, DOCX).
What it leaves to others: rendering (``chatview``, ``views``), answering and storage (``answers.chat``).
"""

from __future__ import annotations

from dataclasses import dataclass

import gradio as gr

from assistant.web import chatview, export
from assistant.web import views as webviews
from assistant.web.accounts import web_user
from assistant.web.i18n import Labels, t

EXAMPLES = ("example1", "example2", "example3", "example4")
# On a narrow screen the provision is below the conversation: bring it into view when a citation is chosen.
SHOW_SOURCE_ON_PHONE = ("() => { if (window.innerWidth < 700) "
                        "document.querySelector('#source').scrollIntoView({block: 'start'}); return []; }")


@dataclass
class AskTab:
    conversation: gr.HTML
    source: gr.HTML
    open_button: gr.Button
    cited: gr.State
    restore: object  # (conversation id, lang, request) -> outputs of ``restore_outputs``
    restore_outputs: list


def ask_tab(settings, sessions, corpus, labels: Labels, lang_store, conversation_store) -> AskTab:
    with labels.add(gr.Tab(t("tab_ask"), id="ask", elem_id="tab-ask"), label="tab_ask"), gr.Row():
        with gr.Column(scale=3, min_width=320):
            question = labels.add(
                gr.Textbox(label=t("question"), placeholder=t("question_hint"), elem_id="ask-input",
                           submit_btn=t("ask"), max_length=100_000, lines=1),
                label="question", placeholder="question_hint", submit_btn="ask")
            conversation = gr.HTML(chatview.conversation_html([], corpus), elem_id="ask-chat",
                                   js_on_load=chatview.CONVERSATION_JS,
                                   apply_default_css=False)
            labels.add(gr.Markdown(t("try"), elem_id="examples-title"), value="try")
            with gr.Row(elem_id="examples"):
                examples = [labels.add(gr.Button(t(key), size="sm", elem_classes="example"), value=key)
                            for key in EXAMPLES]
        with gr.Column(scale=2, min_width=300):
            source = gr.HTML(webviews.source_html(corpus, ""), elem_id="source")
            open_button = labels.add(gr.Button(t("open_in_agreement"), size="sm", elem_id="open-in-agreement"),
                                     value="open_in_agreement")
            with labels.add(gr.Accordion(t("history"), open=True, elem_id="history-panel"), label="history"):
                history = labels.add(gr.Radio(label=t("history_pick"), choices=[], elem_id="history"),
                                     label="history_pick")
                with gr.Row():
                    new_button = labels.add(gr.Button(t("new_conversation"), size="sm", elem_id="new-conversation"),
                                            value="new_conversation")
                    delete_button = labels.add(gr.Button(t("delete_conversation"), size="sm", variant="stop",
                                                         elem_id="delete-conversation"), value="delete_conversation")
                rename_box = labels.add(gr.Textbox(label=t("rename_to"), elem_id="rename-conversation",
                                                   submit_btn=t("rename"), max_length=80),
                                        label="rename_to", submit_btn="rename")
                with gr.Row():
                    export_md = labels.add(gr.DownloadButton(t("export_md"), size="sm", elem_id="export-md",
                                                             interactive=False), label="export_md")
                    export_docx = labels.add(gr.DownloadButton(t("export_docx"), size="sm", elem_id="export-docx",
                                                               interactive=False), label="export_docx")
            asked, cited = gr.State(""), gr.State(None)

    def turns_of(user, conversation_id) -> list:
        return sessions.turns(user, conversation_id) if conversation_id else []

    def panel(user, conversation_id, lang, session_turns) -> tuple:
        """The history list and the export files of the open conversation: (history, md, docx)."""
        infos = sessions.list(user)
        choices = [(f"{info.title} ({info.turns})", info.id) for info in infos]
        known = conversation_id if any(info.id == conversation_id for info in infos) else None
        files = [gr.update(value=None, interactive=False)] * 2
        if session_turns:
            title = next((info.title for info in infos if info.id == conversation_id), "")
            paths = export.write_conversation(export.user_exports(settings, user), conversation_id,
                                              title, session_turns, corpus, lang)
            files = [gr.update(value=str(path), interactive=True) for path in paths]
        return gr.update(choices=choices, value=known), *files

    def side(conversation_id, lang, request: gr.Request):
        user = web_user(request)
        return panel(user, conversation_id, lang, turns_of(user, conversation_id))

    def shown(conversation_id, lang, request, pending=None, source_html=None):
        """Everything that depends on the open conversation: (html, id, history, exports, source)."""
        user = web_user(request)
        session_turns = turns_of(user, conversation_id)  # read once for the chat and the side panel
        html = chatview.conversation_html(session_turns, corpus, lang, pending)
        source_update = gr.update() if source_html is None else source_html
        return (html, conversation_id, *panel(user, conversation_id, lang, session_turns), source_update)

    view_outputs = [conversation, conversation_store, history, export_md, export_docx, source]

    def on_pending(text, conversation_id, lang, request: gr.Request):
        text = (text or "").strip()
        if not text:
            return gr.skip(), gr.skip(), ""
        session_turns = turns_of(web_user(request), conversation_id)  # the chat only: the side panel follows
        return "", chatview.conversation_html(session_turns, corpus, lang, text), text

    def on_answer(text, conversation_id, lang, request: gr.Request):
        """The answer first; the history list and the exports follow (``side``), so as not to delay it."""
        if not text:
            return (*[gr.skip()] * len(answer_outputs),)
        session = sessions.get(conversation_id, user=web_user(request))
        answer = session.ask(text)
        first = answer.citations[0] if answer.citations else None
        source_html = webviews.source_html(corpus, first.id if first else "", first.quote if first else "", lang)
        chosen = first.as_dict() if first else None
        return (chatview.conversation_html(session.turns, corpus, lang), session.id, source_html, chosen, "")

    answer_outputs = [conversation, conversation_store, source, cited, asked]
    side_outputs = [history, export_md, export_docx]
    def answered(event) -> None:
        """After the pending step: the answer, then the side panel."""
        event.then(on_answer, [asked, conversation_store, lang_store], answer_outputs, api_visibility="private"
                   ).then(side, [conversation_store, lang_store], side_outputs, api_visibility="private")

    pending_outputs = [question, conversation, asked]
    answered(question.submit(on_pending, [question, conversation_store, lang_store], pending_outputs,
                             api_visibility="private", queue=False))
    for button in examples:
        answered(button.click(on_pending, [button, conversation_store, lang_store], pending_outputs,
                              api_visibility="private", queue=False))

    def on_follow_up(conversation_id, lang, evt: gr.EventData, request: gr.Request):
        return on_pending(str(getattr(evt, "_data", {}).get("question", ""))[:500], conversation_id, lang,
                          request)

    answered(conversation.submit(on_follow_up, [conversation_store, lang_store], pending_outputs,
                                 api_visibility="private", queue=False))

    def on_cite(lang, evt: gr.EventData):
        data = getattr(evt, "_data", None) or {}
        unit = corpus.get(str(data.get("unit", "")))
        if unit is None:
            return gr.skip(), gr.skip()
        quote = str(data.get("quote", ""))
        return webviews.source_html(corpus, unit.id, quote, lang), {"id": unit.id, "label": unit.label,
                                                                   "quote": quote}

    conversation.select(on_cite, lang_store, [source, cited], api_visibility="private", queue=False).then(
        None, None, None, js=SHOW_SOURCE_ON_PHONE, api_visibility="private")

    def on_reopen(chosen, current, lang, request: gr.Request):
        if not chosen or chosen == current:
            return (*[gr.skip()] * len(view_outputs),)
        return shown(chosen, lang, request, source_html=webviews.source_html(corpus, "", "", lang))

    history.input(on_reopen, [history, conversation_store, lang_store], view_outputs, api_visibility="private")

    def on_new(lang, request: gr.Request):
        return shown(None, lang, request, source_html=webviews.source_html(corpus, "", "", lang))

    new_button.click(on_new, lang_store, view_outputs, api_visibility="private")

    def on_delete(conversation_id, lang, request: gr.Request):
        if conversation_id:
            sessions.delete(web_user(request), conversation_id)
            export.remove_conversation(export.user_exports(settings, web_user(request)), conversation_id)
        return on_new(lang, request)

    delete_button.click(on_delete, [conversation_store, lang_store], view_outputs, api_visibility="private")

    def on_rename(title, conversation_id, lang, request: gr.Request):
        if conversation_id:
            sessions.rename(web_user(request), conversation_id, title or "")
        return ("", *shown(conversation_id, lang, request))

    rename_box.submit(on_rename, [rename_box, conversation_store, lang_store], [rename_box, *view_outputs],
                      api_visibility="private")

    def restore(conversation_id, lang, request: gr.Request):
        return shown(conversation_id, lang, request, source_html=webviews.source_html(corpus, "", "", lang))

    return AskTab(conversation, source, open_button, cited, restore, view_outputs)
