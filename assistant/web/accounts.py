"""Who is using the web app: the login check, the current user of a request, and the admins' audit view.

What it does: ``login_check(settings)`` is the function gradio's ``auth=`` calls with (username,
password): it checks the stored accounts (argon2, a lock after repeated failures; the single
``ASSISTANT_AUTH`` account is kept among them), or returns None when logins are off (no account and no
``ASSISTANT_AUTH`` when the app starts). ``share_logins`` keeps gradio's login sessions in the state
store, so that any instance accepts a login made on another. ``web_user(request)`` is the name every
handler passes on as ``user=`` (gradio's ``request.username``, or "local" without logins).
``audit_tab(settings, demo)`` is a tab that only an admin sees and whose handler gives the trail to admins
only. (No ``from __future__ import annotations`` here: gradio finds the ``gr.Request`` parameters by their
evaluated annotations.)
What it leaves to others: accounts and the trail themselves (``assistant.state``), the other tabs
(``tabs``), launching (``app``).
"""

from assistant.answers.chat import LOCAL_USER
from assistant.state import accounts, audit
from assistant.state.db import open_state

AUDIT_ROWS = 500
LOGIN_CHECKS_AT_ONCE = 4


def web_user(request) -> str:
    """The logged-in user of a gradio request, or "local" when logins are off."""
    return getattr(request, "username", None) or LOCAL_USER


def login_check(settings):
    """gradio's ``auth``: a function (username, password) -> bool, or None when logins are off."""
    store = open_state(settings)
    if settings.auth and ":" in settings.auth:
        name, _, password = settings.auth.partition(":")
        accounts.ensure_account(store, accounts.check_name(name), password)
    if not accounts.list_users(store):
        return None

    limiter = []

    async def check(username: str, password: str) -> bool:
        """Run in a worker thread, a few at a time: argon2 takes ~50 ms and 64 MiB per check, and gradio
        would otherwise run it on its event loop, stalling every other request."""
        import anyio

        if not limiter:
            limiter.append(anyio.CapacityLimiter(LOGIN_CHECKS_AT_ONCE))
        return await anyio.to_thread.run_sync(accounts.check_login, store, username, password,
                                              limiter=limiter[0])

    return check


def share_logins(demo, settings) -> None:
    """Keep the launched app's logins in the state store, under a cookie name every instance of this
    database shares: a login on one app instance is a login on all (no sticky sessions needed)."""
    from assistant.state.db import database_url
    from assistant.state.logins import LoginTokens, cookie_suffix

    app = getattr(demo, "server_app", None)
    if app is not None:
        app.tokens = LoginTokens(open_state(settings))
        app.cookie_id = cookie_suffix(database_url(settings))


def is_admin(settings, user: str) -> bool:
    return accounts.role_of(open_state(settings), user) == "admin"


def audit_rows(settings, user: str) -> list[list[str]]:
    """The latest events, newest first, for an admin; nothing for anyone else."""
    if not is_admin(settings, user):
        return []
    events = audit.events(open_state(settings), newest=AUDIT_ROWS)
    return [[f"{e.at:%Y-%m-%d %H:%M:%S}", e.actor, e.action, e.target or ""] for e in reversed(events)]


def audit_tab(settings, demo) -> None:
    """An "Audit trail" tab, hidden unless the logged-in user is an admin."""
    import gradio as gr

    with gr.Tab("Audit trail", id="audit", visible=False) as tab:
        gr.Markdown("Who did what and when (UTC): logins, drafts, conversations, accounts. No content.")
        table = gr.Dataframe(headers=["time", "user", "action", "target"], interactive=False,
                             elem_id="audit-table")
        refresh = gr.Button("Refresh", size="sm")

    def on_load(request: gr.Request):
        user = web_user(request)
        admin = is_admin(settings, user)
        return gr.Tab(visible=admin), audit_rows(settings, user) if admin else []

    def on_refresh(request: gr.Request):
        return audit_rows(settings, web_user(request))

    demo.load(on_load, None, [tab, table], api_visibility="private")
    refresh.click(on_refresh, None, table, api_visibility="private")
