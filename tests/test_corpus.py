"""The Agreement parses into the citable units officers rely on; junk never becomes a unit."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from assistant.cli import main
from assistant.corpus.parse import load_corpus
from assistant.corpus.references import find_references, resolve

ARTICLE_TITLES = {
    "1": "Basic terms", "2": "General provisions", "3": "Criminally punishable acts",
    "4": "Competent authorities", "5": "Forms of cooperation", "6": "Request for assistance",
    "7": "Execution of the request", "8": "Confidentiality of information",
    "9": "Use of the results of the execution of the request", "10": "Transfer of information to a third party",
    "11": "Refusal to execute a request", "12": "Expenses", "13": "Relationship with other international treaties",
    "14": "Settlement of disputes", "15": "Making changes and additions", "16": "Accession",
    "17": "Entry into force", "18": "Period of validity",
}
JUNK = ["©", "Institute of Legislation", "Security Council", "Lawyer Almaty", "Law Firm Court Cases"]


def test_eighteen_articles_with_their_titles(corpus):
    articles = [u for u in corpus.units if u.kind == "article"]
    assert {u.article: u.title for u in articles} == ARTICLE_TITLES
    assert [u.id for u in articles] == [f"art-{n}" for n in range(1, 19)]


def child_keys(corpus, unit_id):
    return [c.id.rsplit(".", 1)[1] for c in corpus.children(corpus.get(unit_id))]


def test_article_6_3_has_items_a_to_g(corpus):
    assert child_keys(corpus, "art-6.3") == list("abcdefg")
    assert corpus.get("art-6.3.g").label == "Article 6(3)(g)"
    assert corpus.get("art-6.3.g").text == "g) a reference to this Agreement."


def test_article_5_items_keep_the_translation_quirk_i_then_k(corpus):
    assert child_keys(corpus, "art-5") == list("abcdefghi") + ["k"]
    assert corpus.get("art-5.k").label == "Article 5(k)"
    assert child_keys(corpus, "art-5.a") == ["1", "2", "3", "4"]
    assert "forms::" in corpus.get("art-5").text


def test_article_1_defines_six_terms(corpus):
    terms = child_keys(corpus, "art-1")
    assert terms == ["malicious-program", "information-technology", "information-system",
                     "computer-system", "computer-information", "unauthorized-access-to-information"]
    unit = corpus.get("art-1.malicious-program")
    assert unit.label == 'Article 1 ("malicious program")'
    assert unit.text.startswith("malicious program is a created")


def test_sub_points_and_nested_items(corpus):
    assert child_keys(corpus, "art-11.1") == ["1", "2"]
    assert corpus.get("art-11.1.2").text.startswith("contradicts the national legislation")
    assert child_keys(corpus, "art-3.1") == list("abcdefgh")
    assert corpus.get("art-3.1.b").label == "Article 3(1)(b)"
    assert child_keys(corpus, "art-6.4") == ["a", "b"]


def test_continuation_lines_stay_with_their_paragraph(corpus):
    assert "must be confirmed in writing within 3 days" in corpus.get("art-6.2").text
    assert "through technical communication channels" in corpus.get("art-6.2").text
    assert "immediately notify the depositary" in corpus.get("art-4.2").text
    assert "relevant documents" in corpus.get("art-17.1").text


def test_law_preamble_and_final_parts(corpus):
    law = corpus.get("law")
    assert law.label == "Ratification Law No. 277-VI" and "K. TOKAEV" in law.text
    assert "No. 277-VI" in law.text
    assert corpus.get("preamble").text.rstrip().endswith("have agreed on the following:")
    final = corpus.get("final")
    assert final.text.startswith("Done in Dushanbe")
    assert "V. A. Guminsky" in final.text
    assert [c.id for c in corpus.children(final)] == ["final.done", "final.signatories", "final.certification"]
    assert {u.article for u in corpus.units} == set(ARTICLE_TITLES) | {"law", "preamble", "final"}


def test_no_unit_contains_page_junk(corpus):
    for unit in corpus.units:
        for junk in JUNK:
            assert junk not in unit.text, (unit.id, junk)
    # the junk is in the file we received: the parser, not the copy, drops it
    source = corpus.primary.path.read_text(encoding="utf-8")
    assert all(junk in source for junk in JUNK)


def test_every_unit_is_verbatim_from_the_source(corpus, source_text):
    for unit in corpus.units:
        assert unit.text and unit.text in source_text, unit.id


def test_ids_are_unique_and_show_round_trips(corpus):
    ids = [u.id for u in corpus.units]
    assert len(ids) == len(set(ids))
    for unit in corpus.units:
        assert resolve(corpus, unit.id) == unit.id
        assert resolve(corpus, unit.label) == unit.id


@pytest.mark.parametrize(("reference", "expected"), [
    ("Article 6(3)(g)", "art-6.3.g"), ("6(3)(g)", "art-6.3.g"), ("art-6.3.g", "art-6.3.g"),
    ("Art. 10", "art-10"), ("article ten", "art-10"), ("paragraph 2 of Article 7", "art-7.2"),
    ("Article 6, paragraph 3, item g", "art-6.3.g"), ("5(k)", "art-5.k"), ("Article 3(1)(b)", "art-3.1.b"),
    ("the preamble", "preamble"), ("Article 99", None), ("Article 6(9)", None), ("", None), ("hello", None),
])
def test_references_resolve(corpus, reference, expected):
    assert resolve(corpus, reference) == expected


def test_references_inside_a_question(corpus):
    found = find_references(corpus, "Compare Article 6 and Art. 10, and paragraph 2 of Article 7.")
    assert found == ["art-6", "art-10", "art-7.2"]
    assert find_references(corpus, "How fast must an oral request be confirmed?") == []


@pytest.mark.parametrize(("question", "bare"), [
    ("What does Article 6(3) require?", True),
    ("Explain Art. 11 please", True),
    ("What's in article ten?", True),
    ("What does the preamble say?", True),
    ("Explain Article 13 of the Agreement.", True),
    ("Does Article 7 say in which language the results are sent back?", False),
    ("Under Article 9, may consent be withdrawn once given?", False),
    ("What does Article 12 say about who bears the costs?", False),
])
def test_a_question_asking_for_a_provision_itself_is_told_from_one_asking_beyond_it(question, bare):
    from assistant.corpus.references import bare_reference

    assert bare_reference(question) == bare


def test_cli_show_and_corpus_json(capsys, corpus):
    assert main(["show", "6(3)(g)", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown == corpus.get("art-6.3.g").as_dict()
    assert set(shown) == {"id", "label", "article", "doc", "title", "text"}
    assert main(["show", "Art. 10"]) == 0
    assert "Article 10" in capsys.readouterr().out
    assert main(["corpus", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [u["id"] for u in listed] == [u.id for u in corpus.units]


@pytest.mark.slow
def test_cli_unknown_reference_exits_2_with_a_message():
    done = subprocess.run([sys.executable, "-m", "assistant", "show", "Article 99"],
                          capture_output=True, text=True)
    assert done.returncode == 2
    assert "no provision matches" in done.stderr and "Traceback" not in done.stderr


SECOND_ACT = """Model Law on Cyber Hygiene
The Parties agree as follows:
Article 1 Scope
1. This Law applies to public bodies.
2. It applies to:
a) ministries;
b) agencies.
Article 2 Duties
Each body keeps logs for 6 months.
Done at Minsk on 1 May 2020, in one copy.
For the Republic of Belarus
"""


def test_second_act_parses_into_its_own_document(tmp_path, corpus):
    for path in corpus.primary.path.parent.iterdir():
        (tmp_path / path.name).write_bytes(path.read_bytes())
    (tmp_path / "model-law.txt").write_text(SECOND_ACT, encoding="utf-8")
    both = load_corpus(tmp_path)
    assert [d.id for d in both.documents] == ["cis-it-crimes-agreement-2018", "model-law"]
    other = [u for u in both.units if u.doc == "model-law"]
    assert [u.id for u in other] == [
        "model-law:preamble", "model-law:art-1", "model-law:art-1.1", "model-law:art-1.2",
        "model-law:art-1.2.a", "model-law:art-1.2.b", "model-law:art-2", "model-law:final",
        "model-law:final.done", "model-law:final.signatories"]
    assert both.get("model-law:art-1").title == "Scope"
    assert re.search(r"Article 1\(2\)\(a\)$", both.get("model-law:art-1.2.a").label)
    # the Agreement's own ids are untouched, and all ids stay unique
    assert both.get("art-6.3.g") is not None
    assert len({u.id for u in both.units}) == len(both.units)
    assert resolve(both, "model-law:art-1.2.b") == "model-law:art-1.2.b"
