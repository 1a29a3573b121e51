"""Latency and memory of one process, as an officer's terminal or the web app sees them.

Run: ``python eval/footprint.py`` (ASSISTANT_* settings as usual). Prints: seconds to load the models and open
the index, resident memory (RSS) after the first answer, warm ``ask`` latency p50/p95 over the English
questions of eval/questions.jsonl and the Russian/Kazakh questions of eval/dev-ru-kk.jsonl, one at a time,
and seconds to build the index from scratch in an empty folder once the models are loaded.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from assistant.answers.build import open_answerer
from assistant.evaluation.framework import load_questions
from assistant.search.index import ensure_index
from assistant.settings import PROJECT_ROOT, Settings


def rss_mb() -> float:
    status = Path("/proc/self/status").read_text(encoding="utf-8")
    return next((int(line.split()[1]) / 1024 for line in status.splitlines() if line.startswith("VmRSS:")),
                float("nan"))


def percentiles(values: list[float]) -> str:
    values = sorted(values)
    p95 = values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]
    return f"p50 {statistics.median(values):.0f} ms, p95 {p95:.0f} ms (n={len(values)})"


def main() -> None:
    start = time.perf_counter()
    answerer = open_answerer(Settings())
    print(f"models loaded and index opened: {time.perf_counter() - start:.1f} s")
    answerer.ask("Who pays for executing a request?")
    print(f"RSS after the first answer: {rss_mb():.0f} MB")
    for name in ("questions.jsonl", "dev-ru-kk.jsonl"):
        timings = []
        for q in load_questions(PROJECT_ROOT / "eval" / name):
            began = time.perf_counter()
            answerer.ask(q.question)
            timings.append((time.perf_counter() - began) * 1000)
        print(f"warm ask, {name}: {percentiles(timings)}")
    print(f"RSS at the end: {rss_mb():.0f} MB")
    with tempfile.TemporaryDirectory() as tmp:
        began = time.perf_counter()
        ensure_index(Settings(data_dir=Path(tmp)), answerer.corpus)
        print(f"index build from scratch, models loaded: {time.perf_counter() - began:.1f} s")


if __name__ == "__main__":
    main()
