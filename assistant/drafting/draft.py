"""The draft itself (answers plus where the conversation stands) and the ``Turn`` a reply is sent as.

What it does: ``Draft`` holds the stored answers (field key -> validated value), every earlier value of each
element (for ``undo`` and ``history``), answers that could not be used (kept, never dropped), an answer
waiting for the officer to say where it goes, and the conversation state (what is being asked, skipped
and deferred fields, failure counts). It knows which mandatory elements are missing, which warnings stand
(an unfit signatory under Article 6(4), an IP address without date, time or time zone, an overdue
confirmation), whether it is complete, its status (never plain "complete" while a warning stands: "complete,
1 warning"), its name (case number and the two authorities) and when an urgent request's written
confirmation is due. It serialises to
and from one JSON document for the store. ``Turn`` is what one message gets back.
What it leaves to others: changing the draft (``machine``), storing it (``storage``).
"""

from __future__ import annotations

import json
import secrets
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta

from assistant.drafting.fields import BY_KEY, FIELDS, KEYS, TEXT_SOURCES, applies
from assistant.drafting.identifiers import find_identifiers
from assistant.drafting.signatory import check_signatory, warning_text

STATUSES = ("open", "complete", "cancelled")
CONFIRMATION_DAYS = 3  # Article 6(2): confirmed in writing within 3 days


def new_id() -> str:
    return secrets.token_hex(8)


def now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


@dataclass
class Draft:
    id: str = field(default_factory=new_id)
    fields: dict[str, str] = field(default_factory=dict)
    asking: str | None = "request_type"
    revisiting: bool = False  # ``asking`` was set out of turn by "back", "change" or a warning
    history: list[str] = field(default_factory=list)  # answered fields, in the order they were asked
    skipped: list[str] = field(default_factory=list)  # optional fields the officer skipped
    deferred: list[str] = field(default_factory=list)  # mandatory fields put off after repeated failures
    failures: dict[str, int] = field(default_factory=dict)
    earlier: dict[str, list[str]] = field(default_factory=dict)  # element -> its earlier values, oldest first
    changes: list[str] = field(default_factory=list)  # per answer, the elements it changed ("a+b"), for undo
    unused: list[dict] = field(default_factory=list)  # answers that could not be used: element, text, reason
    pending: dict | None = None  # {"text": ..., "options": [key, key]}: where does this answer go?
    follows: dict | None = None  # the preservation request this request follows: id, reference
    cancelled: bool = False
    turns: int = 0
    created_at: str = field(default_factory=now)
    updated_at: str = field(default_factory=now)

    # derived ---------------------------------------------------------------------------------------
    def applicable(self) -> list[str]:
        return [f.key for f in FIELDS if applies(f, self.fields)]

    def missing_fields(self) -> list[str]:
        return [k for k in self.applicable() if BY_KEY[k].required and k not in self.fields]

    def missing(self) -> list[str]:
        """Clause labels of the mandatory elements still missing, in order, without repeats."""
        labels: list[str] = []
        for key in self.missing_fields():
            if BY_KEY[key].cite not in labels:
                labels.append(BY_KEY[key].cite)
        return labels

    def identifiers(self) -> list:
        return find_identifiers(*(self.fields.get(k, "") for k in TEXT_SOURCES))

    def warnings(self, today: date | None = None) -> list[dict]:
        """Warnings that hold for the draft as it is: {element, clause, message}."""
        found = []
        position = self.fields.get("signatory_position")
        if position:
            fit = check_signatory(position, self.fields.get("exchanging_units"),
                                  self.fields.get("requesting_authority", ""))
            if not fit.ok:
                found.append({"element": "signatory_position", "clause": fit.clause,
                              "message": warning_text(fit, position)})
        lacking = [i.value for i in self.identifiers() if i.lacks_details]
        if lacking:
            found.append({"element": "identifiers", "clause": "good practice",
                          "message": "A provider cannot answer for an IP address without its date, time and "
                                     "time zone; they are missing for " + ", ".join(lacking[:5]) + "."})
        due = self.confirmation_due()
        if due and today and date.fromisoformat(due) < today:
            found.append({"element": "urgent_sent_on", "clause": "Article 6(2)",
                          "message": f"The written confirmation was due by {due}, which has passed: send it "
                                     "without further delay."})
        return found

    @property
    def complete(self) -> bool:
        return not self.missing_fields()

    @property
    def stage(self) -> str:
        """"cancelled", "open" or "complete", warnings aside (what the store's status column holds)."""
        return "cancelled" if self.cancelled else "complete" if self.complete else "open"

    def status_for(self, today: date | None = None) -> str:
        if self.stage != "complete":
            return self.stage
        count = len(self.warnings(today))
        return f"complete, {count} warning{'s' if count > 1 else ''}" if count else "complete"

    @property
    def status(self) -> str:
        return self.status_for()

    @property
    def name(self) -> str:
        """ "Case 123/2026: MIA of Kazakhstan -> IC of Belarus" (what the list of drafts shows)."""
        route = " -> ".join(_short(self.fields.get(k)) for k in ("requesting_authority", "requested_authority"))
        case = self.fields.get("case_number")
        return (f"Case {_short(case)}: " if case else "") + route

    @property
    def has_answers(self) -> bool:
        return bool(self.fields or self.unused or self.cancelled)

    def answers(self) -> dict:
        """The answers that belong in the document, in field order; ``identifiers`` as a list of dicts."""
        out: dict = {k: self.fields[k] for k in self.applicable() if k in self.fields}
        out["identifiers"] = [i.as_dict() for i in self.identifiers()]
        return out

    def confirmation_due(self) -> str | None:
        sent = self.fields.get("urgent_sent_on")
        if self.fields.get("urgent") != "yes" or not sent or sent == "planned":
            return None
        return (date.fromisoformat(sent) + timedelta(days=CONFIRMATION_DAYS)).isoformat()

    # storage ---------------------------------------------------------------------------------------
    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Draft:
        data = json.loads(text)
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        draft = cls(**known)
        draft.fields = {k: v for k, v in draft.fields.items() if k in KEYS and isinstance(v, str)}
        if draft.asking not in KEYS:
            draft.asking = None
        return draft


def _short(text: str | None, width: int = 40) -> str:
    if not text:
        return "?"
    return text if len(text) <= width else text[: width - 3] + "..."


@dataclass
class Turn:
    """What one message gets back: the same object as one ``assistant draft --jsonl`` output line."""

    draft_id: str | None
    reply: str
    asking: str | None
    complete: bool
    missing: list[str]
    fields: dict
    confirmation_due: str | None
    countdown: str | None = None  # "due tomorrow", "overdue by 2 days": for the officer, never in the request
    warnings: list[dict] = field(default_factory=list)
    status: str = "open"
    name: str = ""
    markdown: str | None = None

    def as_dict(self) -> dict:
        data = asdict(self)
        if self.markdown is None:
            data.pop("markdown")
        return data
