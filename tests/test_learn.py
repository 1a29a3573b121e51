"""Learn mode: questions made from the text are backed by the cited unit, and progress steers the next quiz.

The checks here are written independently of ``learn.kinds.check`` (from the JSON alone) so that a bug in
the generator's own checker cannot hide a wrong answer.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import replace

import pytest

from assistant.corpus.parse import load_corpus
from assistant.errors import UserError
from assistant.learn.quiz import check_answer, generate_quiz, load_progress, progress_summary, record, verify
from assistant.settings import PROJECT_ROOT, Settings

try:
    from tests.test_corpus import SECOND_ACT
except ImportError:  # tests/ is not a package
    from test_corpus import SECOND_ACT

BLANK = "_____"
SEEDS = range(1, 6)


def run_cli(*args, data_dir, stdin: bytes = b"") -> subprocess.CompletedProcess:
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(data_dir)}
    return subprocess.run([sys.executable, "-m", "assistant", "quiz", *args], input=stdin, capture_output=True,
                          env=env, cwd=PROJECT_ROOT, timeout=120)


def article_of(corpus, unit_id: str) -> str:
    unit = corpus.get(unit_id)
    while unit.parent:
        unit = corpus.get(unit.parent)
    return unit.id


def strip(choice: str) -> str:
    return choice.strip().strip("…").strip()


def quoted(question: str) -> str:
    """The passage a question quotes: from the '"' after ': ' or '? ' to the last '"'."""
    match = re.search(r'(?:: |\? )"(.*)"\??$', question, re.DOTALL)
    assert match, question
    return strip(match.group(1))


def supported(corpus, q: dict) -> None:
    """The right choice is backed by the cited unit's text and no wrong choice is (per kind)."""
    unit = corpus.get(q["citation"]["id"])
    assert unit is not None and unit.label == q["citation"]["label"]
    text, kind = unit.text, q["kind"]
    right = q["choices"][q["answer"]]
    wrong = [c for i, c in enumerate(q["choices"]) if i != q["answer"]]
    assert 2 <= len(q["choices"]) <= 4 and len(set(q["choices"])) == len(q["choices"]) and wrong
    if kind == "definition-term":
        def defines(term):
            return re.match(rf"(?:an?\s+|the\s+)?{re.escape(term)}\s+is\s", text, re.IGNORECASE)
        assert unit.kind == "definition" and defines(right) and not any(defines(w) for w in wrong)
    elif kind in ("listed", "definition-meaning"):
        assert strip(right) in text and not any(strip(w) in text for w in wrong)
    elif kind == "not-listed":
        assert strip(right) not in text and all(strip(w) in text for w in wrong)
    elif kind in ("period", "cloze"):
        context = quoted(q["question"])
        assert context.count(BLANK) == 1
        assert context.replace(BLANK, right) in text
        assert not any(context.replace(BLANK, w) in text for w in wrong)
    elif kind == "period-applies":
        period = re.search(r'period "([^"]+)"', q["question"]).group(1)
        assert re.fullmatch(r"\d+ (?:day|month|year)s?", period)
        assert strip(right).replace(BLANK, period) in text
        assert not any(strip(w).replace(BLANK, period) in text for w in wrong)
    elif kind == "which-article":
        passage = quoted(q["question"])
        assert unit.kind == "article" and passage in text and right == f"{unit.label} – {unit.title}"
        for option in wrong:
            other = corpus.by_label[option.split(" – ")[0].casefold()]
            assert other.kind == "article" and other.id != unit.id and passage not in other.text
    else:
        pytest.fail(f"unknown kind {kind}")
    quote = re.search(r'reads: "(.*)"$', q["explanation"], re.DOTALL).group(1)
    assert len(quote) > 10 and quote in text and unit.label in q["explanation"]


# ---------------------------------------------------------------------------------------------- Done when


@pytest.mark.slow
def test_cli_json_seed_1_gives_40_distinct_checked_questions(corpus, tmp_path):
    done = run_cli("--json", "-n", "40", "--seed", "1", data_dir=tmp_path)
    assert done.returncode == 0, done.stderr
    quiz = json.loads(done.stdout)
    assert len(quiz) == 40
    assert set(quiz[0]) == {"id", "kind", "question", "choices", "answer", "citation", "explanation"}
    assert len({q["id"] for q in quiz}) == 40 and len({q["question"] for q in quiz}) == 40
    assert len({q["kind"] for q in quiz}) >= 6
    assert len({article_of(corpus, q["citation"]["id"]) for q in quiz}) >= 12
    for q in quiz:
        supported(corpus, q)
    # the CLI prints exactly what the API makes for the same seed, in another process
    assert quiz == [q.as_dict() for q in generate_quiz(corpus, 40, seed=1)]


@pytest.mark.parametrize("seed", SEEDS)
def test_every_question_is_backed_by_its_unit_for_several_seeds(corpus, seed):
    quiz = generate_quiz(corpus, 40, seed=seed)
    assert len({q.id for q in quiz}) == 40
    assert len({q.kind for q in quiz}) >= 6
    assert len({q.article for q in quiz}) >= 12
    for question in quiz:
        assert verify(corpus, question) == [], question
        supported(corpus, question.as_dict())


def test_the_checkers_catch_a_wrong_answer_key(corpus):
    """Pointing ``answer`` at a wrong choice must fail both checkers, for every kind."""
    kinds = set()
    for seed in SEEDS:
        for question in generate_quiz(corpus, 40, seed=seed):
            bad = question.as_dict() | {"answer": (question.answer + 1) % len(question.choices)}
            assert verify(corpus, replace(question, answer=bad["answer"])), question.id
            with pytest.raises(AssertionError):
                supported(corpus, bad)
            kinds.add(question.kind)
    assert len(kinds) >= 7


def test_same_seed_same_quiz_and_different_seeds_differ(corpus):
    first = [q.as_dict() for q in generate_quiz(corpus, 15, seed=7)]
    assert first == [q.as_dict() for q in generate_quiz(corpus, 15, seed=7)]
    other = [q.as_dict() for q in generate_quiz(corpus, 15, seed=8)]
    assert [q["id"] for q in first] != [q["id"] for q in other]


@pytest.mark.slow
def test_articles_restriction(corpus, tmp_path):
    done = run_cli("--json", "-n", "12", "--seed", "2", "--articles", "6,8,9", data_dir=tmp_path)
    assert done.returncode == 0, done.stderr
    quiz = json.loads(done.stdout)
    assert len(quiz) == 12
    assert {article_of(corpus, q["citation"]["id"]) for q in quiz} == {"art-6", "art-8", "art-9"}
    for q in quiz:
        supported(corpus, q)
    done = run_cli("--json", "--articles", "99", data_dir=tmp_path)
    assert done.returncode == 2 and b"no such article" in done.stderr and b"Traceback" not in done.stderr
    with pytest.raises(UserError):
        generate_quiz(corpus, 0)


def test_a_second_act_gets_valid_questions_too(tmp_path, corpus):
    for path in corpus.primary.path.parent.iterdir():
        (tmp_path / path.name).write_bytes(path.read_bytes())
    (tmp_path / "model-law.txt").write_text(SECOND_ACT, encoding="utf-8")
    both = load_corpus(tmp_path)
    for seed in SEEDS:
        quiz = generate_quiz(both, 10, seed=seed, articles=["model-law:art-1", "model-law:art-2"])
        assert len(quiz) >= 6 and {q.article for q in quiz} == {"model-law:art-1", "model-law:art-2"}
        assert {"listed", "period", "which-article", "cloze"} <= {q.kind for q in quiz}
        for question in quiz:
            assert verify(both, question) == [], question
            supported(both, question.as_dict())


# ---------------------------------------------------------------------------------------------- answers, progress


def test_shortened_options_carry_their_full_text_and_the_json_stays_as_it_was(corpus):
    sources = "\n".join(" ".join(d.source.split()) for d in corpus.documents)
    expanded = 0
    for seed in SEEDS:
        for q in generate_quiz(corpus, 10, seed=seed):
            assert len(q.options) == len(q.choices) and set(q.as_dict()) == {
                "id", "kind", "question", "choices", "answer", "citation", "explanation"}
            for short, full in zip(q.choices, q.options, strict=True):
                if short == full:
                    continue
                expanded += 1
                assert short.startswith("…") or short.endswith("…"), short
                assert "…" not in full and len(full) > len(short.strip("…"))
                for part in short.strip("…").split(BLANK):  # the shown words are in the full text, in order
                    assert " ".join(part.split()) in " ".join(full.split()), (short, full)
                assert " ".join(full.split(BLANK)[0].split()) in sources  # the full text is the act's own
    assert expanded >= 10


def test_check_answer_explains_with_the_quoted_provision(corpus):
    question = generate_quiz(corpus, 1, seed=3, articles=["10"])[0]
    right = check_answer(question, question.answer)
    assert right.correct and right.explanation.startswith("Correct.")
    wrong = check_answer(question, (question.answer + 1) % len(question.choices))
    assert not wrong.correct and "the answer is" in wrong.explanation
    assert question.quote in wrong.explanation and wrong.citation.label.startswith("Article 10")
    with pytest.raises(UserError):
        check_answer(question, len(question.choices))


def art9_count(corpus, progress) -> int:
    return sum(q.article == "art-9" for seed in range(1, 41)
               for q in generate_quiz(corpus, 10, seed=seed, progress=progress))


@pytest.mark.slow
def test_progress_survives_a_restart_and_favours_weak_articles(corpus, tmp_path):
    quiz = generate_quiz(corpus, 5, seed=3, articles=["9"], progress={})
    wrong_answers = "".join(f"{(q.answer + 1) % len(q.choices) + 1}\n" for q in quiz).encode()
    done = run_cli("-n", "5", "--seed", "3", "--articles", "9", "--profile", "alice", data_dir=tmp_path,
                   stdin=wrong_answers)
    assert done.returncode == 0, done.stderr
    assert b"Score: 0/5" in done.stdout and b"Article 9" in done.stdout
    # this test process is the restart: it reads what the CLI process saved
    settings = Settings(data_dir=tmp_path)
    summary = progress_summary(settings, "alice")
    assert [(a.article, a.correct, a.wrong) for a in summary.articles] == [("art-9", 0, 5)]
    assert summary.weak == ("art-9",) and progress_summary(settings).articles == ()
    file = tmp_path / "state.sqlite3"
    assert file.stat().st_mode & 0o777 == 0o600 and tmp_path.stat().st_mode & 0o777 == 0o700
    plain, weighted = art9_count(corpus, None), art9_count(corpus, load_progress(settings, "alice"))
    assert weighted >= 2 * plain, (plain, weighted)
    # and the CLI uses it when asked for that profile
    cli = json.loads(run_cli("--json", "-n", "10", "--seed", "1", "--profile", "alice", data_dir=tmp_path).stdout)
    assert cli == [q.as_dict() for q in generate_quiz(corpus, 10, seed=1, progress=load_progress(settings, "alice"))]


def test_right_answers_lower_an_articles_weight_and_users_keep_their_own(corpus, settings):
    question = generate_quiz(corpus, 1, seed=1, articles=["9"])[0]
    for _ in range(6):
        record(settings, "bob", question, True)
    assert art9_count(corpus, load_progress(settings, "bob")) < art9_count(corpus, None)
    assert load_progress(settings, "bob", user="someone-else") == {}
    record(settings, "bob", question, False, user="someone-else")
    assert load_progress(settings, "bob", user="someone-else")["art-9"].wrong == 1
    assert load_progress(settings, "bob")["art-9"].wrong == 0
    with pytest.raises(UserError):
        record(settings, "../etc", question, True)


@pytest.mark.slow
def test_interactive_hostile_input_gets_a_message_not_a_traceback(corpus, tmp_path):
    quiz = generate_quiz(corpus, 2, seed=5, progress={})
    hostile = b"\n" + b"zzz\n" + b"\x00\n" + b"7" * 200_000 + b"\n" + b"\xff\xfe\n" + b"5\n"
    answers = hostile + f"{'abcd'[quiz[0].answer]}\n".upper().encode() + b"q\n"
    done = run_cli("-n", "2", "--seed", "5", data_dir=tmp_path, stdin=answers)
    out = done.stdout.decode()
    assert done.returncode == 0 and b"Traceback" not in done.stderr + done.stdout, done.stderr
    assert out.count("That is not an option") == 6
    assert "Correct." in out and "Quiz stopped" in out and "Score: 1/1" in out
    assert quiz[0].citation.label in out and quiz[0].quote.split("\n")[0][:60] in out.replace("\n", " ")
    # piped input that simply ends is a normal stop, and progress was saved
    assert run_cli("-n", "1", data_dir=tmp_path, stdin=b"").returncode == 0
    assert load_progress(Settings(data_dir=tmp_path))[quiz[0].article].correct == 1


@pytest.mark.slow
def test_importing_learn_stays_light():
    code = ("import sys, assistant.learn.quiz, assistant.cli.quiz; "
            "print(sorted(m for m in ('torch', 'chromadb', 'gradio', 'sentence_transformers') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=PROJECT_ROOT)
    assert done.stdout.strip() == "[]", done.stderr
