"""The drafting conversation as a pure state machine: ``DraftSession(draft, clauses, today).handle(msg)``.

What it does: reads one message (``intents``), changes the ``Draft`` accordingly (answers are validated by
``validate``; a change or "back" never erases another answer), picks the next question, and returns a
``Turn``. Invalid answers get a message saying what to fix; after repeated failures the officer may put a
mandatory element off ("skip") and come back to it. No UI, no storage, no clock: ``today`` is passed in.
What it leaves to others: storage and logging (``service``), documents (``document``/``export``).
"""

from __future__ import annotations

from datetime import date

from assistant.drafting import views
from assistant.drafting.document import build_letter, build_request, letter_problem
from assistant.drafting.draft import Draft, Turn
from assistant.drafting.export import render_markdown
from assistant.drafting.fields import BY_KEY, Clauses, applies
from assistant.drafting.intents import Intent, parse, split_authorities
from assistant.drafting.validate import Invalid, check, clean_message

FAILURES_BEFORE_WAY_OUT = 2
OPTIONAL_NONE = {"none", "no", "nothing", "n/a", "na", "-", "no attachments", "nothing else", "nil"}


class DraftSession:
    def __init__(self, draft: Draft, clauses: Clauses, today: date):
        self.draft, self.clauses, self.today = draft, clauses, today
        self.warnings: list[str] = []

    # entry point ---------------------------------------------------------------------------------------
    def handle(self, message: str) -> Turn:
        first = self.draft.turns == 0
        self.draft.turns += 1
        text, notes = clean_message(message if isinstance(message, str) else "")
        intent = parse(text)
        if self.draft.cancelled and intent.kind not in ("resume", "review", "status", "why", "help"):
            parts = [f"Draft {self.draft.id} is cancelled. Say 'resume' to continue it; it is kept until "
                     "deleted."]
        elif first and intent.kind in ("empty", "answer") and not self._first_answer(intent):
            parts = [views.INTRO, self._prompt()]
        else:
            parts = self._dispatch(intent)
        return self.make_turn("\n\n".join(p for p in [*notes, *parts] if p))

    def opening(self) -> Turn:
        """The greeting and first question of a new draft, or where a resumed draft stands."""
        if self.draft.turns == 0:
            return self.make_turn(views.INTRO + "\n\n" + self._prompt())
        return self.make_turn(f"Resuming draft {self.draft.id}.\n\n{views.review(self.draft, self.clauses)}"
                          f"\n\n{self._prompt()}")

    # dispatch ------------------------------------------------------------------------------------------
    def _dispatch(self, intent: Intent) -> list[str]:
        kind = intent.kind
        if kind == "empty":
            return ["I did not get an answer.", self._prompt()]
        if kind == "help":
            return [views.HELP, self._prompt()]
        if kind == "review":
            return [views.review(self.draft, self.clauses), self._prompt()]
        if kind == "status":
            return [views.status(self.draft), self._prompt()]
        if kind == "why":
            return [views.why(intent.field or self.draft.asking, self.clauses), self._prompt()]
        if kind == "export":
            return [f"Export draft {self.draft.id} as Markdown, DOCX, PDF or JSON "
                    f"(CLI: assistant draft --export {self.draft.id} --format docx -o request.docx).",
                    self._prompt()]
        handler = getattr(self, f"_on_{kind}")
        return handler(intent)

    def _on_answer(self, intent: Intent) -> list[str]:
        key = self.draft.asking
        if key is None:
            return ["The draft is complete. Say 'review' to see it, 'change <element>' to edit it, or export "
                    "it."]
        spec = BY_KEY[key]
        if not spec.required and (intent.value or "").casefold().strip(" .!") in OPTIONAL_NONE:
            return self._on_skip(intent)
        ok, said = self._apply(key, intent.value or "")
        return [*said, self._advance() if ok else self._retry(key)]

    def _on_pairs(self, intent: Intent) -> list[str]:
        said: list[str] = []
        for key, value in intent.pairs:
            if not applies(BY_KEY[key], self.draft.fields):
                said.append(f"{BY_KEY[key].name.capitalize()} only applies to urgent requests (Article 6(2)).")
                continue
            said.extend(self._apply(key, value)[1])
        return [*said, self._advance()]

    def _on_change(self, intent: Intent) -> list[str]:
        key = intent.field
        spec = BY_KEY[key]
        if not applies(spec, self.draft.fields):
            return [f"{spec.name.capitalize()} only applies to urgent requests (Article 6(2)): say "
                    "'change urgent' first.", self._prompt()]
        if intent.value:
            ok, said = self._apply(key, intent.value)
            return [*said, self._advance() if ok else self._prompt()]
        self.draft.asking = key
        self.draft.revisiting = True
        return [f"Changing {spec.name}.", self._prompt()]

    def _on_unknown_change(self, intent: Intent) -> list[str]:
        names = ", ".join(k for k in self.draft.applicable())
        return [f"I do not know which element {intent.value[:60]!r} is. Say \"change <element>\" with one of: "
                f"{names} (or a clause such as \"change 6(3)(e)\").", self._prompt()]

    def _on_back(self, intent: Intent) -> list[str]:
        history, asking = self.draft.history, self.draft.asking
        if asking in history:
            index = history.index(asking)
            previous = history[index - 1] if index > 0 else None
        else:
            previous = history[-1] if history else None
        if previous is None:
            return ["There is no earlier question to go back to.", self._prompt()]
        self.draft.asking, self.draft.revisiting = previous, True
        return ["Going back (no answer is erased).", self._prompt()]

    def _on_keep(self, intent: Intent) -> list[str]:
        key = self.draft.asking
        if key is None or key not in self.draft.fields:
            return ["There is no earlier answer to keep here.", self._prompt()]
        return [f"Kept {BY_KEY[key].name}.", self._advance()]

    def _on_skip(self, intent: Intent) -> list[str]:
        key = self.draft.asking
        if key is None:
            return ["Nothing is being asked: the draft is complete."]
        spec = BY_KEY[key]
        if key in self.draft.fields:
            return [f"Kept {spec.name}.", self._advance()]
        if not spec.required:
            if key not in self.draft.skipped:
                self.draft.skipped.append(key)
            return [f"Skipped {spec.name} (optional).", self._advance()]
        if self.draft.failures.get(key, 0) >= FAILURES_BEFORE_WAY_OUT:
            if key not in self.draft.deferred:
                self.draft.deferred.append(key)
            return [f"Leaving {spec.name} for later: the draft stays incomplete until {spec.cite} is given.",
                    self._advance()]
        return [f"{spec.cite} is mandatory: the request must contain {spec.name}, so it cannot be skipped. "
                "Say 'why' to see the text.", self._prompt()]

    def _on_cancel(self, intent: Intent) -> list[str]:
        if self.draft.revisiting:
            self.draft.revisiting = False
            return ["Change cancelled; nothing was altered.", self._advance()]
        self.draft.cancelled, self.draft.asking = True, None
        return [f"Draft {self.draft.id} cancelled. Nothing was deleted: say 'resume' to continue it, or "
                "delete it from the list of drafts."]

    def _on_resume(self, intent: Intent) -> list[str]:
        if not self.draft.cancelled:
            return [self._prompt()]
        self.draft.cancelled = False
        return [f"Draft {self.draft.id} reopened.", self._advance()]

    def _on_letter(self, intent: Intent) -> list[str]:
        if problem := letter_problem(self.draft):
            return [problem, self._prompt()]
        letter = render_markdown(build_letter(self.draft, self.clauses))
        return ["The written confirmation of the urgent request (Article 6(2)):", letter, self._prompt()]

    # answers -----------------------------------------------------------------------------------------
    def _apply(self, key: str, text: str) -> tuple[bool, list[str]]:
        """Validate and store one answer (and any other fields it gives). Returns (stored?, messages)."""
        if key in ("requesting_authority", "requested_authority") and (pair := split_authorities(text)):
            return self._apply_authorities(*pair)
        if key == "requested_authority":
            text = text[3:].strip() if text.lower().startswith("to ") else text
        try:
            checked = check(key, text, self.draft.fields, self.today)
        except Invalid as error:
            self.draft.failures[key] = self.draft.failures.get(key, 0) + 1
            return False, [str(error)]
        said = [self._store(key, checked.value)]
        self.warnings.extend(checked.warnings)
        said.extend(checked.warnings)
        for other, value in checked.also.items():
            try:
                extra = check(other, value, self.draft.fields, self.today)
            except Invalid:
                continue
            said.append(self._store(other, extra.value))
            said.extend(extra.warnings)
        return True, [" ".join(s for s in said if s)]

    def _apply_authorities(self, requesting: str, requested: str) -> tuple[bool, list[str]]:
        proposed = {**self.draft.fields, "requesting_authority": requesting, "requested_authority": requested}
        try:
            a = check("requesting_authority", requesting, proposed, self.today)
            b = check("requested_authority", requested, proposed, self.today)
        except Invalid as error:
            key = self.draft.asking or "requesting_authority"
            self.draft.failures[key] = self.draft.failures.get(key, 0) + 1
            return False, [str(error)]
        return True, [self._store("requesting_authority", a.value) + " " + self._store("requested_authority",
                                                                                         b.value)]

    def _store(self, key: str, value: str) -> str:
        draft = self.draft
        draft.fields[key] = value
        draft.failures.pop(key, None)
        for bucket in (draft.skipped, draft.deferred, draft.history):
            if key in bucket:
                bucket.remove(key)
        draft.history.append(key)
        shown = views.display(key, value, 200)
        return f"{BY_KEY[key].name.capitalize()}: {shown}" + ("" if shown[-1:] in ".!?" else ".")

    def _first_answer(self, intent: Intent) -> bool:
        """On a new draft, a first message that does not answer the first question just opens it."""
        if intent.kind != "answer":
            return False
        try:
            check("request_type", intent.value or "", {}, self.today)
        except Invalid:
            return False
        return True

    # flow ----------------------------------------------------------------------------------------------
    def _next_field(self) -> str | None:
        draft = self.draft
        open_keys = [k for k in draft.applicable() if k not in draft.fields and k not in draft.skipped]
        fresh = [k for k in open_keys if k not in draft.deferred]
        return (fresh or open_keys or [None])[0]

    def _advance(self) -> str:
        self.draft.asking, self.draft.revisiting = self._next_field(), False
        if self.draft.asking is None:
            return ("The draft is complete: every element Article 6 requires is there.\n\n"
                    + views.review(self.draft, self.clauses)
                    + "\n\nYou can export it (Markdown, DOCX, PDF or JSON), or change any element.")
        return self._prompt()

    def _prompt(self) -> str:
        if self.draft.cancelled:
            return "This draft is cancelled: say 'resume' to continue it."
        if self.draft.asking is None:
            return "The draft is complete. Say 'review' to see it, or 'change <element>' to edit it."
        return views.question_line(BY_KEY[self.draft.asking], self.draft)

    def _retry(self, key: str) -> str:
        prompt = self._prompt()
        if self.draft.failures.get(key, 0) >= FAILURES_BEFORE_WAY_OUT:
            way_out = ("say 'skip' to leave it for later (the draft stays incomplete until it is given)"
                       if BY_KEY[key].required else "say 'skip'")
            prompt += f"\n(Stuck? Say 'why' to see what {BY_KEY[key].cite} asks for, or {way_out}.)"
        return prompt

    def make_turn(self, reply: str) -> Turn:
        draft = self.draft
        complete = draft.complete
        markdown = render_markdown(build_request(draft, self.clauses)) if complete else None
        return Turn(
            draft_id=draft.id, reply=reply, asking=draft.asking, complete=complete, missing=draft.missing(),
            fields=draft.answers(), confirmation_due=draft.confirmation_due(),
            warnings=views.standing_warnings(draft, self.today), status=draft.status, markdown=markdown,
        )

