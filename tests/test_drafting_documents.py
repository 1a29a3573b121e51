"""The documents as the partner receives them: A4 DOCX and PDF, page X of Y, the confidentiality mark on every
page, nothing printed for the officer, the letter in both formats with its attachments, nothing off the page.
"""

from __future__ import annotations

import io

import pytest

from assistant.drafting import api
from tests.drafting_scenarios import ANSWERS, fill, settings_for

LONG_MERITS = " ".join(["On 10 November 2026 unknown persons gained unauthorized access to the servers of Alpha "
                        "Bank in Almaty and transferred money to accounts abroad through "
                        "https://very-long-phishing-domain-name.example.com/login/session/0123456789abcdef."] * 12)
INSTRUCTIONS = ("to be signed by hand", "place for the stamp", "to be completed", "confirmation due", "say '",
                "(optional", "None. The documents")


@pytest.fixture(scope="module")
def draft_id(tmp_path_factory):
    settings = settings_for(tmp_path_factory.mktemp("documents"))
    answers = {**ANSWERS, "merits": LONG_MERITS, "urgent": "yes, we emailed it yesterday evening",
               "urgent_channel_detail": "to cyber@ic.example.by at 19:05, message 77/2",
               "assistance": ANSWERS["assistance"] + " Also the wallet "
                                                                    "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq."}
    turns = fill(settings, answers)
    assert turns[-1]["complete"] and turns[-1]["warnings"] == []
    return settings, turns[-1]["draft_id"]


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("document", ["request", "letter"])
def test_pdf_is_a4_with_page_numbers_and_the_mark_on_every_page(draft_id, lang, document):
    import pypdf

    settings, draft = draft_id
    reader = pypdf.PdfReader(io.BytesIO(api.export(settings, draft, "pdf", document, lang)))
    pages = len(reader.pages)
    assert pages >= (2 if document == "request" else 1)
    mark = "CONFIDENTIAL" if lang == "en" else "КОНФИДЕНЦИАЛЬНО"
    for n, page in enumerate(reader.pages, 1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width), round(height)) == (595, 842)  # A4 in points
        text = page.extract_text()
        assert mark in text
        assert (f"Page {n} of {pages}" if lang == "en" else f"Страница {n} из {pages}") in text
        for instruction in INSTRUCTIONS:
            assert instruction not in text
    whole = " ".join(p.extract_text() for p in reader.pages)
    assert ("Complaint of Alpha Bank" in whole) and ("3 sheet(s)" in whole or "на 3 л." in whole)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_nothing_runs_off_the_pdf_page(draft_id, lang):
    """Every character lies inside the page, and the outer 8 mm of every rendered page is blank."""
    import pypdfium2 as pdfium

    settings, draft = draft_id
    pdf = pdfium.PdfDocument(api.export(settings, draft, "pdf", "request", lang))
    for index in range(len(pdf)):
        page = pdf[index]
        width, height = page.get_size()
        text = page.get_textpage()
        for i in range(text.count_chars()):
            left, bottom, right, top = text.get_charbox(i)
            if right > left:  # spaces and line ends have empty boxes
                assert left >= 0 and right <= width - 20 and bottom >= 0 and top <= height, (index, i)
        image = page.render(scale=1).to_pil().convert("L")
        margin = round(8 / 25.4 * 72)
        w, h = image.size
        for box in ((0, 0, margin, h), (w - margin, 0, w, h), (0, 0, w, margin), (0, h - margin, w, h)):
            assert image.crop(box).getextrema()[0] > 250, (index, box)


@pytest.mark.parametrize("document", ["request", "letter"])
def test_docx_is_a4_with_page_x_of_y_and_the_mark_in_the_header(draft_id, document):
    import docx

    settings, draft = draft_id
    doc = docx.Document(io.BytesIO(api.export(settings, draft, "docx", document, "en")))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert "CONFIDENTIAL" in section.header.paragraphs[0].text
    footer = section.footer.paragraphs[0]._p.xml
    assert "PAGE" in footer and "NUMPAGES" in footer and "Page " in section.footer.paragraphs[0].text
    body = "\n".join(p.text for p in doc.paragraphs)
    for instruction in INSTRUCTIONS:
        assert instruction not in body
    assert "L.S." in body and "_______________  A. B. Ivanov" in body and "Complaint of Alpha Bank" in body
    if document == "request":
        table = doc.tables[0]
        assert [c.text for c in table.rows[0].cells] == ["Kind", "Identifier", "Date and time", "Time zone"]
        assert any(c.text == "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq" for r in table.rows for c in r.cells)
    else:
        assert "message 77/2" in body


def test_clean_joins_without_other_information(tmp_path):
    settings = settings_for(tmp_path)
    last = fill(settings, {**ANSWERS, "other_info": "skip", "attachments": "skip"})[-1]
    text = api.export(settings, last["draft_id"], "md", "request", "en").decode()
    section = text.split("Other information useful for execution (Article 6(3)(f))")[1].split("##")[0]
    assert section.strip() == "None." and "Attachments" not in text
