"""The drafting state machine in process: parsing, validation, commands, invariants (hypothesis), service."""

from __future__ import annotations

import logging
import threading
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from assistant.drafting import api as service
from assistant.drafting import machine
from assistant.drafting.dates import parse_date
from assistant.drafting.draft import Draft
from assistant.drafting.fields import BY_KEY, KEYS, Clauses, applies, match_field
from assistant.drafting.intents import parse, split_authorities
from assistant.drafting.machine import PHRASES, DraftSession
from assistant.drafting.signatory import check_signatory
from assistant.drafting.validate import MAX_CHARS, Invalid, check, clean_message

TODAY = date(2026, 3, 2)


@pytest.fixture(scope="module")
def clauses(corpus):
    return Clauses.from_corpus(corpus)


def session(clauses, **fields) -> DraftSession:
    draft = Draft(fields=dict(fields), turns=1)
    s = DraftSession(draft, clauses, TODAY)
    s.draft.asking = s.next_field()
    return s


@pytest.mark.parametrize("text, expected", [
    ("20 March 2026", "2026-03-20"), ("20.03.2026", "2026-03-20"), ("2026-03-20", "2026-03-20"),
    ("March 20, 2026", "2026-03-20"), ("20 March", "2026-03-20"), ("in 10 days", "2026-03-12"),
    ("within 2 weeks", "2026-03-16"), ("by 25 March 2026", "2026-03-25"), ("20 марта 2026", "2026-03-20"),
    ("today", "2026-03-02"), ("immediately", "2026-03-02"),
])
def test_deadlines_in_several_formats(text, expected):
    assert check("deadline", text, {}, TODAY).value == expected


@pytest.mark.parametrize("text, message", [
    ("1 March 2026", "must not lie in the past"), ("yesterday", "must not lie in the past"),
    ("soon", "could not read that as a date"), ("x", "could not read that as a date"),
])
def test_deadline_errors_say_what_to_fix(text, message):
    with pytest.raises(Invalid, match=message):
        check("deadline", text, {}, TODAY)


def test_sent_date_prefers_the_past_and_must_not_be_future():
    assert parse_date("3 March", TODAY, "past") == date(2025, 3, 3)
    assert check("urgent_sent_on", "yesterday", {}, TODAY).value == "2026-03-01"
    planned = check("urgent_sent_on", "2026-03-05", {}, TODAY)  # "will be sent": planned, not refused
    assert planned.value == "planned" and "Say 'sent'" in planned.notes[0]


def test_authorities_must_differ_and_say_something():
    fields = {"requesting_authority": "Ministry of Internal Affairs of Kazakhstan"}
    with pytest.raises(Invalid, match="must differ"):
        check("requested_authority", "the ministry of internal affairs of  Kazakhstan", fields, TODAY)
    with pytest.raises(Invalid):
        check("requesting_authority", "x", {}, TODAY)
    assert split_authorities("from the MVD of Kazakhstan to the Investigative Committee of Belarus.") == (
        "MVD of Kazakhstan", "Investigative Committee of Belarus")
    assert split_authorities("Department to Combat Cybercrime") is None
    assert split_authorities("от МВД Республики Казахстан в Следственный комитет Республики Беларусь") == (
        "МВД Республики Казахстан", "Следственный комитет Республики Беларусь")
    assert split_authorities("от отдела по борьбе с преступлениями в сфере ИТ") is None


@pytest.mark.parametrize("text", ["x", "n/a", "tbd", "fraud", "bank hacked"])
def test_merits_and_purpose_must_say_something(text):
    for key in ("merits", "purpose", "assistance"):
        with pytest.raises(Invalid):
            check(key, text, {}, TODAY)


@pytest.mark.parametrize("position, case, ok", [
    ("Deputy Minister of Internal Affairs", "a", True), ("First Deputy Minister of Internal Affairs", "a", True),
    ("Minister", "a", True), ("Chairman of the Investigative Committee", "a", True),
    ("Заместитель министра внутренних дел", "a", True), ("Председатель Следственного комитета", "a", True),
    ("Head of the Cybercrime Department", "b", True),
    ("Начальник Департамента по борьбе с киберпреступностью", "b", True),
    # a keyword list let these pass
    ("Chief Accountant", "a", False), ("Chief Specialist", "a", False), ("Head of Section 2", "a", False),
    ("Head of Section 2", "b", False), ("Главный бухгалтер", "a", False), ("Главный специалист", "a", False),
    ("Начальник отделения № 2", "b", False), ("Senior Investigator", "a", False), ("Старший следователь", "a", False),
    # the case decides, not the title: a department head signs for (b), not for (a); (b) has no deputy
    ("Head of the Main Investigative Department", "a", False), ("Head of the Main Investigative Department", "b", True),
    ("Deputy Head of the Cybercrime Department", "b", False),
    ("Заместитель начальника Департамента по борьбе с киберпреступностью", "b", False),
])
def test_signatory_position_against_article_6_4(position, case, ok):
    fit = check_signatory(position, case, "Ministry of Internal Affairs of the Republic of Kazakhstan")
    assert fit.ok is ok and fit.clause == f"Article 6(4)({case})"
    assert bool(fit.reason) is not ok


def test_a_unit_that_is_the_requesting_authority_is_its_head():
    fit = check_signatory("Deputy Head of the Cybercrime Department", "a",
                          "Cybercrime Department of the Ministry of Internal Affairs")
    assert fit.ok


def test_commands_and_field_names():
    assert parse("change the deadline to 20 March").__dict__ == {
        "kind": "change", "field": "deadline", "value": "20 March", "pairs": []}
    assert parse("Why?", PHRASES).kind == "why" and parse("why deadline").field == "deadline"
    assert parse("change 6(3)(b)").field == "merits"
    assert parse("change of ownership of the servers happened").kind == "answer"
    assert parse("Deadline: 20 March").kind == "aimed"  # one labelled line: confirmed unless it is asked
    assert parse("Deadline: 20 March\nPurpose: To find them.").pairs == [("deadline", "20 March"),
                                                                         ("purpose", "To find them.")]
    assert parse("Date: 5 March\nPurpose: To find them.").kind == "aimed"  # "Date" is not an exact name
    assert parse("undo", PHRASES).kind == "undo" and parse("back", PHRASES).kind == "back"
    assert parse("history of the deadline").__dict__ == {"kind": "history", "field": "deadline", "value": None,
                                                        "pairs": []}
    assert parse("sent 2 March").kind == "sent" and parse("sent").value == ""
    assert match_field("signatory's position to Head") == ("signatory_position", "to Head")


def test_handlers_are_one_explicit_table():
    assert set(machine.HANDLERS) >= {c.name for c in machine.COMMANDS}
    assert all(callable(h) for h in machine.HANDLERS.values())
    assert all(c.help in machine.HELP for c in machine.COMMANDS)
    assert "getattr" not in Path(machine.__file__).read_text(encoding="utf-8")


def test_several_fields_in_one_message(clauses):
    s = session(clauses, request_type="assistance")
    turn = s.handle("Requesting authority: MVD of Kazakhstan\nRequested authority: Investigative Committee of "
                    "Belarus\nMerits: On 10 February 2026 the servers of Alpha Bank were hacked.\nmore detail here\n"
                    "deadline: 20 March")
    assert turn.fields["requesting_authority"] == "MVD of Kazakhstan"
    assert turn.fields["merits"].endswith("hacked.\nmore detail here")
    assert turn.fields["deadline"] == "2026-03-20"
    assert turn.asking == "exchanging_units"
    turn = s.handle("change signatory to Colonel A. Ivanov, Deputy Head of the Cyber Police Department")
    assert turn.fields["signatory_name"] == "Colonel A. Ivanov"
    assert turn.fields["signatory_position"] == "Deputy Head of the Cyber Police Department"


def test_skip_only_optional_and_way_out_after_failures(clauses):
    s = session(clauses, request_type="assistance")
    assert "mandatory" in s.handle("skip").reply
    assert s.draft.asking == "requesting_authority"
    s.handle("x")
    reply = s.handle("??").reply
    assert "Stuck?" in reply and "skip" in reply
    assert "Leaving the requesting authority for later" in s.handle("skip").reply
    assert s.draft.asking == "requested_authority"
    s.handle("skip")  # not yet failed here: refused
    assert s.draft.asking == "requested_authority"


def test_why_quotes_the_clause(clauses):
    s = session(clauses, request_type="assistance")
    reply = s.handle("why").reply
    assert 'Article 6(3)(a): "3. The request must contain: ... a) the name of the competent authority' in reply
    assert "Article 6(4)(b)" in s.handle("why signatory position").reply


def test_changing_urgent_off_and_on_keeps_its_details(clauses):
    s = session(clauses, request_type="assistance")
    s.handle("change urgent to yes, sent by e-mail on 1 March 2026")
    assert s.draft.confirmation_due() == "2026-03-04"
    turn = s.handle("change urgent to no")
    assert turn.confirmation_due is None and "urgent_sent_on" not in turn.fields
    turn = s.handle("change urgent to yes")
    assert turn.fields["urgent_sent_on"] == "2026-03-01" and turn.confirmation_due == "2026-03-04"


def test_clean_message_strips_and_caps():
    text, notes = clean_message("a\x00b\u202ec\r\nd" + "x" * (MAX_CHARS + 10))
    assert text.startswith("abc\nd") and len(text) == MAX_CHARS and len(notes) == 2


# ------------------------------------------------------------------------------------- property-based

ANSWERS = [
    "assistance", "preservation", "from the MVD of Kazakhstan to the Investigative Committee of Belarus",
    "Ministry of Internal Affairs", "Investigative Committee", "On 10 February 2026 the bank was hacked.",
    "To identify the persons who hacked the bank.", "Provide subscriber data for the IP address.",
    "20 March 2026", "in 10 days", "yesterday", "yes", "no", "orally", "by fax on 1 March 2026", "a", "b",
    "Chief Accountant", "1", "2", "undo", "planned", "sent", "203.0.113.5 10.02.2026 14:32 UTC+5",
    "Provide data on 203.0.113.5:443", "Position: the server is in Tashkent", "yes, the suspect must not know",
    "A. Ivanov, Deputy Head", "Senior Investigator", "Head of the department", "Copy A; Copy B",
    "none", "x", "", "   ", "'; DROP TABLE drafts;--", "<script>alert(1)</script>", "\x00\x07",
]
COMMANDS = ["back", "skip", "keep", "review", "status", "why", "help", "cancel", "resume", "letter",
            "change deadline", "change the deadline to 25 March", "change urgent to yes", "change urgent to no",
            "change authorities from A Ministry to B Committee", "change merits", "change 6(3)(c)",
            "deadline: 1 April\npurpose: To find the offenders quickly.", "why signatory", "history deadline",
            "change signatory position to Chief Accountant", "change identifiers"]


def assert_valid(draft: Draft, turn) -> None:
    assert turn.asking is None or (turn.asking in KEYS and applies(BY_KEY[turn.asking], draft.fields))
    assert turn.complete == (turn.missing == []) == draft.complete
    assert turn.reply.strip()
    assert turn.status.startswith("complete") == draft.complete or turn.status == "cancelled"
    assert (turn.status == "complete") == (draft.complete and not turn.warnings and not draft.cancelled)
    for key, value in draft.fields.items():
        assert key in KEYS and len(value) <= MAX_CHARS
        assert check(key, value, draft.fields, TODAY).value == value, key
    assert Draft.from_json(draft.to_json()) == draft


@hsettings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(ANSWERS + COMMANDS), st.text(max_size=40)), max_size=30))
def test_random_conversations_keep_the_draft_valid(clauses, messages):
    draft = Draft()
    for message in messages:
        s = DraftSession(draft, clauses, TODAY)
        turn = s.handle(message)
        assert_valid(draft, turn)
        draft = Draft.from_json(draft.to_json())  # as the service does between turns


# ------------------------------------------------------------------------------------------ service


def test_service_logs_no_draft_contents_unless_debug(settings, caplog):
    secret = "Operation Nightjar concerns Alpha Bank"
    with caplog.at_level(logging.DEBUG):
        turn = service.respond(settings, "assistance")
        service.respond(settings, f"change merits to {secret} and its hacked servers.", turn["draft_id"])
        service.export(settings, turn["draft_id"], "pdf")
    assert secret not in caplog.text and turn["draft_id"] in caplog.text
    caplog.clear()
    debug = settings.model_copy(update={"debug": True})
    with caplog.at_level(logging.DEBUG):
        service.respond(debug, f"change purpose to {secret} again, to find them.", turn["draft_id"])
    assert secret in caplog.text


def test_concurrent_turns_from_threads_lose_nothing(settings):
    draft_id = service.respond(settings, "assistance")["draft_id"]
    keys = ["merits", "purpose", "assistance", "other_info"]
    errors = []

    def answer(key):
        try:
            service.respond(settings, f"change {key} to the text of the {key} written by thread {key}.", draft_id)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=answer, args=(k,)) for k in keys]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    fields = service.load(settings, draft_id).fields
    assert all(fields[k] == f"the text of the {k} written by thread {k}." for k in keys)


def test_internal_error_leaves_the_stored_draft_unchanged(settings, monkeypatch):
    draft_id = service.respond(settings, "assistance")["draft_id"]
    before = service.load(settings, draft_id)

    def boom(self, intent):
        self.draft.fields["merits"] = "half-written"
        raise RuntimeError("bug")

    monkeypatch.setitem(machine.HANDLERS, "answer", boom)
    turn = service.respond(settings, "anything at all", draft_id)
    assert "could not handle that message" in turn["reply"]
    after = service.load(settings, draft_id)
    assert after.fields == before.fields and "merits" not in after.fields


def test_change_naming_no_element_is_explained(clauses):
    s = session(clauses, request_type="assistance")
    turn = s.handle("change foo to bar")
    assert "I do not know which element" in turn.reply and turn.fields == {"request_type": "assistance", "identifiers": []}
    assert s.handle("Change of ownership of the bank servers on 1 March 2026 let the intruders in.").asking \
        == "requested_authority"  # a long answer starting with "Change" is an answer (here: stored)


def test_russian_answers_and_commands(clauses):
    s = session(clauses, request_type="assistance")
    s.handle("Министерство внутренних дел Республики Казахстан")
    s.handle("Следственный комитет Республики Беларусь")
    assert s.handle("б").fields["exchanging_units"] == "b"
    assert s.handle("пропустить").asking == "reference_date"
    assert check("offence_category", "а", {}, TODAY).value == "a"
    assert check("offence_category", "иное", {}, TODAY).value == "other"
    yes = check("confidential", "да, подозреваемые не должны узнать", {}, TODAY)
    assert yes.value == "yes" and yes.also["confidentiality_reason"] == "Подозреваемые не должны узнать"
    urgent = check("urgent", "да, направили по электронной почте позавчера", {}, TODAY)
    assert urgent.also == {"urgent_channel": "by e-mail", "urgent_sent_on": "2026-02-28"}
    assert "назад" in PHRASES and PHRASES["назад"] == "back"


def test_sent_is_a_command_only_with_a_date(clauses):
    s = session(clauses, request_type="assistance", urgent="yes", urgent_sent_on="planned",
                requesting_authority="MVD of Kazakhstan", requested_authority="IC of Belarus", exchanging_units="a")
    s.handle("change merits")
    turn = s.handle("Sent phishing e-mails to clients on 1 March 2026")
    assert turn.fields["merits"] == "Sent phishing e-mails to clients on 1 March 2026"
    assert turn.fields["urgent_sent_on"] == "planned"
    turn = s.handle("sent yesterday")
    assert turn.fields["urgent_sent_on"] == "2026-03-01" and turn.confirmation_due == "2026-03-04"
