"""The gradio web app: a thin shell over the answers, drafting and learn packages.

Modules: ``app`` (serve: environment, background loading, launch and the API), ``tabs`` (the four tabs'
layout and events), ``views`` (pure functions from domain objects to escaped Markdown/HTML).
"""
