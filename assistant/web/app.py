"""The gradio web app: Ask, Draft a request, Agreement and Learn tabs in English or Russian, plus the API.

Importing this module does not import gradio: ``serve`` first points gradio's file cache at the private data
folder and starts loading the model and the index in the background, then imports and launches gradio.

What it does: ``build_app(settings, answerer)`` lays out the header, the language switch and the tabs, keeps
the language, the open conversation, draft and quiz in the browser's local storage (gradio's BrowserState)
and brings them back on load; conversations are kept in the state store per user. ``serve`` launches it
with the safe defaults (localhost, logins through the stored accounts, analytics off, gradio's file cache
inside the private data folder) and a theme whose text meets WCAG AA contrast in one complete font.
What it leaves to others: all content and decisions (``answers``, ``drafting``, ``learn``), the tabs
(``web.ask``, ``web.draft``, ``web.tabs``, the admins' audit tab in ``web.accounts``), the API
(``web.api``) and all rendering (``web.views``, ``web.chatview``). The look is in ``style.css``.
"""

from __future__ import annotations

import html
import logging
import os
from pathlib import Path

from assistant.answers.chat import SessionStore
from assistant.answers.contract import Answering
from assistant.settings import Settings
from assistant.web.accounts import login_check, share_logins
from assistant.web.export import instance_secret
from assistant.web.i18n import LANGUAGES, Labels, language, t

log = logging.getLogger(__name__)
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
STYLE_FILE = Path(__file__).with_name("style.css")
# After the page is restored or relabelled: the page's language for screen readers, and a mark for tests.
READY_JS = "(lang) => { document.documentElement.lang = lang; document.body.dataset.ready = lang; return []; }"


def prepare_environment(settings: Settings) -> None:
    """Keep gradio's uploaded/downloaded files in the private data folder, never in a shared /tmp.

    The app process's umask becomes 077: gradio creates its cache folders (and the exports' parents) with
    default modes, which would otherwise be 0755 under the 0700 data folder."""
    os.umask(0o077)
    cache = settings.ensure_data_dir() / "web-cache"
    cache.mkdir(mode=0o700, exist_ok=True)
    os.environ["GRADIO_TEMP_DIR"] = str(cache)
    os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"


def theme(gr):
    """Gradio's default theme in blue, with buttons dark enough for white text (WCAG AA) and IBM Plex Sans,
    which gradio ships (regular and bold, Latin and Cyrillic): no letter falls back to another font."""
    font = [gr.themes.LocalFont("IBM Plex Sans", weights=(400, 700)), "DejaVu Sans", "sans-serif"]
    return gr.themes.Default(primary_hue="blue", font=font).set(
        button_primary_background_fill="#1d4ed8", button_primary_background_fill_hover="#1e40af",
        button_primary_text_color="#ffffff", button_cancel_background_fill="#b91c1c",
        button_cancel_background_fill_hover="#991b1b", button_cancel_text_color="#ffffff",
        body_text_color_subdued="#4b5563", input_placeholder_color="#6b7280")


def header_html(lang: str) -> str:
    return (f'<header id="page-header"><h1>{html.escape(t("title", lang))}</h1>'
            f'<p>{html.escape(t("subtitle", lang))}</p></header>')


def build_app(settings: Settings, answerer: Answering):
    import gradio as gr  # imported here: serve() sets gradio's environment first

    from assistant.web import api, ask, draft, tabs
    from assistant.web.accounts import audit_tab

    sessions = SessionStore(lambda: answerer, settings=settings)
    corpus = answerer.corpus
    labels = Labels()
    secret = instance_secret(settings)
    with gr.Blocks(title="CIS Agreement assistant", analytics_enabled=False) as demo:
        stores = {name: gr.BrowserState(default, storage_key=f"cis-assistant-{name}", secret=secret)
                  for name, default in (("language", "en"), ("conversation", None), ("draft", None),
                                        ("quiz", None))}
        lang = stores["language"]
        with gr.Row(elem_id="top"):
            header = gr.HTML(header_html("en"), elem_id="header")
            switch = gr.Radio([(name, code) for code, name in LANGUAGES.items()], value="en",
                              label="Language / Язык", elem_id="language", min_width=160, scale=0)
        with gr.Tabs(overflow_behavior="wrap", elem_id="tabs") as tab_set:
            ask_view = ask.ask_tab(settings, sessions, corpus, labels, lang, stores["conversation"])
            draft_view = draft.draft_tab(settings, labels, lang, stores["draft"])
            agreement = tabs.agreement_tab(corpus, labels, lang)
            learn_view = tabs.learn_tab(settings, corpus, labels, lang, stores["quiz"])
            audit_tab(settings, demo)
        tabs.link_citations_to_agreement(ask_view, agreement, tab_set, corpus)
        api.register(settings, sessions, corpus)

        def relabel(code):
            code = language(code)
            return (code, code, header_html(code), *labels.updates(code))

        views = [(ask_view.restore, [stores["conversation"], lang], ask_view.restore_outputs),
                 (draft_view.restore, draft_view.restore_inputs, draft_view.restore_outputs),
                 (agreement.restore, [agreement.search, lang], agreement.restore_outputs),
                 (learn_view.restore, [stores["quiz"], lang], learn_view.restore_outputs)]
        for trigger, inputs in ((demo.load, [lang]), (switch.input, [switch])):
            event = trigger(relabel, inputs, [lang, switch, header, *labels.components()],
                            api_visibility="private", queue=False)
            for fn, view_inputs, outputs in views:
                event = event.then(fn, view_inputs, outputs, api_visibility="private")
            event.then(None, lang, None, js=READY_JS, api_visibility="private")
    return demo


def serve(settings: Settings, answerer: Answering | None = None, prevent_thread_lock: bool = False):
    """Build and launch the app with safe defaults; returns the gradio app (for tests and scripts)."""
    prepare_environment(settings)
    if answerer is None:  # load the model and the index while gradio starts; questions wait for them
        from assistant.answers.build import BackgroundAnswerer

        print("Loading the model and the search index (built on first run)...", flush=True)
        answerer = BackgroundAnswerer(settings, progress=lambda message: print(message, flush=True))
    auth = login_check(settings)
    if settings.host not in LOCAL_HOSTS and auth is None:
        log.warning("listening on %s without a login: anyone who can reach this machine can use the app "
                    "and read its drafts. Add accounts (assistant users add) or set ASSISTANT_AUTH.",
                    settings.host)
        print(f"WARNING: listening on {settings.host} without a login (add accounts with `assistant users "
              "add NAME`, or set ASSISTANT_AUTH=user:password).", flush=True)
    import gradio as gr

    demo = build_app(settings, answerer)
    demo.queue(default_concurrency_limit=8)
    demo.launch(server_name=settings.host, server_port=settings.port, auth=auth, share=False,
                show_error=False, quiet=False, prevent_thread_lock=True,
                allowed_paths=[str(settings.data_dir / "exports")], css=STYLE_FILE.read_text(),
                theme=theme(gr), footer_links=["api"],
                enable_monitoring=False, mcp_server=False, pwa=False, ssr_mode=False, run_history=False)
    if auth is not None:
        share_logins(demo, settings)
    if not prevent_thread_lock:
        demo.block_thread()
    return demo
