"""The optional files beside an act, read once into its ``Document``: how to read the text, and what it lacks.

What it does: ``read_sidecars(path)`` reads ``<name>.toml`` (title, short title, primary, where the
ratification law ends and what it is called, where the real text ends, the ``[[not_covered]]`` scope notes:
subjects the act does not regulate, each with a pattern and/or questions about it and an explanation in English
and Russian, and the ``[formal]`` units with what questions about them say) and ``<name>.glosses.toml``
(``[glosses]``: one plain-language gloss per unit; ``[questions]``: questions a unit answers; ``[ru]``,
``[kk]``: Russian and Kazakh ones; ``[near]``: near misses, questions on a unit's subject that it does not
settle), both keyed by the act's local unit ids.
What it leaves to others: using them (``parse`` cuts and labels the text, ``search.index`` indexes the
glosses, ``answers.scope`` matches the scope notes). Either file may be missing.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ScopeEntry:
    """A subject the act does not regulate, and why: matched by its words (``pattern``, optional) and by
    meaning (``questions``: questions about the subject, which the search indexes beside the act's own example
    questions; ``answers.scope`` compares the two)."""

    topic: str
    pattern: re.Pattern | None
    explanation: str
    examples: tuple[str, ...] = ()  # questions the pattern must catch (checked by a test)
    not_examples: tuple[str, ...] = ()  # answerable questions no note may catch
    questions: tuple[str, ...] = ()  # questions about the subject, matched by meaning
    explanation_ru: str = ""  # the explanation in Russian, for Russian and Kazakh questions

    def explain(self, language: str) -> str:
        """The explanation for an answer in ``language`` (Russian for "ru" and "kk" when written)."""
        return self.explanation_ru if language in ("ru", "kk") and self.explanation_ru else self.explanation


@dataclass(frozen=True)
class Gloss:
    """A plain-language text about one unit (``kind`` "gloss", "question", "ru", "kk", or "near": a question
    on its subject that it does not settle), for search only."""

    local_id: str
    kind: str
    text: str


@dataclass(frozen=True)
class Sidecars:
    """What ``<name>.toml`` and ``<name>.glosses.toml`` say about one act (defaults when they are absent)."""

    id: str | None = None
    title: str | None = None
    short_title: str | None = None
    primary: bool = False
    law_ends_after: str | None = None  # the line that ends the ratification law before the preamble
    law_label: str = "Ratification law"
    end_before: str | None = None  # the text from here on is not part of the act (page junk)
    not_covered: tuple[ScopeEntry, ...] = ()
    glosses: tuple[Gloss, ...] = ()
    formal_units: tuple[str, ...] = ()  # ``[formal] units``: the law, the signatories... (local ids)
    formal_about: str | None = None  # ``[formal] about``: what a question about them says (a regex)
    formal_unless: str | None = None  # ``[formal] unless``: questions they never answer though ``about`` matches


def _toml(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def read_sidecars(text_path: Path) -> Sidecars:
    """The sidecars of the act in ``text_path`` (``<name>.txt``)."""
    meta = _toml(text_path.with_suffix(".toml"))
    extra = _toml(text_path.with_suffix(".glosses.toml"))
    glosses = tuple(Gloss(local_id, kind, " ".join(str(text).split()))
                    for kind, table in (("gloss", extra.get("glosses", {})), ("question", extra.get("questions", {})),
                                        ("ru", extra.get("ru", {})), ("kk", extra.get("kk", {})),
                                        ("near", extra.get("near", {})))
                    for local_id, texts in table.items()
                    for text in ([texts] if isinstance(texts, str) else texts))
    scope = tuple(ScopeEntry(e["topic"], re.compile(e["pattern"], re.IGNORECASE) if e.get("pattern") else None,
                             e["explanation"], tuple(e.get("examples", ())), tuple(e.get("not_examples", ())),
                             tuple(" ".join(q.split()) for q in e.get("questions", ())),
                             e.get("explanation_ru", ""))
                  for e in meta.get("not_covered", []))
    return Sidecars(id=meta.get("id"), title=meta.get("title"), short_title=meta.get("short_title"),
                    primary=bool(meta.get("primary", False)), law_ends_after=meta.get("law_ends_after"),
                    law_label=meta.get("law_label", "Ratification law"), end_before=meta.get("end_before"),
                    not_covered=scope, glosses=glosses, formal_units=tuple(meta.get("formal", {}).get("units", ())),
                    formal_about=meta.get("formal", {}).get("about"),
                    formal_unless=meta.get("formal", {}).get("unless"))
