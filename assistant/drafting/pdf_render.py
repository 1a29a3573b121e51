"""A document (``Block``s from ``document``) as an A4 PDF with fpdf2: page X of Y, the mark on every page.

What it does: A4 with 25/20 mm margins; the confidentiality mark in the header of every page; "Page X of Y"
in every footer; the identifiers as a table whose cells wrap (long URLs and wallet addresses stay inside
the page); no heading or signature block left alone at the foot of a page. DejaVu Sans is used when the
system has it (Cyrillic and any script it covers), else the core Helvetica font with characters outside
Latin-1 replaced by "?" and a note saying so. fpdf2's "missing glyphs" warning, which quotes the text, is
filtered out of the logs.
What it leaves to others: the content (``document``), the other formats (``export``, ``docx_render``).
"""

from __future__ import annotations

import logging
from pathlib import Path

from fpdf import FPDF

from assistant.drafting.document import Block
from assistant.drafting.phrases import PHRASES

DEJAVU_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"),
               Path("/usr/local/share/fonts"), Path("/Library/Fonts"))
SIZES = {"title": ("B", 13), "heading": ("B", 11), "banner": ("B", 10.5), "subtitle": ("", 10)}


class _NoContentInLogs(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return "missing the following glyphs" not in str(record.msg)


logging.getLogger("fpdf.output").addFilter(_NoContentInLogs())


def find_unicode_font() -> tuple[Path, Path | None] | None:
    """DejaVu Sans (regular, bold) if installed; None otherwise (the PDF then uses a core font)."""
    for folder in DEJAVU_DIRS:
        regular = folder / "DejaVuSans.ttf"
        if regular.is_file():
            bold = folder / "DejaVuSans-Bold.ttf"
            return regular, bold if bold.is_file() else None
    return None


def _latin1(text: str) -> str:
    replacements = {"\u2013": "-", "\u2014": "-", "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                    "\u2026": "...", "\u2022": "-", "\u00a0": " "}
    text = "".join(replacements.get(ch, ch) for ch in text)
    return text.encode("latin-1", "replace").decode("latin-1")


class _Document(FPDF):
    def __init__(self, mark: str, page_label: str, family: str, fix):
        super().__init__(format="A4")
        self.mark, self.page_label, self.family, self.fix = mark, page_label, family, fix

    def header(self):
        if self.mark:
            self.set_font(self.family, "B", 9)
            self.cell(0, 5, self.fix(self.mark), align="R", new_x="LMARGIN", new_y="NEXT")
            self.ln(3)

    def footer(self):
        self.set_y(-14)
        self.set_font(self.family, "", 8.5)
        label = self.page_label.format(page=self.page_no(), pages="{nb}")
        self.cell(0, 5, self.fix(label), align="C")


def render_pdf(blocks: list[Block], title: str, lang: str = "en") -> bytes:
    font = find_unicode_font()
    family, fix = ("DejaVu", lambda s: s) if font else ("Helvetica", _latin1)
    mark = next((b.text for b in blocks if b.kind == "mark"), "")
    pdf = _Document(mark, PHRASES[lang]["page"], family, fix)
    if font:
        pdf.add_font("DejaVu", "", str(font[0]))
        pdf.add_font("DejaVu", "B", str(font[1] or font[0]))
    pdf.set_title(fix(title[:200]))
    pdf.set_author("")
    pdf.set_creator("assistant draft")
    pdf.set_margins(25, 18, 20)
    pdf.set_auto_page_break(True, margin=22)
    pdf.alias_nb_pages()
    pdf.add_page()
    texts = [b.text for b in blocks] + [i for b in blocks for i in b.items] + [c for b in blocks for r in b.rows
                                                                                for c in r]
    if not font and any(_latin1(t) != t for t in texts):
        _para(pdf, "B", 9, "Note: no Unicode font (DejaVu Sans) was found; characters outside Latin-1 are "
                           "shown as '?'. Use the DOCX export for the exact text.")
    for n, block in enumerate(blocks):
        if block.kind == "mark":
            continue
        if block.kind in ("heading", "signature", "table"):
            if pdf.get_y() > pdf.page_break_trigger - _room(block, blocks[n + 1:n + 2]):
                pdf.add_page()  # no heading or signature block left alone at the foot of a page
            pdf.ln(3)
        if block.kind == "table":
            _table(pdf, block, fix)
            continue
        style, size = SIZES.get(block.kind, ("", 10.5))
        items = block.items if block.kind in ("list", "signature") else (block.text,)
        for n, text in enumerate(items, 1):
            prefix = f"{n}. " if block.kind == "list" else ""
            align = "C" if block.kind in ("title", "subtitle") else "J" if block.kind == "para" else "L"
            _para(pdf, style, size, fix(prefix + text), align)
    return bytes(pdf.output())


def _room(block: Block, following: list[Block]) -> float:
    """Millimetres a block needs below it on the page: a heading keeps its table or first lines with it."""
    if block.kind == "signature":
        return 45
    if block.kind == "table" or (following and following[0].kind == "table"):
        rows = (block if block.kind == "table" else following[0]).rows
        return min(80, 20 + 6 * len(rows))
    return 25


def _para(pdf: _Document, style: str, size: float, text: str, align: str = "L") -> None:
    pdf.set_font(pdf.family, style, size)
    pdf.multi_cell(0, size * 0.5, text, align=align, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1.5)


def _table(pdf: _Document, block: Block, fix) -> None:
    pdf.set_font(pdf.family, "", 9)
    with pdf.table(width=pdf.epw, col_widths=(24, 56, 34, 26), align="LEFT", text_align="LEFT",
                   line_height=4.5) as table:
        for row in block.rows:
            cells = table.row()
            for text in row:
                cells.cell(fix(text))
    pdf.ln(2)
