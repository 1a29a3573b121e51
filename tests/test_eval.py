"""The evaluation runner (`assistant eval`, `make bench`) and the question files it reads."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from assistant.evaluation.framework import load_questions
from assistant.settings import PROJECT_ROOT

HELD_OUT = ["heldout.jsonl", "heldout-b.jsonl"]


@pytest.mark.parametrize("name", HELD_OUT)
def test_held_out_files_are_sound(corpus, name):
    questions = load_questions(PROJECT_ROOT / "eval" / name)
    main = {q.question.casefold() for q in load_questions(PROJECT_ROOT / "eval" / "questions.jsonl")}
    assert len({q.id for q in questions}) == len(questions) >= 20
    assert {q.answerable for q in questions} == {True, False}
    for q in questions:
        assert q.question.casefold() not in main, q.id  # held out: not a copy of an eval question
        if not q.answerable:
            assert not q.gold and not q.decisive, q.id
            continue
        assert q.gold and all(corpus.get(g) is not None for g in q.gold), q.id
        gold_text = " ".join(corpus.get(g).text for g in q.gold).casefold()
        assert all(d.casefold() in gold_text for d in q.decisive), q.id


@pytest.mark.slow
def test_eval_prints_and_writes_every_table(tmp_path):
    lines = (PROJECT_ROOT / "eval" / "questions.jsonl").read_text(encoding="utf-8").splitlines()
    questions = tmp_path / "few.jsonl"
    questions.write_text("\n".join(lines[:3] + lines[-2:]) + "\n", encoding="utf-8")
    out = tmp_path / "report" / "results.md"
    out.parent.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    done = subprocess.run([sys.executable, "-m", "assistant", "eval", "--no-baseline", "--questions",
                           str(questions), "--out", str(out)], capture_output=True, text=True, timeout=600,
                          env={**env, "ASSISTANT_DATA_DIR": str(tmp_path / "data")})
    assert done.returncode == 0, done.stderr[-2000:]
    for heading in ("this pipeline (hybrid)", "hybrid without glosses", "multilingual dense only",
                    "held-out B", "Blind held-out set", "1st gold if confident", "blind ru-kk: kk",
                    "blind not covered", "high answers right", "right article in top 3"):
        assert heading in done.stdout, heading
    report = out.read_text(encoding="utf-8")
    assert f"5 questions in `{questions}`, 3 answerable" in report
    assert "## The same systems on the blind held-out set" in report and "# Answer evaluation" in report
    assert "# Every question set at a glance" in report and "| all sets" in report
    assert out.with_suffix(".png").stat().st_size > 10_000
    assert out.with_name("results-sets.png").stat().st_size > 10_000
    blind = [q.question for name in BLIND_SETS for q in load_questions(PROJECT_ROOT / "eval" / name)]
    assert not any(question in report for question in blind)  # nobody tunes on the blind questions


BLIND_SETS = ["blind-everyday.jsonl", "blind-notcovered.jsonl", "blind-ru-kk.jsonl", "blind2-wording.jsonl",
              "blind2-everyday.jsonl", "blind2-notcovered.jsonl", "blind3-everyday.jsonl", "blind3-notcovered.jsonl",
              "blind3-ru-kk.jsonl", "blind4-named.jsonl", "blind5-everyday.jsonl", "blind5-notcovered.jsonl"]


@pytest.mark.parametrize("name", [*BLIND_SETS, "dev-everyday.jsonl", "dev-notcovered.jsonl", "dev-ru-kk.jsonl",
                                  "dev-wording.jsonl", "dev2-answerable.jsonl", "dev2-notcovered.jsonl",
                                  "dev3-answerable.jsonl", "dev3-notcovered.jsonl", "dev4-named.jsonl",
                                  "dev5-mixed.jsonl", "dev6-named.jsonl"])
def test_the_new_question_sets_are_sound(corpus, name):
    questions = load_questions(PROJECT_ROOT / "eval" / name)
    assert len({q.id for q in questions}) == len(questions) >= 14
    for q in questions:
        assert q.language in ("en", "ru", "kk"), q.id
        assert q.answerable == bool(q.gold), q.id
        assert all(corpus.get(g) is not None for g in q.gold), q.id
