"""The ``assistant`` command line: one sub-command per feature, one module per command group in this package.

What it does: builds the argument parser from the command modules, builds ``Settings`` once and hands both
to the chosen command; turns expected failures (bad input, missing corpus) into a clear message and exit
code 2 instead of a traceback. What it leaves to others: the work itself (each command module calls the
package's functions; the web app calls the same functions).
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

from assistant.errors import UserError
from assistant.settings import Settings

COMMAND_MODULES = (
    "assistant.cli.corpus",
    "assistant.cli.index",
    "assistant.cli.evaluate",
    "assistant.cli.ask",
    "assistant.cli.quiz",
    "assistant.cli.draft",
    "assistant.cli.users",
    "assistant.cli.audit",
    "assistant.cli.web",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="assistant",
        description="Offline assistant over the CIS Agreement on combating IT crimes (Dushanbe, 2018).",
    )
    parser.add_argument("--debug", action="store_true", help="debug logging (may log questions)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    settings = Settings(debug=True) if args.debug else Settings()
    logging.basicConfig(level=logging.DEBUG if settings.debug else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        return int(args.func(args, settings) or 0)
    except UserError as error:
        print(f"assistant: {error}", file=sys.stderr)
        return 2
    except FileNotFoundError as error:
        print(f"assistant: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
