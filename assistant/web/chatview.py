"""The Ask conversation as HTML and as plain text: questions, answers, their citations and follow-ups.

What it does: ``conversation_html(turns, corpus, lang)`` renders every turn: the question as typed, the
answer (Markdown rendered by markdown-it-py with raw HTML disabled, so neither a user nor the corpus can
inject markup), one button per citation that opens the provision beside the chat, a "copy citation" button
per source, a "copy answer" button (plain text, citations as "Article 10(1) - ..." lines) and two or three
suggested follow-ups (related provisions, asked in the question's language); citation labels are in the interface's language ("статья 10(1)"). The terminal hints of the CLI's answers are left out.
``conversation_markdown`` is the same conversation for an export. The browser code that wires these buttons
lives in ``CONVERSATION_JS``. What it leaves to others: answering (``answers``), events (``web.ask``).
"""

from __future__ import annotations

import html
import re

from markdown_it import MarkdownIt

from assistant.answers.wording import label as local_label
from assistant.answers.wording import worded_in
from assistant.corpus.parse import Corpus
from assistant.text import shorten
from assistant.web.i18n import t
from assistant.web.views import without_cli_hints

_MARKDOWN = MarkdownIt("commonmark", {"html": False}).disable("image")
FOLLOW_UPS = 3
CITATION_QUOTE_CHARS = 160

# Runs once in the browser (gr.HTML js_on_load): citations, follow-ups and copy buttons, and the scroll to
# the start of the newest turn (its question and headline in view) whenever the conversation changes.
CONVERSATION_JS = """
element.addEventListener('click', async (event) => {
  const button = event.target.closest('button');
  if (!button || !element.contains(button)) return;
  if (button.dataset.unit) {
    trigger('select', {unit: button.dataset.unit, quote: button.dataset.quote || ''});
  } else if (button.dataset.ask) {
    trigger('submit', {question: button.dataset.ask});
  } else if (button.dataset.copy !== undefined) {
    try { await navigator.clipboard.writeText(button.dataset.copy); } catch (e) {
      const area = document.createElement('textarea'); area.value = button.dataset.copy;
      document.body.appendChild(area); area.select(); document.execCommand('copy'); area.remove();
    }
    const status = button.parentElement.querySelector('.copy-status');
    if (status) { status.textContent = button.dataset.done; setTimeout(() => status.textContent = '', 2000); }
  }
});
watch('value', () => {
  const turns = element.querySelectorAll('.turn');
  if (turns.length) turns[turns.length - 1].scrollIntoView({block: 'start'});
});
"""


def web_markdown(answer_markdown: str) -> str:
    """An answer's Markdown without the CLI's command hints (the JSON keeps them)."""
    return without_cli_hints(answer_markdown)


def answer_html(answer_markdown: str) -> str:
    return _MARKDOWN.render(web_markdown(answer_markdown))


def citation_name(corpus: Corpus, citation, lang: str = "en") -> str:
    """"Article 10(1) - Title" ("статья 10(1) - Title" in Russian): the label in the interface's language,
    and the unit's title (the English text's own) unless the label already says it."""
    unit = corpus.get(citation.id)
    title = f" - {unit.title}" if unit is not None and unit.title not in citation.label else ""
    return local_label(citation.label, lang) + title


def citation_line(corpus: Corpus, citation, lang: str = "en") -> str:
    """"Article 10(1) - Title: “quoted words”": one citation as one line of plain text."""
    quote = shorten(citation.quote, CITATION_QUOTE_CHARS) if citation.quote else ""
    return citation_name(corpus, citation, lang) + (f": “{quote}”" if quote else "")


def answer_plaintext(answer, corpus: Corpus, lang: str = "en") -> str:
    """The answer for the clipboard: no Markdown marks; then its citations, one per line."""
    text = web_markdown(answer.answer)
    text = re.sub(r"^\s*>\s?", "", text, flags=re.MULTILINE)
    text = re.sub(r"\*\*|__|`", "", text)
    text = re.sub(r"(?<!\w)\*(?!\s)|(?<!\s)\*(?!\w)", "", text)
    if not answer.found:
        text = f"{t('not_covered', lang)}\n\n{text}"
    lines = [citation_line(corpus, c, lang) for c in answer.citations] if answer.found else []
    title = t("citations", lang).split(" (")[0]
    return text.strip() + (f"\n\n{title}:\n" + "\n".join(lines) if lines else "")


def citations_title(answer, lang: str) -> str:
    if not answer.found:
        return t("citations_none", lang)
    return t("citations_low", lang) if answer.confidence == "low" else t("citations", lang)


def follow_ups(answer, lang: str) -> list[str]:
    """Up to three questions about the related provisions an answer cites (not the one it quotes), in the
    language the question was asked in (Russian for Russian and Kazakh), whatever the page's language: a
    suggestion is answered in the language it is written in."""
    if not answer.found:
        return []
    asked = worded_in(getattr(answer, "language", ""), lang)
    labels = list(dict.fromkeys(c.label for c in answer.citations[1:]))
    return [t("follow_question", asked, label=local_label(label, asked)) for label in labels[:FOLLOW_UPS]]


def _attr(value: str) -> str:
    return html.escape(value or "", quote=True)


def _sources_html(answer, corpus: Corpus, index: int, lang: str) -> str:
    rows = []
    for citation in answer.citations:
        rows.append(
            f'<li><button type="button" class="cite" data-unit="{_attr(citation.id)}" '
            f'data-quote="{_attr(citation.quote)}">{html.escape(citation_name(corpus, citation, lang))}</button> '
            f'<button type="button" class="copy-cite" data-copy="{_attr(citation_line(corpus, citation, lang))}" '
            f'data-done="{_attr(t("copied", lang))}" aria-label="{_attr(t("copy_citation", lang))}: '
            f'{_attr(local_label(citation.label, lang))}">{html.escape(t("copy_citation", lang))}</button>'
            '<span class="copy-status" role="status"></span></li>')
    if not rows:
        return ""
    heading = html.escape(citations_title(answer, lang))
    return (f'<nav class="sources" aria-labelledby="sources-{index}"><h3 id="sources-{index}">{heading}</h3>'
            f'<ul>{"".join(rows)}</ul></nav>')


def _follow_ups_html(answer, lang: str) -> str:
    questions = follow_ups(answer, lang)
    if not questions:
        return ""
    buttons = "".join(f'<button type="button" class="follow" data-ask="{_attr(q)}">{html.escape(q)}</button>'
                      for q in questions)
    return f'<div class="follow-ups"><span>{html.escape(t("followups", lang))}</span> {buttons}</div>'


def turn_html(index: int, question: str, answer, corpus: Corpus, lang: str) -> str:
    """One question and its answer; ``answer`` None shows the "searching" line instead."""
    asked = (f'<div class="question"><span class="who">{html.escape(t("you", lang))}:</span> '
             f'{html.escape(question)}</div>')
    if answer is None:
        return (f'<article class="turn pending" aria-busy="true">{asked}'
                f'<p class="searching" role="status">{html.escape(t("searching", lang))}</p></article>')
    badge = "" if answer.found else f'<p class="badge">{html.escape(t("not_covered", lang))}</p>'
    tools = (f'<div class="answer-tools"><button type="button" class="copy-answer" '
             f'data-copy="{_attr(answer_plaintext(answer, corpus, lang))}" data-done="{_attr(t("copied", lang))}">'
             f'{html.escape(t("copy", lang))}</button><span class="copy-status" role="status"></span></div>')
    return (f'<article class="turn" aria-label="{_attr(t("you", lang))}: {_attr(shorten(question, 80))}">'
            f'{asked}<div class="answer">{badge}{answer_html(answer.answer)}</div>'
            f'{_sources_html(answer, corpus, index, lang)}{_follow_ups_html(answer, lang)}{tools}</article>')


def conversation_html(turns, corpus: Corpus, lang: str = "en", pending: str | None = None) -> str:
    """Every turn (objects with ``question`` and ``answer``), and a pending question if one is asked."""
    parts = [turn_html(i, turn.question, turn.answer, corpus, lang) for i, turn in enumerate(turns)]
    if pending is not None:
        parts.append(turn_html(len(parts), pending, None, corpus, lang))
    if not parts:
        parts = [f'<p class="empty">{html.escape(t("empty_conversation", lang))}</p>']
    return (f'<div class="conversation" role="log" aria-label="{_attr(t("conversation", lang))}" tabindex="0">'
            f'{"".join(parts)}</div>')


def conversation_markdown(title: str, turns, corpus: Corpus, lang: str = "en") -> str:
    """A conversation for an export: each question, the answer and its citations as Markdown."""
    parts = [f"# {title or t('conversation', lang)}"]
    for turn in turns:
        parts.append(f"## {turn.question}")
        answer = turn.answer
        if not answer.found:
            parts.append(f"**{t('not_covered', lang)}**")
        parts.append(web_markdown(answer.answer))
        if answer.found and answer.citations:
            heading = t("citations", lang).split(" (")[0]
            parts.append(f"**{heading}:**\n\n" + "\n".join(f"- {citation_line(corpus, c, lang)}"
                                                           for c in answer.citations))
    return "\n\n".join(parts) + "\n"
