"""Whole drafting conversations in process (``drafting.api.respond``, real SQLite), one per kind of request.

Each problem found by trying the drafting mode as a new officer has a test here or in
``test_drafting_machine.py``: answers filed under the wrong element, lost reasons, the warning that did not
stop "complete", dates read wrongly, the urgent request's channel and plan, Article 6(4), the case block,
identifiers, preservation and its follow-up, Russian documents, drafts that cannot be told apart.
"""

from __future__ import annotations

import json

import pytest

from assistant.drafting import api
from tests.drafting_scenarios import ANSWERS, ASSISTANCE, MERITS, PRESERVATION, PURPOSE, fill, settings_for

NEW_KEYS = ("reference_number", "reference_date", "case_number", "investigating_body", "offence_provision",
            "offence_category", "contact_officer", "exchanging_units", "identifiers")


@pytest.fixture()
def settings(tmp_path):
    return settings_for(tmp_path)


def say(settings, draft_id, *messages) -> list[dict]:
    return [api.respond(settings, m, draft_id) for m in messages]


def md(settings, draft_id, lang="en", document="request") -> str:
    text = api.export(settings, draft_id, "md", document, lang).decode()
    return text.replace("\\", "")


# 1 ------------------------------------------------------------------------------------------ ordinary
def test_ordinary_request(settings):
    turns = fill(settings, ANSWERS)
    last = turns[-1]
    assert last["complete"] and last["status"] == "complete" and last["warnings"] == []
    asked = {t["asking"] for t in turns}
    assert {"reference_number", "case_number", "investigating_body", "offence_provision", "offence_category",
            "contact_officer", "exchanging_units"} <= asked
    fields = last["fields"]
    assert set(NEW_KEYS) - {"reference_date"} <= set(fields) and fields["reference_date"] == "2026-11-29"
    assert fields["deadline"] == "2026-12-29"  # "in a month" on 29 November
    assert fields["confidential"] == "yes"
    assert fields["confidentiality_reason"] == "The suspects must not learn of the investigation"
    assert {"kind": "ip", "value": "203.0.113.5:443", "time": "10.11.2026 14:32:05", "timezone": "UTC+5"} in \
        fields["identifiers"]
    assert last["name"] == ("Case 261500031000123: Ministry of Internal Affairs of the R... -> Investigative "
                            "Committee of the Republ...")
    text = md(settings, last["draft_id"])
    for phrase in ("Ref. No. 12/3456 of 29 November 2026", "Criminal case No.: 261500031000123",
                   "Article 205(2) of the Criminal Code", "(a) unauthorised access", MERITS, PURPOSE, ASSISTANCE,
                   "| IP address | 203.0.113.5:443 | 10.11.2026 14:32:05 | UTC+5 |", "29 December 2026",
                   "Major A. Petrov", "Reason: The suspects must not learn of the investigation",
                   "Copy of the decision to open the criminal case, 2 sheet(s)", "L.S.",
                   "_______________  A. B. Ivanov"):
        assert phrase in text, phrase
    for instruction in ("to be signed by hand", "place for the stamp", "None. The documents", "confirmation due"):
        assert instruction not in text
    listing = api.list_drafts(settings)
    assert [(d["name"], d["request_type"], d["status"]) for d in listing] == [
        (last["name"], "assistance", "complete")]


# 2 ------------------------------------------------------------------------------------- urgent by e-mail
def test_urgent_request_sent_by_email(settings):
    turns = fill(settings, ANSWERS, stop_at="urgent")
    draft_id = turns[0]["draft_id"]
    turn = say(settings, draft_id, "yes, we emailed it yesterday evening")[0]
    assert turn["fields"]["urgent_channel"] == "by e-mail" and turn["fields"]["urgent_sent_on"] == "2026-11-28"
    assert turn["confirmation_due"] == "2026-12-01" and turn["countdown"] == "due in 2 days"
    assert "second paragraph" in turn["reply"] and "bilateral agreement" in turn["reply"]
    assert turn["asking"] == "urgency_reason"
    turns = fill(settings, {**ANSWERS, "urgency_reason": "The provider deletes logs after 30 days.",
                            "urgent_channel_detail": "to cyber@ic.example.by, 28.11.2026 19:05, message 77/2"},
                 draft_id=draft_id)
    last = turns[-1]
    assert last["complete"] and last["fields"]["urgency_reason"] == "The provider deletes logs after 30 days."
    assert "due in 2 days" in say(settings, draft_id, "status")[0]["reply"]
    request = md(settings, draft_id)
    assert "transmitted as an urgent request by e-mail on 28 November 2026" in request
    assert "Reason for urgency: The provider deletes logs" in request
    assert "1 December 2026" not in request  # the due date is for the officer, not for the partner
    letter = md(settings, draft_id, document="letter")
    assert "by e-mail (to cyber@ic.example.by, 28.11.2026 19:05, message 77/2)" in letter
    assert "Complaint of Alpha Bank, 3 sheet(s)" in letter and "The request in writing" in letter
    assert api.export(settings, draft_id, "pdf", "letter").startswith(b"%PDF")


# 3 ----------------------------------------------------------------------------- urgent planned, then sent
def test_urgent_request_planned_then_sent(settings):
    turns = fill(settings, ANSWERS, stop_at="urgent")
    draft_id = turns[0]["draft_id"]
    turn = say(settings, draft_id, "yes, the provider deletes the logs on Friday")[0]
    assert turn["fields"]["urgency_reason"] == "The provider deletes the logs on Friday"
    assert turn["asking"] == "urgent_sent_on" and "planned" in turn["reply"]
    turn = say(settings, draft_id, "not yet")[0]
    assert turn["fields"]["urgent_sent_on"] == "planned" and turn["confirmation_due"] is None
    turn = say(settings, draft_id, "by phone")[0]
    assert turn["fields"]["urgent_channel"] == "by telephone" and "second paragraph" not in turn["reply"]
    fill(settings, ANSWERS, draft_id=draft_id)
    assert "planned, not sent" in say(settings, draft_id, "status")[0]["reply"]
    assert "The request is urgent" not in md(settings, draft_id) and "This request is urgent" in md(settings, draft_id)
    with pytest.raises(Exception, match="say 'sent'"):
        api.export(settings, draft_id, "md", "letter")
    turn = say(settings, draft_id, "sent")[0]
    assert turn["fields"]["urgent_sent_on"] == "2026-11-29" and turn["confirmation_due"] == "2026-12-02"
    assert "due in 3 days" in say(settings, draft_id, "status")[0]["reply"]
    assert "by telephone on 29 November 2026" in md(settings, draft_id, document="letter").replace("On 29", "on 29") \
        or "On 29 November 2026" in md(settings, draft_id, document="letter")


# 4 -------------------------------------------------------------------------- preservation, then follow-up
def test_preservation_then_its_follow_up(settings):
    turns = fill(settings, PRESERVATION)
    last = turns[-1]
    assert last["complete"] and last["fields"]["preservation_period"] == "90 days"
    assert "preservation_period" in {t["asking"] for t in turns}
    text = md(settings, last["draft_id"])
    assert "URGENT PRESERVATION OF DATA" in text and "Period of preservation: 90 days" in text
    assert "do not notify the user" in text and "request for the disclosure of the preserved data will follow" in text
    assert "executed immediately" in text
    follow = api.follow_up(settings, last["draft_id"])
    assert follow["fields"]["request_type"] == "assistance"
    for key in ("requesting_authority", "requested_authority", "case_number", "merits", "signatory_name",
                "signatory_position", "exchanging_units", "contact_officer"):
        assert follow["fields"][key] == last["fields"][key], key
    assert follow["asking"] == "reference_number"  # the new letter gets its own number
    draft = api.load(settings, follow["draft_id"])
    assert draft.follows == {"id": last["draft_id"], "reference_number": "12/3456", "reference_date": "2026-11-29"}
    fill(settings, ANSWERS, draft_id=follow["draft_id"])
    text = md(settings, follow["draft_id"])
    assert "Further to our request for urgent preservation of data No. 12/3456 of 29 November 2026" in text
    ru = md(settings, follow["draft_id"], lang="ru")
    assert "В дополнение к нашему запросу об обеспечении сохранности данных № 12/3456 от 29 ноября 2026 г." in ru
    with pytest.raises(Exception, match="not a request for preservation"):
        api.follow_up(settings, follow["draft_id"])


# 5 ---------------------------------------------------------------------- junior signatory, then correction
def test_junior_signatory_then_the_correction(settings):
    draft_id = fill(settings, ANSWERS, stop_at="signatory_position")[0]["draft_id"]
    last = say(settings, draft_id, "Chief Accountant")[0]
    assert last["asking"] == "signatory_position"  # asked again: the next reply corrects it
    assert last["status"] == "complete, 1 warning" and last["complete"] is True
    assert last["warnings"] == [{"element": "signatory_position", "clause": "Article 6(4)(a)",
                                 "message": last["warnings"][0]["message"]}]
    assert "Chief Accountant" in last["warnings"][0]["message"]
    assert "The draft is complete" not in last["reply"]
    assert "NOT READY TO SEND" in md(settings, draft_id) and "НЕ ГОТОВ К НАПРАВЛЕНИЮ" in md(settings, draft_id, "ru")
    assert json.loads(api.export(settings, draft_id, "json"))["warnings"][0]["clause"] == "Article 6(4)(a)"
    assert "complete, 1 warning" in say(settings, draft_id, "status")[0]["reply"]
    fixed = say(settings, draft_id, "A. Seitkali, Deputy Minister of Internal Affairs")[0]
    assert fixed["fields"]["signatory_position"] == "Deputy Minister of Internal Affairs"
    assert fixed["fields"]["signatory_name"] == "A. Seitkali"
    assert fixed["warnings"] == [] and fixed["status"] == "complete" and "NOT READY" not in md(settings, draft_id)


def test_subdivisions_exchanging_need_the_subdivision_head(settings):
    answers = {**ANSWERS, "exchanging_units": "independent specialised subdivisions"}
    draft_id = fill(settings, answers, stop_at="signatory_position")[0]["draft_id"]
    last = say(settings, draft_id, "Deputy Minister of Internal Affairs")[0]
    assert last["fields"]["exchanging_units"] == "b"
    assert last["warnings"][0]["clause"] == "Article 6(4)(b)"
    fixed = say(settings, draft_id, "Head of the Cybercrime Department")[0]
    assert fixed["warnings"] == [] and fixed["status"] == "complete"


# 6 ------------------------------------------------------------------ labelled answers aimed elsewhere
def test_labelled_answers_aimed_at_other_elements_are_confirmed(settings):
    turns = fill(settings, ANSWERS, stop_at="purpose")
    draft_id = turns[0]["draft_id"]
    authority = turns[-1]["fields"]["requesting_authority"]
    turn = say(settings, draft_id, "Urgent: the provider deletes logs in 3 days, so the data must be secured.")[0]
    assert "Put this in Purpose, or in Urgent?" in turn["reply"] and "purpose" not in turn["fields"]
    turn = say(settings, draft_id, "1")[0]
    assert turn["fields"]["purpose"] == "Urgent: the provider deletes logs in 3 days, so the data must be secured."
    turn = say(settings, draft_id, "Sender: the Tajik MIA asks for the subscriber data of the account.")[0]
    assert turn["fields"]["requesting_authority"] == authority and "Put this in Assistance" in turn["reply"]
    turn = say(settings, draft_id, "assistance")[0]  # the exact name of an offered element
    assert turn["fields"]["assistance"].startswith("Sender: the Tajik MIA asks")
    assert turn["fields"]["requesting_authority"] == authority
    turn = say(settings, draft_id, "Position: the server is located in Tashkent.")[0]
    assert "Put this in Identifiers" in turn["reply"] or "Put this in Deadline" in turn["reply"]
    turn = say(settings, draft_id, "status")[0]  # not a choice: the text is kept, never filed
    assert "signatory_position" not in turn["fields"]
    draft = api.load(settings, draft_id)
    assert draft.unused[-1]["text"] == "Position: the server is located in Tashkent."
    block = "Other information: The bank's own logs are attached.\nAttachments: Bank logs (4 sheets)"
    turn = say(settings, draft_id, block)[0]  # exact element names: filed directly
    assert turn["fields"]["other_info"] == "The bank's own logs are attached."
    assert turn["fields"]["attachments"] == "Bank logs (4 sheets)"


# 7 ------------------------------------------------------------------------------------- Russian document
def test_russian_document(settings):
    answers = {**ANSWERS, "merits": "10 ноября 2026 г. неустановленные лица получили неправомерный доступ к "
                                    "серверам АО «Альфа Банк» в г. Алматы.",
               "signatory_position": "Заместитель министра внутренних дел", "deadline": "в течение 10 дней"}
    last = fill(settings, answers)[-1]
    assert last["fields"]["deadline"] == "2026-12-09" and last["warnings"] == []
    ru = md(settings, last["draft_id"], lang="ru")
    for phrase in ("ЗАПРОС О ПРЕДОСТАВЛЕНИИ СОДЕЙСТВИЯ", "КОНФИДЕНЦИАЛЬНО", "Исх. № 12/3456 от 29 ноября 2026 г.",
                   "Соглашения о сотрудничестве государств – участников Содружества Независимых Государств",
                   "(подп. «б» п. 3 ст. 6)", "9 декабря 2026 г.", "Уголовное дело №: 261500031000123",
                   "на 2 л.", "М.П.", answers["merits"], "Заместитель министра внутренних дел"):
        assert phrase in ru, phrase
    assert "Article" not in ru.replace("Article 205(2)", "")  # every fixed phrase is Russian
    en = md(settings, last["draft_id"], lang="en")
    assert "REQUEST FOR ASSISTANCE" in en and answers["merits"] in en  # the officer's text stays as typed
    assert api.export(settings, last["draft_id"], "md").decode().startswith("> **КОНФИДЕНЦИАЛЬНО")  # ru default
    with pytest.raises(Exception, match="unknown language"):
        api.export(settings, last["draft_id"], "md", lang="kk")


# 8 ------------------------------------------------------------------------- undo after a wrong overwrite
def test_undo_after_a_wrong_overwrite(settings):
    long_description = ("Provide " + "the subscriber data, the connection logs and the payment records " * 5)[:300]
    turns = fill(settings, {**ANSWERS, "assistance": long_description}, stop_at="deadline")
    draft_id = turns[0]["draft_id"]
    turn = say(settings, draft_id, "back")[0]
    assert turn["asking"] in ("assistance", "identifiers")
    while turn["asking"] != "assistance":
        turn = say(settings, draft_id, "back")[0]
    assert "Current answer" in turn["reply"] and "'undo' restores it" in turn["reply"]
    wrong = "The deadline is one month from today, please hurry."
    turn = say(settings, draft_id, wrong)[0]  # meant for the deadline: confirmed before it replaces 300 chars
    assert "Replace the current Assistance (300 characters" in turn["reply"]
    assert turn["fields"]["assistance"] == long_description
    turn = say(settings, draft_id, "yes")[0]  # the officer confirms by mistake
    assert turn["fields"]["assistance"] == wrong
    turn = say(settings, draft_id, "undo")[0]
    assert turn["fields"]["assistance"] == long_description and "Undone" in turn["reply"]
    history = say(settings, draft_id, "history assistance")[0]["reply"]
    assert long_description[:60] in history and "Now:" in history
    assert api.load(settings, draft_id).unused[-1] == {"element": "assistance", "text": wrong, "reason": "undone"}
    say(settings, draft_id, "change assistance")
    turn = say(settings, draft_id, "in a month, please", "no")[-1]  # refused: the description stays
    assert turn["fields"]["assistance"] == long_description and "Kept the assistance requested" in turn["reply"]
    assert api.load(settings, draft_id).unused[-1]["text"] == "in a month, please"


# single problems ----------------------------------------------------------------------------------------
def test_a_draft_with_no_answer_is_not_kept(settings):
    turn = api.respond(settings, "help")
    assert turn["draft_id"] is None and api.list_drafts(settings) == []
    turn = api.respond(settings, "assistance")
    assert [d["draft_id"] for d in api.list_drafts(settings)] == [turn["draft_id"]]


def test_unusable_answers_are_shown_back_in_full_and_kept(settings):
    draft_id = api.respond(settings, "assistance")["draft_id"]
    turn = say(settings, draft_id, "assistance")[0]  # once accepted as the requesting authority
    assert "requesting_authority" not in turn["fields"] and "You wrote (kept, nothing is lost): assistance" in \
        turn["reply"]
    fill(settings, ANSWERS, draft_id=draft_id, stop_at="deadline")
    text = "whenever the partner finds the time to look at it " * 3
    turn = say(settings, draft_id, text.strip())[0]
    assert text.strip() in turn["reply"] and "could not read that as a date" in turn["reply"]
    assert api.load(settings, draft_id).unused[-1]["text"] == text.strip()


def test_ip_address_without_time_is_warned_and_can_be_completed(settings):
    answers = {**ANSWERS, "assistance": "Provide the subscriber data of IP address 198.51.100.7 and of "
                                        "[2001:db8::5]:8443."}
    turns = fill(settings, answers, stop_at="identifiers")
    assert turns[-1]["asking"] == "identifiers"
    assert turns[-1]["warnings"][0]["element"] == "identifiers" and "198.51.100.7" in turns[-1]["warnings"][0][
        "message"]
    turn = say(settings, turns[0]["draft_id"], "198.51.100.7 10.11.2026 14:32 UTC+5\n"
                                               "[2001:db8::5]:8443 10.11.2026 15:01:10 UTC+5")[0]
    assert turn["warnings"] == []
    assert {i["value"]: i["time"] for i in turn["fields"]["identifiers"]} == {
        "198.51.100.7": "10.11.2026 14:32", "[2001:db8::5]:8443": "10.11.2026 15:01:10"}


def test_skipped_ip_details_keep_the_warning_and_never_claim_complete(settings):
    answers = {**ANSWERS, "assistance": "Provide the subscriber data of IP address 198.51.100.7 please."}
    last = fill(settings, answers)[-1]
    assert last["complete"] and last["status"] == "complete, 1 warning"
    assert "Every element Article 6 requires is there, but 1 warning(s) stand" in last["reply"]
