"""The corpus: the acts in ``corpus/`` parsed into citable units, and the ways people cite them.

Modules: ``parse`` (plain text -> a tree of units with ids and labels), ``units`` (the unit, document and
corpus types), ``sidecars`` (the ``.toml`` and ``.glosses.toml`` beside each act, read once into its
document), ``references`` ("Art. 6(3)(g)" -> ``art-6.3.g``). The texts themselves ship inside the package
as ``assistant.corpus.data`` (the project's top-level ``corpus/`` folder). Nothing here imports a model,
Chroma or gradio; searching is ``assistant.search``'s job.
"""
