"""The taxonomy commands as a script would use them."""

from __future__ import annotations

import io
import json
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from jobpilot.taxonomy import batch
from jobpilot.taxonomy.commands import STREAM_CHUNK, _stream_lines
from jobpilot.taxonomy.index import TaxonomyIndex
from tests.support.cli import run
from tests.taxonomy.conftest import ESCO_CLASSIFICATION, ESCO_RELATIONS, ONET_DIR


@pytest.fixture(scope="module")
def instance() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="jpx-", dir="/tmp"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def lines(output: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def test_extract_streams_json_lines_and_reports_bad_lines(instance):
    given = "\n".join(
        [
            json.dumps({"id": 1, "text": "Must have Python; Kubernetes is a plus"}),
            "not json",
            json.dumps({"id": "x", "text": "Forklift operation and HACCP"}),
            json.dumps({"text": 5}),
            "",
        ]
    )
    result = run(instance, "skills", "extract", check=False, stdin=given)
    assert result.returncode == 1
    out = lines(result.stdout)
    assert [o["id"] for o in out] == [1, "x"]
    python = next(s for s in out[0]["skills"] if s["label"] == "Python")
    assert python["required"] is True
    assert python["spans"] == [[10, 16]]
    assert set(python) == {"id", "label", "score", "source", "spans", "required"}
    assert "line 2" in result.stderr
    assert "line 4" in result.stderr


def test_titles_and_rank(instance):
    titles = run(
        instance,
        "titles",
        "normalize",
        "--top",
        "2",
        stdin=json.dumps({"id": 7, "text": "Senior RN"}),
    )
    [out] = lines(titles.stdout)
    assert out["seniority"] == "senior"
    assert out["occupations"][0]["label"] == "Registered Nurse"
    assert len(out["occupations"]) <= 2
    ranked = run(
        instance, "skills", "rank", "--top", "3", stdin=json.dumps({"text": "We run Kubernetes"})
    )
    [out] = lines(ranked.stdout)
    assert out["skills"][0]["label"] == "Kubernetes"
    bad = run(instance, "skills", "rank", "--taxonomy", "wiki", check=False, stdin="")
    assert bad.returncode == 2


def test_import_esco_then_rank_returns_esco_uris(instance):
    imported = json.loads(
        run(
            instance,
            "taxonomy",
            "import-esco",
            str(ESCO_CLASSIFICATION),
            "--relations",
            str(ESCO_RELATIONS),
            "--json",
        ).stdout
    )
    assert imported["concepts"] > 17_000
    again = json.loads(
        run(
            instance,
            "taxonomy",
            "import-esco",
            str(ESCO_CLASSIFICATION),
            "--relations",
            str(ESCO_RELATIONS),
            "--json",
        ).stdout
    )
    assert again["concepts_changed"] == 0
    ranked = run(
        instance,
        "skills",
        "rank",
        "--taxonomy",
        "esco",
        "--top",
        "5",
        stdin=json.dumps({"id": 1, "text": "Write Python code and query PostgreSQL databases"}),
    )
    [out] = lines(ranked.stdout)
    assert out["skills"]
    assert all(s["id"].startswith("http://data.europa.eu/esco/skill/") for s in out["skills"])
    stats = json.loads(run(instance, "taxonomy", "stats", "--json").stdout)
    assert stats["sources"]["esco"]["skills"] == 13_896
    assert stats["sources"]["builtin"]["skills"] >= 3000


def test_bad_import_files_exit_1_and_write_nothing(instance, tmp_path):
    before = json.loads(run(instance, "taxonomy", "stats", "--json").stdout)["sources"]
    bogus = tmp_path / "esco.zip"
    bogus.write_text("not a zip")
    result = run(instance, "taxonomy", "import-esco", str(bogus), check=False)
    assert result.returncode == 1
    assert "not a readable zip" in result.stderr
    assert "nothing was imported" in result.stderr
    empty = run(instance, "taxonomy", "import-onet", str(tmp_path), check=False)
    assert empty.returncode == 1
    assert "Occupation Data.txt" in empty.stderr
    assert json.loads(run(instance, "taxonomy", "stats", "--json").stdout)["sources"] == before
    assert ONET_DIR.is_dir()


def test_titles_answered_a_chunk_at_a_time_keep_their_order_and_ids(
    builtin_index: TaxonomyIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    titles = ["Senior RN", "Barista", "Forklift Driver, Nights", "Payroll Specialist"]
    given = [json.dumps({"id": n, "text": titles[n % 4]}) for n in range(2 * STREAM_CHUNK + 3)]
    given.insert(STREAM_CHUNK + 1, "{broken")
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(given) + "\n"))
    out, err = io.StringIO(), io.StringIO()
    monkeypatch.setattr("sys.stdout", out)
    monkeypatch.setattr("sys.stderr", err)
    errors = _stream_lines(
        builtin_index, lambda index, items: batch.normalise(index, items, "builtin", 1)
    )
    answers = lines(out.getvalue())
    assert errors == 1
    assert f"line {STREAM_CHUNK + 2}:" in err.getvalue()
    assert [a["id"] for a in answers] == list(range(2 * STREAM_CHUNK + 3))
    assert [a["title"] for a in answers] == [titles[n % 4] for n in range(2 * STREAM_CHUNK + 3)]
    assert answers[0]["occupations"][0]["label"] == "Registered Nurse"
    assert answers[1]["occupations"][0]["label"] == "Barista"
