"""Which language a question is in (English, Russian or Kazakh), and its article references in English form.

What it does: ``detect_language(text)`` looks at the script: mostly Latin letters is English ("en"); mostly
Cyrillic is Kazakh ("kk") when one of the letters that Kazakh has and Russian lacks (ә ғ қ ң ө ұ ү һ і) appears,
else Russian ("ru"). A script rule is enough for these three languages and needs no model; a Kazakh question
written without any of its own letters is taken as Russian, which only changes the wording around the quotes.
``english_references(text)`` rewrites Russian and Kazakh article references ("статья 6", "пункт 2 статьи 7",
"ст. 10", "ст. 6 п. 3", "6-бап", "14-бабында", "7-баптың 2-тармағы") as "Article 6", "paragraph 2 of
Article 7", so that the corpus's reference finder reads them. ``bare_reference(text, language)``: whether a question asks for the provision it
names and nothing beyond it, in any of the three languages ("Что говорится в статье 7?", "10-бапты түсіндіріңіз",
"Explain Art. 11"), unlike "Говорится ли в статье 7, на каком языке возвращаются результаты?"; English is read
by ``corpus.references.bare_reference``, Russian and Kazakh here (their words of asking for a text).
What it leaves to others: searching (``retrieve``) and wording the answer in that language (``answers``).
"""

from __future__ import annotations

import re

from assistant.corpus.references import bare_reference as english_bare_reference

LANGUAGES = ("en", "ru", "kk")
KAZAKH_LETTERS = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")

_ARTICLE = r"(?:стать[яиеюй]|ст\.)"
_PARAGRAPH = r"(?:пункт[аеу]?|п\.|част[ьи])"
_RU_PARA_OF = re.compile(rf"\b{_PARAGRAPH}\s*(\d+)\s+{_ARTICLE}\s*(\d+)", re.IGNORECASE)
_RU_ARTICLE_PARA = re.compile(rf"(?<!\w){_ARTICLE}\s*(\d+)\s*,?\s*{_PARAGRAPH}\s*(\d+)", re.IGNORECASE)
_RU_ARTICLE = re.compile(rf"(?<!\w){_ARTICLE}\s*(\d+)", re.IGNORECASE)
_RU_ARTICLE_AFTER = re.compile(rf"\b(\d+)\s+{_ARTICLE}", re.IGNORECASE)
_KK_PARA_OF = re.compile(r"(\d+)\s*-?\s*ба[пб]\w*\s+(\d+)\s*-?\s*тармағ\w*", re.IGNORECASE)
_KK_ARTICLE = re.compile(r"(\d+)\s*-?\s*ба[пб]\w*", re.IGNORECASE)
_CYRILLIC_WORD = re.compile(r"[\u0400-\u04ff]+")
# The words of asking for a provision itself, in Russian and Kazakh: whole short words, and the beginnings of
# longer ones ("говорится", "предусматривает", "поясните"; "айтылған", "түсіндіріңіз", "көздейді").
_READING_WORDS = frozenset((
    "что о об в во на по ли и а же мне нам это этом эта этой этого там чём чем как какие какой какая каково каков такое "
    "согласно соответствии бойынша "
    "пожалуйста можно именно вообще кратко коротко вкратце подробно простыми словами своими данной данном "
    "не нені қандай туралы осы бұл ма ме ба бе па пе мен және маған бізге қысқаша толық"
).split())
_READING_STARTS = (
    "говор", "сказ", "глас", "означа", "предусм", "содерж", "требу", "устан", "регул", "поясн", "объясн",
    "разъясн", "расскаж", "рассказ", "процит", "привед", "покаж", "показ", "текст", "смысл", "сут", "стать",
    "пункт", "подпункт", "част", "абзац", "соглашен", "положен", "норм", "прочит", "перескаж", "излож",
    "посвящ", "касает", "написан", "значит", "формулир",
    "айт", "делін", "дей", "көзде", "белгіле", "түсіндір", "мазмұн", "мәтін", "бап", "баб", "тармақ", "келісім",
    "ереже", "мағына", "көрсет", "талап", "реттей", "қарастыр", "жазыл", "оқы", "сипатта", "баянда", "ұғым",
    "беріңіз", "білдір",
)


def detect_language(text: str) -> str:
    """ "en", "ru" or "kk" from the letters of ``text`` (see the module docstring)."""
    letters = [ch for ch in text if ch.isalpha()]
    cyrillic = sum("\u0400" <= ch <= "\u04ff" for ch in letters)
    if not letters or cyrillic * 2 < len(letters):
        return "en"
    return "kk" if any(ch in KAZAKH_LETTERS for ch in text) else "ru"


def english_references(text: str) -> str:
    """The article references of a Russian or Kazakh question, written as English references ("" if none)."""
    found = [f"paragraph {p} of Article {a}" for p, a in _RU_PARA_OF.findall(text)]
    found += [f"paragraph {p} of Article {a}" for a, p in _RU_ARTICLE_PARA.findall(text)]
    found += [f"paragraph {p} of Article {a}" for a, p in _KK_PARA_OF.findall(text)]
    if not found:
        found = [f"Article {a}" for a in _RU_ARTICLE.findall(text) + _RU_ARTICLE_AFTER.findall(text)
                 + _KK_ARTICLE.findall(text)]
    return "; ".join(dict.fromkeys(found))


def bare_reference(text: str, language: str) -> bool:
    """Whether ``text`` asks for the provisions it names and nothing beyond them (see the module docstring)."""
    if language == "en":
        return english_bare_reference(text)
    rest = text
    for pattern in (_RU_PARA_OF, _RU_ARTICLE_PARA, _KK_PARA_OF, _RU_ARTICLE, _RU_ARTICLE_AFTER, _KK_ARTICLE):
        rest = pattern.sub(" ", rest)
    for word in _CYRILLIC_WORD.findall(rest.lower()):
        if len(word) > 2 and word not in _READING_WORDS and not word.startswith(_READING_STARTS):
            return False
    return english_bare_reference(_CYRILLIC_WORD.sub(" ", rest))
