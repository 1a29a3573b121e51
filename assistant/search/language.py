"""Which language a question is in (English, Russian or Kazakh), and its article references in English form.

What it does: ``detect_language(text)`` looks at the script: mostly Latin letters is English ("en"); mostly
Cyrillic is Kazakh ("kk") when one of the letters that Kazakh has and Russian lacks (ә ғ қ ң ө ұ ү һ і) appears,
else Russian ("ru"). A script rule is enough for these three languages and needs no model; a Kazakh question
written without any of its own letters is taken as Russian, which only changes the wording around the quotes.
``english_references(text)`` rewrites Russian and Kazakh article references ("статья 6", "пункт 2 статьи 7",
"ст. 10", "6-бап", "7-баптың 2-тармағы") as "Article 6", "paragraph 2 of Article 7", so that the corpus's
reference finder reads them.
What it leaves to others: searching (``retrieve``) and wording the answer in that language (``answers``).
"""

from __future__ import annotations

import re

LANGUAGES = ("en", "ru", "kk")
KAZAKH_LETTERS = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")

_ARTICLE = r"(?:стать[яиеюй]|ст\.)"
_PARAGRAPH = r"(?:пункт[аеу]?|п\.|част[ьи])"
_RU_PARA_OF = re.compile(rf"\b{_PARAGRAPH}\s*(\d+)\s+{_ARTICLE}\s*(\d+)", re.IGNORECASE)
_RU_ARTICLE = re.compile(rf"(?<!\w){_ARTICLE}\s*(\d+)", re.IGNORECASE)
_RU_ARTICLE_AFTER = re.compile(rf"\b(\d+)\s+{_ARTICLE}", re.IGNORECASE)
_KK_PARA_OF = re.compile(r"(\d+)\s*-?\s*бап\w*\s+(\d+)\s*-?\s*тармағ\w*", re.IGNORECASE)
_KK_ARTICLE = re.compile(r"(\d+)\s*-?\s*бап\w*", re.IGNORECASE)


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
    found += [f"paragraph {p} of Article {a}" for a, p in _KK_PARA_OF.findall(text)]
    if not found:
        found = [f"Article {a}" for a in _RU_ARTICLE.findall(text) + _RU_ARTICLE_AFTER.findall(text)
                 + _KK_ARTICLE.findall(text)]
    return "; ".join(dict.fromkeys(found))
