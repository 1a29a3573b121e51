"""What the drafting machine does to a draft: store a checked value (keeping the earlier one), undo, skip,
keep unusable answers, and choose the next question.

What it does: ``Flow.apply(key, text)`` checks an answer (``validate``) and stores it with any other
elements the same answer gave; a value replaced is kept in the element's history and ``undo`` restores it.
An answer that cannot be used is kept in ``draft.unused`` and shown back in full with the reason. When a
stored value raises a warning that was not there before (an unfit signatory, an IP address without its
time), the next question is that element again, so the next reply corrects it ('keep' keeps it).
What it leaves to others: reading messages and the commands (``machine``), wording (``views``).
"""

from __future__ import annotations

from datetime import date

from assistant.drafting import views
from assistant.drafting.draft import Draft
from assistant.drafting.fields import BY_KEY, Clauses
from assistant.drafting.intents import split_authorities
from assistant.drafting.validate import Invalid, check

FAILURES_BEFORE_WAY_OUT = 2
ABSENT = ""  # an element's earlier value when it had none
MAX_UNUSED = 50


class Flow:
    def __init__(self, draft: Draft, clauses: Clauses, today: date):
        self.draft, self.clauses, self.today = draft, clauses, today
        self.warned: str | None = None
        self.raw = ""
        self.stored: list[str] = []  # elements changed by the answer being applied

    # storing ---------------------------------------------------------------------------------------------
    def apply(self, key: str, text: str) -> tuple[bool, list[str]]:
        """Validate and store one answer (and any other fields it gives). Returns (stored?, messages)."""
        before = {w["element"]: w["message"] for w in self.draft.warnings()}
        if key in ("requesting_authority", "requested_authority") and (pair := split_authorities(text)):
            values = {"requesting_authority": pair[0], "requested_authority": pair[1]}
        else:
            if key == "requested_authority" and text.lower().startswith("to "):
                text = text[3:].strip()
            values = {key: text}
        proposed = {**self.draft.fields, **values}
        said: list[str] = []
        self.stored: list[str] = []
        try:
            checked = {k: check(k, v, proposed, self.today) for k, v in values.items()}
        except Invalid as error:
            self.draft.failures[key] = self.draft.failures.get(key, 0) + 1
            self.keep_unused(key, text, str(error))
            return False, [f"{error}\nYou wrote (kept, nothing is lost): {text}"]
        for k, result in checked.items():
            said.append(self.store(k, result.value))
            said.extend(result.notes)
            for other, value in result.also.items():
                try:
                    extra = check(other, value, self.draft.fields, self.today)
                except Invalid as error:
                    self.keep_unused(other, value, str(error))
                    continue
                said.append(self.store(other, extra.value))
                said.extend(extra.notes)
        if changed := list(dict.fromkeys(self.stored)):
            self.draft.changes.append("+".join(changed))  # one answer is undone as one
        for warning in self.draft.warnings():
            if before.get(warning["element"]) != warning["message"]:
                said.append("Warning: " + warning["message"])
                self.warned = warning["element"]
        return True, [" ".join(s for s in said if s)]

    def store(self, key: str, value: str) -> str:
        draft = self.draft
        old = draft.fields.get(key, ABSENT)
        if old != value:
            draft.earlier.setdefault(key, []).append(old)
            self.stored.append(key)
        draft.fields[key] = value
        draft.failures.pop(key, None)
        for bucket in (draft.skipped, draft.deferred, draft.history):
            if key in bucket:
                bucket.remove(key)
        draft.history.append(key)
        shown = views.display(key, value, 200)
        return f"{BY_KEY[key].label}: {shown}" + ("" if shown[-1:] in ".!?" else ".")

    def keep_unused(self, key: str | None, text: str, reason: str) -> None:
        self.draft.unused = [*self.draft.unused, {"element": key, "text": text, "reason": reason}][-MAX_UNUSED:]

    def undo(self) -> str:
        """Restore the previous value of the element(s) the last answer changed."""
        draft = self.draft
        if not draft.changes:
            return "There is nothing to undo."
        return " ".join(self._undo_one(key) for key in draft.changes.pop().split("+"))

    def _undo_one(self, key: str) -> str:
        draft = self.draft
        previous = draft.earlier[key].pop() if draft.earlier.get(key) else ABSENT
        current = draft.fields.get(key)
        if current is not None:
            self.keep_unused(key, current, "undone")
        if previous == ABSENT:
            draft.fields.pop(key, None)
            return f"Undone: {BY_KEY[key].label} is empty again (it was: {current})."
        draft.fields[key] = previous
        return (f"Undone: {BY_KEY[key].label} is back to {views.display(key, previous, 300)!r} "
                f"(it was: {current}).")

    def skip(self) -> list[str]:
        key = self.draft.asking
        if key is None:
            return ["Nothing is being asked: the draft is complete."]
        spec = BY_KEY[key]
        if key in self.draft.fields:
            return [f"Kept {spec.name}.", self.advance()]
        if not spec.required:
            if key not in self.draft.skipped:
                self.draft.skipped.append(key)
            return [f"Skipped {spec.name} (optional).", self.advance()]
        if self.draft.failures.get(key, 0) >= FAILURES_BEFORE_WAY_OUT:
            if key not in self.draft.deferred:
                self.draft.deferred.append(key)
            return [f"Leaving {spec.name} for later: the draft stays incomplete until {spec.cite} is given.",
                    self.advance()]
        return [f"{spec.cite} is mandatory: the request must contain {spec.name}, so it cannot be skipped. "
                "Say 'why' to see the text.", self.prompt()]

    def first_answer(self, intent) -> bool:
        """On a new draft, a first message that does not answer the first question just opens it."""
        if intent.kind != "answer":
            return False
        try:
            check("request_type", intent.value or "", {}, self.today)
        except Invalid:
            return False
        return True

    # asking ----------------------------------------------------------------------------------------------
    def next_field(self) -> str | None:
        draft = self.draft
        open_keys = [k for k in draft.applicable() if k not in draft.fields and k not in draft.skipped]
        fresh = [k for k in open_keys if k not in draft.deferred]
        return (fresh or open_keys or [None])[0]

    def advance(self, answered: str | None = None) -> str:
        if self.warned and self.warned in self.draft.applicable():
            self.draft.asking, self.draft.revisiting, self.warned = self.warned, True, None
            return self.prompt()
        self.draft.asking, self.draft.revisiting = self.next_field(), False
        if self.draft.asking is not None:
            return self.prompt()
        warnings = self.draft.warnings(self.today)
        if warnings:
            return (f"Every element Article 6 requires is there, but {len(warnings)} warning(s) stand, so the "
                    "draft is not ready to send:\n" + "\n".join(f"- {w['message']}" for w in warnings)
                    + "\nSay 'change <element>' to correct it.")
        return ("The draft is complete: every element Article 6 requires is there.\n\n"
                + views.review(self.draft, self.clauses)
                + "\n\nYou can export it (Markdown, DOCX, PDF or JSON; Russian or English), or change any "
                  "element.")

    def prompt(self) -> str:
        if self.draft.cancelled:
            return "This draft is cancelled: say 'resume' to continue it."
        if self.draft.asking is None:
            if count := len(self.draft.warnings(self.today)):
                return (f"Every element is there, but {count} warning(s) stand ('status' lists them): say "
                        "'change <element>' to correct it.")
            return "The draft is complete. Say 'review' to see it, or 'change <element>' to edit it."
        return views.question_line(BY_KEY[self.draft.asking], self.draft)

    def retry(self, key: str) -> str:
        prompt = self.prompt()
        if self.draft.failures.get(key, 0) >= FAILURES_BEFORE_WAY_OUT:
            way_out = ("say 'skip' to leave it for later (the draft stays incomplete until it is given)"
                       if BY_KEY[key].required else "say 'skip'")
            prompt += f"\n(Stuck? Say 'why' to see what {BY_KEY[key].cite} asks for, or {way_out}.)"
        return prompt
