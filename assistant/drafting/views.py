"""Plain-text views of a draft for replies: the question line, review, status, "why?" and help.

What it does: formats what the officer reads in a reply (no markup: the CLI prints it and the web app
escapes it). Every element is shown with the clause that requires it (or "good practice") and its name to
change it; status shows the warnings ("complete, 1 warning") and the confirmation countdown ("due
tomorrow"), which never appear in the outgoing request; ``history`` lists an element's earlier values.
What it leaves to others: the official document layout (``document``), deciding what to say (``machine``).
"""

from __future__ import annotations

from datetime import date

from assistant.drafting.dates import countdown, fmt_date
from assistant.drafting.draft import Draft
from assistant.drafting.fields import (
    BY_KEY,
    FIELDS,
    GOOD_PRACTICE,
    REFERENCE_CLAUSE,
    Clauses,
    FieldSpec,
    applies,
)

TYPE_NAMES = {
    "assistance": "request for assistance (Article 5(b))",
    "preservation": "request for urgent preservation of data stored in computer systems (Article 5(i))",
}
INTRO = (
    "I will help you draft a request under Article 6 of the Agreement, one question at a time, until it has "
    "everything Article 6 requires. At any point you can say: back, undo, skip (optional questions only), "
    "change <element> (e.g. \"change the deadline to 20 March\"), history <element>, review, status, why, "
    "cancel, help."
)
CATEGORY_NAMES = {
    "a": "unauthorised access to legally protected computer information", "b": "malware",
    "c": "violation of the rules of operation of a computer system",
    "d": "theft by changing computer information", "e": "child sexual abuse material",
    "f": "special software or hardware for unauthorised access", "g": "illegal use of copyrighted programs",
    "h": "extremist or terrorist materials", "other": "other",
}
UNITS_NAMES = {"a": "(a) the competent authorities", "b": "(b) independent specialised subdivisions"}


def display(key: str, value: str, limit: int | None = None) -> str:
    if key == "request_type":
        return TYPE_NAMES.get(value, value)
    if key == "offence_category":
        return (f"Article 3(1)({value}): " if value != "other" else "") + CATEGORY_NAMES.get(value, value)
    if key == "exchanging_units":
        return UNITS_NAMES.get(value, value)
    if value == "planned":
        return "planned (not sent yet)"
    if BY_KEY[key].kind.startswith("date") or key == "urgent_sent_on":
        return fmt_date(value)
    if limit and len(value) > limit:
        return value[:limit].rstrip() + " ..."
    return value


def question_line(spec: FieldSpec, draft: Draft) -> str:
    cite = "Good practice (not required by the Agreement)" if spec.cite == GOOD_PRACTICE else spec.cite
    text = f"[{cite}] {spec.question_for(draft.fields.get('request_type'))}"
    if draft.revisiting and spec.key in draft.fields:
        text += (f"\nCurrent answer: {display(spec.key, draft.fields[spec.key], 300)}. "
                 "Reply with a new answer (it replaces this one; 'undo' restores it), or say 'keep'.")
    return text


def review(draft: Draft, clauses: Clauses) -> str:
    done = len([k for k in draft.applicable() if BY_KEY[k].required and k in draft.fields])
    total = len([k for k in draft.applicable() if BY_KEY[k].required])
    kind = TYPE_NAMES.get(draft.fields.get("request_type", ""), "request (kind not chosen yet)")
    lines = [f"Draft {draft.id}: {kind}. {done} of {total} mandatory elements given."]
    for spec in FIELDS:
        if not applies(spec, draft.fields):
            continue
        if spec.key in draft.fields:
            value = display(spec.key, draft.fields[spec.key], 300)
        else:
            value = "(skipped)" if spec.key in draft.skipped else "(missing)" if spec.required else "(not given)"
        lines.append(f"- {spec.cite}, {spec.label}: {value}")
        if spec.key == "attachments":
            lines.append(f"- Article 6(3)(g), reference to the Agreement (filled in by the assistant): "
                         f"{clauses.agreement_title}")
    if identifiers := draft.identifiers():
        lines.append("Identifiers found: " + "; ".join(
            f"{i.kind} {i.value}" + (f" ({i.time}{' ' + i.timezone if i.timezone else ''})" if i.time else "")
            for i in identifiers))
    if due := draft.confirmation_due():
        lines.append(f"Written confirmation due by {fmt_date(due)} (Article 6(2): within 3 days).")
    stamp = {"a": "the competent authority's stamp (Article 6(4)(a))",
             "b": "the stamp of the independent central specialised subdivision (Article 6(4)(b))"}
    lines.append("Signature and stamp: signed by hand on the printed document, with "
                 + stamp.get(draft.fields.get("exchanging_units", ""), "the stamp Article 6(4) requires") + ".")
    if missing := draft.missing():
        lines.append("Missing: " + ", ".join(missing) + ".")
    lines.extend(f"Warning: {w['message']}" for w in draft.warnings())
    if draft.unused:
        lines.append(f"{len(draft.unused)} earlier answer(s) could not be used and are kept: the last was "
                     f"{draft.unused[-1]['text'][:300]!r} ({draft.unused[-1]['reason']}).")
    lines.append("To edit an element say \"change <element>\" with the name shown, e.g. \"change deadline\".")
    return "\n".join(lines)


def status(draft: Draft, today: date) -> str:
    parts = [f"Draft {draft.name or draft.id} ({draft.status_for(today)})."]
    missing = draft.missing()
    parts.append("Missing: " + ", ".join(missing) + "." if missing else "Every mandatory element is there.")
    parts.extend(f"Warning: {w['message']}" for w in draft.warnings(today))
    if due := draft.confirmation_due():
        parts.append(f"Written confirmation of the urgent request {countdown(date.fromisoformat(due), today)} "
                     f"({fmt_date(due)}, Article 6(2)).")
    elif draft.fields.get("urgent_sent_on") == "planned" and draft.fields.get("urgent") == "yes":
        parts.append("The urgent request is planned, not sent: say 'sent' when it goes.")
    if draft.asking:
        parts.append(f"Now asking: {BY_KEY[draft.asking].name} ({BY_KEY[draft.asking].cite}).")
    return " ".join(parts)


def history(draft: Draft, key: str) -> str:
    spec = BY_KEY[key]
    earlier = [v for v in draft.earlier.get(key, []) if v]
    current = draft.fields.get(key)
    if not earlier and current is None:
        return f"{spec.label} has no value yet."
    lines = [f"History of {spec.label} (oldest first):"]
    lines += [f"{n}. {display(key, v, 300)}" for n, v in enumerate(earlier, 1)]
    lines.append(f"Now: {display(key, current, 300)}" if current is not None else "Now: (empty)")
    return "\n".join(lines)


def why(key: str | None, clauses: Clauses) -> str:
    if key is None:
        return ("Article 6(3) lists what every request must contain; " + clauses.quote("art-6.3.a") + " ... "
                + clauses.quote(REFERENCE_CLAUSE))
    spec = BY_KEY[key]
    if spec.cite == GOOD_PRACTICE:
        return (f"The Agreement does not require {spec.name}; practitioners' forms ask for it (the Council of "
                "Europe T-CY template for Article 31 requests, the EU EPOC/EPOC-PR certificates, the UNODC "
                "Mutual Legal Assistance Request Writer), because the requested authority needs it to act.")
    quotes = "\n".join(clauses.quote(c) for c in spec.clauses)
    required = "requires it" if spec.required else "allows it (optional)"
    return f"{spec.cite} {required}:\n{quotes}"
