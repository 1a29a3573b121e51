"""Search: the index over the corpus's units and the retriever that ranks them for a question.

Modules: ``index`` (what gets indexed, the embedding model, the index fingerprint, build or reuse),
``vectors`` (where the vectors live: embedded Chroma or a Chroma server), ``retrieve`` (direct references,
then the ranked lists fused). Answering from the hits is ``assistant.answers``'s job.
"""
