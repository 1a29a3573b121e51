"""``assistant audit``: print the audit trail (who did what, when), for admins only.

Usage: ``assistant audit [--json] [--since DATE]`` with ``ASSISTANT_USER`` naming an admin. One line (or
JSON object) per event: time (UTC), user, action, target (an id or a user name, never content). The
events come from ``assistant.state.audit``.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from assistant.errors import UserError


def register(sub) -> None:
    audit = sub.add_parser("audit", help="print the audit trail (admins only)")
    audit.add_argument("--json", action="store_true", help="print JSON")
    audit.add_argument("--since", metavar="DATE", help="only events from this date or time on (ISO, UTC)")
    audit.set_defaults(func=run)


def parse_since(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise UserError(f"--since {text[:40]!r} is not a date: give e.g. 2026-03-01 or "
                        "2026-03-01T12:00") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def run(args, settings) -> int:
    from assistant.state import accounts, audit
    from assistant.state.db import open_state

    since = parse_since(args.since)
    settings.ensure_data_dir()
    store = open_state(settings)
    accounts.require_admin(store, settings.user, bootstrap=False)
    events = audit.events(store, since=since)
    if args.json:
        print(json.dumps([e.as_dict() for e in events], indent=1))
        return 0
    for e in events:
        print(f"{e.at:%Y-%m-%d %H:%M:%S}  {e.actor:<20} {e.action:<22} {e.target or ''}")
    if not events:
        print("No events.")
    return 0
