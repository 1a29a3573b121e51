"""Answers: from a question to the provision that answers it, quoted and cited, or "not covered".

Modules: ``extractive`` (the default answerer, no LLM), ``scope`` (does the Agreement answer this at all),
``chat`` (follow-ups in a conversation), ``llm`` (optional checked LLM wording), ``build`` (from
``Settings`` to a ready answerer, shared by the CLI and the web app). Retrieval is ``assistant.search``'s.
"""
