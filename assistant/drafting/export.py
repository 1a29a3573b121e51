"""Render a document (a list of ``Block``s from ``document``) as Markdown; a draft as JSON; the dispatch to
DOCX (``docx_render``) and PDF (``pdf_render``).

What it does: Markdown escapes the officer's text (so HTML or Markdown typed into an answer stays text);
the confidentiality mark opens the Markdown (DOCX and PDF repeat it on every page). JSON carries every
element, the identifiers, the warnings and the language-independent values. Heavy libraries are imported
only when a DOCX or PDF is asked for.
What it leaves to others: what goes in the document (``document``), where it is written (``api``/CLI).
"""

from __future__ import annotations

import json
import re
from datetime import date

from assistant.corpus.units import label_of
from assistant.drafting.document import Block
from assistant.drafting.draft import Draft
from assistant.drafting.fields import FIELDS, REFERENCE_CLAUSE, Clauses

FORMATS = ("md", "docx", "pdf", "json")  # what a draft can be exported as (the CLI offers these)
_MD_SPECIAL = re.compile(r"([\\`*\[\]<>|~])|(?<!_)_(?!_)")
_MD_LINE_START = re.compile(r"^(\s*)(?:([-+=#])|(\d+)([.)]))", re.MULTILINE)


# --------------------------------------------------------------------------------------------- Markdown


def md_escape(text: str, line_starts: bool = True) -> str:
    """Escape Markdown and HTML in the officer's text; placeholder runs of underscores stay as they are."""
    text = _MD_SPECIAL.sub(lambda m: "\\" + m.group(0), text)
    if line_starts:
        text = _MD_LINE_START.sub(_escape_line_start, text)
    return text.replace("\n", "  \n")


def _escape_line_start(m: re.Match) -> str:
    if m.group(2):
        return f"{m.group(1)}\\{m.group(2)}"
    return f"{m.group(1)}{m.group(3)}\\{m.group(4)}"


def render_markdown(blocks: list[Block]) -> str:
    out: list[str] = []
    for block in blocks:
        text = md_escape(block.text, line_starts=block.kind not in ("title", "heading"))
        if block.kind in ("banner", "mark"):
            out.append(f"> **{text}**")
        elif block.kind == "table":
            cells = [[md_escape(c, line_starts=False).replace("  \n", " ") for c in row] for row in block.rows]
            out.append("\n".join(["| " + " | ".join(cells[0]) + " |", "|" + " --- |" * len(cells[0])]
                                 + ["| " + " | ".join(row) + " |" for row in cells[1:]]))
        elif block.kind == "title":
            out.append(f"# {text}")
        elif block.kind == "subtitle":
            out.append(f"*{text}*")
        elif block.kind == "heading":
            out.append(f"## {text}")
        elif block.kind == "list":
            out.append("\n".join(f"{n}. {md_escape(item)}" for n, item in enumerate(block.items, 1)))
        elif block.kind == "signature":
            out.append("  \n".join(md_escape(item) for item in block.items))
        else:
            out.append(text)
    return "\n\n".join(out) + "\n"


# ------------------------------------------------------------------------------------------------- JSON


def render(blocks: list[Block], fmt: str, title: str, lang: str) -> bytes:
    if fmt == "md":
        return render_markdown(blocks).encode("utf-8")
    if fmt == "docx":
        from assistant.drafting.docx_render import render_docx

        return render_docx(blocks, title, lang)
    from assistant.drafting.pdf_render import render_pdf

    return render_pdf(blocks, title, lang)


def render_json(draft: Draft, clauses: Clauses, today: date | None = None) -> str:
    elements = [{"clause": spec.cite, "field": spec.key, "name": spec.label,
                 "value": draft.fields.get(spec.key), "required": spec.required}
                for spec in FIELDS if spec.key in draft.applicable()]
    data = {
        "draft_id": draft.id,
        "name": draft.name,
        "status": draft.status_for(today),
        "warnings": draft.warnings(today),
        "follows": draft.follows,
        "complete": draft.complete,
        "missing": draft.missing(),
        "fields": draft.answers(),
        "elements": elements,
        "agreement_reference": {"clause": label_of(REFERENCE_CLAUSE), "text": clauses.agreement_title},
        "confirmation_due": draft.confirmation_due(),
        "signature": {"signature": None, "stamp": None,
                      "note": "Signature and stamp are applied by hand (Article 6(4))."},
        "created_at": draft.created_at,
        "updated_at": draft.updated_at,
    }
    return json.dumps(data, ensure_ascii=False, indent=1)

