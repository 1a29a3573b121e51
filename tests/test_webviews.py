"""What the web app renders, without a browser: escaping, highlighted sources, the Agreement view."""

from __future__ import annotations

import re

from assistant.answers.extractive import Answer, Citation
from assistant.web import chatview
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
    assert "<h4>статья 10 - " in webviews.source_html(corpus, "art-10", quote, "ru")


def test_agreement_view_search_and_focus(corpus):
    everything = webviews.agreement_html(corpus)
    assert everything.count('<section class="article">') == len(corpus.articles())
    found = webviews.agreement_html(corpus, search="prior written consent")
    assert found.count("<section") == 1 and "<mark>prior written consent</mark>" in found
    focused = webviews.agreement_html(corpus, focus="art-6.3.g")
    assert focused.count("<section") == 1 and 'class="unit focus" id="art-6.3.g"' in focused
    assert "No provision contains" in webviews.agreement_html(corpus, search="<b>zzz</b>")
    assert "<b>" not in webviews.agreement_html(corpus, search="<b>zzz</b>")


def test_not_covered_answers_are_marked_and_copy_text_lists_citations(corpus):
    cited = Citation("art-10", "Article 10", "10", "the prior written consent")
    found = Answer("q", "**Under Article 10**: <b>x</b>\n\n> quoted\n\n*Full text: `assistant show \"Article 10\"`.*",
                   True, [cited])
    shown = chatview.turn_html(0, "q", found, corpus, "en")
    assert "<strong>Under Article 10</strong>" in shown and "<b>" not in shown and "&lt;b&gt;" in shown
    assert "assistant show" not in shown and "assistant show" not in chatview.answer_plaintext(found, corpus)
    plain = chatview.answer_plaintext(found, corpus)
    assert "**" not in plain and "> " not in plain and plain.splitlines()[0] == "Under Article 10: <b>x</b>"
    assert plain.endswith("Article 10 - Transfer of information to a third party: “the prior written consent”")
    silent = Answer("q", "The Agreement does not address this question.", False, [cited])
    assert "NOT COVERED" in chatview.turn_html(0, "q", silent, corpus, "en")
    assert "Citations:" not in chatview.answer_plaintext(silent, corpus)
    assert "НЕ РЕГУЛИРУЕТ" in chatview.turn_html(0, "q", silent, corpus, "ru")


def test_sources_and_copied_citations_use_the_interfaces_language(corpus):
    cites = [Citation("art-6.3.g", "Article 6(3)(g)", "6", "a reference to this Agreement."),
             Citation("preamble", "Preamble", "preamble", "the Parties")]
    russian = chatview.turn_html(0, "q", Answer("q", "x", True, cites), corpus, "ru")
    assert ">статья 6(3)(g) - " in russian and ">преамбула" in russian and ">Article 6(3)(g)" not in russian
    assert 'data-copy="статья 6(3)(g) - ' in russian
    assert "статья 6(3)(g) - " in chatview.answer_plaintext(Answer("q", "x", True, cites), corpus, "ru")
    english = chatview.turn_html(0, "q", Answer("q", "x", True, cites), corpus, "en")
    assert ">Article 6(3)(g) - " in english and "статья" not in english


def test_citation_titles_say_how_far_the_citations_can_be_trusted():
    cited = Citation("art-10", "Article 10", "10", "the prior written consent")
    sure = chatview.citations_title(Answer("q", "x", True, [cited], confidence="high"), "en")
    unsure = chatview.citations_title(Answer("q", "x", True, [cited], confidence="low"), "en")
    silent = chatview.citations_title(Answer("q", "x", False, [cited]), "en")
    assert "not certain" in unsure.lower() and "not certain" not in sure.lower()
    assert "do NOT answer" in silent and len({sure, unsure, silent}) == 3


def test_follow_ups_are_the_related_provisions(corpus):
    cites = [Citation(f"art-{n}", f"Article {n}", str(n), "x") for n in (10, 5, 6, 7, 8)]
    assert chatview.follow_ups(Answer("q", "x", True, cites), "en") == [
        "What does Article 5 say?", "What does Article 6 say?", "What does Article 7 say?"]
    assert chatview.follow_ups(Answer("q", "x", False, cites), "en") == []
    russian = chatview.follow_ups(Answer("q", "x", True, cites, language="ru"), "ru")
    assert russian[0] == "Что говорит статья 5?" and not any("Article" in q for q in russian)
    from assistant.search.language import english_references

    assert english_references(russian[0]) == "Article 5"  # the button's question finds its provision
    from assistant.answers.chat import Turn

    stored = Turn.from_record(Turn("q", "q", Answer("q", "x", True, cites, language="kk")).to_record())
    assert stored.answer.language == "kk" and chatview.follow_ups(stored.answer, "en") == russian  # after a reload
    asked_in_kazakh = Answer("q", "x", True, cites, language="kk")  # on the English page: asked as the question was
    assert chatview.follow_ups(asked_in_kazakh, "en") == russian
    assert chatview.follow_ups(Answer("q", "x", True, cites, language="en"), "ru")[0] == "What does Article 5 say?"


def test_agreement_has_a_table_of_contents(corpus):
    everything = webviews.agreement_html(corpus)
    links = re.findall(r'<li><a href="#([^"]+)">', everything)
    assert links[0] == corpus.articles()[0].id and len(links) == len(corpus.articles())
    assert any("Article 18" in a.label for a in corpus.articles()) and "Article 18" in everything
    assert "contents" not in webviews.agreement_html(corpus, search="prior written consent")


def test_checklist_counts_down_to_the_confirmation_date(corpus):
    from datetime import date

    assert webviews.countdown("2026-03-04", date(2026, 3, 1)) == \
        "Written confirmation due 4 March 2026 (3 days left)"
    assert "просрочено на 2" in webviews.countdown("2026-02-27", date(2026, 3, 1), "ru")
    assert webviews.shown_value("2027-04-15") == "15 April 2027"


def test_command_line_hints_never_reach_a_web_user():
    assert webviews.without_cli_hints('Under Article 6:\n\n*Full text: `assistant show "Article 6"`.*') == \
        "Under Article 6:"
    assert webviews.without_cli_hints("Export draft 1a2b as DOCX (CLI: assistant draft --export 1a2b -o r.docx).") \
        == "Export draft 1a2b as DOCX."


def test_quiz_options_are_shown_in_full(corpus):
    import html

    from assistant.learn.quiz import generate_quiz
    from assistant.web.tabs import marked_options_html, options

    q = next(q for seed in range(1, 30) for q in generate_quiz(corpus, 10, seed=seed)
             if q.choices[q.answer] != q.options[q.answer])
    assert [label for label, _ in options(q)] == [f"{'ABCDEFGHIJ'[i]}. {full}" for i, full in enumerate(q.options)]
    assert q.choices[q.answer].endswith("…") and "…" not in q.options[q.answer]
    assert html.escape(q.options[q.answer]) in marked_options_html(q, q.answer, "en")


def test_each_user_has_a_folder_of_downloads_and_deleted_conversations_leave_no_file(settings):
    from assistant.web.export import remove_conversation, user_exports

    alice, bob = user_exports(settings, "alice"), user_exports(settings, "bob")
    assert alice != bob and alice.parent == bob.parent == settings.data_dir / "exports"
    assert user_exports(settings, "Алия") != user_exports(settings, "Асель")  # names in any script
    import hashlib

    # The folder name is keyed by this deployment's secret: another user cannot work it out from the name.
    assert hashlib.sha256(b"bob").hexdigest()[:16] not in bob.name and len(bob.name) == 32
    assert user_exports(settings, "bob") == bob  # and it is stable
    alice.mkdir(parents=True)
    files = [alice / "conversation-abc.md", alice / "conversation-abc.docx", alice / "conversation-xyz.md"]
    for path in files:
        path.write_text("x")
    remove_conversation(alice, "abc")
    assert [p.exists() for p in files] == [False, False, True]
