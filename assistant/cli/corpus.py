"""``assistant corpus`` and ``assistant show``: list the citable units, print one by its reference."""

from __future__ import annotations

import json
import textwrap

from assistant.corpus.parse import Corpus, Unit, load_corpus
from assistant.corpus.references import resolve
from assistant.errors import UserError


def register(sub) -> None:
    corpus = sub.add_parser("corpus", help="list every citable unit")
    corpus.add_argument("--json", action="store_true", help="print a JSON list of units")
    corpus.set_defaults(func=run_corpus)

    show = sub.add_parser("show", help='print one unit, e.g. "Article 6(3)(g)", "6(3)(g)", "Art. 10"')
    show.add_argument("reference")
    show.add_argument("--json", action="store_true", help="print the unit as a JSON object")
    show.set_defaults(func=run_show)


def run_corpus(args, settings) -> int:
    corpus = load_corpus(settings.corpus_dir)
    if args.json:
        print(json.dumps([u.as_dict() for u in corpus.units], ensure_ascii=False, indent=1))
    else:
        for unit in corpus.units:
            print(f"{unit.id:<42} {unit.label}")
    return 0


def run_show(args, settings) -> int:
    corpus = load_corpus(settings.corpus_dir)
    unit_id = resolve(corpus, args.reference)
    if unit_id is None:
        raise UserError(
            f"no provision matches {args.reference[:80]!r}. Try e.g. \"Article 6(3)(g)\", \"6(3)\", "
            f"\"Art. 10\" or \"art-1.malicious-program\"; `assistant corpus` lists them all."
        )
    unit = corpus.by_id[unit_id]
    if args.json:
        print(json.dumps(unit.as_dict(), ensure_ascii=False))
    else:
        print(format_unit(corpus, unit))
    return 0


def format_unit(corpus: Corpus, unit: Unit) -> str:
    heading = f"{unit.label} - {unit.title}" if unit.title and unit.title not in unit.label else unit.label
    body = "\n".join(textwrap.fill(line, 100) for line in unit.text.split("\n"))
    return f"{heading}\n{'=' * min(len(heading), 100)}\n{body}"
