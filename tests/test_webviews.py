"""What the web app renders, without a browser: escaping, highlighted sources, the Agreement view."""

from __future__ import annotations

from assistant.answers.extractive import Answer, Citation
from assistant.web import views as webviews


def test_user_text_is_neither_html_nor_markdown():
    shown = webviews.user_text("<script>alert(1)</script> *bold* [link](http://x) # head")
    assert "<script>" not in shown and "&lt;script&gt;" in shown
    assert "\\*bold\\*" in shown and "\\[link\\]" in shown and "\\# head" in shown


def test_source_html_escapes_the_text_and_marks_the_quote(corpus):
    unit = corpus.get("art-10")
    quote = "the prior written consent of the competent authority"
    html = webviews.source_html(corpus, "art-10", quote)
    assert f"<mark>{quote}</mark>" in html and unit.label in html
    assert "Select a citation" in webviews.source_html(corpus, "art-99", "x")


def test_agreement_view_search_and_focus(corpus):
    everything = webviews.agreement_html(corpus)
    assert everything.count('<section class="article">') == len(corpus.articles())
    found = webviews.agreement_html(corpus, search="prior written consent")
    assert found.count("<section") == 1 and "<mark>prior written consent</mark>" in found
    focused = webviews.agreement_html(corpus, focus="art-6.3.g")
    assert focused.count("<section") == 1 and 'class="unit focus" id="art-6.3.g"' in focused
    assert "No provision contains" in webviews.agreement_html(corpus, search="<b>zzz</b>")
    assert "<b>" not in webviews.agreement_html(corpus, search="<b>zzz</b>")


def test_not_covered_answers_are_marked_and_copy_text_lists_citations():
    cited = Citation("art-10", "Article 10", "10", "the prior written consent")
    found = Answer("q", "**Under Article 10**: <b>x</b>", True, [cited])
    assert webviews.answer_markdown(found).startswith("**Under") and "<b>" not in webviews.answer_markdown(found)
    assert webviews.answer_plaintext(found).endswith("Citations: Article 10")
    silent = Answer("q", "The Agreement does not address this question.", False, [cited])
    assert webviews.answer_markdown(silent).startswith(webviews.NOT_COVERED_BADGE)
    assert "Citations:" not in webviews.answer_plaintext(silent)


def test_citation_titles_say_how_far_the_citations_can_be_trusted():
    cited = Citation("art-10", "Article 10", "10", "the prior written consent")
    sure = webviews.citations_title(Answer("q", "x", True, [cited], confidence="high"))
    unsure = webviews.citations_title(Answer("q", "x", True, [cited], confidence="low"))
    silent = webviews.citations_title(Answer("q", "x", False, [cited]))
    assert "not certain" in unsure.lower() and "not certain" not in sure.lower()
    assert "do NOT answer" in silent and len({sure, unsure, silent}) == 3
