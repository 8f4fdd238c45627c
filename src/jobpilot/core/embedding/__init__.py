"""Text embedders behind one interface; ``create_embedder(name)`` picks one by setting."""

from jobpilot.core.embedding.base import Embedder, create_embedder

__all__ = ["Embedder", "create_embedder"]
