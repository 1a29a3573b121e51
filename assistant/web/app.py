"""The gradio web app: Ask, Draft a request, Agreement and Learn tabs, plus the /ask and /draft API.

Importing this module does not import gradio: ``serve`` first points gradio's file cache at the private data
folder and starts loading the model and the index in the background, then imports and launches gradio.

What it does: ``build_app(settings, answerer)`` lays out the tabs and wires each event to the package's
functions (chat sessions, ``drafting.service``, ``learn``), the same ones the CLI calls; ``serve`` launches
it with the safe defaults (localhost, logins through the stored accounts, analytics off, gradio's file cache inside the private
data folder). What it leaves to others: all content and decisions (``answer``, ``chat``, ``drafting``,
``learn``) and all rendering to strings (``webviews``).
"""

from __future__ import annotations

import logging
import os

from assistant.answers.chat import SessionStore
from assistant.answers.contract import Answering
from assistant.drafting import api as drafting
from assistant.errors import UserError
from assistant.settings import Settings
from assistant.web.accounts import login_check, share_logins, web_user

log = logging.getLogger(__name__)
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
CSS = """
.unit-label { font-weight: 600; color: var(--color-accent); margin-right: .4em; font-size: .85em; }
.unit.focus { background: var(--color-accent-soft); border-radius: 4px; }
.source mark, .article mark { background: #ffe58a; color: inherit; }
.article { margin-bottom: 1.2em; }
#agreement-text { max-height: 70vh; overflow-y: auto; }
"""


def prepare_environment(settings: Settings) -> None:
    """Keep gradio's uploaded/downloaded files in the private data folder, never in a shared /tmp.

    The app process's umask becomes 077: gradio creates its cache folders (and the exports' parents) with
    default modes, which would otherwise be 0755 under the 0700 data folder."""
    os.umask(0o077)
    cache = settings.ensure_data_dir() / "web-cache"
    cache.mkdir(mode=0o700, exist_ok=True)
    os.environ["GRADIO_TEMP_DIR"] = str(cache)
    os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"


def build_app(settings: Settings, answerer: Answering):
    import gradio as gr  # imported here: serve() sets gradio's environment first

    from assistant.web import tabs as webtabs
    from assistant.web.accounts import audit_tab

    sessions = SessionStore(lambda: answerer, settings=settings)
    with gr.Blocks(title="CIS Agreement assistant", analytics_enabled=False) as demo:
        gr.Markdown("## Agreement on Cooperation of the CIS Member States in Combating Crimes in the Field "
                    "of Information Technology (Dushanbe, 2018)\nAnswers quote the Agreement and cite the "
                    "exact clause. Nothing you type leaves this machine.")
        with gr.Tabs(overflow_behavior="wrap") as tabs:
            ask = webtabs.ask_tab(sessions, answerer.corpus)
            webtabs.draft_tab(settings)
            agreement = webtabs.agreement_tab(answerer.corpus)
            webtabs.learn_tab(settings, answerer.corpus)
            audit_tab(settings, demo)
        webtabs.link_citations_to_agreement(ask, agreement, tabs, answerer.corpus)
        _api(gr, settings, sessions)
    return demo


def _api(gr, settings: Settings, sessions: SessionStore) -> None:
    """Named endpoints for gradio_client: /ask and /draft return the CLI's JSON objects."""

    def ask(question: str, session_id: str | None = None, request=None) -> dict:
        """Answer a question; pass the returned session_id back to ask follow-up questions."""
        session = sessions.get(session_id, user=web_user(request))
        result = session.ask(question if isinstance(question, str) else "").as_dict()
        return {**result, "session_id": session.id}

    def draft(message: str, draft_id: str | None = None, request=None) -> dict:
        """One drafting turn: the object of one `assistant draft --jsonl` line (new draft if no id)."""
        try:
            return drafting.respond(settings, message if isinstance(message, str) else "", draft_id or None,
                                    user=web_user(request))
        except UserError as error:
            raise gr.Error(str(error), print_exception=False) from None

    for function in (ask, draft):  # gradio passes the request (and its logged-in user) by this annotation
        function.__annotations__["request"] = gr.Request
    gr.api(ask, api_name="ask")
    gr.api(draft, api_name="draft")


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
    demo = build_app(settings, answerer)
    demo.queue(default_concurrency_limit=8)
    demo.launch(server_name=settings.host, server_port=settings.port, auth=auth, share=False,
                show_error=False, quiet=False, prevent_thread_lock=True,
                allowed_paths=[str(settings.data_dir / "exports")], css=CSS, footer_links=["api"],
                enable_monitoring=False, mcp_server=False, pwa=False, ssr_mode=False, run_history=False)
    if auth is not None:
        share_logins(demo, settings)
    if not prevent_thread_lock:
        demo.block_thread()
    return demo
