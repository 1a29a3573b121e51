"""The draft itself (answers plus where the conversation stands) and the ``Turn`` a reply is sent as.

What it does: ``Draft`` holds the stored answers (field key -> validated value) and the conversation state
(what is being asked, what was asked before, skipped and deferred fields, failure counts); it knows which
mandatory elements are missing, whether it is complete, and when an urgent request's written confirmation
is due. It serialises to and from JSON for the store. ``Turn`` is what one message gets back.
What it leaves to others: changing the draft (``machine``), storing it (``store``).
"""

from __future__ import annotations

import json
import secrets
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime

from assistant.drafting.fields import BY_KEY, FIELDS, KEYS, applies
from assistant.drafting.validate import confirmation_due

STATUSES = ("open", "complete", "cancelled")


def new_id() -> str:
    return secrets.token_hex(8)


def now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


@dataclass
class Draft:
    id: str = field(default_factory=new_id)
    fields: dict[str, str] = field(default_factory=dict)
    asking: str | None = "request_type"
    revisiting: bool = False  # ``asking`` was set out of turn by "back" or "change"
    history: list[str] = field(default_factory=list)  # answered fields, in the order they were asked
    skipped: list[str] = field(default_factory=list)  # optional fields the officer skipped
    deferred: list[str] = field(default_factory=list)  # mandatory fields put off after repeated failures
    failures: dict[str, int] = field(default_factory=dict)
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

    @property
    def complete(self) -> bool:
        return not self.missing_fields()

    @property
    def status(self) -> str:
        return "cancelled" if self.cancelled else "complete" if self.complete else "open"

    def answers(self) -> dict[str, str]:
        """The answers that belong in the document (urgent details only when urgent), in field order."""
        return {k: self.fields[k] for k in self.applicable() if k in self.fields}

    def confirmation_due(self) -> str | None:
        if self.fields.get("urgent") != "yes":
            return None
        return confirmation_due(self.fields.get("urgent_sent_on"))

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


@dataclass
class Turn:
    """What one message gets back: the same object as one ``assistant draft --jsonl`` output line."""

    draft_id: str
    reply: str
    asking: str | None
    complete: bool
    missing: list[str]
    fields: dict[str, str]
    confirmation_due: str | None
    warnings: list[str] = field(default_factory=list)
    status: str = "open"
    markdown: str | None = None

    def as_dict(self) -> dict:
        data = asdict(self)
        if self.markdown is None:
            data.pop("markdown")
        return data
