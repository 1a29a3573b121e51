"""``assistant users``: add, list, remove accounts and set passwords (as an admin: ``ASSISTANT_USER``).

Usage: ``assistant users add NAME [--admin] [--password-stdin]``, ``users list [--json]``,
``users remove NAME``, ``users passwd NAME [--password-stdin]``. Passwords are read from the terminal
(twice, not echoed) or as the first line of stdin. While the store has no admin, anyone who can run this
command with the store's settings may add the first one; after that only an admin may change accounts
(everyone may change their own password). All the work is in ``assistant.state.accounts``; removing an account
also deletes the files the web app made for its downloads (``web.export.user_exports``).
"""

from __future__ import annotations

import getpass
import json
import shutil
import sys

from assistant.errors import UserError


def register(sub) -> None:
    users = sub.add_parser("users", help="manage the accounts of the web app (admins only)")
    action = users.add_subparsers(dest="users_command", metavar="ACTION", required=True)
    add = action.add_parser("add", help="add an account")
    add.add_argument("name")
    add.add_argument("--admin", action="store_true", help="the account manages users and reads the audit trail")
    add.add_argument("--password-stdin", action="store_true", help="read the password from stdin's first line")
    listing = action.add_parser("list", help="list the accounts")
    listing.add_argument("--json", action="store_true", help="print JSON")
    remove = action.add_parser("remove", help="remove an account (its drafts stay stored under its name)")
    remove.add_argument("name")
    passwd = action.add_parser("passwd", help="set an account's password (and unlock it)")
    passwd.add_argument("name")
    passwd.add_argument("--password-stdin", action="store_true", help="read the password from stdin's first line")
    users.set_defaults(func=run)


def run(args, settings) -> int:
    from assistant.state import accounts
    from assistant.state.db import open_state
    from assistant.web.export import user_exports

    settings.ensure_data_dir()
    store = open_state(settings)
    if not (args.users_command == "passwd" and args.name == settings.user):
        accounts.require_admin(store, settings.user)
    if args.users_command == "add":
        account = accounts.add_user(store, settings.user, accounts.check_name(args.name),
                                    read_password(args.password_stdin), "admin" if args.admin else "officer")
        print(f"Added {account.role} {account.name}.")
    elif args.users_command == "list":
        found = accounts.list_users(store)
        if args.json:
            print(json.dumps([a.as_dict() for a in found], indent=1))
        for a in [] if args.json else found:
            locked = f"  locked until {a.locked_until:%Y-%m-%d %H:%M} UTC" if a.locked else ""
            print(f"{a.name:<24} {a.role:<8} since {a.created_at:%Y-%m-%d}{locked}")
        if not found and not args.json:
            print("No accounts yet. Add one with: assistant users add NAME --admin")
    elif args.users_command == "remove":
        archive = accounts.remove_user(store, settings.user, args.name)
        shutil.rmtree(user_exports(settings, args.name), ignore_errors=True)  # files made for download
        print(f"Removed {args.name}; their drafts, conversations and progress are kept under {archive}.")
    else:
        accounts.set_password(store, settings.user, args.name, read_password(args.password_stdin))
        print(f"Password of {args.name} set.")
    return 0


def read_password(from_stdin: bool) -> str:
    from assistant.state.accounts import check_password

    if from_stdin:
        line = sys.stdin.buffer.readline(4096).decode("utf-8", errors="strict").rstrip("\r\n")
        return check_password(line)
    try:
        first, second = getpass.getpass("Password: "), getpass.getpass("Again: ")
    except EOFError:
        raise UserError("no password given: type it, or pass --password-stdin.") from None
    if first != second:
        raise UserError("the two passwords differ.")
    return check_password(first)
