"""Guided drafting of a request under Article 6 of the Agreement, one question at a time.

Modules: ``fields`` (what a request needs, clause by clause or "good practice"), ``intents`` (reading
commands, labelled blocks and answers), ``validate`` with ``dates`` (dates as officers write them),
``identifiers`` (IP addresses, accounts, wallets ... in the text) and ``signatory`` (Article 6(4)),
``draft`` (the Draft: answers, their history, warnings, status), ``machine`` (the conversation: one table of
commands, help and handlers) with ``flow`` (storing, undo, what to ask next), ``views`` (replies),
``document`` with ``phrases`` (the request and the confirmation letter in Russian and English), ``export``
(Markdown, JSON) with ``docx_render`` and ``pdf_render``, ``storage`` (SQLite), ``api`` (the functions the
CLI and the web app call). Nothing here imports torch, chromadb or gradio; python-docx and fpdf2 only when
a DOCX or PDF is written.
"""
