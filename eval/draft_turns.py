"""Time of one drafting turn in the CLI (``assistant draft --jsonl``): p50, p95 and max, in milliseconds.

Usage: ``python eval/draft_turns.py [--conversations N]``. Each conversation is one ``assistant draft
--jsonl`` process fed one message at a time (the complete request of ``tests/drafting_scenarios.py``, with
the case block, identifiers and a Russian deadline, then review, status and history); a turn is timed from
writing the message to reading its JSON line, so it includes the SQLite transaction and the reply but not
the process start. The first turn of each process (which imports ``dateparser`` and reads the corpus) is
reported apart. Target: p95 <= 50 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.drafting_scenarios import ANSWERS, fill, settings_for  # noqa: E402


def messages() -> list[str]:
    answers = {**ANSWERS, "deadline": "в течение 10 дней"}
    with tempfile.TemporaryDirectory() as folder:
        turns = fill(settings_for(Path(folder)), answers)
    script = [answers["request_type"]] + [answers.get(t["asking"], "skip") for t in turns[:-1]]
    return script + ["review", "status", "history deadline", "change the deadline to 20.12.2026", "undo"]


def conversation(script: list[str], folder: Path) -> list[float]:
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(folder / "data"), "ASSISTANT_TODAY": "2026-11-29",
           "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "assistant", "draft", "--jsonl"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, env=env, cwd=ROOT)
    times = []
    for message in script:
        start = time.perf_counter()
        proc.stdin.write((message + "\n").encode())
        proc.stdin.flush()
        json.loads(proc.stdout.readline())
        times.append((time.perf_counter() - start) * 1000)
    proc.stdin.close()
    proc.wait(timeout=60)
    proc.stdout.close()
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=5)
    args = parser.parse_args()
    script = messages()
    firsts, rest = [], []
    with tempfile.TemporaryDirectory() as folder:
        for n in range(args.conversations):
            times = conversation(script, Path(folder) / str(n))
            firsts.append(times[0])
            rest.extend(times[1:])
    rest.sort()
    p95 = rest[min(len(rest) - 1, round(0.95 * (len(rest) - 1)))]
    print(f"{len(rest)} turns in {args.conversations} conversations of {len(script)} messages: "
          f"p50 {statistics.median(rest):.1f} ms, p95 {p95:.1f} ms, max {rest[-1]:.1f} ms; "
          f"first turn of a process (imports): median {statistics.median(firsts):.0f} ms")
    return 0 if p95 <= 50 else 1


if __name__ == "__main__":
    raise SystemExit(main())
