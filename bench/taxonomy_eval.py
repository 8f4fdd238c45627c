"""Quality of skill extraction, skill ranking and title normalisation on our annotated sets.

Reads ``bench/data/taxonomy/skill_sentences.jsonl`` and ``job_titles.jsonl`` (written for
jobpilot; gold labels are built-in names and ESCO URIs) and reports, for the built-in taxonomy
and for ESCO, with each embedder:

- extraction: micro precision / recall / F1 of explicitly mentioned skills;
- ranking: RP@5 and MRR of the skills a sentence describes (mentioned or implied);
- titles: MRR and R@5 of the gold occupation;

next to a plain TF-IDF-over-labels baseline computed in the same run. Prints JSON.

    uv run python bench/taxonomy_eval.py --size 400 --embedders hashing,minilm
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import platform
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _instance import bench_instance

from jobpilot.core.embedding import create_embedder
from jobpilot.taxonomy import service
from jobpilot.taxonomy.builtin import occupation_id, skill_id
from jobpilot.taxonomy.index import TaxonomyIndex

DATA = Path(__file__).resolve().parent / "data" / "taxonomy"
EXTRACTION_BASELINE_THRESHOLD = 0.5


def load(name: str, size: int) -> list[dict[str, Any]]:
    rows = [
        json.loads(line)
        for line in (DATA / name).read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    return rows[:size]


class LabelTfidf:
    """The baseline: TF-IDF over each concept's labels (plain lower-cased words), cosine."""

    def __init__(self, index: TaxonomyIndex, kind: str, source: str) -> None:
        self.concepts = [c for c in index.concepts if c.kind == kind and c.source == source]
        docs = [Counter(_words(" ".join([c.label, *c.alt_labels]))) for c in self.concepts]
        df: Counter[str] = Counter()
        for doc in docs:
            df.update(doc.keys())
        n = len(docs)
        self.idf = {t: math.log((1 + n) / (1 + d)) + 1 for t, d in df.items()}
        self.postings: dict[str, list[tuple[int, float]]] = {}
        for row, doc in enumerate(docs):
            weights = {t: c * self.idf[t] for t, c in doc.items()}
            norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
            for t, w in weights.items():
                self.postings.setdefault(t, []).append((row, w / norm))

    def rank(self, text: str, top: int) -> list[tuple[str, float]]:
        query = Counter(_words(text))
        weights = {t: c * self.idf[t] for t, c in query.items() if t in self.idf}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        scores: dict[int, float] = {}
        for t, w in weights.items():
            for row, value in self.postings[t]:
                scores[row] = scores.get(row, 0.0) + value * w / norm
        best = sorted(scores.items(), key=lambda kv: -kv[1])[:top]
        return [(self.concepts[row].id, score) for row, score in best]


def _words(text: str) -> list[str]:
    import re

    return re.findall(r"[a-z0-9+#]+", text.lower())


def prf(pairs: Sequence[tuple[set[str], set[str]]]) -> dict[str, float]:
    tp = sum(len(p & g) for p, g in pairs)
    predicted = sum(len(p) for p, _ in pairs)
    gold = sum(len(g) for _, g in pairs)
    precision = tp / predicted if predicted else 0.0
    recall = tp / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3)}


def ranking_metrics(rankings: Sequence[tuple[list[str], set[str]]], k: int = 5) -> dict[str, float]:
    rp, rr, recall = [], [], []
    for ranked, gold in rankings:
        if not gold:
            continue
        top = ranked[:k]
        rp.append(len(set(top) & gold) / min(k, len(gold)))
        recall.append(len(set(top) & gold) / len(gold))
        rr.append(next((1 / (i + 1) for i, c in enumerate(ranked) if c in gold), 0.0))
    return {
        f"rp@{k}": round(float(np.mean(rp)), 3),
        "mrr": round(float(np.mean(rr)), 3),
        f"r@{k}": round(float(np.mean(recall)), 3),
        "n": len(rr),
    }


def gold_skills(row: dict[str, Any], source: str, which: str) -> set[str]:
    if source == "esco":
        return set(row.get("esco", []))
    names = (
        row.get("explicit", [])
        if which == "explicit"
        else [*row.get("explicit", []), *row.get("implied", [])]
    )
    return {skill_id(n) for n in names}


def gold_titles(row: dict[str, Any], source: str) -> set[str]:
    if source == "esco":
        return set(row.get("esco", []))
    return {occupation_id(t) for t in row.get("builtin", [])}


def evaluate(
    index: TaxonomyIndex, sentences: list[dict[str, Any]], titles: list[dict[str, Any]], source: str
) -> dict[str, Any]:
    extraction = []
    ranking = []
    for row in sentences:
        found = {m.concept.id for m in index.extract_skills(row["text"], source=source)}
        extraction.append((found, gold_skills(row, source, "explicit")))
        ranked = [r.concept.id for r in index.rank_skills(row["text"], source=source, top=20)]
        ranking.append((ranked, gold_skills(row, source, "all")))
    title_ranks = [
        (
            [
                r.concept.id
                for r in index.normalise_title(row["title"], source=source, top=20).occupations
            ],
            gold_titles(row, source),
        )
        for row in titles
    ]
    return {
        "extraction": prf(extraction),
        "ranking": ranking_metrics(ranking),
        "titles": ranking_metrics(title_ranks),
    }


def baseline(
    index: TaxonomyIndex, sentences: list[dict[str, Any]], titles: list[dict[str, Any]], source: str
) -> dict[str, Any]:
    skills = LabelTfidf(index, "skill", source)
    occupations = LabelTfidf(index, "occupation", source)
    extraction, ranking = [], []
    for row in sentences:
        ranked = skills.rank(row["text"], 20)
        extraction.append(
            (
                {c for c, s in ranked if s >= EXTRACTION_BASELINE_THRESHOLD},
                gold_skills(row, source, "explicit"),
            )
        )
        ranking.append(([c for c, _ in ranked], gold_skills(row, source, "all")))
    title_ranks = [
        ([c for c, _ in occupations.rank(row["title"], 20)], gold_titles(row, source))
        for row in titles
    ]
    return {
        "extraction": prf(extraction),
        "ranking": ranking_metrics(ranking),
        "titles": ranking_metrics(title_ranks),
    }


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=10_000, help="examples per set (default: all)")
    parser.add_argument("--embedders", default="hashing", help="comma-separated: hashing,minilm")
    parser.add_argument(
        "--data-dir", type=Path, default=None, help="reuse an instance (keeps stored vectors)"
    )
    args = parser.parse_args()
    sentences = load("skill_sentences.jsonl", args.size)
    titles = load("job_titles.jsonl", args.size)
    result: dict[str, Any] = {
        "benchmark": "taxonomy_eval",
        "sentences": len(sentences),
        "titles": len(titles),
        "machine": {"cpus": __import__("os").cpu_count(), "platform": platform.platform()},
        "results": {},
    }
    async with bench_instance(esco=True, data_dir=args.data_dir) as (runtime, timings):
        result.update(timings)
        for name in args.embedders.split(","):
            embedder = create_embedder(name.strip())
            started = time.perf_counter()
            async with runtime.sessionmaker() as session:
                index = await service.build_index(session, embedder)
            result["results"][name] = {"index_build_s": round(time.perf_counter() - started, 1)}
            for source in ("builtin", "esco"):
                result["results"][name][source] = evaluate(index, sentences, titles, source)
            if "baseline_tfidf_labels" not in result["results"]:
                result["results"]["baseline_tfidf_labels"] = {
                    source: baseline(index, sentences, titles, source)
                    for source in ("builtin", "esco")
                }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    asyncio.run(main())
