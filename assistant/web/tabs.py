"""The Agreement and Learn tabs, and the link from a citation in Ask to the Agreement tab.

What it does: Agreement shows the text with a table of contents and a search box (a reference such as
"Article 6(3)" opens that provision, highlighted); Learn runs quizzes with lettered options shown in full
(not shortened), marks the right answer and a wrong choice after checking, and shows saved progress from
the start. The open quiz is kept on the server under an id in the browser's local storage, so a reload
brings it back; progress is kept per user (``learn.progress`` with ``user=``: the logged-in user, or
"local" without logins). Handlers only call package functions and ``views``. What it leaves to others: the
Ask and Draft tabs (``web.ask``, ``web.draft``), layout of the page (``web.app``), content and rendering.
"""

from __future__ import annotations

import html
import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass

import gradio as gr

from assistant.errors import UserError
from assistant.learn import progress
from assistant.learn import quiz as learn
from assistant.web import views as webviews
from assistant.web.accounts import web_user
from assistant.web.i18n import Labels, t

LETTERS = "ABCDEFGHIJ"
QUIZZES_KEPT = 1000


# ------------------------------------------------------------------------------------------ Agreement


@dataclass
class AgreementTab:
    search: gr.Textbox
    text: gr.HTML
    restore: object
    restore_outputs: list


def agreement_tab(corpus, labels: Labels, lang_store) -> AgreementTab:
    with labels.add(gr.Tab(t("tab_agreement"), id="agreement", elem_id="tab-agreement"), label="tab_agreement"):
        search = labels.add(gr.Textbox(label=t("search"), placeholder=t("search_hint"), elem_id="agreement-search",
                                       max_length=200), label="search", placeholder="search_hint")
        text = gr.HTML(webviews.agreement_html(corpus), elem_id="agreement-text")

    def on_search(query, lang):
        from assistant.corpus.references import resolve

        unit_id = resolve(corpus, query or "")
        if unit_id:
            return webviews.agreement_html(corpus, focus=unit_id, lang=lang)
        return webviews.agreement_html(corpus, search=query or "", lang=lang)

    search.change(on_search, [search, lang_store], text, api_visibility="private")
    return AgreementTab(search, text, on_search, [text])


def link_citations_to_agreement(ask, agreement: AgreementTab, tabs, corpus) -> None:
    """"Open in the Agreement tab": the provision shown beside the chat, highlighted in the whole text."""

    def on_open(chosen):
        if not chosen or corpus.get(chosen.get("id", "")) is None:
            return gr.skip(), gr.skip(), gr.skip()
        return (gr.update(selected="agreement"), chosen["label"],
                webviews.agreement_html(corpus, focus=chosen["id"]))

    ask.open_button.click(on_open, ask.cited, [tabs, agreement.search, agreement.text], api_visibility="private")


# -------------------------------------------------------------------------------------------- Learn


@dataclass
class LearnView:
    restore: object
    restore_outputs: list


class QuizStore:
    """Open quizzes by browser id (kept in the browser's local storage), least recently used dropped."""

    def __init__(self, capacity: int = QUIZZES_KEPT):
        self._quizzes: OrderedDict[str, dict] = OrderedDict()
        self._capacity = capacity
        self._lock = threading.Lock()

    def get(self, key: str | None) -> dict | None:
        with self._lock:
            return self._quizzes.get(key) if key else None

    def put(self, key: str | None, state: dict) -> str:
        key = key if isinstance(key, str) and 8 <= len(key) <= 64 else secrets.token_urlsafe(16)
        with self._lock:
            self._quizzes[key] = state
            self._quizzes.move_to_end(key)
            while len(self._quizzes) > self._capacity:
                self._quizzes.popitem(last=False)
        return key


def options(question) -> list[tuple[str, int]]:
    """Lettered options in full (not shortened): ("A. full text", 0), ..."""
    return [(f"{LETTERS[i]}. {choice}", i) for i, choice in enumerate(question.options)]


def marked_options_html(question, chosen: int, lang: str) -> str:
    """After checking: every option, the right one marked (green), a wrong choice marked (red)."""
    rows = []
    for i, choice in enumerate(question.options):
        css, mark = "", ""
        if i == question.answer:
            css, mark = "right", " ✓ " + t("right", lang).rstrip(".")
        elif i == chosen:
            css, mark = "wrong", " - " + t("your_answer", lang)
        rows.append(f'<li class="{css}">{LETTERS[i]}. {html.escape(choice)}<strong>{html.escape(mark)}</strong>'
                    "</li>")
    return f'<ul class="quiz-marked">{"".join(rows)}</ul>'


def learn_tab(settings, corpus, labels: Labels, lang_store, quiz_store) -> LearnView:
    quizzes = QuizStore()
    with labels.add(gr.Tab(t("tab_learn"), id="learn", elem_id="tab-learn"), label="tab_learn"):
        labels.add(gr.Markdown(t("learn_intro")), value="learn_intro")
        with gr.Row():
            start = labels.add(gr.Button(t("start_quiz"), variant="primary", elem_id="quiz-start"),
                               value="start_quiz")
            count = labels.add(gr.Slider(3, 30, value=10, step=1, label=t("questions"), elem_id="quiz-count"),
                               label="questions")
            articles = labels.add(gr.Textbox(label=t("only_articles"), placeholder=t("only_hint"),
                                             max_length=200, elem_id="quiz-articles"),
                                  label="only_articles", placeholder="only_hint")
        summary = gr.Markdown(elem_id="quiz-progress")
        question = gr.Markdown(elem_id="quiz-question")
        choices = labels.add(gr.Radio(label=t("your_answer"), choices=[], elem_id="quiz-choices"),
                             label="your_answer")
        with gr.Row():
            check = labels.add(gr.Button(t("check"), elem_id="quiz-check"), value="check")
            next_button = labels.add(gr.Button(t("next"), elem_id="quiz-next"), value="next")
        feedback = gr.HTML(elem_id="quiz-feedback")
    shown = [quiz_store, question, choices, feedback, summary]

    def view(key, st, lang, user):
        """The quiz as it stands: its question, the options, and the feedback once checked."""
        key = quizzes.put(key, st)
        q = st["questions"][st["index"]]
        text = f"**{t('question_n', lang, n=st['index'] + 1, total=len(st['questions']))}**\n\n" + \
            webviews.user_text(q.question)  # the citation comes with the explanation: it may give it away
        feedback_html = ""
        if st["answered"]:
            tail = ""
            if st["index"] + 1 == len(st["questions"]):
                tail = f"<p><strong>{t('score', lang, score=st['score'], total=len(st['questions']))}</strong></p>"
            verdict = t("right", lang) if st["chosen"] == q.answer else t("wrong", lang, letter=LETTERS[q.answer])
            feedback_html = (f"<p><strong>{html.escape(verdict)}</strong></p>"
                             f"{marked_options_html(q, st['chosen'], lang)}"
                             f"<p>{html.escape(learn.check_answer(q, st['chosen']).explanation)}</p>{tail}")
        marks = [f"right-{q.answer}", f"wrong-{st['chosen']}"] if st["answered"] else []
        return (key, text, gr.update(choices=options(q), value=st.get("chosen"), elem_classes=marks), feedback_html,
                _progress_text(settings, corpus, lang, user))

    def on_start(n, wanted, key, lang, request: gr.Request):
        user = web_user(request)
        weights = progress.load_progress(settings, user=user)
        try:
            quiz = learn.generate_quiz(corpus, int(n), articles=wanted or None, progress=weights)
        except UserError as error:
            raise gr.Error(str(error), print_exception=False) from None
        return view(key, dict(questions=quiz, index=0, score=0, answered=False, chosen=None), lang, user)

    def on_check(choice, key, lang, request: gr.Request):
        user = web_user(request)
        st = quizzes.get(key)
        if not st or st["answered"] or choice is None:
            return (*[gr.skip()] * len(shown),)
        q = st["questions"][st["index"]]
        result = learn.check_answer(q, int(choice))
        progress.record(settings, progress.DEFAULT_PROFILE, q, result.correct, user=user)
        st.update(answered=True, chosen=int(choice), score=st["score"] + int(result.correct))
        return view(key, st, lang, user)

    def on_next(key, lang, request: gr.Request):
        user = web_user(request)
        st = quizzes.get(key)
        if not st or st["index"] + 1 >= len(st["questions"]):
            return key, t("quiz_over", lang), gr.update(choices=[], value=None), "", \
                _progress_text(settings, corpus, lang, user)
        st.update(index=st["index"] + 1, answered=False, chosen=None)
        return view(key, st, lang, user)

    def restore(key, lang, request: gr.Request):
        user = web_user(request)
        st = quizzes.get(key)
        if st is None:
            return key, "", gr.update(choices=[], value=None), "", _progress_text(settings, corpus, lang, user)
        return view(key, st, lang, user)

    start.click(on_start, [count, articles, quiz_store, lang_store], shown, api_visibility="private")
    check.click(on_check, [choices, quiz_store, lang_store], shown, api_visibility="private")
    next_button.click(on_next, [quiz_store, lang_store], shown, api_visibility="private")
    return LearnView(restore, shown)


def _progress_text(settings, corpus, lang: str, user: str) -> str:
    summary = progress.progress_summary(settings, user=user)
    if not summary.articles:
        return f"*{t('no_progress', lang)}*"
    weak = ", ".join(corpus.by_id[a].label if a in corpus.by_id else a for a in summary.weak[:5])
    return f"*{t('progress', lang, right=summary.correct, wrong=summary.wrong, weak=weak or t('none', lang))}*"
