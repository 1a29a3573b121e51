"""Evaluation behind ``assistant eval``: retrieval systems side by side and answer quality per question set.

Modules: ``framework`` (questions, systems, metrics, tables), ``systems`` (this pipeline and its
baselines, the report and chart), ``answers`` (answer quality: first citation, decisive words, verbatim).
"""
