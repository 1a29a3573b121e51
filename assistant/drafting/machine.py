"""The drafting conversation as a pure state machine: ``DraftSession(draft, clauses, today).handle(msg)``.

What it does: reads one message (``intents``, with the phrase table below), changes the ``Draft`` and
picks the next question, returning a ``Turn``. An answer goes to the element being asked; it goes elsewhere
only through ``change <element> to ...`` or a block of exact "Element: value" labels; a one-line answer
labelled with another element's name is held until the officer says where it goes. Every change keeps the
earlier value (``undo``, ``history``); an answer that cannot be used is shown back in full with the reason
and kept in the draft; after a warning the same element is asked again, so the next reply corrects it.
Commands are one explicit table (``COMMANDS``: phrases, help text, handler); answers and the other
intents have their handlers in ``HANDLERS`` too. No UI, no storage, no clock: ``today`` is passed in.
What it leaves to others: storage and logging (``api``), documents (``document``/``export``), the flow of
questions and the stored values (``flow``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from assistant.drafting import views
from assistant.drafting.dates import countdown, parse_date
from assistant.drafting.document import build_letter, build_request, letter_problem
from assistant.drafting.draft import Draft, Turn
from assistant.drafting.export import render_markdown
from assistant.drafting.fields import BY_KEY, LABELS, Clauses, applies
from assistant.drafting.flow import Flow
from assistant.drafting.intents import Intent, parse
from assistant.drafting.validate import clean_message, yes_no

OPTIONAL_NONE = {"none", "no", "nothing", "n/a", "na", "-", "no attachments", "nothing else", "nil", "нет"}
LONG_ANSWER = 100  # replacing an answer this long by one under a third of it is confirmed first
CHOICE_WORDS = {"1": 0, "here": 0, "this": 0, "first": 0, "2": 1, "there": 1, "other": 1, "second": 1}


class DraftSession(Flow):
    def __init__(self, draft: Draft, clauses: Clauses, today: date):
        super().__init__(draft, clauses, today)

    # entry point ---------------------------------------------------------------------------------------
    def handle(self, message: str) -> Turn:
        first = self.draft.turns == 0
        self.draft.turns += 1
        text, notes = clean_message(message if isinstance(message, str) else "")
        self.raw = text
        intent = parse(text, PHRASES)
        if self.draft.pending is not None and (placed := self._place_pending(text)) is not None:
            parts = placed
        elif self.draft.cancelled and intent.kind not in ("resume", "review", "status", "why", "help"):
            parts = [f"Draft {self.draft.id} is cancelled. Say 'resume' to continue it; it is kept until "
                     "deleted."]
        elif first and intent.kind in ("empty", "answer") and not self.first_answer(intent):
            parts = [views.INTRO, self.prompt()]
        else:
            parts = HANDLERS[intent.kind](self, intent)
        return self.make_turn("\n\n".join(p for p in [*notes, *parts] if p))

    def opening(self) -> Turn:
        """The greeting and first question of a new draft, or where a resumed draft stands."""
        if self.draft.turns == 0:
            return self.make_turn(views.INTRO + "\n\n" + self.prompt())
        return self.make_turn(f"Resuming draft {self.draft.id}.\n\n{views.review(self.draft, self.clauses)}"
                              f"\n\n{self.prompt()}")

    # answers -------------------------------------------------------------------------------------------
    def _on_empty(self, intent: Intent) -> list[str]:
        return ["I did not get an answer.", self.prompt()]

    def _on_answer(self, intent: Intent) -> list[str]:
        key = self.draft.asking
        if key is None:
            return ["The draft is complete. Say 'review' to see it, 'change <element>' to edit it, or export "
                    "it."]
        if not BY_KEY[key].required and (intent.value or "").casefold().strip(" .!") in OPTIONAL_NONE:
            return self._on_skip(intent)
        old = self.draft.fields.get(key, "")
        if self.draft.revisiting and len(old) >= LONG_ANSWER and len(intent.value or "") < len(old) / 3:
            self.draft.pending = {"text": intent.value or "", "value": intent.value or "", "options": [key],
                                  "replace": True}
            return [f"Replace the current {BY_KEY[key].label} ({len(old)} characters: "
                    f"{views.display(key, old, 80)!r}) with {intent.value!r}? Say yes to replace it, or no to "
                    "keep the current answer."]
        ok, said = self.apply(key, intent.value or "")
        return [*said, self.advance(key) if ok else self.retry(key)]

    def _on_aimed(self, intent: Intent) -> list[str]:
        """ "Position: the server is in Tashkent" while another element is asked: ask where it goes."""
        asking, other = self.draft.asking, intent.field
        if asking is None or other == asking or not applies(BY_KEY[other], self.draft.fields):
            value = intent.value if other == asking else None
            return self._on_answer(Intent("answer", value=value or self.raw))
        self.draft.pending = {"text": self.raw, "value": intent.value or "", "options": [asking, other]}
        first, second = (BY_KEY[k].label for k in (asking, other))
        return [f"Put this in {first}, or in {second}? Say 1 ({first}: the whole text as written) or 2 "
                f"({second}: {views.display(other, intent.value or '', 80)!r}).\nYou wrote: {self.raw}"]

    def _place_pending(self, text: str) -> list[str] | None:
        pending, draft = self.draft.pending, self.draft
        if pending.get("replace"):
            return self._confirm_replace(text)
        choice = text.casefold().strip(" .!?")
        index = CHOICE_WORDS.get(choice)
        if index is None and (key := LABELS.get(choice) or LABELS.get(choice.replace(" ", "_"))):
            index = pending["options"].index(key) if key in pending["options"] else None
        draft.pending = None
        if index is None:
            self.keep_unused(pending["options"][0], pending["text"], "you did not say where it goes")
            return None
        key = pending["options"][index]
        value = pending["text"] if index == 0 else pending["value"]
        ok, said = self.apply(key, value)
        return [*said, self.advance(key) if ok else self.retry(key)]

    def _confirm_replace(self, text: str) -> list[str] | None:
        """The reply to "Replace the current ... with ...?": yes replaces, no keeps; anything else keeps
        the current answer and the new text (in ``draft.unused``) and is read as a message of its own."""
        pending, self.draft.pending = self.draft.pending, None
        key, answer = pending["options"][0], yes_no(text)
        if answer == "yes":
            ok, said = self.apply(key, pending["text"])
            return [*said, self.advance(key) if ok else self.retry(key)]
        self.keep_unused(key, pending["text"], "not used: the current answer was kept")
        if answer == "no":
            return [f"Kept {BY_KEY[key].name}; I noted your text.", self.advance()]
        return None

    def _on_pairs(self, intent: Intent) -> list[str]:
        said: list[str] = []
        for key, value in intent.pairs:
            if not applies(BY_KEY[key], self.draft.fields):
                said.append(f"{BY_KEY[key].label} does not apply to this request ({BY_KEY[key].cite}); I kept "
                            f"the text: {value}")
                self.keep_unused(key, value, "the element does not apply to this request")
                continue
            said.extend(self.apply(key, value)[1])
        return [*said, self.advance()]

    def _on_change(self, intent: Intent) -> list[str]:
        key = intent.field
        spec = BY_KEY[key]
        if not applies(spec, self.draft.fields):
            return [f"{spec.label} does not apply to this request ({spec.cite}).", self.prompt()]
        if intent.value:
            ok, said = self.apply(key, intent.value)
            return [*said, self.advance(key) if ok else self.prompt()]
        self.draft.asking, self.draft.revisiting = key, True
        return [f"Changing {spec.name}.", self.prompt()]

    def _on_unknown_change(self, intent: Intent) -> list[str]:
        names = ", ".join(self.draft.applicable())
        return [f"I do not know which element {intent.value[:60]!r} is. Say \"change <element>\" with one of: "
                f"{names} (or a clause such as \"change 6(3)(e)\").", self.prompt()]

    def _on_sent(self, intent: Intent) -> list[str]:
        """ "sent" or "sent 2 December": a planned urgent request went. "Sent phishing e-mails ..." is an
        answer to the element being asked."""
        if intent.value and parse_date(intent.value, self.today, "past") is None:
            return self._on_answer(Intent("answer", value=self.raw))
        if self.draft.fields.get("urgent") != "yes":
            if intent.value:
                return self._on_answer(Intent("answer", value=self.raw))
            return ["'sent' records when an urgent request went (Article 6(2)); this request is not urgent.",
                    self.prompt()]
        ok, said = self.apply("urgent_sent_on", intent.value or "today")
        return [*said, self.advance("urgent_sent_on") if ok else self.prompt()]

    # commands ------------------------------------------------------------------------------------------
    def _on_help(self, intent: Intent) -> list[str]:
        return [HELP, self.prompt()]

    def _on_review(self, intent: Intent) -> list[str]:
        return [views.review(self.draft, self.clauses), self.prompt()]

    def _on_status(self, intent: Intent) -> list[str]:
        return [views.status(self.draft, self.today), self.prompt()]

    def _on_why(self, intent: Intent) -> list[str]:
        return [views.why(intent.field or self.draft.asking, self.clauses), self.prompt()]

    def _on_export(self, intent: Intent) -> list[str]:
        return [f"Export draft {self.draft.id} as Markdown, DOCX, PDF or JSON, in Russian or English "
                f"(CLI: assistant draft --export {self.draft.id} --format docx --lang ru -o request.docx).",
                self.prompt()]

    def _on_history(self, intent: Intent) -> list[str]:
        return [views.history(self.draft, intent.field), self.prompt()]

    def _on_undo(self, intent: Intent) -> list[str]:
        return [self.undo(), self.prompt()]

    def _on_back(self, intent: Intent) -> list[str]:
        history, asking = self.draft.history, self.draft.asking
        if asking in history:
            index = history.index(asking)
            previous = history[index - 1] if index > 0 else None
        else:
            previous = history[-1] if history else None
        if previous is None:
            return ["There is no earlier question to go back to.", self.prompt()]
        self.draft.asking, self.draft.revisiting = previous, True
        return ["Going back (no answer is erased; a new answer replaces this one, and 'undo' restores it).",
                self.prompt()]

    def _on_keep(self, intent: Intent) -> list[str]:
        key = self.draft.asking
        if key is None or key not in self.draft.fields:
            return ["There is no earlier answer to keep here.", self.prompt()]
        return [f"Kept {BY_KEY[key].name}.", self.advance()]

    def _on_skip(self, intent: Intent) -> list[str]:
        return self.skip()

    def _on_cancel(self, intent: Intent) -> list[str]:
        if self.draft.revisiting:
            self.draft.revisiting = False
            return ["Change cancelled; nothing was altered.", self.advance()]
        self.draft.cancelled, self.draft.asking = True, None
        return [f"Draft {self.draft.id} cancelled. Nothing was deleted: say 'resume' to continue it, or "
                "delete it from the list of drafts."]

    def _on_resume(self, intent: Intent) -> list[str]:
        if not self.draft.cancelled:
            return [self.prompt()]
        self.draft.cancelled = False
        return [f"Draft {self.draft.id} reopened.", self.advance()]

    def _on_letter(self, intent: Intent) -> list[str]:
        if problem := letter_problem(self.draft):
            return [problem, self.prompt()]
        letter = render_markdown(build_letter(self.draft, self.clauses))
        return ["The written confirmation of the urgent request (Article 6(2)):", letter, self.prompt()]

    def make_turn(self, reply: str) -> Turn:
        draft = self.draft
        complete, due = draft.complete, draft.confirmation_due()
        markdown = render_markdown(build_request(draft, self.clauses)) if complete else None
        return Turn(
            draft_id=draft.id, reply=reply, asking=draft.asking, complete=complete, missing=draft.missing(),
            fields=draft.answers(), confirmation_due=due,
            countdown=countdown(date.fromisoformat(due), self.today) if due else None,
            warnings=draft.warnings(self.today), status=draft.status_for(self.today), name=draft.name,
            markdown=markdown,
        )


@dataclass(frozen=True)
class Command:
    name: str
    phrases: tuple[str, ...]
    help: str
    handler: Callable[[DraftSession, Intent], list[str]]


S = DraftSession
COMMANDS: tuple[Command, ...] = (
    Command("back", ("back", "go back", "previous", "назад"),
            "'back' re-asks the previous question (no answer is erased)", S._on_back),
    Command("undo", ("undo", "undo that", "revert", "restore", "отменить"),
            "'undo' restores the previous value of the element changed last", S._on_undo),
    Command("skip", ("skip", "skip it", "skip this", "pass", "next", "пропустить", "пропуск", "далее"), "'skip' passes an optional question",
            S._on_skip),
    Command("keep", ("keep", "keep it", "unchanged", "leave it", "same as before", "оставить"),
            "'keep' keeps the current answer when one is asked again", S._on_keep),
    Command("review", ("review", "show", "show draft", "summary", "show me the draft", "preview", "просмотр"),
            "'review' lists every element by clause", S._on_review),
    Command("status", ("status", "progress", "where are we", "what is missing", "what's missing", "missing", "статус"),
            "'status' says what is missing, the warnings and when a confirmation is due", S._on_status),
    Command("why", ("why", "why is this needed", "why do you need this", "explain"),
            "'why' quotes the clause behind the question", S._on_why),
    Command("help", ("help", "commands", "what can i say", "помощь"), "", S._on_help),
    Command("cancel", ("cancel", "abort", "stop", "discard"),
            "'cancel' cancels the draft (it is kept until deleted; 'resume' reopens it)", S._on_cancel),
    Command("resume", ("resume", "continue", "reopen"), "", S._on_resume),
    Command("letter", ("letter", "confirmation", "confirmation letter", "written confirmation"),
            "'letter' shows the written confirmation of an urgent request", S._on_letter),
    Command("export", ("export", "download", "print", "save as pdf", "save as docx"), "", S._on_export),
)
PHRASES = {phrase: c.name for c in COMMANDS for phrase in c.phrases}
HANDLERS: dict[str, Callable[[DraftSession, Intent], list[str]]] = {c.name: c.handler for c in COMMANDS} | {
    "empty": S._on_empty, "answer": S._on_answer, "aimed": S._on_aimed, "pairs": S._on_pairs,
    "change": S._on_change, "unknown_change": S._on_unknown_change, "sent": S._on_sent,
    "history": S._on_history, "why": S._on_why,
}
HELP = ("Commands: " + "; ".join(c.help for c in COMMANDS if c.help)
        + "; 'change <element>' or 'change <element> to <value>' edits any answer; 'history <element>' lists "
        "its earlier values; 'sent [date]' records when a planned urgent request went. You can also answer "
        "several elements at once, one \"Element: value\" per line, with the element names 'review' shows.")
