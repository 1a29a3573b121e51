"""The request (and the urgent confirmation letter) laid out as an official document, format-free.

What it does: ``build_request(draft, clauses, lang)`` and ``build_letter(draft, clauses, lang)`` return a
list of ``Block``s in English or Russian (``phrases``; the officer's text stays as typed): the
confidentiality mark (repeated on every page by the renderers), the reference line, both authorities,
the case block, sections in Article 6(3) order numbered as they appear, the identifiers table, the
preservation undertakings, the Agreement cited by its full name, the confidentiality paragraph (Article 8),
the contact officer, attachments with their sheets, and a signature block as official letters of the
region have it: the position, a signature line with the initials and surname, and the stamp mark ("М.П." /
"L.S."). No instruction to the officer is printed; a missing element shows as "[to be completed: ...]"
under an "incomplete draft" banner, and each standing warning (an unfit signatory) as a banner.
What it leaves to others: rendering to Markdown/DOCX/PDF/JSON (``export``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.drafting.dates import fmt_date
from assistant.drafting.draft import Draft
from assistant.drafting.fields import BY_KEY, Clauses
from assistant.drafting.phrases import CATEGORIES_RU, CHANNELS_RU, FORMS, KINDS, PHRASES, RU_LETTERS, cite
from assistant.drafting.validate import split_list
from assistant.drafting.views import CATEGORY_NAMES

SHEETS = re.compile(r"\s*[(,]?\s*(?:on\s+|на\s+)?(\d{1,4})\s*(?:sheets?|pages?|pp?\.|л\.|листах|листа|лист)\)?\s*$",
                    re.IGNORECASE)


@dataclass(frozen=True)
class Block:
    kind: str  # mark | banner | meta | title | subtitle | heading | para | list | table | signature
    text: str = ""
    items: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()


class Writer:
    def __init__(self, draft: Draft, clauses: Clauses, lang: str):
        self.draft, self.lang, self.p = draft, lang, PHRASES[lang]
        title = clauses.agreement_title
        self.agreement = ({"agreement_gen": title, "agreement_ins": title} if lang == "en" else
                          {"agreement_gen": self.p["agreement.gen"], "agreement_ins": self.p["agreement.ins"]})
        self.kind = draft.fields.get("request_type", "assistance")
        self.form = FORMS[lang].get(self.kind, FORMS[lang]["assistance"])
        self.sections = 0

    def value(self, key: str) -> str:
        if key in self.draft.fields:
            return self.draft.fields[key]
        spec = BY_KEY[key]
        return self.p["missing"].format(cite=spec.cite if self.lang == "en" else _ru_cite(spec.cite))

    def date(self, key: str) -> str:
        return fmt_date(self.draft.fields[key], self.lang)

    def heading(self, name: str, clause: tuple | None = None) -> Block:
        self.sections += 1
        suffix = f" ({cite(*clause, lang=self.lang)})" if clause else ""
        return Block("heading", f"{self.sections}. {self.p[name]}{suffix}")

    def channel(self) -> str:
        channel = self.draft.fields.get("urgent_channel", "")
        return CHANNELS_RU.get(channel, channel) if self.lang == "ru" else channel

    # parts -------------------------------------------------------------------------------------------
    def head(self) -> list[Block]:
        p, fields, blocks = self.p, self.draft.fields, []
        if fields.get("confidential") == "yes":
            blocks.append(Block("mark", p["confidential"]))
        if missing := self.draft.missing():
            blocks.append(Block("banner", p["incomplete"].format(missing=", ".join(missing))))
        blocks += [Block("banner", p["warning"].format(message=w["message"]))
                   for w in self.draft.warnings() if w["element"] == "signatory_position"]
        number = fields.get("reference_number", p["blank"])
        when = self.date("reference_date") if "reference_date" in fields else p["blank"]
        return blocks + [Block("meta", p["ref"].format(number=number, date=when)),
                         Block("meta", p["from"].format(value=self.value("requesting_authority"))),
                         Block("meta", p["to"].format(value=self.value("requested_authority")))]

    def case(self) -> list[Block]:
        fields, p = self.draft.fields, self.p
        lines = [p[k].format(value=fields[k]) for k in ("case_number", "investigating_body", "offence_provision")
                 if k in fields]
        if category := fields.get("offence_category"):
            names = CATEGORIES_RU if self.lang == "ru" else CATEGORY_NAMES
            letter = RU_LETTERS[category] if self.lang == "ru" and category != "other" else category
            label = "" if category == "other" else f"({letter}) "
            lines.append(p["offence_category"].format(value=label + names[category]))
        return [self.heading("h.case"), *(Block("para", line) for line in lines)] if lines else []

    def urgency(self) -> list[Block]:
        fields, p = self.draft.fields, self.p
        if fields.get("urgent") != "yes":
            return []
        sent = fields.get("urgent_sent_on")
        if sent and sent != "planned" and "urgent_channel" in fields:
            blocks = [Block("para", p["urgent.sent"].format(channel=self.channel(), date=self.date("urgent_sent_on")))]
        else:
            blocks = [Block("para", p["urgent.planned"])]
        if reason := fields.get("urgency_reason"):
            blocks.append(Block("para", p["urgency"].format(reason=reason)))
        return blocks

    def identifiers(self) -> list[Block]:
        found = self.draft.identifiers()
        if not found:
            return []
        p, kinds = self.p, KINDS[self.lang]
        rows = [(p["col.kind"], p["col.value"], p["col.time"], p["col.zone"])]
        rows += [(kinds[i.kind], i.value, i.time or "-", i.timezone or "-") for i in found]
        return [self.heading("h.identifiers"), Block("table", rows=tuple(rows))]

    def preservation(self) -> list[Block]:
        if self.kind != "preservation":
            return []
        p, blocks = self.p, []
        if period := self.draft.fields.get("preservation_period"):
            blocks.append(Block("para", p["period"].format(value=period)))
        return blocks + [Block("para", p["no_notice"]), Block("para", p["disclosure_follows"])]

    def deadline(self) -> Block:
        deadline = self.draft.fields.get("deadline")
        if not deadline:
            return Block("para", self.value("deadline"))
        if deadline <= (self.draft.fields.get("reference_date") or ""):
            return Block("para", self.p["deadline.now"])
        text = self.p["deadline"].format(date=self.date("deadline"))
        return Block("para", text if text.endswith(".") else text + ".")

    def other(self) -> list[Block]:
        fields, p = self.draft.fields, self.p
        texts = [fields["other_info"]] if "other_info" in fields else []
        if fields.get("attachments"):
            texts.append(p["enclosed"])
        return [Block("para", text) for text in texts] or [Block("para", p["none"])]

    def attachments(self) -> list[Block]:
        items = []
        for item in split_list(self.draft.fields.get("attachments", "")):
            m = SHEETS.search(item)
            items.append(self.p["sheets"].format(item=item[: m.start()].rstrip(" ,"), n=m.group(1)) if m else item)
        return [Block("heading", self.p["h.attachments"]), Block("list", items=tuple(items))] if items else []

    def signature(self) -> list[Block]:
        name = self.value("signatory_name")
        return [Block("signature", items=(self.value("signatory_position"), f"_______________  {name}",
                                          self.p["stamp"]))]

    def contact(self) -> list[Block]:
        contact = self.draft.fields.get("contact_officer")
        return [Block("heading", self.p["h.contact"]), Block("para", contact)] if contact else []

    def follows(self) -> list[Block]:
        follows = self.draft.follows
        if not follows:
            return []
        number, when = follows.get("reference_number"), follows.get("reference_date")
        reference = self.p["ref.short"].format(number=number or self.p["blank"],
                                               date=fmt_date(when, self.lang) if when else self.p["blank"])
        return [Block("para", self.p["follows"].format(reference=reference))]


def _ru_cite(label: str) -> str:
    m = re.match(r"Article (\d+)(?:\((\d+)\))?(?:\(([a-i])\))?", label)
    return cite(int(m.group(1)), int(m.group(2)) if m.group(2) else None, m.group(3), lang="ru") if m else label


def build_request(draft: Draft, clauses: Clauses, lang: str = "en") -> list[Block]:
    w = Writer(draft, clauses, lang)
    p, preservation = w.p, w.kind == "preservation"
    blocks = w.head() + [Block("title", p[f"title.{w.kind}"]),
                         Block("subtitle", p["under"].format(form=w.form, **w.agreement))]
    blocks += w.follows() + w.urgency()
    blocks += [w.heading("h.authorities", (6, 3, "a")),
               Block("para", p["requesting"].format(value=w.value("requesting_authority"))),
               Block("para", p["requested"].format(value=w.value("requested_authority")))]
    blocks += w.case()
    blocks += [w.heading("h.merits", (6, 3, "b")), Block("para", w.value("merits")),
               w.heading("h.purpose", (6, 3, "c")), Block("para", w.value("purpose")),
               w.heading("h.preserve" if preservation else "h.assistance", (6, 3, "d")),
               Block("para", w.value("assistance"))]
    blocks += w.preservation() + w.identifiers()
    blocks += [w.heading("h.deadline", (6, 3, "e")), w.deadline(), w.heading("h.other", (6, 3, "f")), *w.other(),
               w.heading("h.reference", (6, 3, "g")),
               Block("para", p["reference"].format(form=w.form, **w.agreement))]
    if draft.fields.get("confidential") == "yes":
        blocks += [w.heading("h.confidentiality", (8,)), Block("para", p["confidentiality"])]
        if reason := draft.fields.get("confidentiality_reason"):
            blocks.append(Block("para", p["confidentiality.reason"].format(reason=reason)))
    return blocks + w.contact() + w.attachments() + w.signature()


def letter_problem(draft: Draft) -> str | None:
    """Why the confirmation letter cannot be produced yet, or None."""
    if draft.fields.get("urgent") != "yes":
        return "A written confirmation letter is only needed for an urgent request (Article 6(2))."
    if draft.fields.get("urgent_sent_on", "planned") == "planned" or "urgent_channel" not in draft.fields:
        return ("Give the date and the way the urgent request was sent first (Article 6(2)): say 'sent' "
                "(or 'sent 2 December') once it has gone.")
    return None


def build_letter(draft: Draft, clauses: Clauses, lang: str = "en") -> list[Block]:
    w = Writer(draft, clauses, lang)
    p = w.p
    detail = draft.fields.get("urgent_channel_detail")
    body = p["letter.body"].format(date=w.date("urgent_sent_on"), requesting=w.value("requesting_authority"),
                                   requested=w.value("requested_authority"), channel=w.channel(),
                                   detail=f" ({detail})" if detail else "", kind=p[f"letter.kind.{w.kind}"],
                                   form=w.form)
    blocks = w.head() + [Block("title", p["title.letter"]),
                         Block("subtitle", p["under.letter"].format(**w.agreement)),
                         Block("para", body), Block("para", p["letter.confirm"]),
                         Block("para", p[f"letter.{w.kind}"].format(value=w.value("assistance")))]
    if draft.fields.get("confidential") == "yes":
        blocks += [Block("heading", p["h.confidentiality"]), Block("para", p["confidentiality"])]
    enclosures = [p["enclosure.request"].format(title=p[f"title.{w.kind}"].capitalize())]
    enclosures += list(w.attachments()[1].items) if w.attachments() else []
    return blocks + [Block("heading", p["h.enclosure"]), Block("list", items=tuple(enclosures))] + w.signature()
