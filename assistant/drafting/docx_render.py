"""A document (``Block``s from ``document``) as DOCX, with python-docx: A4, page X of Y, the mark on every page.

What it does: an A4 section (2 cm margins, 2.5 cm on the left for binding); the confidentiality mark in
the page header, so it is on every page; "Page X of Y" (Word's PAGE and NUMPAGES fields) centred in the
footer; the identifiers as a bordered table; the signature block kept together on one page. The
document's properties carry the title only (no author).
What it leaves to others: the content (``document``), Markdown, JSON and PDF (``export``, ``pdf_render``).
"""

from __future__ import annotations

import io

from assistant.drafting.document import Block
from assistant.drafting.phrases import PHRASES


def _field(paragraph, code: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, code), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == code:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = code
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)


def _page_numbers(section, lang: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    before, rest = PHRASES[lang]["page"].split("{page}")
    middle, after = rest.split("{pages}")
    paragraph.add_run(before)
    _field(paragraph, "PAGE")
    paragraph.add_run(middle)
    _field(paragraph, "NUMPAGES")
    paragraph.add_run(after)


def render_docx(blocks: list[Block], title: str, lang: str = "en") -> bytes:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    document = docx.Document()
    props = document.core_properties
    props.title, props.author, props.last_modified_by, props.comments = title, "", "", ""
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(2.5), Cm(2)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    _page_numbers(section, lang)
    for block in blocks:
        if block.kind == "mark":
            header = section.header.paragraphs[0]
            header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            header.add_run(block.text).bold = True
        elif block.kind == "banner":
            document.add_paragraph().add_run(block.text).bold = True
        elif block.kind == "title":
            heading = document.add_heading(block.text, level=1)
            heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif block.kind == "subtitle":
            paragraph = document.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.add_run(block.text).italic = True
        elif block.kind == "heading":
            document.add_heading(block.text, level=2).paragraph_format.keep_with_next = True
        elif block.kind == "list":
            for n, item in enumerate(block.items, 1):
                document.add_paragraph(f"{n}. {item}")
        elif block.kind == "table":
            table = document.add_table(rows=len(block.rows), cols=len(block.rows[0]))
            table.style = "Table Grid"
            for r, row in enumerate(block.rows):
                for c, text in enumerate(row):
                    table.cell(r, c).text = text
                    if r == 0:
                        table.cell(r, c).paragraphs[0].runs[0].bold = True
        elif block.kind == "signature":
            document.add_paragraph().paragraph_format.keep_with_next = True
            for item in block.items:
                paragraph = document.add_paragraph(item)
                paragraph.paragraph_format.space_after = Pt(6)
                paragraph.paragraph_format.keep_with_next = True
        else:
            document.add_paragraph(block.text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
