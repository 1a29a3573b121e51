"""Render a document (a list of ``Block``s from ``document``) as Markdown, DOCX or PDF; a draft as JSON.

What it does: Markdown escapes the officer's text (so HTML or Markdown typed into an answer stays text);
DOCX uses python-docx; PDF uses fpdf2 with DejaVu Sans when the system has it (any script it covers), else
the core Helvetica font with characters outside Latin-1 replaced by "?" and a note saying so. Heavy
libraries are imported only when a DOCX or PDF is asked for. Nothing here logs draft contents (fpdf2's
"missing glyphs" warning, which quotes the text, is filtered out).
What it leaves to others: what goes in the document (``document``), where it is written (``service``/CLI).
"""

from __future__ import annotations

import io
import json
import logging
import re
from pathlib import Path

from assistant.corpus.units import label_of
from assistant.drafting.document import Block
from assistant.drafting.draft import Draft
from assistant.drafting.fields import FIELDS, REFERENCE_CLAUSE, Clauses

FORMATS = ("md", "docx", "pdf", "json")  # what a draft can be exported as (the CLI offers these)
DEJAVU_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"),
               Path("/usr/local/share/fonts"), Path("/Library/Fonts"))
_MD_SPECIAL = re.compile(r"([\\`*\[\]<>|~])|(?<!_)_(?!_)")
_MD_LINE_START = re.compile(r"^(\s*)(?:([-+=#])|(\d+)([.)]))", re.MULTILINE)


class _NoContentInLogs(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return "missing the following glyphs" not in str(record.msg)


logging.getLogger("fpdf.output").addFilter(_NoContentInLogs())


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
        if block.kind == "banner":
            out.append(f"> **{text}**")
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


# ------------------------------------------------------------------------------------------------- DOCX


def render_docx(blocks: list[Block], title: str) -> bytes:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = docx.Document()
    props = document.core_properties
    props.title, props.author, props.last_modified_by, props.comments = title, "", "", ""
    for block in blocks:
        if block.kind == "banner":
            document.add_paragraph().add_run(block.text).bold = True
        elif block.kind == "meta":
            document.add_paragraph(block.text)
        elif block.kind == "title":
            heading = document.add_heading(block.text, level=1)
            heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif block.kind == "subtitle":
            paragraph = document.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.add_run(block.text).italic = True
        elif block.kind == "heading":
            document.add_heading(block.text, level=2)
        elif block.kind == "list":
            for item in block.items:
                document.add_paragraph(item, style="List Number")
        elif block.kind == "signature":
            document.add_paragraph()
            for item in block.items:
                document.add_paragraph(item).paragraph_format.space_after = Pt(2)
        else:
            document.add_paragraph(block.text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# -------------------------------------------------------------------------------------------------- PDF


def find_unicode_font() -> tuple[Path, Path | None] | None:
    """DejaVu Sans (regular, bold) if installed; None otherwise (the PDF then uses a core font)."""
    for folder in DEJAVU_DIRS:
        regular = folder / "DejaVuSans.ttf"
        if regular.is_file():
            bold = folder / "DejaVuSans-Bold.ttf"
            return regular, bold if bold.is_file() else None
    return None


def render_pdf(blocks: list[Block], title: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_title(title[:200])
    pdf.set_author("")
    pdf.set_creator("assistant draft")
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(True, margin=20)
    font = find_unicode_font()
    if font:
        pdf.add_font("DejaVu", "", str(font[0]))
        pdf.add_font("DejaVu", "B", str(font[1] or font[0]))
        family, fix = "DejaVu", (lambda s: s)
    else:
        family, fix = "Helvetica", _latin1
    pdf.add_page()
    if not font and any(_latin1(b.text) != b.text or any(_latin1(i) != i for i in b.items) for b in blocks):
        _pdf_para(pdf, family, "B", 9, "Note: no Unicode font (DejaVu Sans) was found; characters outside "
                  "Latin-1 are shown as '?'. Use the DOCX export for the exact text.")
    sizes = {"title": ("B", 14), "heading": ("B", 11), "banner": ("B", 11), "subtitle": ("", 10)}
    for block in blocks:
        style, size = sizes.get(block.kind, ("", 10.5))
        if block.kind in ("heading", "signature"):
            if pdf.get_y() > pdf.page_break_trigger - (45 if block.kind == "signature" else 25):
                pdf.add_page()  # no heading or signature block left alone at the foot of a page
            pdf.ln(3)
        texts = block.items if block.kind in ("list", "signature") else (block.text,)
        for n, text in enumerate(texts, 1):
            prefix = f"{n}. " if block.kind == "list" else ""
            align = "C" if block.kind in ("title", "subtitle") else "L"
            _pdf_para(pdf, family, style, size, fix(prefix + text), align)
    return bytes(pdf.output())


def _pdf_para(pdf, family: str, style: str, size: float, text: str, align: str = "L") -> None:
    pdf.set_font(family, style, size)
    pdf.multi_cell(0, size * 0.5, text, align=align, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1.5)


def _latin1(text: str) -> str:
    replacements = {"\u2013": "-", "\u2014": "-", "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                    "\u2026": "...", "\u2022": "-", "\u00a0": " "}
    text = "".join(replacements.get(ch, ch) for ch in text)
    return text.encode("latin-1", "replace").decode("latin-1")


# ------------------------------------------------------------------------------------------------- JSON


def render_json(draft: Draft, clauses: Clauses) -> str:
    elements = [{"clause": spec.cite, "field": spec.key, "name": spec.name,
                 "value": draft.fields.get(spec.key), "required": spec.required}
                for spec in FIELDS if spec.key in draft.applicable()]
    data = {
        "draft_id": draft.id,
        "status": draft.status,
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

