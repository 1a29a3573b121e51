"""The request (and the urgent confirmation letter) laid out as an official document, format-free.

What it does: ``build_request(draft, clauses)`` and ``build_letter(draft, clauses)`` return a list of
``Block``s: headed by both authorities, sections in Article 6(3) order, the Agreement cited by its full
name, the confidentiality paragraph when asked for (Article 8), attachments listed, and a signature block
whose signature and stamp are placeholders, never filled in (Article 6(4)). Missing elements show as
"[to be completed: Article 6(3)(b)]" under an "incomplete draft" banner.
What it leaves to others: rendering to Markdown/DOCX/PDF/JSON (``export``).
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.drafting.draft import Draft
from assistant.drafting.fields import BY_KEY, Clauses
from assistant.drafting.validate import fmt_date, position_fit, split_list

SIGNATURE_PLACEHOLDER = "Signature: ______________________ (to be signed by hand)"
DATE_PLACEHOLDER = "Ref. No.: ____________    Date: ____________"
TITLES = {
    "assistance": "REQUEST FOR ASSISTANCE",
    "preservation": "REQUEST FOR URGENT PRESERVATION OF DATA STORED IN COMPUTER SYSTEMS",
}
FORMS = {"assistance": "Article 5(b)", "preservation": "Article 5(i)"}


@dataclass(frozen=True)
class Block:
    kind: str  # banner | meta | title | subtitle | heading | para | list | signature
    text: str = ""
    items: tuple[str, ...] = ()


def value(draft: Draft, key: str) -> str:
    if key in draft.fields:
        return draft.fields[key]
    return f"[to be completed: {BY_KEY[key].cite}]"


def _head(draft: Draft) -> list[Block]:
    blocks = []
    if missing := draft.missing():
        blocks.append(Block("banner", "INCOMPLETE DRAFT - not to be sent. Missing: " + ", ".join(missing)))
    if draft.fields.get("confidential") == "yes":
        blocks.append(Block("banner", "CONFIDENTIAL (Article 8(1) of the Agreement)"))
    blocks += [
        Block("meta", f"From: {value(draft, 'requesting_authority')}"),
        Block("meta", f"To: {value(draft, 'requested_authority')}"),
        Block("meta", DATE_PLACEHOLDER),
    ]
    return blocks


def _urgency(draft: Draft) -> str | None:
    if draft.fields.get("urgent") != "yes":
        return None
    sent = draft.fields.get("urgent_sent_on")
    channel = draft.fields.get("urgent_channel", "[to be completed: Article 6(2)]")
    when = fmt_date(sent) if sent else "[to be completed: Article 6(2)]"
    due = draft.confirmation_due()
    text = (f"This request was transmitted as an urgent request {channel} on {when} and is hereby confirmed "
            "in writing in accordance with Article 6(2) of the Agreement")
    return text + (f" (confirmation due by {fmt_date(due)})." if due else ".")


def _confidentiality() -> list[Block]:
    return [
        Block("heading", "Confidentiality (Article 8)"),
        Block("para", "The requesting competent authority considers it undesirable to disclose the fact of "
                      "receipt and the content of this request, and asks that their confidentiality be "
                      "ensured in accordance with Article 8(1) of the Agreement. Should confidentiality be "
                      "impossible to maintain in executing the request, please inform us in accordance with "
                      "Article 8(2) before executing it."),
    ]


def _signature(draft: Draft) -> list[Block]:
    position = value(draft, "signatory_position")
    fit = position_fit(draft.fields.get("signatory_position", ""))
    stamp_of = ("the independent central specialized subdivision" if fit == "Article 6(4)(b)"
                else "the competent authority")
    return [Block("signature", items=(
        position,
        value(draft, "requesting_authority"),
        value(draft, "signatory_name"),
        SIGNATURE_PLACEHOLDER,
        f"Stamp: [place for the stamp of {stamp_of} - Article 6(4)]",
    ))]


def _attachments(draft: Draft) -> list[Block]:
    items = split_list(draft.fields.get("attachments", ""))
    return [Block("heading", "Attachments"),
            Block("list", items=tuple(items)) if items else Block("para", "None.")]


def build_request(draft: Draft, clauses: Clauses) -> list[Block]:
    kind = draft.fields.get("request_type", "assistance")
    form = FORMS.get(kind, "Article 5")
    preservation = kind == "preservation"
    deadline = draft.fields.get("deadline")
    blocks = _head(draft) + [
        Block("title", TITLES.get(kind, TITLES["assistance"])),
        Block("subtitle", f"under {form} and Article 6 of the {clauses.agreement_title}"),
    ]
    if urgency := _urgency(draft):
        blocks.append(Block("para", urgency))
    blocks += [
        Block("heading", "1. Competent authorities (Article 6(3)(a))"),
        Block("para", f"Requesting competent authority: {value(draft, 'requesting_authority')}"),
        Block("para", f"Requested competent authority: {value(draft, 'requested_authority')}"),
        Block("heading", "2. Statement of the merits of the case (Article 6(3)(b))"),
        Block("para", value(draft, "merits")),
        Block("heading", "3. Purpose and justification of the request (Article 6(3)(c))"),
        Block("para", value(draft, "purpose")),
        Block("heading", "4. Data to be preserved, where and by whom it is held (Article 6(3)(d))" if preservation
              else "4. Content of the requested assistance (Article 6(3)(d))"),
        Block("para", value(draft, "assistance")),
        Block("heading", "5. Desirable deadline for execution (Article 6(3)(e))"),
        Block("para", f"We would be grateful if the request could be executed by {fmt_date(deadline)}."
              if deadline else value(draft, "deadline")),
        Block("heading", "6. Other information useful for execution (Article 6(3)(f))"),
        Block("para", draft.fields.get("other_info", "None.")
              + (" The documents listed under Attachments are enclosed." if draft.fields.get("attachments")
                 else "")),
        Block("heading", "7. Reference to the Agreement (Article 6(3)(g))"),
        Block("para", f"This request is made under the {clauses.agreement_title}, in particular {form} and "
                      "Article 6."),
    ]
    if draft.fields.get("confidential") == "yes":
        blocks += _confidentiality()
    return blocks + _attachments(draft) + _signature(draft)


def letter_problem(draft: Draft) -> str | None:
    """Why the confirmation letter cannot be produced yet, or None."""
    if draft.fields.get("urgent") != "yes":
        return "A written confirmation letter is only needed for an urgent request (Article 6(2))."
    if "urgent_sent_on" not in draft.fields or "urgent_channel" not in draft.fields:
        return "Give the date and the way the urgent request was sent first (Article 6(2))."
    return None


def build_letter(draft: Draft, clauses: Clauses) -> list[Block]:
    kind = draft.fields.get("request_type", "assistance")
    name = "request for urgent preservation of data" if kind == "preservation" else "request for assistance"
    sent, channel, due = draft.fields["urgent_sent_on"], draft.fields["urgent_channel"], draft.confirmation_due()
    blocks = _head(draft) + [
        Block("title", "WRITTEN CONFIRMATION OF AN URGENT REQUEST"),
        Block("subtitle", f"under Article 6(2) of the {clauses.agreement_title}"),
        Block("para", f"On {fmt_date(sent)} the {value(draft, 'requesting_authority')} transmitted to the "
                      f"{value(draft, 'requested_authority')}, {channel}, an urgent {name} under {FORMS[kind]} "
                      "of the Agreement."),
        Block("para", "In accordance with Article 6(2) of the Agreement, we hereby confirm that request in "
                      f"writing within 3 days, that is by {fmt_date(due)}. The request in writing, containing "
                      "the elements required by Article 6(3) of the Agreement, is enclosed."),
        Block("para", f"Assistance requested: {value(draft, 'assistance')}"),
    ]
    if draft.fields.get("confidential") == "yes":
        blocks += _confidentiality()
    return blocks + [Block("heading", "Enclosure"),
                     Block("list", items=(f"{TITLES[kind].capitalize()} (written form)",))] + _signature(draft)
