"""Guided drafting of a request under Article 6 of the Agreement, one question at a time.

Modules: ``fields`` (what a request needs, clause by clause), ``validate`` (cleaning and checking answers),
``intents`` (reading commands and multi-field answers), ``draft`` (the Draft dataclass and what is missing),
``machine`` (the conversation state machine, no UI, no storage), ``document``/``export`` (the request and
the urgent confirmation letter as Markdown, DOCX, PDF, JSON), ``storage`` (SQLite), ``api`` (the
functions the CLI and the web app call). Nothing here imports torch, chromadb or gradio.
"""
