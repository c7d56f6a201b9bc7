"""Practice Exchange search index: embeddings, chunks, FAISS and BM25, a calibrated fusion of meaning, keywords and a thesaurus.

Public API: :func:`indexer.build.build_index`, :func:`indexer.store.open_index`,
:func:`indexer.store.current_version`, :class:`indexer.index.Index` (``search``, ``similar``,
``practice``), :func:`indexer.embed.get_embedder`, :func:`indexer.config.resolve_model`.
"""
