"""The gradio web app: a thin shell over the answers, drafting and learn packages.

Modules: ``app`` (serve: environment, background loading, launch, language switch, restoring on load),
``ask``, ``draft`` and ``tabs`` (the tabs' layout and events: Ask; Draft a request; Agreement and Learn),
``api`` (the typed JSON endpoints), ``accounts`` (the login check, the request's user, the admins' audit
tab), ``chatview`` and ``views`` (pure functions from domain objects to
escaped HTML/Markdown), ``export`` (a conversation as Markdown or DOCX), ``i18n`` (English and Russian
texts), ``style.css`` (the look).
"""
