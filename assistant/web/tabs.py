"""The four tabs of the web app, each a function that lays out its components and wires its events.

What it does: Ask (chat with clickable citations and the cited text beside it), Draft a request (guided
conversation, live checklist, preview, downloads, saved drafts), Agreement (the text with a search box) and
Learn (quizzes with explanations and saved progress). Handlers only call package functions and
``webviews``. What it leaves to others: layout of the page (``web``), content and rendering.
"""

from __future__ import annotations

from dataclasses import dataclass

import gradio as gr

from assistant.answers.chat import SessionStore
from assistant.corpus.units import Corpus
from assistant.drafting import api as drafting
from assistant.drafting.draft import Draft
from assistant.drafting.machine import DraftSession
from assistant.errors import UserError
from assistant.learn import progress
from assistant.learn import quiz as learn
from assistant.web import views as webviews
from assistant.web.accounts import web_user

EXAMPLES = [
    "Can we share information we received with a third country?",
    "Who must sign the request?",
    "How fast must an oral request be confirmed?",
    "Can the requested Party refuse to execute a request?",
    "What is the penalty for hacking?",
]
NO_PREVIEW = "The document appears here when every element is given."
EXPORTS = (("docx", "Word (DOCX)"), ("pdf", "PDF"), ("md", "Markdown"), ("json", "JSON"))


@dataclass
class AskTab:
    citations: gr.Radio
    cited: gr.State
    open_button: gr.Button


# ------------------------------------------------------------------------------------------------ Ask


def ask_tab(sessions: SessionStore, corpus: Corpus) -> AskTab:
    with gr.Tab("Ask", id="ask"), gr.Row():
        with gr.Column(scale=3):
            chat = gr.Chatbot(label="Conversation", height=460, elem_id="ask-chat", buttons=["copy"])
            question = gr.Textbox(label="Your question", placeholder="e.g. Who must sign the request?",
                                  elem_id="ask-input", submit_btn="Ask", max_length=100_000)
            gr.Markdown("**Try:**")
            with gr.Row():
                example_buttons = [gr.Button(text, size="sm", elem_classes="example") for text in EXAMPLES]
        with gr.Column(scale=2):
            citations = gr.Radio(label=webviews.CITATIONS_TITLE, choices=[], elem_id="citations")
            source = gr.HTML(webviews.source_html(corpus, ""), elem_id="source")
            open_button = gr.Button("Open in the Agreement tab", size="sm", elem_id="open-in-agreement")
            copy_box = gr.Textbox(label="Answer with its citations (to copy)", lines=5, interactive=False,
                                  buttons=["copy"], elem_id="answer-copy")
            session_id, cited = gr.State(None), gr.State([])  # inside the tab: a State beside tabs breaks them

    def on_ask(message, history, session, request: gr.Request):
        session_obj = sessions.get(session, user=web_user(request))
        answer = session_obj.ask(message or "")
        history = [*(history or []), {"role": "user", "content": webviews.user_text(answer.question)},
                   {"role": "assistant", "content": webviews.answer_markdown(answer)}]
        labels = [c.label for c in answer.citations]
        first = answer.citations[0] if answer.citations else None
        html = webviews.source_html(corpus, first.id if first else "", first.quote if first else "")
        title = webviews.citations_title(answer)
        return ("", history, session_obj.id,
                gr.update(choices=labels, value=labels[0] if labels else None, label=title),
                html, webviews.answer_plaintext(answer), [c.as_dict() for c in answer.citations])

    outputs = [question, chat, session_id, citations, source, copy_box, cited]
    question.submit(on_ask, [question, chat, session_id], outputs, api_visibility="private")
    for button in example_buttons:
        button.click(on_ask, [button, chat, session_id], outputs, api_visibility="private")

    def on_cite(label, cites):
        chosen = _chosen(label, cites)
        return webviews.source_html(corpus, chosen["id"] if chosen else "", chosen["quote"] if chosen else "")

    citations.change(on_cite, [citations, cited], source, api_visibility="private")
    return AskTab(citations, cited, open_button)


# ------------------------------------------------------------------------------------------ Agreement


@dataclass
class AgreementTab:
    search: gr.Textbox
    text: gr.HTML


def agreement_tab(corpus) -> AgreementTab:
    with gr.Tab("Agreement", id="agreement"):
        search = gr.Textbox(label="Search the text", placeholder="e.g. consent, 30 days, Article 6(3)",
                            elem_id="agreement-search", max_length=200)
        text = gr.HTML(webviews.agreement_html(corpus), elem_id="agreement-text")

    def on_search(query):
        from assistant.corpus.references import resolve

        unit_id = resolve(corpus, query or "")
        return webviews.agreement_html(corpus, focus=unit_id) if unit_id else \
            webviews.agreement_html(corpus, search=query or "")

    search.change(on_search, search, text, api_visibility="private")
    return AgreementTab(search, text)


def _chosen(label: str | None, cites: list[dict] | None) -> dict | None:
    """The citation (as sent to the browser) whose label is selected."""
    return next((c for c in cites or [] if c["label"] == label), None)


def link_citations_to_agreement(ask: AskTab, agreement: AgreementTab, tabs, corpus) -> None:
    def on_open(label, cites):
        chosen = _chosen(label, cites)
        if chosen is None:
            return gr.update(), gr.update(), gr.update()
        return (gr.update(selected="agreement"), chosen["label"],
                webviews.agreement_html(corpus, focus=chosen["id"]))

    ask.open_button.click(on_open, [ask.citations, ask.cited], [tabs, agreement.search, agreement.text],
                          api_visibility="private")


# -------------------------------------------------------------------------------------------- Draft


def _opening(settings) -> str:
    turn = DraftSession(Draft(), drafting.clauses(settings), drafting.today(settings)).opening()
    return turn.reply


def draft_tab(settings) -> None:
    with gr.Tab("Draft a request", id="draft"), gr.Row():
        with gr.Column(scale=3):
            chat = gr.Chatbot(value=[{"role": "assistant", "content": webviews.user_text(_opening(settings))}],
                              label="Drafting a request under Article 6", height=460, elem_id="draft-chat")
            message = gr.Textbox(label="Your answer (or: back, skip, change <element>, review, why, cancel)",
                                 elem_id="draft-input", submit_btn="Send", max_length=100_000)
            with gr.Row():
                new_button = gr.Button("Start a new draft", size="sm")
        with gr.Column(scale=2):
            checklist = gr.Markdown(webviews.checklist_markdown(None, {}), elem_id="draft-checklist")
            with gr.Row():
                downloads = [gr.DownloadButton(f"Download {name}", visible=False, size="sm",
                                               elem_id=f"download-{fmt}") for fmt, name in EXPORTS]
            letter = gr.DownloadButton("Download confirmation letter (DOCX)", visible=False, size="sm",
                                       elem_id="download-letter")
            with gr.Accordion("Preview of the document", open=False):
                preview = gr.Markdown(NO_PREVIEW, elem_id="draft-preview")
            with gr.Accordion("Saved drafts", open=False) as saved_panel:
                saved = gr.Dropdown(label="Resume a saved draft", choices=[], elem_id="saved-drafts")
                with gr.Row():
                    resume_button = gr.Button("Resume", size="sm")
                    delete_button = gr.Button("Delete", size="sm", variant="stop")
            draft_id = gr.State(None)
    outputs = [message, chat, draft_id, checklist, preview, *downloads, letter, saved]

    def show(turn: dict, history: list, user: str) -> tuple:
        draft = drafting.load(settings, turn["draft_id"], user=user)
        files = _exports(settings, draft, turn, user)
        return ("", history, turn["draft_id"], webviews.checklist_markdown(draft, turn),
                turn.get("markdown") or NO_PREVIEW,
                *files, gr.update(choices=_saved_choices(settings, user)))

    def on_message(text, history, current, request: gr.Request):
        user = web_user(request)
        try:
            turn = drafting.respond(settings, text or "", current, user=user)
        except UserError as error:
            turn = drafting.respond(settings, text or "", None, user=user) if current else None
            if turn is None:
                raise gr.Error(str(error), print_exception=False) from None
        history = [*(history or []), {"role": "user", "content": webviews.user_text(text or "")},
                   {"role": "assistant", "content": webviews.user_text(turn["reply"])}]
        return show(turn, history, user)

    def on_resume(choice, request: gr.Request):
        if not choice:
            raise gr.Error("Choose a saved draft first.", print_exception=False)
        turn = drafting.resume(settings, _draft_id(choice), user=web_user(request))
        return show(turn, [{"role": "assistant", "content": webviews.user_text(turn["reply"])}], web_user(request))

    def on_new(request: gr.Request):
        return ("", [{"role": "assistant", "content": webviews.user_text(_opening(settings))}], None,
                webviews.checklist_markdown(None, {}), "", *_hidden_downloads(),
                gr.update(choices=_saved_choices(settings, web_user(request))))

    def on_delete(choice, request: gr.Request):
        if choice:
            drafting.delete(settings, _draft_id(choice), user=web_user(request))
        return gr.update(choices=_saved_choices(settings, web_user(request)), value=None)

    def on_expand(request: gr.Request):
        return gr.update(choices=_saved_choices(settings, web_user(request)))

    message.submit(on_message, [message, chat, draft_id], outputs, api_visibility="private")
    resume_button.click(on_resume, saved, outputs, api_visibility="private")
    new_button.click(on_new, None, outputs, api_visibility="private")
    delete_button.click(on_delete, saved, saved, api_visibility="private")
    saved_panel.expand(on_expand, None, saved,
                       api_visibility="private")  # drafts made meanwhile (CLI, API, other tabs) appear


def _saved_choices(settings, user: str) -> list[str]:
    rows = drafting.list_drafts(settings, user=user)
    return [f"{r['draft_id']} - {r['title']} - {r['status']} ({r['updated_at'][:16]})" for r in rows[:100]]


def _draft_id(choice: str) -> str:
    """The id at the start of a saved-drafts choice ("<id> - <title> - <status> (<time>)")."""
    return choice.split(" ", 1)[0]


def _hidden_downloads() -> list:
    return [gr.update(visible=False)] * (len(EXPORTS) + 1)  # the formats, then the letter


def _exports(settings, draft, turn, user: str) -> list:
    """Download buttons: the four formats once complete; the confirmation letter for urgent requests."""
    if not turn.get("complete"):
        return _hidden_downloads()
    folder = settings.data_dir / "exports" / draft.id
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    buttons = []
    for fmt, name in EXPORTS:
        path = folder / f"request-{draft.id}.{fmt}"
        drafting.write_private(path, drafting.export(settings, draft.id, fmt, user=user))
        buttons.append(gr.update(value=str(path), visible=True, label=f"Download {name}"))
    if turn.get("confirmation_due"):
        path = folder / f"confirmation-{draft.id}.docx"
        drafting.write_private(path, drafting.export(settings, draft.id, "docx", document="letter", user=user))
        buttons.append(gr.update(value=str(path), visible=True))
    else:
        buttons.append(gr.update(visible=False))
    return buttons


# -------------------------------------------------------------------------------------------- Learn


def learn_tab(settings, corpus) -> None:
    with gr.Tab("Learn", id="learn"):
        gr.Markdown("Test yourself on the Agreement. Questions are made from the text; every answer is "
                    "explained with the provision it comes from. The next quiz favours what you missed.")
        with gr.Row():
            count = gr.Slider(3, 30, value=10, step=1, label="Questions")
            articles = gr.Textbox(label="Only these articles (optional)", placeholder="e.g. 6, 8, 9",
                                  max_length=200)
            start = gr.Button("Start a quiz", variant="primary", elem_id="quiz-start")
        question = gr.Markdown(elem_id="quiz-question")
        choices = gr.Radio(label="Your answer", choices=[], elem_id="quiz-choices")
        with gr.Row():
            check = gr.Button("Check", elem_id="quiz-check")
            next_button = gr.Button("Next question", elem_id="quiz-next")
        feedback = gr.Markdown(elem_id="quiz-feedback")
        summary = gr.Markdown("", elem_id="quiz-progress")
        state = gr.State(None)

    def on_start(n, wanted, request: gr.Request):
        weights = progress.load_progress(settings, user=web_user(request))
        try:
            quiz = learn.generate_quiz(corpus, int(n), articles=wanted or None, progress=weights)
        except UserError as error:
            raise gr.Error(str(error), print_exception=False) from None
        return _ask(dict(questions=quiz, index=0, score=0, answered=False), web_user(request))

    def on_check(choice, st, request: gr.Request):
        if not st or st["answered"] or choice is None:
            return st, gr.update(), gr.update()
        q = st["questions"][st["index"]]
        result = learn.check_answer(q, list(q.choices).index(choice))
        progress.record(settings, "default", q, result.correct, user=web_user(request))
        st = {**st, "answered": True, "score": st["score"] + int(result.correct)}
        done = st["index"] + 1 == len(st["questions"])
        tail = f"\n\n**Score: {st['score']} / {len(st['questions'])}**" if done else ""
        return st, webviews.user_text(result.explanation) + tail, _progress_text(settings, corpus,
                                                                                  web_user(request))

    def on_next(st, request: gr.Request):
        if not st or st["index"] + 1 >= len(st["questions"]):
            return st, "Start a new quiz when you are ready.", gr.update(choices=[], value=None), "", \
                _progress_text(settings, corpus, web_user(request))
        return _ask({**st, "index": st["index"] + 1, "answered": False}, web_user(request))

    def _ask(st, user: str):
        q = st["questions"][st["index"]]
        text = f"**Question {st['index'] + 1} of {len(st['questions'])}**\n\n" + \
            webviews.user_text(q.question)  # the citation comes with the explanation: it may give it away
        return st, text, gr.update(choices=list(q.choices), value=None), "", _progress_text(settings, corpus, user)

    start.click(on_start, [count, articles], [state, question, choices, feedback, summary],
                api_visibility="private")
    check.click(on_check, [choices, state], [state, feedback, summary], api_visibility="private")
    next_button.click(on_next, state, [state, question, choices, feedback, summary], api_visibility="private")


def _progress_text(settings, corpus, user: str) -> str:
    summary = progress.progress_summary(settings, user=user)
    if not summary.articles:
        return "*No progress saved yet.*"
    weak = ", ".join(corpus.by_id[a].label if a in corpus.by_id else a for a in summary.weak[:5]) or "none"
    return f"*Progress: {summary.correct} right, {summary.wrong} wrong. Articles to revise: {weak}.*"
