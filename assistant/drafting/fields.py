"""What a request under Article 6 needs, element by element: the field specs the drafting machine asks.

What it does: one ``FieldSpec`` per field key (in asking order) with its question, the clause that requires
it (cited in one line with each question, quoted in full by "why?"), whether it is mandatory, when it
applies, and the words an officer may use to name it ("change the deadline ..."). Also ``Clauses``: the
texts of those provisions taken from the corpus once, plus the Agreement's full title.
What it leaves to others: checking answers (``validate``), asking (``machine``), storing (``store``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.corpus.units import label_of

AGREEMENT_TITLE = (
    "Agreement on Cooperation of the Member States of the Commonwealth of Independent States in Combating "
    "Crimes in the Field of Information Technology (Dushanbe, 28 September 2018)"
)
REFERENCE_CLAUSE = "art-6.3.g"
REQUEST_TYPES = ("assistance", "preservation")


@dataclass(frozen=True)
class FieldSpec:
    key: str
    name: str  # short human name, as used in replies: "the requesting authority"
    cite: str  # the clause label shown with the question and listed in ``missing``
    clauses: tuple[str, ...]  # corpus unit ids that "why?" quotes
    question: str
    kind: str  # text | authority | choice | yesno | channel | date_future | date_past | list | name | position
    required: bool = True
    only_if_urgent: bool = False
    aliases: tuple[str, ...] = ()
    preservation_question: str = ""

    def question_for(self, request_type: str | None) -> str:
        if request_type == "preservation" and self.preservation_question:
            return self.preservation_question
        return self.question


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "request_type", "the kind of request", "Article 5", ("art-5.b", "art-5.i"),
        "Which kind of request is this: a request for assistance (Article 5(b)) or a request for urgent "
        "preservation of data stored in computer systems (Article 5(i))? Answer 'assistance' or "
        "'preservation'.",
        "choice", aliases=("request type", "type", "kind"),
    ),
    FieldSpec(
        "requesting_authority", "the requesting authority", "Article 6(3)(a)", ("art-6.3.a",),
        "Which competent authority is making the request? You may give both at once: "
        "\"from <requesting authority> to <requested authority>\".",
        "authority", aliases=("requesting authority", "requesting", "from", "sender", "authorities"),
    ),
    FieldSpec(
        "requested_authority", "the requested authority", "Article 6(3)(a)", ("art-6.3.a",),
        "To which competent authority of the other Party is the request addressed?",
        "authority", aliases=("requested authority", "requested", "to", "addressee", "recipient"),
    ),
    FieldSpec(
        "merits", "the merits of the case", "Article 6(3)(b)", ("art-6.3.b",),
        "State the merits of the case: what happened, when, and which offence is being investigated.",
        "text", aliases=("merits of the case", "merits", "facts", "case"),
        preservation_question="State the merits of the case: what happened, when, and which offence the "
        "data relates to.",
    ),
    FieldSpec(
        "purpose", "the purpose and justification", "Article 6(3)(c)", ("art-6.3.c",),
        "What is the purpose of the request, and what justifies it?",
        "text", aliases=("purpose and justification", "purpose", "justification"),
        preservation_question="What is the purpose of the preservation, and why is the data at risk "
        "(for example a short retention period or a risk of deletion)?",
    ),
    FieldSpec(
        "assistance", "the assistance requested", "Article 6(3)(d)", ("art-6.3.d",),
        "What assistance do you request? Describe the actions to take or the information wanted.",
        "text", aliases=("assistance requested", "requested assistance", "assistance", "content",
                         "data to preserve", "data"),
        preservation_question="Which data must be preserved, in which computer system is it stored, and "
        "who holds it (provider, owner)?",
    ),
    FieldSpec(
        "deadline", "the desirable deadline", "Article 6(3)(e)", ("art-6.3.e",),
        "By what date should the request desirably be executed? (e.g. 20 March 2026, 20.03.2026, "
        "2026-03-20, in 10 days)",
        "date_future", aliases=("desirable deadline", "deadlines", "deadline", "due date", "date"),
    ),
    FieldSpec(
        "other_info", "other useful information", "Article 6(3)(f)", ("art-6.3.f",),
        "Any other information that may be useful for executing the request? (optional: say 'skip')",
        "text", required=False, aliases=("other information", "other info", "other", "information"),
    ),
    FieldSpec(
        "attachments", "the attached documents", "Article 6(3)(f)", ("art-6.3.f",),
        "Which documents or certified copies are attached? List them separated by ';' "
        "(optional: say 'skip').",
        "list", required=False, aliases=("attachments", "attachment", "documents", "annexes", "enclosures"),
    ),
    FieldSpec(
        "urgent", "urgency", "Article 6(2)", ("art-6.2",),
        "Is this an urgent request that was (or will be) sent first orally or by technical means of "
        "communication, to be confirmed in writing within 3 days? (yes/no)",
        "yesno", aliases=("urgent", "urgency"),
    ),
    FieldSpec(
        "urgent_sent_on", "the date the urgent request was sent", "Article 6(2)", ("art-6.2",),
        "On what date was the urgent request sent orally or by technical means?",
        "date_past", only_if_urgent=True,
        aliases=("urgent sent on", "urgent date", "sent on", "date sent", "sent date", "sent"),
    ),
    FieldSpec(
        "urgent_channel", "how the urgent request was sent", "Article 6(2)", ("art-6.2",),
        "How was it sent: orally, or by technical means of communication (phone, fax, e-mail, ...)?",
        "channel", only_if_urgent=True, aliases=("urgent channel", "channel", "how sent", "means"),
    ),
    FieldSpec(
        "confidential", "confidentiality", "Article 8(1)", ("art-8.1",),
        "Should the receipt and the content of the request be kept confidential? (yes/no)",
        "yesno", aliases=("confidentiality", "confidential", "secrecy"),
    ),
    FieldSpec(
        "signatory_name", "the signatory's name", "Article 6(4)", ("art-6.4",),
        "Who will sign the request? Give the name (you may add the position after a comma).",
        "name", aliases=("signatory name", "signatory", "signer", "name", "signed by"),
    ),
    FieldSpec(
        "signatory_position", "the signatory's position", "Article 6(4)", ("art-6.4", "art-6.4.a", "art-6.4.b"),
        "What is the signatory's position? Article 6(4): the head of the requesting authority or a deputy, "
        "or the head of an independent central specialized subdivision.",
        "position", aliases=("signatory position", "signatory's position", "position", "title", "post"),
    ),
)
BY_KEY: dict[str, FieldSpec] = {f.key: f for f in FIELDS}
KEYS: tuple[str, ...] = tuple(BY_KEY)
CLAUSE_ALIASES = {  # "change 6(3)(e)" names the field(s) by clause
    "5": "request_type", "6(3)(a)": "requesting_authority", "6(3)(b)": "merits", "6(3)(c)": "purpose",
    "6(3)(d)": "assistance", "6(3)(e)": "deadline", "6(3)(f)": "other_info", "6(2)": "urgent",
    "8(1)": "confidential", "8": "confidential", "6(4)": "signatory_position",
}


def applies(spec: FieldSpec, fields: dict[str, str]) -> bool:
    """Whether the field belongs in this draft (urgent details only for urgent requests)."""
    return not spec.only_if_urgent or fields.get("urgent") == "yes"


def _alias_table() -> list[tuple[re.Pattern, str]]:
    names = [(f.key, f.key) for f in FIELDS] + [(a, f.key) for f in FIELDS for a in f.aliases]
    names += [(f"article {c}", k) for c, k in CLAUSE_ALIASES.items()] + list(CLAUSE_ALIASES.items())
    names.sort(key=lambda pair: -len(pair[0]))
    table = []
    for name, key in names:
        words = [re.escape(w) for w in re.split(r"[\s_]+", name)]
        tail = r"(?=$|[\s:=,])" if name[-1].isalnum() else ""
        pattern = re.compile(r"^\s*(?:(?:the|my|our)\s+)?" + r"[\s_]+".join(words) + tail, re.IGNORECASE)
        table.append((pattern, key))
    return table


ALIASES = _alias_table()


def match_field(text: str) -> tuple[str, str] | None:
    """The field named at the start of ``text`` and the rest: "the deadline to 20 March" -> (deadline, ...)."""
    for pattern, key in ALIASES:
        if m := pattern.match(text):
            return key, text[m.end():].strip()
    return None


@dataclass(frozen=True)
class Clauses:
    """The provisions the drafting quotes, read from the corpus once and passed in."""

    agreement_title: str = AGREEMENT_TITLE
    texts: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # id -> (label, text, lead)

    @classmethod
    def from_corpus(cls, corpus) -> Clauses:
        wanted = {c for f in FIELDS for c in f.clauses} | {REFERENCE_CLAUSE, "art-6.2", "art-8.2"}
        texts = {}
        for unit_id in wanted:
            unit = corpus.get(unit_id)
            if unit is not None:
                texts[unit_id] = (unit.label, unit.text, unit.lead)
        title = getattr(corpus.primary, "title", "") or AGREEMENT_TITLE
        return cls(agreement_title=title, texts=texts)

    def quote(self, unit_id: str) -> str:
        label, text, lead = self.texts.get(unit_id, (label_of(unit_id), "", ""))
        if not text:
            return f"{label}: (text not available in the corpus)"
        body = f"{lead} ... {text}" if lead and not text.startswith(lead) else text
        return f'{label}: "{body}"'
