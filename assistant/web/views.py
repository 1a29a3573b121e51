"""What the web app shows, as plain strings: answers, cited sources, the Agreement, checklists, quizzes.

What it does: pure functions from domain objects (answers, units, draft turns, quiz questions) to Markdown or
HTML. Everything a user typed, and every text of the corpus, is HTML-escaped here, so that no user text is
ever rendered as HTML. What it leaves to others: gradio and event wiring (``web``), the content itself
(``answer``, ``drafting``, ``learn``). Testable without a browser.
"""

from __future__ import annotations

import html
import re

from assistant.corpus.parse import Corpus, Unit

NOT_COVERED_BADGE = "**NOT COVERED BY THE AGREEMENT**"
CITATIONS_TITLE = "Citations (click one to read the provision)"


def user_text(text: str) -> str:
    """A user's message for display: shown as typed, never interpreted as HTML or Markdown markup."""
    escaped = html.escape(text or "", quote=False)
    return re.sub(r"([\\`*_{}\[\]#+\-!|~>])", r"\\\1", escaped)


def answer_markdown(answer) -> str:
    """The assistant's reply in the chat: the answer, marked clearly when the Agreement is silent."""
    body = (answer.answer or "").replace("<", "&lt;")
    if answer.found:
        return body
    return f"{NOT_COVERED_BADGE}\n\n{body}"


def citations_title(answer) -> str:
    """The label over an answer's citations: what they are, and how far they can be trusted."""
    if not answer.found:
        return "Nearest provisions - they do NOT answer the question"
    if answer.confidence == "low":
        return "Closest provisions - not certain: check that they answer (click one to read it)"
    return CITATIONS_TITLE


def answer_plaintext(answer) -> str:
    """The answer (its quotes already carry their labels) and the list of citations, for the clipboard."""
    labels = ", ".join(c.label for c in answer.citations)
    cited = f"\n\nCitations: {labels}" if answer.found and labels else ""
    return (answer.answer.strip() + cited).strip()


def source_html(corpus: Corpus, unit_id: str, quote: str = "") -> str:
    """The full text of a cited unit, the quoted words highlighted."""
    unit = corpus.get(unit_id)
    if unit is None:
        return "<p>Select a citation to see the provision.</p>"
    text = unit.text
    if quote and quote in text:
        start = text.index(quote)
        body = (html.escape(text[:start]) + "<mark>" + html.escape(quote) + "</mark>"
                + html.escape(text[start + len(quote):]))
    else:
        body = html.escape(text)
    return (f'<div class="source" data-unit="{html.escape(unit.id)}"><h4>{html.escape(unit.label)}'
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
    title = article.label if article.title in article.label else f"{article.label} - {article.title}"
    return f'<section class="article"><h3>{html.escape(title)}</h3>{"".join(rows)}</section>'


def _highlight(text: str, search: str) -> str:
    if not search:
        return html.escape(text)
    parts = re.split(f"({re.escape(search)})", text, flags=re.IGNORECASE)
    return "".join(f"<mark>{html.escape(p)}</mark>" if i % 2 else html.escape(p) for i, p in enumerate(parts))


def agreement_html(corpus: Corpus, search: str = "", focus: str | None = None) -> str:
    """The whole corpus, article by article; with ``search``, only the articles containing it; with
    ``focus`` (a unit id), only that unit's article, the unit highlighted."""
    search = (search or "").strip()[:200]
    articles = corpus.articles()
    if focus and (unit := corpus.get(focus)):
        articles = [[unit, *corpus.ancestors(unit)][-1]]
    elif search:
        needle = search.casefold()
        articles = [a for a in articles if needle in a.text.casefold() or needle in a.title.casefold()]
        if not articles:
            return f"<p>No provision contains “{html.escape(search)}”.</p>"
    return "".join(article_html(corpus, a, focus, search) for a in articles)


def checklist_markdown(draft, turn: dict) -> str:
    """Live checklist of a draft: every element the Agreement requires, by clause (done, missing, warning)."""
    from assistant.drafting.fields import FIELDS, applies

    if draft is None:
        return "No draft yet: answer the first question to start one."
    warnings = turn.get("warnings") or []
    lines = []
    for spec in FIELDS:
        if not applies(spec, draft.fields):
            continue
        if spec.key in draft.fields:
            mark = "done"
        elif spec.required:
            mark = "**MISSING**"
        else:
            mark = "optional, not given"
        if any(spec.cite in w for w in warnings) and spec.key in draft.fields:
            mark = "**WARNING**"
        lines.append(f"- **{spec.cite}** {spec.name}: {mark}")
    lines.append("- **Article 6(3)(g)** reference to the Agreement: done (added by the assistant)")
    if turn.get("confirmation_due"):
        lines.append(f"\n**Written confirmation due (Article 6(2)): {turn['confirmation_due']}**")
    lines.extend(f"\n**Warning:** {user_text(w)}" for w in warnings)
    head = ("**Complete** - ready to download, sign and stamp." if turn.get("complete")
            else "**Not complete yet** - the assistant keeps asking.")
    return "\n".join([head, "", *lines])
