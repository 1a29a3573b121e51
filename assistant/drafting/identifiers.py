"""Identifiers of the data sought, found in the officer's text: IP addresses, accounts, e-mails, phones ...

What it does: ``find_identifiers(text)`` lists each IPv4/IPv6 address (with its port), e-mail address, URL,
domain, phone number, bank account (IBAN), user account (@handle) and crypto-wallet address (Bitcoin,
Ethereum, Tron) in the order written, each with the date/time and time zone given in the same sentence.
IP addresses are checked with the standard ``ipaddress`` module. ``missing_details`` names the IP
addresses a provider could not answer for (no date, time or time zone).
What it leaves to others: asking for the missing details (``machine``), the table in the document
(``document``).
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import asdict, dataclass
from functools import lru_cache

KINDS = ("ip", "email", "url", "domain", "phone", "account", "wallet")
IPV4 = r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?(?![\w.]*\d)"
IPV6 = r"\[[0-9a-fA-F:.]{2,45}\]:\d{1,5}|(?<![\w:])(?:[0-9a-fA-F]{0,4}:){2,7}[0-9a-fA-F]{0,4}(?![\w:])"
PATTERNS = (
    ("url", r"\bhttps?://[^\s<>\"')]+[^\s<>\"').,;]"),
    ("email", r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-zA-Z]{2,}\b"),
    ("ip", IPV4 + "|" + IPV6),
    ("wallet", r"\b(?:bc1[02-9ac-hj-np-z]{25,59}|[13][1-9A-HJ-NP-Za-km-z]{25,34}|0x[0-9a-fA-F]{40}|"
               r"T[1-9A-HJ-NP-Za-km-z]{33})\b"),
    ("account", r"\b[A-Z]{2}\d{2}[A-Z0-9]{11,30}\b|(?<![\w@.])@[A-Za-z][\w.]{3,31}\b"),
    ("phone", r"(?<![\w.:])\+\d[\d ()-]{7,17}\d\b"),
    ("domain", r"\b(?:[a-zA-Z0-9-]{1,63}\.)+(?:com|net|org|info|biz|io|ru|kz|by|uz|kg|tj|am|az|md|ua|ge|"
               r"tm|su|рф|me|cc|co|uk|de|eu|xyz|online|site|top|app|dev)\b"),
)
FINDER = re.compile("|".join(f"(?P<{kind}>{pattern})" for kind, pattern in PATTERNS))
TIME = re.compile(r"\b(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?\b")
DATE = re.compile(r"\b(?:\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|"
                  r"aug|sep|oct|nov|dec|янв|фев|мар|апр|ма[яй]|июн|июл|авг|сен|окт|ноя|дек)\w*\.?(?:\s+\d{4})?)",
                  re.IGNORECASE)
ZONE = re.compile(r"\b(?:UTC|GMT)\s*[+\u2212-]\s*\d{1,2}(?::?\d{2})?\b|\b(?:UTC|GMT|MSK|ALMT|AQTT|TJT|UZT|KGT|"
                  r"AMT|AZT|GET|EET|MSK)\b|(?<=\d)Z\b|(?<=\d)[+\u2212-](?:0\d|1[0-4]):?[0-5]\d\b|"
                  r"\b(?:Astana|Almaty|Moscow|Minsk|Tashkent|Bishkek|Dushanbe|Baku|Yerevan|Kyiv|Chisinau) time\b|"
                  r"по (?:времени )?(?:Астан\w+|Алмат\w+|Москв\w+|Минск\w*|Ташкент\w*|Бишкек\w*|Душанбе)",
                  re.IGNORECASE)
SENTENCE = re.compile(r"(?<=[.;!?])\s+(?=[A-ZА-Я\d])|\n+")


@dataclass(frozen=True)
class Identifier:
    kind: str
    value: str
    time: str | None = None  # the date and time as written, e.g. "10.02.2026 14:32:05"
    timezone: str | None = None

    def as_dict(self) -> dict:
        return asdict(self)

    @property
    def lacks_details(self) -> bool:
        return self.kind == "ip" and not (self.time and TIME.search(self.time) and DATE.search(self.time)
                                          and self.timezone)


def _valid_ip(value: str) -> bool:
    host = value
    if value.startswith("["):
        host = value[1:value.index("]")]
    elif value.count(":") == 1:
        host = value.split(":")[0]
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _when(sentence: str) -> tuple[str | None, str | None]:
    date = DATE.search(sentence)
    time = TIME.search(sentence)
    zone = ZONE.search(sentence)
    when = " ".join(m.group(0) for m in (date, time) if m) or None
    return when, (zone.group(0) if zone else None)


def find_identifiers(*texts: str) -> list[Identifier]:
    """Every identifier in ``texts``, once each (the mention with the most details wins), in order."""
    return list(_find(texts))


@lru_cache(maxsize=256)  # a turn asks about the same texts many times
def _find(texts: tuple[str, ...]) -> tuple[Identifier, ...]:
    found: dict[tuple[str, str], Identifier] = {}
    for text in texts:
        for sentence in SENTENCE.split(text or ""):
            for new in _in_sentence(sentence):
                key = (new.kind, new.value.casefold())
                old = found.get(key)
                if old is None or _detail(new) > _detail(old):
                    found[key] = new
    return tuple(found.values())


def _in_sentence(sentence: str) -> list[Identifier]:
    """The identifiers of one sentence, each with the date, time and zone written after it (up to the next
    identifier of another kind) or, for the first one, before it."""
    matches = []
    for m in FINDER.finditer(sentence):
        value = m.group(0).rstrip(".,;:")
        if m.lastgroup == "ip" and not _valid_ip(value):
            continue
        if m.lastgroup == "domain" and any(value in other.group(0) for other in matches):
            continue
        matches.append(m)
    out = []
    for n, m in enumerate(matches):
        end = next((o.start() for o in matches[n + 1:] if o.lastgroup != m.lastgroup), len(sentence))
        when, zone = _when(sentence[m.end():end])
        if not (when or zone) and n == 0:
            when, zone = _when(sentence[: m.start()])
        out.append(Identifier(m.lastgroup, m.group(0).rstrip(".,;:"), when, zone))
    return out


def _detail(identifier: Identifier) -> int:
    time = identifier.time or ""
    return bool(DATE.search(time)) + bool(TIME.search(time)) + bool(identifier.timezone)


def missing_details(identifiers: list[Identifier]) -> list[str]:
    return [i.value for i in identifiers if i.lacks_details]
