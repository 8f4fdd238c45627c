from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from jobpilot.core.embedding import create_embedder
from jobpilot.core.embedding.base import UnknownEmbedder
from jobpilot.core.embedding.hashing import HashingEmbedder


def test_shape_norm_and_empty_texts():
    embedder = HashingEmbedder()
    vectors = embedder.embed(["Python developer", "", "!!!"])
    assert vectors.shape == (3, 384)
    assert vectors.dtype == np.float32
    assert np.isclose(np.linalg.norm(vectors[0]), 1.0)
    assert not vectors[1].any()
    assert embedder.embed([]).shape == (0, 384)


def test_deterministic_across_processes():
    text = "Senior data visualisation engineer, Tableau and SQL"
    here = HashingEmbedder().embed([text])[0]
    code = (
        "import json; from jobpilot.core.embedding.hashing import HashingEmbedder;"
        f"print(json.dumps(HashingEmbedder().embed([{text!r}])[0].tolist()))"
    )
    other = json.loads(subprocess.check_output([sys.executable, "-c", code], text=True))
    assert np.allclose(here, np.array(other, dtype=np.float32))


def test_similar_skill_and_title_text_is_closer_than_unrelated_text():
    embedder = HashingEmbedder()

    def similarity(a: str, b: str) -> float:
        first, second = embedder.embed([a, b])
        return float(first @ second)

    related = [
        ("data visualisation", "data visualization"),
        ("Postgres", "PostgreSQL"),
        ("software developer", "software development"),
        ("team management", "managing a team"),
        ("registered nurse", "staff nurse"),
    ]
    unrelated = [
        ("data visualisation", "forklift operation"),
        ("Postgres", "phlebotomy"),
        ("software developer", "pastry chef"),
        ("team management", "welding"),
        ("registered nurse", "tax accountant"),
    ]
    for (a, b), (c, d) in zip(related, unrelated, strict=True):
        assert similarity(a, b) > similarity(c, d) + 0.2, (a, b)


def test_factory():
    assert create_embedder("hashing").dimension == 384
    with pytest.raises(UnknownEmbedder):
        create_embedder("word2vec")


@pytest.mark.semantic
def test_minilm_runs_offline_and_knows_synonyms(monkeypatch):
    # No network here: the weights must come from the installed package.
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    embedder = create_embedder("minilm")
    assert embedder.dimension == 384
    physician, doctor, forklift = embedder.embed(["physician", "doctor", "forklift operation"])
    assert float(physician @ doctor) > float(physician @ forklift) + 0.3
    assert np.isclose(np.linalg.norm(physician), 1.0, atol=1e-4)
    assert embedder.embed([]).shape == (0, 384)
