"""What the web app shows, as plain strings: cited sources, the Agreement, draft checklists and dates.

What it does: pure functions from domain objects (units, draft turns) to Markdown or HTML, in English or
Russian: a cited unit with its quote highlighted, the Agreement with its table of contents, a draft's
checklist with the confirmation countdown, field values and dates as a reader writes them, a drafting reply
without its repeated review. Everything a user typed, and every text of the corpus, is HTML-escaped here,
so that no user text is ever rendered as HTML. What it leaves to others: the Ask conversation
(``chatview``), gradio and event wiring (``web``), the content itself (``answers``, ``drafting``).
Testable without a browser.
"""

from __future__ import annotations

import html
import re
from datetime import date

from assistant.answers.wording import label as local_label
from assistant.corpus.parse import Corpus, Unit
from assistant.drafting.dates import fmt_date
from assistant.text import shorten
from assistant.web.i18n import t

_CLI_HINTS = (re.compile(r"^.*`assistant [^`]*`.*$\n?", re.MULTILINE),  # *Full text: `assistant show ...`*
              re.compile(r"\s*\(CLI: [^)]*\)"))  # (CLI: assistant draft --export ...)
_REVIEW = re.compile(r"\n*Draft [0-9a-f]+: .*?To edit an element say[^\n]*\n?", re.DOTALL)


def without_cli_hints(text: str) -> str:
    """Text for a web user: the command-line hints that the CLI's answers and replies carry are left out."""
    for pattern in _CLI_HINTS:
        text = pattern.sub("", text or "")
    return text.strip()


def without_review(reply: str) -> str:
    """A drafting reply without the full review it repeats after a change (the review comes on demand)."""
    return _REVIEW.sub("\n", reply or "").strip()


def user_text(text: str) -> str:
    """A user's message for display: shown as typed, never interpreted as HTML or Markdown markup."""
    escaped = html.escape(text or "", quote=False)
    return re.sub(r"([\\`*_{}\[\]#+\-!|~>])", r"\\\1", escaped)


def source_html(corpus: Corpus, unit_id: str, quote: str = "", lang: str = "en") -> str:
    """The full text of a cited unit, the quoted words highlighted; its label in the interface's language."""
    unit = corpus.get(unit_id)
    if unit is None:
        return f'<p class="source-empty">{html.escape(t("source_empty", lang))}</p>'
    text = unit.text
    if quote and quote in text:
        start = text.index(quote)
        body = (html.escape(text[:start]) + "<mark>" + html.escape(quote) + "</mark>"
                + html.escape(text[start + len(quote):]))
    else:
        body = html.escape(text)
    return (f'<div class="source" role="region" aria-label="{html.escape(t("source", lang))}" '
            f'data-unit="{html.escape(unit.id)}"><h4>{html.escape(local_label(unit.label, lang))}'
            f' - {html.escape(unit.title)}</h4><div class="source-text">{body.replace(chr(10), "<br>")}'
            "</div></div>")


def _line_owners(corpus: Corpus, article: Unit) -> dict[int, Unit]:
    """Offset of each line start -> the deepest unit that starts on that line."""
    owners = {}
    for unit in [article, *corpus.descendants(article)]:
        owners[unit.start] = unit  # descendants come after their parents: the deepest wins
    return owners


def article_html(corpus: Corpus, article: Unit, focus: str | None = None, search: str = "") -> str:
    """One article (or framing part), each line tagged with the label of the unit it starts."""
    owners = _line_owners(corpus, article)
    source = next(d.source for d in corpus.documents if d.id == article.doc)
    rows, offset = [], article.start
    for line in source[article.start:article.end].split("\n"):
        owner = owners.get(offset)
        label = f'<span class="unit-label">{html.escape(owner.label)}</span> ' if owner else ""
        css = "unit focus" if owner is not None and owner.id == focus else "unit"
        anchor = f' id="{html.escape(owner.id)}"' if owner else ""
        rows.append(f'<div class="{css}"{anchor}>{label}{_highlight(line, search)}</div>')
        offset += len(line) + 1
    return f'<section class="article"><h3>{html.escape(_article_title(article))}</h3>{"".join(rows)}</section>'


def _highlight(text: str, search: str) -> str:
    if not search:
        return html.escape(text)
    parts = re.split(f"({re.escape(search)})", text, flags=re.IGNORECASE)
    return "".join(f"<mark>{html.escape(p)}</mark>" if i % 2 else html.escape(p) for i, p in enumerate(parts))


def contents_html(corpus: Corpus, lang: str = "en") -> str:
    """The table of contents: one link per article or framing part (law, preamble, Articles, final part)."""
    links = "".join(f'<li><a href="#{html.escape(a.id)}">{html.escape(_article_title(a))}</a></li>'
                    for a in corpus.articles())
    return (f'<nav class="contents" aria-labelledby="contents-title"><h2 id="contents-title">'
            f'{html.escape(t("contents", lang))}</h2><ol>{links}</ol></nav>')


def _article_title(article: Unit) -> str:
    return article.label if article.title in article.label else f"{article.label} - {article.title}"


def agreement_html(corpus: Corpus, search: str = "", focus: str | None = None, lang: str = "en") -> str:
    """The whole corpus, article by article, after a table of contents; with ``search``, only the articles
    containing it; with ``focus`` (a unit id), only that unit's article, the unit highlighted."""
    search = (search or "").strip()[:200]
    articles = corpus.articles()
    if focus and (unit := corpus.get(focus)):
        articles = [[unit, *corpus.ancestors(unit)][-1]]
    elif search:
        needle = search.casefold()
        articles = [a for a in articles if needle in a.text.casefold() or needle in a.title.casefold()]
        if not articles:
            return f"<p>{html.escape(t('no_match', lang, text=search))}</p>"
    contents = contents_html(corpus, lang) if len(articles) == len(corpus.articles()) else ""
    return contents + "".join(article_html(corpus, a, focus, search) for a in articles)


def long_date(day: date, lang: str = "en") -> str:
    """15 April 2027 / 15 апреля 2027 (the drafting documents' dates, without the "г." of a letter)."""
    return fmt_date(day, "ru" if lang == "ru" else "en").removesuffix(" г.")


def shown_value(value, lang: str = "en") -> str:
    """A field's value for a reader: ISO dates written out, lists (identifiers) by their values, anything else
    as it is (shortened)."""
    if isinstance(value, list):
        return shorten("; ".join(str(v.get("value", v)) if isinstance(v, dict) else str(v) for v in value), 120)
    try:
        return long_date(date.fromisoformat(value), lang)
    except (TypeError, ValueError):
        return shorten(str(value), 120)


def countdown(due: str, today: date, lang: str = "en") -> str:
    """"Written confirmation due 30 November 2026 (12 days left)"."""
    day = date.fromisoformat(due)
    left = (day - today).days
    days = (t("day_left", lang) if left == 1 else t("days_left", lang, n=left) if left > 1 else t("due_today", lang) if left == 0
            else t("overdue", lang, n=-left))
    return t("due_in", lang, date=long_date(day, lang), days=days)


def checklist_markdown(draft, turn: dict, lang: str = "en", today: date | None = None) -> str:
    """Live checklist of a draft: its name and status, then every element the Agreement requires, by
    clause (done, missing, optional, warning), the confirmation countdown and the warnings in full."""
    from assistant.drafting.fields import FIELDS, applies

    if draft is None:
        return t("incomplete", lang)
    warnings = [w if isinstance(w, dict) else {"element": "", "clause": "", "message": str(w)}
                for w in turn.get("warnings") or []]
    warned = {w.get("element") for w in warnings}
    lines = []
    for spec in FIELDS:
        if not applies(spec, draft.fields):
            continue
        if spec.key in warned:
            mark = f"**{t('warning', lang).upper()}**"
        elif spec.key in draft.fields:
            mark = t("done", lang)
        elif spec.required:
            mark = f"**{t('missing', lang).upper()}**"
        else:
            mark = t("optional", lang)
        lines.append(f"- **{spec.cite}** {spec.name}: {mark}")
    lines.append(f"- **Article 6(3)(g)** reference to the Agreement: {t('done', lang)}")
    if turn.get("confirmation_due"):
        lines.insert(0, f"**{countdown(turn['confirmation_due'], today or date.today(), lang)}**\n")
    lines.extend(f"\n**{t('warning', lang).capitalize()}** ({user_text(w.get('clause') or '')}): "
                 f"{user_text(w.get('message') or '')}" for w in warnings)
    status = turn.get("status") or ""
    head = [f"**{t('cancelled' if status == 'cancelled' else 'complete' if turn.get('complete') else 'incomplete', lang)}**"]
    if warnings:
        head[0] += f" {t('n_warnings', lang, n=len(warnings))}"
    if draft.fields.get("requesting_authority") or draft.fields.get("requested_authority"):
        head.insert(0, f"**{user_text(turn.get('name') or draft.name)}**\n")
    return "\n".join([*head, "", *lines])
