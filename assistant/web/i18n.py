"""The web app's fixed texts in English and Russian, and the switch that relabels every component.

What it does: ``TEXT`` holds each label, hint, button and fixed message of the four tabs in both languages;
``t(key, lang, **values)`` picks one; ``Labels`` remembers which component shows which text (its label,
placeholder or value) and produces the updates that relabel them all when the language changes.
What it leaves to others: the answers' own language (``answers``), the drafting conversation's wording
(``drafting``), layout and events (``web.app``, ``web.tabs``).
"""

from __future__ import annotations

LANGUAGES = {"en": "English", "ru": "Русский"}

TEXT: dict[str, tuple[str, str]] = {
    # page
    "title": ("CIS Agreement on combating IT crimes (Dushanbe, 2018)",
              "Соглашение СНГ о борьбе с преступлениями в сфере ИТ (Душанбе, 2018)"),
    "subtitle": ("Answers quote the Agreement and cite the exact clause. Nothing you type leaves this machine.",
                 "Ответы цитируют Соглашение и указывают точный пункт. Ничто из введённого не покидает этот "
                 "компьютер."),
    "language": ("Language", "Язык"),
    "tab_ask": ("Ask", "Вопрос"),
    "tab_draft": ("Draft a request", "Запрос"),
    "tab_agreement": ("Agreement", "Соглашение"),
    "tab_learn": ("Learn", "Обучение"),
    # ask
    "question": ("Your question", "Ваш вопрос"),
    "question_hint": ("e.g. Who must sign the request?", "например: Кто подписывает запрос?"),
    "ask": ("Ask", "Спросить"),
    "try": ("Try:", "Примеры:"),
    "example1": ("Can we share information we received with a third country?",
                 "Можно ли передать полученную информацию третьей стране?"),
    "example2": ("Who must sign the request?", "Кто должен подписать запрос?"),
    "example3": ("How fast must an oral request be confirmed?", "Как быстро нужно подтвердить устный запрос?"),
    "example4": ("Can the requested Party refuse to execute a request?",
                 "Может ли запрашиваемая Сторона отказать в исполнении запроса?"),
    "conversation": ("Conversation", "Беседа"),
    "empty_conversation": ("Ask a question about the Agreement: the answer quotes it and cites the clause.",
                           "Задайте вопрос о Соглашении: ответ процитирует его и укажет пункт."),
    "you": ("You", "Вы"),
    "searching": ("Searching the Agreement...", "Поиск в Соглашении..."),
    "copy": ("Copy answer", "Копировать ответ"),
    "copied": ("Copied", "Скопировано"),
    "copy_citation": ("Copy citation", "Копировать ссылку"),
    "citations": ("Citations (click one to read the provision)", "Ссылки (нажмите, чтобы прочитать положение)"),
    "citations_low": ("Closest provisions - not certain: check that they answer",
                      "Ближайшие положения - не точно: проверьте, отвечают ли они"),
    "citations_none": ("Nearest provisions - they do NOT answer the question",
                       "Ближайшие положения - они НЕ отвечают на вопрос"),
    "not_covered": ("NOT COVERED BY THE AGREEMENT", "СОГЛАШЕНИЕ ЭТОГО НЕ РЕГУЛИРУЕТ"),
    "followups": ("Ask next:", "Спросить дальше:"),
    "follow_question": ("What does {label} say?", "Что говорит {label}?"),
    "source": ("Provision", "Положение"),
    "source_empty": ("Select a citation to see the provision.", "Выберите ссылку, чтобы увидеть положение."),
    "open_in_agreement": ("Open in the Agreement tab", "Открыть во вкладке «Соглашение»"),
    "history": ("Past conversations", "Прошлые беседы"),
    "history_pick": ("Reopen a conversation", "Открыть беседу"),
    "new_conversation": ("New conversation", "Новая беседа"),
    "rename_to": ("New name for this conversation", "Новое название беседы"),
    "rename": ("Rename", "Переименовать"),
    "delete_conversation": ("Delete conversation", "Удалить беседу"),
    "export_md": ("Export Markdown", "Экспорт Markdown"),
    "export_docx": ("Export DOCX", "Экспорт DOCX"),
    # draft
    "draft_chat": ("Drafting a request under Article 6", "Составление запроса по статье 6"),
    "draft_input": ("Your answer (or: back, skip, change <element>, review, why, cancel)",
                    "Ваш ответ (или: back, skip, change <элемент>, review, why, cancel)"),
    "send": ("Send", "Отправить"),
    "new_draft": ("Start a new draft", "Новый запрос"),
    "review": ("Review the draft", "Проверить запрос"),
    "preview": ("Preview of the document", "Просмотр документа"),
    "no_preview": ("The document appears here when every element is given.",
                   "Документ появится здесь, когда будут даны все элементы."),
    "saved_drafts": ("Saved drafts", "Сохранённые запросы"),
    "resume_pick": ("Resume a saved draft", "Продолжить сохранённый запрос"),
    "resume": ("Resume", "Продолжить"),
    "delete": ("Delete", "Удалить"),
    "choose_draft": ("Choose a saved draft first.", "Сначала выберите сохранённый запрос."),
    "draft_gone": ("That draft no longer exists; a new one was started.",
                   "Этого запроса больше нет; начат новый."),
    "download": ("Download {name}", "Скачать {name}"),
    "follow_up": ("Follow-up request (disclosure)", "Последующий запрос (о предоставлении)"),
    "doc_language": ("Document language", "Язык документа"),
    "download_letter": ("Download confirmation letter (DOCX)", "Скачать письмо-подтверждение (DOCX)"),
    "due_in": ("Written confirmation due {date} ({days})", "Письменное подтверждение до {date} ({days})"),
    "day_left": ("1 day left", "остался 1 день"),
    "days_left": ("{n} days left", "осталось дней: {n}"),
    "due_today": ("due today", "срок сегодня"),
    "overdue": ("{n} days overdue", "просрочено на {n} дн."),
    "changed": ("{field}: {new} (was {old})", "{field}: {new} (было {old})"),
    "complete": ("Complete - ready to download, sign and stamp.",
                 "Готово - можно скачать, подписать и поставить печать."),
    "incomplete": ("Not complete yet - the assistant keeps asking.",
                   "Ещё не готово - помощник продолжает спрашивать."),
    "cancelled": ("Cancelled - say 'undo' to take it back.", "Отменён - напишите 'undo', чтобы вернуть."),
    "n_warnings": ("{n} warning(s) to check", "замечаний к проверке: {n}"),
    "missing": ("missing", "нет"),
    "done": ("done", "есть"),
    "optional": ("optional, not given", "необязательно, не дано"),
    "warning": ("warning", "замечание"),
    # agreement
    "search": ("Search the text", "Поиск по тексту"),
    "search_hint": ("e.g. consent, 30 days, Article 6(3)", "например: consent, 30 days, Article 6(3)"),
    "contents": ("Contents", "Содержание"),
    "no_match": ("No provision contains “{text}”.", "Ни одно положение не содержит «{text}»."),
    # learn
    "learn_intro": ("Test yourself on the Agreement. Questions are made from the text; every answer is "
                    "explained with the provision it comes from. The next quiz favours what you missed.",
                    "Проверьте себя по Соглашению. Вопросы составлены по тексту; каждый ответ объясняется "
                    "положением, из которого он взят. Следующий тест чаще спрашивает то, в чём были ошибки."),
    "questions": ("Questions", "Вопросов"),
    "only_articles": ("Only these articles (optional)", "Только эти статьи (необязательно)"),
    "only_hint": ("e.g. 6, 8, 9", "например: 6, 8, 9"),
    "start_quiz": ("Start a quiz", "Начать тест"),
    "your_answer": ("Your answer", "Ваш ответ"),
    "check": ("Check", "Проверить"),
    "next": ("Next question", "Следующий вопрос"),
    "question_n": ("Question {n} of {total}", "Вопрос {n} из {total}"),
    "score": ("Score: {score} / {total}", "Результат: {score} / {total}"),
    "right": ("Right.", "Верно."),
    "wrong": ("Not quite: the answer is {letter}.", "Неверно: правильный ответ {letter}."),
    "quiz_over": ("Start a new quiz when you are ready.", "Начните новый тест, когда будете готовы."),
    "no_progress": ("No progress saved yet.", "Прогресса пока нет."),
    "progress": ("Progress: {right} right, {wrong} wrong. Articles to revise: {weak}.",
                 "Прогресс: верно {right}, неверно {wrong}. Повторить статьи: {weak}."),
    "none": ("none", "нет"),
}


def t(key: str, lang: str = "en", **values) -> str:
    """The text ``key`` in ``lang`` ("en" or "ru"; anything else reads as English), ``values`` filled in."""
    english, russian = TEXT[key]
    text = russian if lang == "ru" else english
    return text.format(**values) if values else text


def language(value) -> str:
    """A stored or chosen language (a code or its name) as a code; English unless it is clearly Russian."""
    return "ru" if value in ("ru", LANGUAGES["ru"]) else "en"


class Labels:
    """Which component shows which text: ``add(component, label="question")`` and, on a language change,
    ``updates(lang)`` gives one ``gr.update`` per component (for ``components()``, in the same order)."""

    def __init__(self):
        self._items: list[tuple[object, dict[str, str]]] = []

    def add(self, component, **props: str):
        self._items.append((component, props))
        return component

    def components(self) -> list:
        return [component for component, _ in self._items]

    def updates(self, lang: str) -> list:
        import gradio as gr

        return [gr.update(**{prop: t(key, lang) for prop, key in props.items()}) for _, props in self._items]
