"""Shared drafting scenarios: answers by element, and a driver that answers whatever the machine asks.

Used by the drafting tests and by ``eval/draft_turns.py`` (the turn-time benchmark) and ``docs/`` renders.
"""

from __future__ import annotations

from datetime import date

from assistant.drafting import api

TODAY = date(2026, 11, 29)
MERITS = ("On 10 November 2026 unknown persons gained unauthorized access to the servers of Alpha Bank in "
          "Almaty and transferred 12 million tenge to accounts abroad.")
PURPOSE = "To identify the persons who used the IP address and bring them to criminal liability."
ASSISTANCE = ("Provide the subscriber data and connection logs of IP address 203.0.113.5:443 used on "
              "10.11.2026 at 14:32:05 UTC+5, and of the e-mail account fraud@mail.example.ru.")
ANSWERS = {
    "request_type": "assistance",
    "requesting_authority": "from the Ministry of Internal Affairs of the Republic of Kazakhstan to the "
                            "Investigative Committee of the Republic of Belarus",
    "exchanging_units": "a",
    "reference_number": "12/3456 of 29.11.2026",
    "case_number": "261500031000123",
    "investigating_body": "Investigation Department of the Almaty City Police",
    "offence_provision": "Article 205(2) of the Criminal Code of the Republic of Kazakhstan",
    "offence_category": "a",
    "merits": MERITS, "purpose": PURPOSE, "assistance": ASSISTANCE,
    "deadline": "in a month",
    "other_info": "The IP address belongs to the range of the provider BelNet.",
    "attachments": "Copy of the decision to open the criminal case (2 sheets); Complaint of Alpha Bank (3 sheets)",
    "urgent": "no",
    "confidential": "yes, the suspects must not learn of the investigation",
    "contact_officer": "Major A. Petrov, +7 701 000 00 00, petrov@mvd.example.kz",
    "signatory_name": "A. B. Ivanov",
    "signatory_position": "Deputy Minister of Internal Affairs",
}
PRESERVATION = {
    **ANSWERS, "request_type": "preservation",
    "assistance": "Preserve the access logs of mail.example.ru for 1-15 November 2026, held by Example Hosting "
                  "LLC in Minsk.",
    "purpose": "To secure the logs before the provider deletes them; the retention period is only 30 days.",
    "preservation_period": "90 days",
    "deadline": "immediately",
}


def settings_for(tmp_path):
    from assistant.settings import PROJECT_ROOT, Settings

    return Settings(data_dir=tmp_path / "data", corpus_dir=PROJECT_ROOT / "corpus", today=TODAY)


def fill(settings, answers: dict, draft_id: str | None = None, stop_at: str | None = None,
         limit: int = 60) -> list[dict]:
    """Answer each question from ``answers`` (``skip`` when it has none) until the draft stops asking or
    ``stop_at`` is asked. Returns every turn."""
    turns = [api.respond(settings, answers["request_type"], draft_id)] if draft_id is None else []
    draft_id = draft_id or turns[0]["draft_id"]
    asking = turns[-1]["asking"] if turns else api.load(settings, draft_id).asking
    while asking and asking != stop_at and len(turns) < limit:
        turns.append(api.respond(settings, answers.get(asking, "skip"), draft_id))
        asking = turns[-1]["asking"]
    return turns


COMPLETE_MERITS = "On 10 February 2026 unknown persons gained unauthorized access to the servers of Alpha Bank in Almaty."
# A complete request typed message by message, every optional question skipped (for scripts that cannot
# follow ``asking``: the browser and API tests, the load test). Completes from any "today" before 2027.
COMPLETE_CONVERSATION = [
    "assistance",
    "from the Ministry of Internal Affairs of Kazakhstan to the Investigative Committee of Belarus",
    "a",
    "skip", "skip", "skip", "skip", "skip", "skip",  # reference number and date, the case block
    COMPLETE_MERITS,
    "To identify the persons who used IP address 203.0.113.5 and bring them to criminal liability.",
    "Provide the subscriber data of IP address 203.0.113.5 used on 10.02.2026 at 14:32 UTC+5.",
    "20 March 2027",
    "skip", "skip",  # other information, attachments
    "no",
    "yes",
    "skip",  # contact officer
    "A. B. Ivanov",
    "Deputy Minister of Internal Affairs",
]
COMPLETE_FIELDS = {  # the ``fields`` of the last turn of COMPLETE_CONVERSATION
    "request_type": "assistance",
    "requesting_authority": "Ministry of Internal Affairs of Kazakhstan",
    "requested_authority": "Investigative Committee of Belarus",
    "exchanging_units": "a",
    "merits": COMPLETE_MERITS,
    "purpose": COMPLETE_CONVERSATION[10],
    "assistance": COMPLETE_CONVERSATION[11],
    "deadline": "2027-03-20",
    "urgent": "no",
    "confidential": "yes",
    "signatory_name": "A. B. Ivanov",
    "signatory_position": "Deputy Minister of Internal Affairs",
    "identifiers": [{"kind": "ip", "value": "203.0.113.5", "time": "10.02.2026 14:32", "timezone": "UTC+5"}],
}
