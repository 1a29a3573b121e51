"""``assistant web``: serve the web app from any folder (the same as ``python app.py`` in the source tree).

What it does: registers the command and calls ``assistant.web.app.serve`` with the settings (host, port,
login from ``ASSISTANT_*``). What it leaves to others: the app itself (``assistant.web``).
"""

from __future__ import annotations


def register(sub) -> None:
    web = sub.add_parser("web", help="start the web app (http://127.0.0.1:7860; ASSISTANT_HOST/PORT/AUTH)")
    web.set_defaults(func=run_web)


def run_web(args, settings) -> int:
    from assistant.web.app import serve  # imports gradio: only when the app is started

    serve(settings)
    return 0
