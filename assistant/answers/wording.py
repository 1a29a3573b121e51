"""The answer's own words in the question's language: English, Russian, or Kazakh (Russian fixed phrases).

What it does: ``worded_in(language)`` says which language an answer is worded in ("ru" for Kazakh questions);
``phrases(language)`` gives the fixed phrases an extractive answer is built from (the lead-in,
*In short*, *Not certain*, *not covered*, *Related*, ...); ``label(text, language)`` writes a provision's label
in that language ("Article 6(3)(g)" -> "статья 6(3)(g)"). The quotes themselves stay English: the corpus holds
only the English translation, and a Russian or Kazakh answer says once that the Agreement's only authentic
text is Russian (its final part: "in one original copy in Russian"). Kazakh questions get the Russian fixed
phrases (Russian is the Agreement's own language and widely read; no Kazakh wording was written that a
native speaker had checked), with the labels in Kazakh order kept Russian too.
What it leaves to others: choosing what to quote (``extractive``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Phrases:
    empty: str
    missing_article: str  # {count}, {missing}
    nothing: str
    not_certain: str
    not_certain_named: str  # the same for a provision the question named
    not_certain_elsewhere: str  # the same when every search list puts another provision first: {named}, {other}
    in_short: str
    under: str  # {label}, {title}
    related: str
    full_text: str  # {label}
    not_covered: str
    nearest: str
    translation: str  # "" for English
    cited: str = "Cited"  # terminal markers before the list of citation labels
    closest: str = "Closest (not certain: check)"
    nearest_short: str = "Nearest (not answering)"

    def hedge(self, named: bool, named_label: str = "", other: str = "") -> str:
        """*Not certain* for a "low" answer: the wording for a provision the question named (``named_label``;
        ``other``: the provision every search list put first instead, shown first among the related ones), or
        the general one."""
        if named and other:
            return self.not_certain_elsewhere.format(named=named_label, other=other)
        return self.not_certain_named if named else self.not_certain


ENGLISH = Phrases(
    empty="Please type a question about the Agreement, for example: "
          "*Can we share information we received with a third country?*",
    missing_article="The Agreement has {count} articles; there is no Article {missing}. "
                    "Type `Article 1` to `Article {count}`, or ask in your own words.",
    nothing="I could not find anything in the Agreement for that question.",
    not_certain="**Not certain:** the search did not settle on one provision. The closest is quoted first; "
                "check it and the related provisions below. If none answers your question, the Agreement "
                "probably does not address it.",
    not_certain_named="**Not certain:** this is the provision you named, but it may not settle your question: "
                      "check its text below. If it does not answer it, the Agreement probably does not address "
                      "the point.",
    not_certain_elsewhere="**Not certain:** you named {named}, but the search finds another provision closer to "
                          "your question: {other}, first among the related ones below. Check both.",
    in_short="**In short:**",
    under="**Under {label}** ({title}):",
    related="**Related:**",
    full_text="*Full text: `assistant show \"{label}\"`.*",
    not_covered="**The Agreement does not address this question.**",
    nearest="Nearest provisions (they do **not** answer the question):",
    translation="",
)

RUSSIAN = Phrases(
    empty="Задайте вопрос о Соглашении, например: *Можно ли передать полученную информацию третьей стороне?*",
    missing_article="В Соглашении {count} статей; статьи {missing} в нём нет. "
                    "Укажите статью от 1 до {count} или задайте вопрос своими словами.",
    nothing="В Соглашении не найдено ничего по этому вопросу.",
    not_certain="**Нет уверенности:** поиск не указал однозначно на одно положение. Первым приведено "
                "ближайшее; проверьте его и связанные положения ниже. Если ни одно не отвечает на ваш вопрос, "
                "Соглашение, вероятно, его не регулирует.",
    not_certain_named="**Нет уверенности:** это положение, которое вы назвали, но оно может не решать ваш вопрос: "
                      "проверьте его текст ниже. Если ответа в нём нет, Соглашение, вероятно, этот вопрос не "
                      "регулирует.",
    not_certain_elsewhere="**Нет уверенности:** вы назвали положение «{named}», но ближе к вашему вопросу поиск "
                          "находит другое — «{other}», оно первое среди связанных положений ниже. Проверьте оба.",
    in_short="**Кратко** (словами английского перевода):",
    under="**Согласно {label}** ({title}):",
    related="**Связанные положения:**",
    full_text="*Полный текст: `assistant show \"{label}\"`.*",
    not_covered="**Соглашение не регулирует этот вопрос.**",
    nearest="Ближайшие положения (они **не** отвечают на вопрос):",
    translation="*Цитаты приведены по английскому переводу Соглашения; единственный аутентичный текст "
                "Соглашения — на русском языке (заключительные положения: «в одном подлинном экземпляре на "
                "русском языке»).*",
    cited="Цитируются",
    closest="Ближайшие (нет уверенности: проверьте)",
    nearest_short="Ближайшие (не отвечают на вопрос)",
)

_WORDED_IN = {"en": "en", "ru": "ru", "kk": "ru"}  # Kazakh questions get the Russian fixed phrases
_PHRASES = {"en": ENGLISH, "ru": RUSSIAN}

# Label words: (English pattern, Russian nominative for a list line, dative after "Согласно").
_LABELS = [
    (re.compile(r"^Article (\d+)"), "статья \\1", "статье \\1"),
    (re.compile(r"^Preamble"), "преамбула", "преамбуле"),
    (re.compile(r"^Final provisions"), "заключительные положения", "заключительным положениям"),
    (re.compile(r"^Ratification Law No\. (\S+)"), "Закон о ратификации № \\1", "Закону о ратификации № \\1"),
]
_INDENT = re.compile(r", indent (\d+)")


def phrases(language: str) -> Phrases:
    return _PHRASES[worded_in(language)]


def worded_in(language: str, default: str = "en") -> str:
    """The language an answer to a question in ``language`` is worded in: "en" or "ru" (also for Kazakh)."""
    return _WORDED_IN.get(language, default)


def label(text: str, language: str, after_under: bool = False) -> str:
    """A unit's label in the answer's language; English labels are returned as they are."""
    if language == "en":
        return text
    for pattern, nominative, dative in _LABELS:
        if pattern.search(text):
            text = pattern.sub(dative if after_under else nominative, text)
            break
    return _INDENT.sub(r", абзац \1", text)
