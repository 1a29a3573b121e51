"""What a request under Article 6 needs, element by element: the field specs the drafting machine asks.

What it does: one ``FieldSpec`` per field key (in asking order) with its question, the clause that requires
it (cited in one line with each question, quoted in full by "why?") or "good practice" for what
practitioners' forms ask beyond the Agreement (reference, case block, contact officer), whether it is
mandatory, when it applies, its exact label for "Element: value" blocks, and the words an officer may use
to name it ("change the deadline ..."). Also ``Clauses``: the
texts of those provisions taken from the corpus once, plus the Agreement's full title.
What it leaves to others: checking answers (``validate``), asking (``machine``), storing (``storage``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.corpus.units import label_of
from assistant.drafting.identifiers import find_identifiers, missing_details

AGREEMENT_TITLE = (
    "Agreement on Cooperation of the Member States of the Commonwealth of Independent States in Combating "
    "Crimes in the Field of Information Technology (Dushanbe, 28 September 2018)"
)
REFERENCE_CLAUSE = "art-6.3.g"
REQUEST_TYPES = ("assistance", "preservation")


GOOD_PRACTICE = "good practice"


@dataclass(frozen=True)
class FieldSpec:
    key: str
    name: str  # short human name, as used in replies: "the requesting authority"
    cite: str  # the clause label shown with the question and listed in ``missing`` (or "good practice")
    clauses: tuple[str, ...]  # corpus unit ids that "why?" quotes
    question: str
    kind: str  # text | authority | choice | yesno | channel | date_future | date_past | list | name | position |
    #            units | category | sent | identifiers | short
    required: bool = True
    when: str = ""  # "" (always) | "urgent" | "preservation" | "identifiers" (an IP address lacks details)
    #                 | "given" (never asked: filled from another answer)
    aliases: tuple[str, ...] = ()
    preservation_question: str = ""

    @property
    def label(self) -> str:
        """The exact element name accepted as a label in an "Element: value" block."""
        return LABEL_NAMES.get(self.key) or self.key.replace("_", " ").capitalize()

    def question_for(self, request_type: str | None) -> str:
        if request_type == "preservation" and self.preservation_question:
            return self.preservation_question
        return self.question


def _spec(key, name, cite, clauses, question, kind, **extra) -> FieldSpec:
    return FieldSpec(key, name, cite, tuple(clauses), question, kind, **extra)


OPTIONAL = " (optional: say 'skip')"
LABEL_NAMES = {"other_info": "Other information", "urgent_sent_on": "Urgent sent on"}
FIELDS: tuple[FieldSpec, ...] = (
    _spec("request_type", "the kind of request", "Article 5", ("art-5.b", "art-5.i"),
          "Which kind of request is this: a request for assistance (Article 5(b)) or a request for urgent "
          "preservation of data stored in computer systems (Article 5(i))? Answer 'assistance' or "
          "'preservation'.", "choice", aliases=("request type", "type", "kind")),
    _spec("requesting_authority", "the requesting authority", "Article 6(3)(a)", ("art-6.3.a",),
          "Which competent authority is making the request? You may give both at once: "
          "\"from <requesting authority> to <requested authority>\".",
          "authority", aliases=("requesting authority", "requesting", "from", "sender", "authorities")),
    _spec("requested_authority", "the requested authority", "Article 6(3)(a)", ("art-6.3.a",),
          "To which competent authority of the other Party is the request addressed?",
          "authority", aliases=("requested authority", "requested", "to", "addressee", "recipient")),
    _spec("exchanging_units", "the units exchanging the information", "Article 6(4)",
          ("art-6.4.a", "art-6.4.b"),
          "Which units exchange the information: (a) the competent authorities, or (b) independent "
          "specialised subdivisions of the competent authorities dealing with each other? This decides who "
          "signs and whose stamp is used. Answer 'a' or 'b'.", "units",
          aliases=("exchanging units", "units", "exchange")),
    _spec("reference_number", "the outgoing reference number", GOOD_PRACTICE, (),
          "The outgoing reference number of this letter, and its date if known (e.g. '12/3456 of "
          "29.11.2026')" + OPTIONAL + ".", "short", required=False,
          aliases=("reference number", "outgoing number", "ref no", "reference", "ref", "our ref")),
    _spec("reference_date", "the date of the letter", GOOD_PRACTICE, (),
          "The date of the letter (e.g. today, 29.11.2026)" + OPTIONAL + ".", "date_any", required=False,
          aliases=("reference date", "letter date", "date of the letter", "outgoing date")),
    _spec("case_number", "the criminal case number", GOOD_PRACTICE, (),
          "The number of the criminal case (or of the materials) the request is made in" + OPTIONAL + ".",
          "short", required=False, aliases=("case number", "criminal case", "case no")),
    _spec("investigating_body", "the investigating body", GOOD_PRACTICE, (),
          "Which body investigates the case (e.g. 'Investigation Department of the Almaty Police')"
          + OPTIONAL + ".", "short", required=False, aliases=("investigating body", "investigator body")),
    _spec("offence_provision", "the offence's national legal provision", GOOD_PRACTICE, (),
          "Under which provision of national law is the offence investigated (e.g. 'Article 205(2) of the "
          "Criminal Code of the Republic of Kazakhstan')" + OPTIONAL + ".", "short", required=False,
          aliases=("offence provision", "legal provision", "provision", "offence", "article of the code")),
    _spec("offence_category", "the Article 3(1) category", "Article 3(1)", ("art-3.1",),
          "Which act of Article 3(1) is it? (a) unauthorised access to computer information, (b) malware, "
          "(c) violation of the rules of operation of a computer system, (d) theft by changing computer "
          "information, (e) child sexual abuse material, (f) tools for unauthorised access, (g) illegal use "
          "of copyrighted programs, (h) extremist or terrorist materials, or 'other'" + OPTIONAL + ".",
          "category", required=False, aliases=("offence category", "category", "article 3")),
    _spec("merits", "the merits of the case", "Article 6(3)(b)", ("art-6.3.b",),
          "State the merits of the case: what happened, when, and which offence is being investigated.",
          "text", aliases=("merits of the case", "merits", "facts", "case"),
          preservation_question="State the merits of the case: what happened, when, and which offence the "
          "data relates to."),
    _spec("purpose", "the purpose and justification", "Article 6(3)(c)", ("art-6.3.c",),
          "What is the purpose of the request, and what justifies it?",
          "text", aliases=("purpose and justification", "purpose", "justification"),
          preservation_question="What is the purpose of the preservation, and why is the data at risk "
          "(for example a short retention period or a risk of deletion)?"),
    _spec("assistance", "the assistance requested", "Article 6(3)(d)", ("art-6.3.d",),
          "What assistance do you request? Describe the actions to take or the information wanted, with the "
          "identifiers (IP address and port with date, time and time zone; accounts, phones, e-mails ...).",
          "text", aliases=("assistance requested", "requested assistance", "assistance", "content",
                           "data to preserve", "data"),
          preservation_question="Which data must be preserved, in which computer system is it stored, and "
          "who holds it (provider, owner)? Give the identifiers (IP address and port with date, time and "
          "time zone; accounts, phones, e-mails ...)."),
    _spec("identifiers", "the identifiers' dates and times", GOOD_PRACTICE, (),
          "A provider cannot answer for an IP address without its date, time and time zone. Give them, "
          "e.g. '203.0.113.5:443 10.02.2026 14:32:05 UTC+5' (one per line), or say 'skip'.",
          "identifiers", required=False, when="identifiers", aliases=("identifiers", "identifier", "ip")),
    _spec("preservation_period", "the preservation period", "Article 5(i)", ("art-5.i",),
          "For how long should the data be preserved (e.g. '90 days', 'until 1 March 2027')?",
          "short", required=False, when="preservation",
          aliases=("preservation period", "period", "retention")),
    _spec("deadline", "the desirable deadline", "Article 6(3)(e)", ("art-6.3.e",),
          "By what date should the request desirably be executed? (e.g. 20 March 2026, 20.03.2026, "
          "in a month, within two weeks, immediately)",
          "date_future", aliases=("desirable deadline", "deadlines", "deadline", "due date", "date")),
    _spec("other_info", "other useful information", "Article 6(3)(f)", ("art-6.3.f",),
          "Any other information that may be useful for executing the request?" + OPTIONAL,
          "text", required=False, aliases=("other information", "other info", "other", "information")),
    _spec("attachments", "the attached documents", "Article 6(3)(f)", ("art-6.3.f",),
          "Which documents or certified copies are attached, with their number of sheets? List them "
          "separated by ';', e.g. 'Copy of the decision to open the case (2 sheets)'" + OPTIONAL + ".",
          "list", required=False, aliases=("attachments", "attachment", "documents", "annexes", "enclosures")),
    _spec("urgent", "urgency", "Article 6(2)", ("art-6.2",),
          "Is this an urgent request, sent (or to be sent) first orally or by technical means of "
          "communication and confirmed in writing within 3 days? (yes/no; you may add why)",
          "yesno", aliases=("urgent", "urgency")),
    _spec("urgency_reason", "why it is urgent", "Article 6(2)", ("art-6.2",),
          "Why is it urgent (e.g. the provider deletes logs after 30 days)?" + OPTIONAL,
          "short", required=False, when="urgent", aliases=("urgency reason", "reason for urgency", "why urgent")),
    _spec("urgent_sent_on", "the date the urgent request was sent", "Article 6(2)", ("art-6.2",),
          "On what date was the urgent request sent? If it has not gone yet, say 'planned' and later "
          "'sent' (or 'sent 2 December') when it goes.",
          "sent", when="urgent",
          aliases=("urgent sent on", "urgent date", "sent on", "date sent", "sent date", "sent")),
    _spec("urgent_channel", "how the urgent request was sent", "Article 6(2)", ("art-6.2",),
          "How was (or will) it be sent: orally, by phone, e-mail, fax or messenger?",
          "channel", when="urgent", aliases=("urgent channel", "channel", "how sent", "means")),
    _spec("urgent_channel_detail", "the channel record", "Article 6(2)", ("art-6.2",),
          "The record of the urgent message: the number or address, the date and time, and the message "
          "reference (quoted in the confirmation letter)" + OPTIONAL + ".", "short", required=False,
          when="urgent", aliases=("urgent channel detail", "channel detail", "channel record", "message record")),
    _spec("confidential", "confidentiality", "Article 8(1)", ("art-8.1",),
          "Should the receipt and the content of the request be kept confidential? (yes/no; you may add why)",
          "yesno", aliases=("confidentiality", "confidential", "secrecy")),
    _spec("confidentiality_reason", "why confidentiality is asked", "Article 8(1)", ("art-8.1",),
          "Why should the request be kept confidential?", "short", required=False, when="given",
          aliases=("confidentiality reason", "reason for confidentiality")),
    _spec("contact_officer", "the handling officer", GOOD_PRACTICE, (),
          "Who handles the request on your side: name, phone, e-mail" + OPTIONAL + ".", "short",
          required=False, aliases=("contact officer", "contact", "handling officer", "executor")),
    _spec("signatory_name", "the signatory's name", "Article 6(4)", ("art-6.4",),
          "Who will sign the request? Give the initials and surname (you may add the position after a comma).",
          "name", aliases=("signatory name", "signatory", "signer", "name", "signed by")),
    _spec("signatory_position", "the signatory's position", "Article 6(4)", ("art-6.4", "art-6.4.a", "art-6.4.b"),
          "What is the signatory's position? Article 6(4): (a) the head of the requesting authority or a "
          "deputy; (b) the head of the independent central specialised subdivision.",
          "position", aliases=("signatory position", "signatory's position", "position", "title", "post")),
)
BY_KEY: dict[str, FieldSpec] = {f.key: f for f in FIELDS}
KEYS: tuple[str, ...] = tuple(BY_KEY)
CLAUSE_ALIASES = {  # "change 6(3)(e)" names the field(s) by clause
    "5": "request_type", "6(3)(a)": "requesting_authority", "6(3)(b)": "merits", "6(3)(c)": "purpose",
    "6(3)(d)": "assistance", "6(3)(e)": "deadline", "6(3)(f)": "other_info", "6(2)": "urgent",
    "8(1)": "confidential", "8": "confidential", "6(4)": "signatory_position", "3(1)": "offence_category",
}
LABELS: dict[str, str] = {f.label.casefold(): f.key for f in FIELDS} | {f.key: f.key for f in FIELDS}
TEXT_SOURCES = ("merits", "assistance", "other_info", "identifiers")  # where identifiers are looked for


def applies(spec: FieldSpec, fields: dict[str, str]) -> bool:
    """Whether the field belongs in this draft (urgent details only for urgent requests, ...)."""
    if spec.when == "urgent":
        return fields.get("urgent") == "yes"
    if spec.when == "given":  # filled from another answer ("yes, the suspect must not learn of it")
        return spec.key in fields
    if spec.when == "preservation":
        return fields.get("request_type") == "preservation"
    if spec.when == "identifiers":
        return "identifiers" in fields or bool(missing_details(find_identifiers(
            *(fields.get(k, "") for k in TEXT_SOURCES))))
    return True


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
        wanted = {c for f in FIELDS for c in f.clauses} | {REFERENCE_CLAUSE, "art-6.2", "art-8.2", "art-6.4"}
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
