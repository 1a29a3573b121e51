"""Plain-text views of a draft for replies: the question line, review, status, "why?" and help.

What it does: formats what the officer reads in a reply (no markup: the CLI prints it and the web app
escapes it). Every element is shown with the clause that requires it and the key to change it.
What it leaves to others: the official document layout (``document``), deciding what to say (``machine``).
"""

from __future__ import annotations

from datetime import date

from assistant.drafting.draft import Draft
from assistant.drafting.fields import BY_KEY, FIELDS, REFERENCE_CLAUSE, Clauses, FieldSpec, applies
from assistant.drafting.validate import fmt_date, position_warning

TYPE_NAMES = {
    "assistance": "request for assistance (Article 5(b))",
    "preservation": "request for urgent preservation of data stored in computer systems (Article 5(i))",
}
INTRO = (
    "I will help you draft a request under Article 6 of the Agreement, one question at a time, until it has "
    "everything Article 6 requires. At any point you can say: back, skip (optional questions only), "
    "change <element> (e.g. \"change the deadline to 20 March\"), review, status, why, cancel, help."
)
HELP = (
    "Commands: 'back' re-asks the previous question (no answer is erased); 'skip' passes an optional "
    "question; 'change <element>' or 'change <element> to <value>' edits any answer; 'keep' keeps the "
    "current answer when one is re-asked; 'review' lists every element by clause; 'status' says what is "
    "missing; 'why' quotes the clause behind the question; 'letter' shows the written confirmation of an "
    "urgent request; 'cancel' cancels the draft (it is kept until deleted; 'resume' reopens it). You can "
    "also answer several elements at once, one \"element: value\" per line."
)


def display(key: str, value: str, limit: int | None = None) -> str:
    if key == "request_type":
        return TYPE_NAMES.get(value, value)
    if BY_KEY[key].kind.startswith("date"):
        return fmt_date(value)
    if limit and len(value) > limit:
        return value[:limit].rstrip() + " ..."
    return value


def question_line(spec: FieldSpec, draft: Draft) -> str:
    text = f"[{spec.cite}] {spec.question_for(draft.fields.get('request_type'))}"
    if draft.revisiting and spec.key in draft.fields:
        text += (f"\nCurrent answer: {display(spec.key, draft.fields[spec.key], 300)}. "
                 "Reply with a new answer, or say 'keep'.")
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
        lines.append(f"- {spec.cite}, {spec.name} [{spec.key}]: {value}")
        if spec.key == "attachments":
            lines.append(f"- Article 6(3)(g), reference to the Agreement (filled in by the assistant): "
                         f"{clauses.agreement_title}")
    if due := draft.confirmation_due():
        lines.append(f"Written confirmation due by {fmt_date(due)} (Article 6(2): within 3 days).")
    lines.append("Signature and stamp (Article 6(4)): left blank, to be applied by hand.")
    if missing := draft.missing():
        lines.append("Missing: " + ", ".join(missing) + ".")
    lines.append("To edit an element say \"change <element>\" (the key in brackets), e.g. \"change deadline\".")
    return "\n".join(lines)


def status(draft: Draft) -> str:
    parts = [f"Draft {draft.id} ({draft.status})."]
    missing = draft.missing()
    parts.append("Missing: " + ", ".join(missing) + "." if missing else "Every mandatory element is there.")
    if due := draft.confirmation_due():
        parts.append(f"Written confirmation of the urgent request due by {fmt_date(due)} (Article 6(2)).")
    if draft.asking:
        parts.append(f"Now asking: {BY_KEY[draft.asking].name} ({BY_KEY[draft.asking].cite}).")
    return " ".join(parts)


def why(key: str | None, clauses: Clauses) -> str:
    if key is None:
        return ("Article 6(3) lists what every request must contain; " + clauses.quote("art-6.3.a") + " ... "
                + clauses.quote(REFERENCE_CLAUSE))
    spec = BY_KEY[key]
    quotes = "\n".join(clauses.quote(c) for c in spec.clauses)
    required = "requires it" if spec.required else "allows it (optional)"
    return f"{spec.cite} {required}:\n{quotes}"


def standing_warnings(draft: Draft, today: date) -> list[str]:
    """Warnings that hold for the draft as it is (an unfit signatory, an overdue confirmation)."""
    warnings = []
    position = draft.fields.get("signatory_position")
    if position and (warning := position_warning(position)):
        warnings.append(warning)
    due = draft.confirmation_due()
    if due and date.fromisoformat(due) < today:
        warnings.append(f"Article 6(2): the written confirmation was due by {fmt_date(due)}, which has passed.")
    return warnings
