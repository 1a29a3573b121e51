"""``assistant draft``: draft a request under Article 6 in a conversation, in the terminal or as JSON lines.

Usage: ``assistant draft`` (interactive), ``--resume ID``, ``--jsonl [--resume ID]`` (one message per stdin
line, one JSON object per stdout line), ``--follow-up ID`` (the request for disclosure that follows a
preservation request; with ``--jsonl`` the conversation continues on stdin), ``--list [--json]``,
``--delete ID``, ``--export ID --format md|docx|pdf|json [--letter] [--lang ru|en] -o FILE``. All the work
is in ``assistant.drafting.api``; this module only reads and prints.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

from assistant.drafting.export import FORMATS
from assistant.drafting.phrases import DEFAULT_LANG, LANGS
from assistant.errors import UserError


def register(sub) -> None:
    draft = sub.add_parser("draft", help="draft a request for assistance (Article 6) in a conversation")
    action = draft.add_mutually_exclusive_group()
    action.add_argument("--list", action="store_true", help="list saved drafts")
    action.add_argument("--delete", metavar="ID", help="delete a draft")
    action.add_argument("--export", metavar="ID", help="write a draft as a document (see --format, -o)")
    action.add_argument("--follow-up", metavar="ID", dest="follow_up",
                        help="start the request for disclosure that follows a preservation request")
    draft.add_argument("--resume", metavar="ID", help="continue a saved draft")
    draft.add_argument("--jsonl", action="store_true",
                       help="read one message per line on stdin, write one JSON object per line")
    draft.add_argument("--format", choices=FORMATS, default="md", help="export format (default md)")
    draft.add_argument("--letter", action="store_true",
                       help="export the written confirmation of an urgent request (Article 6(2))")
    draft.add_argument("--lang", choices=LANGS, default=DEFAULT_LANG,
                       help="language of the exported document (default ru: the language of the Agreement's "
                            "authentic text, used between CIS authorities)")
    draft.add_argument("-o", "--output", type=Path, help="file to write the export to (0600)")
    draft.add_argument("--json", action="store_true", help="with --list: print JSON")
    draft.set_defaults(func=run)


def run(args, settings) -> int:
    if args.list:
        return run_list(args, settings)
    if args.delete:
        return run_delete(args, settings)
    if args.export:
        return run_export(args, settings)
    if args.follow_up and not args.jsonl:
        return run_follow_up(args, settings)
    if args.jsonl:
        return run_jsonl(args, settings)
    return run_interactive(args, settings)


def run_jsonl(args, settings) -> int:
    from assistant.drafting import api as service

    sys.stdout.reconfigure(encoding="utf-8", errors="replace")
    stdin = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="replace", newline="\n")
    draft_id = service.load(settings, args.resume).id if args.resume else None
    if getattr(args, "follow_up", None):
        turn = service.follow_up(settings, args.follow_up)
        draft_id = turn["draft_id"]
        print(json.dumps(turn, ensure_ascii=False), flush=True)
    for line in stdin:
        turn = service.respond(settings, line.rstrip("\n"), draft_id)
        draft_id = turn["draft_id"]
        print(json.dumps(turn, ensure_ascii=False), flush=True)
    return 0


def run_interactive(args, settings) -> int:
    from assistant.drafting import api as service

    sys.stdout.reconfigure(encoding="utf-8", errors="replace")
    turn = service.resume(settings, args.resume) if args.resume else service.start(settings)
    draft_id = turn["draft_id"] if args.resume else None  # a new draft is kept from its first answer on
    print(turn["reply"])
    while True:
        try:
            line = input("\n> ")
        except EOFError:
            break
        if line.strip().lower() in ("quit", "exit", "q"):
            break
        turn = service.respond(settings, line, draft_id)
        draft_id = turn["draft_id"] or draft_id
        print("\n" + turn["reply"])
    if draft_id:
        print(f"\nDraft {draft_id} is saved. Resume it with: assistant draft --resume {draft_id}")
    else:
        print("\nNothing was answered, so no draft was kept.")
    return 0


def run_follow_up(args, settings) -> int:
    from assistant.drafting import api as service

    turn = service.follow_up(settings, args.follow_up)
    print(turn["reply"])
    print(f"\nContinue it with: assistant draft --resume {turn['draft_id']}")
    return 0


def run_list(args, settings) -> int:
    from assistant.drafting import api as service

    drafts = service.list_drafts(settings)
    if args.json:
        print(json.dumps(drafts, ensure_ascii=False, indent=1))
        return 0
    if not drafts:
        print("No drafts yet. Start one with: assistant draft")
    for d in drafts:
        print(f"{d['draft_id']}  {d['name']}  |  {d['request_type'] or '-'}  |  {d['status']}  |  "
              f"changed {d['updated_at'][:16].replace('T', ' ')}")
    return 0


def run_delete(args, settings) -> int:
    from assistant.drafting import api as service

    service.delete(settings, args.delete)
    print(f"Deleted draft {args.delete}.")
    return 0


def run_export(args, settings) -> int:
    from assistant.drafting import api as service

    draft = service.load(settings, args.export)
    data = service.export(settings, draft.id, args.format, "letter" if args.letter else "request", args.lang)
    if not draft.complete and not args.letter:
        print(f"warning: draft {draft.id} is incomplete (missing {', '.join(draft.missing())}); the document "
              "is marked INCOMPLETE DRAFT.", file=sys.stderr)
    if args.output is None:
        if args.format in ("docx", "pdf"):
            raise UserError(f"--format {args.format} writes a binary file: give -o FILE.")
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return 0
    service.write_private(args.output, data)
    print(f"Wrote {args.output}")
    return 0
