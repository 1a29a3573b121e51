"""Turn the ways people write a citation into unit ids.

What it does: ``resolve("Art. 6(3)(g)")`` -> ``"art-6.3.g"`` for a whole reference typed on its own (the CLI's
``show``), and ``find_references(question)`` for the references written inside a question ("what does
paragraph 2 of Article 7 say?"), so that retrieval can go straight to them; ``bare_reference(question)``:
whether a question asks for the provision it names and nothing beyond it.

Understood forms: ids (``art-6.3.g``), labels (``Article 6(3)(g)``, ``Article 1 ("malicious program")``),
``6(3)(g)``, ``Art. 10``, ``article 6.3.g``, ``Article 6, paragraph 3, item g``, ``paragraph 2 of Article 7``,
``item (g) of Article 6(3)``, numbers as words (``article ten``, ``the tenth article``), ``the preamble``,
``the ratification law``. What it leaves to others: which units exist (``parse``, ``units``); ranking (``search.retrieve``).
"""

from __future__ import annotations

import re

from assistant.corpus.parse import Corpus
from assistant.text import content_stems, stem

_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"]
_ORDINALS = ["zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth", "twentieth"]
NUMBER_WORDS = {w: str(i) for i, w in enumerate(_WORDS)} | {w: str(i) for i, w in enumerate(_ORDINALS)}
_NUM = r"(\d+|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
_ART = r"(?:article|art\.?|arts?\.?)"
_PARA = r"(?:paragraph|para\.?|par\.?|clause|part|point|§)"
_ITEM = r"(?:item|subparagraph|sub-paragraph|letter|sub-item|point)"

# "Article 6(3)(g)", "Art. 6 (3) g)", "article 6.3.g", "Article 6, paragraph 3, item g", "article ten"
_ARTICLE_FIRST = re.compile(
    rf"\b{_ART}\s*{_NUM}"
    rf"(?:\s*(?:\(|\.|,?\s*{_PARA}\s*\(?)\s*(\d+)\)?)?"
    rf"(?:\s*(?:\(|\.|,?\s*{_ITEM}\s*\(?)\s*([a-z])\b\)?)?",
    re.IGNORECASE,
)
# "paragraph 2 of Article 7", "item (g) of paragraph 3 of Article 6", "item g of Article 6(3)"
_ARTICLE_LAST = re.compile(
    rf"\b(?:{_ITEM}\s*\(?([a-z])\)?\s+of\s+)?(?:{_PARA}\s*\(?(\d+)\)?\s+of\s+)?"
    rf"(?:the\s+)?{_ART}\s*{_NUM}(?:\s*\((\d+)\))?",
    re.IGNORECASE,
)
# "the tenth article"
_ORDINAL_ARTICLE = re.compile(r"\bthe\s+(" + "|".join(_ORDINALS) + r")\s+article\b", re.IGNORECASE)
# a bare "6(3)(g)" or "10" typed on its own
_BARE = re.compile(r"^\s*(\d+)(?:\s*[(.]\s*(\d+)\s*\)?)?(?:\s*[(.]?\s*([a-z])\s*\)?)?\s*$", re.IGNORECASE)
_FRAMING = {
    "preamble": re.compile(r"\bpreamble\b", re.IGNORECASE),
    "law": re.compile(r"\bratification\s+law\b|\blaw\s+no\.?\s*277", re.IGNORECASE),
    "final": re.compile(r"\bfinal\s+provisions\b", re.IGNORECASE),
}


def _number(token: str) -> str:
    return NUMBER_WORDS.get(token.lower(), token)


def _most_specific(corpus: Corpus, doc_prefix: str, article: str, para: str | None, item: str | None):
    """The deepest existing unit for article/paragraph/item; items of articles without paragraphs too."""
    base = f"{doc_prefix}art-{_number(article)}"
    candidates = []
    if para and item:
        candidates.append(f"{base}.{para}.{item.lower()}")
    if para:
        candidates.append(f"{base}.{para}")
    if item:
        candidates.append(f"{base}.{item.lower()}")
    candidates.append(base)
    for unit_id in candidates:
        if corpus.get(unit_id):
            return unit_id
    return None


def resolve(corpus: Corpus, reference: str) -> str | None:
    """The id of the unit a whole reference names, or None. Exact ids and labels win."""
    ref = reference.strip()
    if not ref:
        return None
    if corpus.get(ref):
        return ref
    if unit := corpus.by_label.get(ref.casefold()):
        return unit.id
    if m := _BARE.match(ref):
        return _exact(corpus, "", *m.groups())
    if m := _ARTICLE_FIRST.fullmatch(ref.rstrip(" .?")):
        return _exact(corpus, "", *m.groups())
    if m := _ARTICLE_LAST.fullmatch(ref.rstrip(" .?")):
        item, para, article, para_after = m.groups()
        return _exact(corpus, "", article, para or para_after, item)
    if m := _ORDINAL_ARTICLE.fullmatch(ref.rstrip(" .?")):
        return _exact(corpus, "", m.group(1), None, None)
    found = [uid for uid, pattern in _FRAMING.items() if pattern.search(ref) and corpus.get(uid)]
    return found[0] if len(found) == 1 else None


def _exact(corpus: Corpus, prefix: str, article: str, para: str | None, item: str | None) -> str | None:
    """Like ``_most_specific`` but only when the unit named exactly exists (for ``show``)."""
    base = f"{prefix}art-{_number(article)}"
    if para and item:
        wanted = f"{base}.{para}.{item.lower()}"
    elif para:
        wanted = f"{base}.{para}"
    elif item:
        wanted = f"{base}.{item.lower()}"
    else:
        wanted = base
    if corpus.get(wanted):
        return wanted
    if para and not item and corpus.get(f"{base}.{para.lower()}"):
        return f"{base}.{para.lower()}"
    return None


def find_references(corpus: Corpus, text: str) -> list[str]:
    """Ids of the units explicitly referred to in ``text``, in order of appearance, without repeats."""
    hits: list[tuple[int, str]] = []
    spans: list[tuple[int, int]] = []  # "paragraph 2 of Article 7" already read: skip its "Article 7"
    for m in _ARTICLE_LAST.finditer(text):
        item, para, article, para_after = m.groups()
        if item or para:  # "Article 6(3)(g)" is read whole by _ARTICLE_FIRST below
            unit_id = _exact(corpus, "", article, para or para_after, item)
            if unit_id:
                hits.append((m.start(), unit_id))
                spans.append(m.span())
    for m in _ARTICLE_FIRST.finditer(text):
        if any(start <= m.start() < end for start, end in spans):
            continue
        unit_id = _exact(corpus, "", *m.groups()) or _most_specific(corpus, "", *m.groups())
        if unit_id:
            hits.append((m.start(), unit_id))
    for m in _ORDINAL_ARTICLE.finditer(text):
        unit_id = _exact(corpus, "", m.group(1), None, None)
        if unit_id:
            hits.append((m.start(), unit_id))
    for unit_id, pattern in _FRAMING.items():
        if (m := pattern.search(text)) and corpus.get(unit_id):
            hits.append((m.start(), unit_id))
    ordered: list[str] = []
    for _, unit_id in sorted(hits):
        if unit_id not in ordered:
            ordered.append(unit_id)
    return ordered


def mentions_missing_article(corpus: Corpus, text: str) -> list[str]:
    """Article numbers written in ``text`` that the corpus does not have ("Article 99")."""
    missing = []
    for m in re.finditer(rf"\b{_ART}\s*{_NUM}\b", text, re.IGNORECASE):
        number = _number(m.group(1))
        if not corpus.get(f"art-{number}") and number not in missing:
            missing.append(number)
    return missing


# The words of asking for a provision itself ("what does Article 7 say?", "explain Art. 11 please").
_READING = frozenset(stem(w) for w in (
    "explain require provide contain mean read show quote text content paragraph item article please summarise "
    "summarize cover state set out what's whats agreement treaty"
).split())


def bare_reference(text: str) -> bool:
    """Whether ``text`` asks for the provisions it names and nothing beyond them ("What does paragraph 2 of
    Article 7 say?", "Explain Art. 11 please"), unlike "Does Article 7 say in which language ...?"."""
    rest = text
    for pattern in (_ARTICLE_LAST, _ARTICLE_FIRST, _ORDINAL_ARTICLE, *_FRAMING.values()):
        rest = pattern.sub(" ", rest)
    return not content_stems(rest) - _READING
