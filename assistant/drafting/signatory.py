"""Article 6(4) as written: who may sign, given which units exchange the information.

What it does: ``units_case(answer)`` reads which units exchange the information: the competent authorities
(case (a)) or independent specialised subdivisions dealing with each other (case (b)). ``check_signatory``
reads a position in English or Russian as a role (head, deputy head, or anything else) of a unit (the
authority itself, a central subdivision such as a department or directorate, or a small unit such as a
section) and says whether it fits that case: (a) the head of the requesting authority or a deputy; (b) the
head of the independent central specialised subdivision. "Chief Accountant", "Chief Specialist" and
"Head of Section 2" are not heads of either. A position naming no unit, or the requesting authority
itself, is taken as the authority's.
What it leaves to others: the warning's place in the draft (``machine``/``views``) and the stamp line in
the document (``document``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CASE_A, CASE_B = "a", "b"
HEAD = (r"head|chief(?=\s+of\b|\s*,|\s*$)|director(?:[- ]general)?|chair(?:man|woman|person)?|minister|"
        r"commander|commissioner|president|prosecutor[- ]general|attorney[- ]general|начальник\w*|"
        r"руководител\w*|председател\w*|директор\w*|министр\w*|генеральн\w+ прокурор\w*|командир\w*|"
        r"командующ\w*")
DEPUTY = r"(?:first\s+|первый\s+)?(?:deputy|vice|заместител\w*|зам\.?)"
ACTING = r"acting|interim|временно исполняющ\w* обязанности|исполняющ\w* обязанности|врио|и\.\s?о\."
ROLE = re.compile(rf"^\s*(?:(?P<acting>{ACTING})\s+)?(?P<deputy>{DEPUTY}[\s-]+)?(?P<head>{HEAD})\b",
                  re.IGNORECASE)
SMALL_UNIT = re.compile(r"\b(?:section|sector|group|team|unit|desk|отделени\w*|сектор\w*|групп\w*|"
                        r"подразделени\w* №)\b|№\s*\d|\b(?:section|sector|group|unit|team)\s+\d", re.IGNORECASE)
CENTRAL_UNIT = re.compile(r"\b(?:department|directorate|division|bureau|cent(?:re|er)|office|administration|"
                          r"service|subdivision|департамент\w*|управлени\w*|отдел\b|отдела\b|бюро|"
                          r"центр\w*|служб\w*|подразделени\w*)", re.IGNORECASE)
STOP = {"the", "of", "for", "and", "on", "in", "to", "по", "и", "в", "на", "с", "republic", "республики"}


@dataclass(frozen=True)
class Fit:
    ok: bool
    clause: str  # "Article 6(4)(a)" / "Article 6(4)(b)"
    reason: str  # why it does not fit ("" when it does)


def units_case(answer: str) -> str | None:
    """ "the competent authorities" -> "a"; "independent specialised subdivisions" -> "b"; else None."""
    low = answer.casefold()
    if re.search(r"\b\(?b\)?$|^б\)?$|subdivision|speciali[sz]ed|подразделени|специализ", low):
        return CASE_B
    if re.search(r"\b\(?a\)?$|^а\)?$|authorit|non-core|ministr|органы|орган\b|министерств|непрофильн", low):
        return CASE_A
    return None


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", text.casefold()) if w not in STOP and len(w) > 2}


def _unit(position: str, start: int) -> str:
    rest = position[start:]
    return re.sub(r"^\s*(?:of\s+(?:the\s+)?|,\s*)", "", rest, flags=re.IGNORECASE).strip()


def _is_authority(unit: str, authority: str) -> bool:
    if not unit:
        return True
    named = _words(unit)
    if authority and named and len(named & _words(authority)) >= max(1, (len(named) + 1) // 2):
        return True
    return not CENTRAL_UNIT.search(unit) and not SMALL_UNIT.search(unit)


def check_signatory(position: str, case: str | None, authority: str = "") -> Fit:
    """Whether ``position`` may sign under Article 6(4)(``case``); the case defaults to (a)."""
    case = case or CASE_A
    clause = f"Article 6(4)({case})"
    role = ROLE.match(position)
    if role is None:
        return Fit(False, clause, "the position is not that of a head or a deputy head")
    unit = _unit(position, role.end())
    deputy = bool(role.group("deputy"))
    if case == CASE_A:
        if _is_authority(unit, authority):
            return Fit(True, clause, "")
        return Fit(False, clause, f"the signatory heads (or deputises in) a unit ({unit[:80]}), not the "
                                  "requesting competent authority itself")
    if deputy:
        return Fit(False, clause, "only the head of the independent central specialised subdivision may sign, "
                                  "not a deputy")
    if SMALL_UNIT.search(unit):
        return Fit(False, clause, f"{unit[:80]} is not an independent central specialised subdivision")
    if unit and not CENTRAL_UNIT.search(unit) and not _is_authority(unit, authority):
        return Fit(False, clause, "the position does not name the independent specialised subdivision")
    return Fit(True, clause, "")


def warning_text(fit: Fit, position: str) -> str:
    rule = ("the head of the requesting competent authority or his deputy, with the authority's stamp"
            if fit.clause.endswith("(a)") else
            "the head of the independent central specialised subdivision, with that subdivision's stamp")
    return (f"{fit.clause}: the request must be signed by {rule}. {position[:120]!r} does not fit: "
            f"{fit.reason}.")
