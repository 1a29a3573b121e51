"""Fit the confidence and "not covered" thresholds on the fitting sets only (never the blind sets).

Run: ``python eval/fit_confidence.py`` (uses ASSISTANT_* settings; builds the index if needed). For every
question of the fitting sets (``assistant.evaluation.sets.FITTED``) it prints the evidence that
``answers.confidence`` and ``answers.scope`` weigh, whether the first hit is right, and for a grid of thresholds
how many "high" answers would be right and how many not-covered questions would be "high" or found, and per
language how many questions each cut of the neighbourhood share would rule out; the thresholds in
``confidence.py`` and ``scope.py`` were chosen from this output.
"""

from __future__ import annotations

import itertools
import sys

from assistant.answers.confidence import Evidence
from assistant.evaluation.framework import gold_articles
from assistant.evaluation.sets import FITTED, question_sets
from assistant.search.retrieve import Retriever
from assistant.settings import PROJECT_ROOT, Settings


def rows(retriever: Retriever):
    for qset in question_sets(PROJECT_ROOT / "eval"):
        if qset.name not in FITTED:
            continue
        for q in qset.questions:
            ranking = retriever.rank(q.question, 8)
            if not ranking.hits:
                continue
            article = ranking.hits[0].unit.article
            right = q.answerable and article in gold_articles(q, retriever.corpus)
            yield q, Evidence.of(q.question, ranking.hits, [ranking], article), right


def main() -> int:
    retriever = Retriever.open(Settings())
    data = list(rows(retriever))
    for q, e, right in data:
        print(f"{q.id:6} {q.language} ans={int(q.answerable)} right={int(right)} named={int(e.named)} "
              f"bare={int(e.bare)} votes={e.votes}/{e.lists} sim={e.similarity:.3f} ml={e.ml_similarity:.3f} "
              f"lead={e.lead:.4f} margin={e.margin:.4f} unsettled={e.unsettled:.3f}")
    for ml, lead in itertools.product([0.84, 0.85, 0.86, 0.87, 0.88, 0.89], [0.0, 0.005, 0.01, 0.02]):
        high = [(q, r) for q, e, r in data if e.named or (e.votes == e.lists and e.ml_similarity >= ml
                                                           and e.lead >= lead)]
        answerable = sum(q.answerable for q, _, _ in data)
        print(f"ml>={ml} lead>={lead}: high {len(high)}, right {sum(r for _, r in high)}, "
              f"answerable high {sum(q.answerable for q, _ in high)}/{answerable}, "
              f"not covered high {sum(not q.answerable for q, _ in high)}")
    share_grid(data)
    return 0


def share_grid(data) -> None:
    """The neighbourhood share (``Neighbours.unsettled``) per language: how many questions each cut would rule
    out, not covered and answerable, among those not asking for a named provision alone."""
    for language, cut in itertools.product(("en", "ru", "kk"), (0.35, 0.4, 0.45, 0.5, 0.55, 0.6)):
        over = [q for q, e, _ in data if q.language == language and not (e.named and e.bare) and e.unsettled >= cut]
        print(f"{language} unsettled>={cut}: not covered {sum(not q.answerable for q in over)}, "
              f"answerable {sum(q.answerable for q in over)}")


if __name__ == "__main__":
    sys.exit(main())
