"""``jobpilot ingest``, ``jobs``, ``feeds`` and ``demo`` run as a user runs them: real processes
sharing one data dir. Every start of the executable costs seconds, so each command runs once
and its tests share the result."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from jobpilot.demo import DEMO_JOB_COUNT, DEMO_JOB_SEED
from jobpilot.jobs.corpus import generate_postings
from tests.support.cli import run

Completed = subprocess.CompletedProcess[str]

HARBOUR_POSTINGS = (
    {
        "id": "cli-1",
        "title": "Harbour Crane Operator",
        "company": "Tidewater Ports",
        "location": "Rotterdam, Netherlands",
        "employment_type": "full_time",
        "salary_min": 42000,
        "salary_max": 52000,
        "salary_currency": "EUR",
        "salary_interval": "year",
        "description": "Operate ship-to-shore cranes on the night shift.",
    },
    {
        "id": "cli-2",
        "title": "Beekeeper",
        "company": "Meadow Honey",
        "location": "Lyon, France",
        "description": "Look after forty hives.",
    },
    {
        "id": "cli-4",
        "title": "Glassblower",
        "company": "Murano Studio",
        "location": "Venice, Italy",
        "description": "Shape vases and lamps.",
    },
)
# Line 3 of the file: the closing brace is missing.
BROKEN_LINE = '{"id": "cli-3", "title": "Broken Row"'

CREW_CSV = (
    "id,title,company,location\n"
    'csv-1,Mooring Hand,Tidewater Ports,"Rotterdam, Netherlands"\n'
    'csv-2,Ferry Deckhand,Island Lines,"Oban, UK"\n'
)
# Had this file imported, its row would turn up in a search for "tidewater".
NO_TITLE_CSV = 'id,name,company,location\nnt-1,Dock Inspector,Tidewater Ports,"Rotterdam, NL"\n'

ORCHARD_POSTINGS = (
    {"id": "feed-1", "title": "Orchard Picker", "company": "Appleby Farms", "location": "Hereford"},
    {"id": "feed-2", "title": "Cider Maker", "company": "Appleby Farms", "location": "Hereford"},
)


@dataclass(frozen=True, slots=True)
class InputFiles:
    harbour_jsonl: Path
    crew_csv: Path
    no_title_csv: Path
    orchard_jsonl: Path


@dataclass(frozen=True, slots=True)
class FileImports:
    first: Completed
    again: Completed
    crew: Completed
    no_title: Completed


def json_lines(records: tuple[dict[str, Any], ...]) -> str:
    return "".join(json.dumps(record) + "\n" for record in records)


def output(result: Completed, exit_code: int = 0) -> Any:
    """The JSON document a command printed, once it exited as expected."""
    assert result.returncode == exit_code, (
        f"exit {result.returncode}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    )
    return json.loads(result.stdout)


def said(stream: str) -> str:
    # The terminal wraps long messages at 80 columns; compare the words, not the layout.
    return " ".join(stream.split())


def demo_positions() -> set[str]:
    """The distinct positions behind the demo catalogue: each generated record names its own."""
    positions: set[str] = set()
    for record in generate_postings(
        DEMO_JOB_COUNT, seed=DEMO_JOB_SEED, reference_date=date.today()
    ):
        facts = record["facts"]
        assert isinstance(facts, dict)
        positions.add(str(facts["demo_position"]))
    return positions


@pytest.fixture(scope="module")
def data_dir() -> Iterator[Path]:
    # Short path: PostgreSQL's unix socket path must stay under ~100 characters.
    path = Path(tempfile.mkdtemp(prefix="jpj-", dir="/tmp"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="module")
def input_files(tmp_path_factory: pytest.TempPathFactory) -> InputFiles:
    folder = tmp_path_factory.mktemp("cli-files")
    files = InputFiles(
        harbour_jsonl=folder / "harbour.jsonl",
        crew_csv=folder / "crew.txt",
        no_title_csv=folder / "no_title.csv",
        orchard_jsonl=folder / "orchard.jsonl",
    )
    good = json_lines(HARBOUR_POSTINGS).splitlines(keepends=True)
    files.harbour_jsonl.write_text("".join([*good[:2], BROKEN_LINE + "\n", *good[2:]]))
    files.crew_csv.write_text(CREW_CSV)
    files.no_title_csv.write_text(NO_TITLE_CSV)
    files.orchard_jsonl.write_text(json_lines(ORCHARD_POSTINGS))
    return files


@pytest.fixture(scope="module")
def file_imports(data_dir: Path, input_files: InputFiles) -> FileImports:
    harbour = str(input_files.harbour_jsonl)
    return FileImports(
        first=run(data_dir, "ingest", "file", harbour, "--json", check=False),
        again=run(data_dir, "ingest", "file", harbour, "--json", check=False),
        crew=run(
            data_dir,
            "ingest",
            "file",
            str(input_files.crew_csv),
            "--format",
            "csv",
            "--json",
            check=False,
        ),
        no_title=run(data_dir, "ingest", "file", str(input_files.no_title_csv), check=False),
    )


@pytest.fixture(scope="module")
def tidewater_jobs(data_dir: Path, file_imports: FileImports) -> list[dict[str, Any]]:
    """Open jobs matching "tidewater", searched after every file import has run."""
    rows: list[dict[str, Any]] = output(
        run(data_dir, "jobs", "list", "-q", "tidewater", "--json", check=False)
    )
    return rows


def test_a_file_with_a_broken_line_imports_the_rest_and_exits_1(file_imports):
    summary = output(file_imports.first, exit_code=1)
    assert summary["fetched"] == len(HARBOUR_POSTINGS)
    assert summary["new"] == len(HARBOUR_POSTINGS)
    assert summary["failed"] == 1
    assert len(summary["errors"]) == 1
    assert summary["errors"][0]["where"] == "line 3"
    assert summary["errors"][0]["message"].startswith("invalid JSON")
    uuid.UUID(summary["run_id"])


def test_importing_the_same_file_again_changes_nothing(file_imports):
    summary = output(file_imports.again, exit_code=1)
    assert summary["new"] == 0
    assert summary["updated"] == 0
    assert summary["unchanged"] == len(HARBOUR_POSTINGS)
    assert summary["failed"] == 1
    assert summary["errors"][0]["where"] == "line 3"


def test_a_csv_import_with_an_explicit_format_exits_0(file_imports):
    summary = output(file_imports.crew)
    assert (summary["fetched"], summary["new"], summary["failed"]) == (2, 2, 0)
    assert summary["errors"] == []


def test_a_csv_without_a_title_column_is_refused_with_a_message(file_imports, tidewater_jobs):
    refused = file_imports.no_title
    assert refused.returncode != 0
    assert "Traceback" not in refused.stderr
    message = said(refused.stderr)
    assert message.startswith("error:")
    assert "no 'title' column" in message
    assert "id, name, company, location" in message
    assert "Dock Inspector" not in json.dumps(tidewater_jobs)


def test_jobs_list_finds_the_jobs_a_query_names(tidewater_jobs):
    assert sorted(job["title"] for job in tidewater_jobs) == [
        "Harbour Crane Operator",
        "Mooring Hand",
    ]
    assert {job["company"] for job in tidewater_jobs} == {"Tidewater Ports"}
    assert {job["status"] for job in tidewater_jobs} == {"open"}


def test_jobs_show_gives_parsed_fields_and_sources(data_dir, tidewater_jobs):
    crane = next(job for job in tidewater_jobs if job["title"] == "Harbour Crane Operator")
    shown = output(run(data_dir, "jobs", "show", crane["id"], "--json", check=False))
    assert shown["id"] == crane["id"]
    assert shown["company"] == "Tidewater Ports"
    assert shown["employment_type"] == "full_time"
    assert [(p["city"], p["country"]) for p in shown["locations"]] == [("Rotterdam", "NL")]
    salary = shown["salary"]
    assert (salary["minimum"], salary["maximum"], salary["currency"], salary["interval"]) == (
        42000,
        52000,
        "EUR",
        "year",
    )
    assert shown["description"] == "Operate ship-to-shore cranes on the night shift."
    [source] = shown["sources"]
    assert (source["source"], source["source_key"], source["external_id"]) == ("file", "", "cli-1")
    assert source["status"] == "active"
    assert source["parsed"]["title"] == "Harbour Crane Operator"


def test_jobs_show_refuses_unknown_and_malformed_ids(data_dir):
    unknown = run(data_dir, "jobs", "show", str(uuid.uuid4()), "--json", check=False)
    assert unknown.returncode != 0
    assert unknown.stdout == ""
    assert "not found" in said(unknown.stderr)

    malformed = run(data_dir, "jobs", "show", "job-42", "--json", check=False)
    assert malformed.returncode == 2
    assert "'job-42' is not a valid job id" in said(malformed.stderr)


def test_a_file_feed_runs_now_pauses_and_is_listed(data_dir, input_files):
    path = str(input_files.orchard_jsonl)
    added = output(
        run(
            data_dir, "feeds", "add", "file", "--path", path, "--every", "1h", "--json", check=False
        )
    )
    feed_id = added["id"]
    assert (added["source"], added["config"]["path"]) == ("file", path)
    assert (added["every_seconds"], added["paused"]) == (3600, False)

    ran = output(run(data_dir, "feeds", "run-now", feed_id, "--json", check=False))
    assert (ran["feed_id"], ran["status"], ran["trigger"]) == (feed_id, "succeeded", "manual")
    assert (ran["fetched"], ran["new"], ran["failed"]) == (len(ORCHARD_POSTINGS), 2, 0)

    paused = output(run(data_dir, "feeds", "pause", feed_id, "--json", check=False))
    assert paused["paused"] is True

    listed = output(run(data_dir, "feeds", "list", "--json", check=False))
    [feed] = [f for f in listed if f["id"] == feed_id]
    assert feed["paused"] is True
    assert feed["last_success_at"] is not None


def test_a_greenhouse_feed_needs_a_board(data_dir):
    result = run(data_dir, "feeds", "add", "greenhouse", "--json", check=False)
    assert result.returncode != 0
    assert result.stdout == ""
    assert "invalid greenhouse feed configuration: board: Field required" in said(result.stderr)


def test_a_linkedin_feed_warns_about_the_terms_and_is_refused_while_off(data_dir):
    result = run(data_dir, "feeds", "add", "linkedin", "--keywords", "x", check=False)
    assert result.returncode != 0
    message = said(result.stderr)
    assert "LinkedIn's User Agreement does not allow scraping" in message
    assert "JOBPILOT_INGEST__LINKEDIN__ENABLED=true" in message


def test_demo_creates_accounts_and_a_searchable_catalogue(data_dir):
    loaded = output(run(data_dir, "demo", "--json", check=False))
    assert {a["role"] for a in loaded["accounts"]} == {"seeker", "recruiter"}

    jobs = loaded["jobs"]
    assert jobs["fetched"] == DEMO_JOB_COUNT
    assert jobs["failed"] == 0
    # Every posting becomes a new job, or joins the job it duplicates or re-posts.
    assert jobs["new"] + jobs["merged"] + jobs["reposts"] == DEMO_JOB_COUNT
    assert jobs["merged"] > 0
    assert jobs["reposts"] > 0
    # De-duplication is close to the generator's ground truth (within 2 %).
    positions = len(demo_positions())
    assert abs(jobs["new"] - positions) <= positions // 50

    # The search the demo suggests to its user.
    found = output(
        run(data_dir, "jobs", "list", "-q", "python", "--location", "Berlin", "--json", check=False)
    )
    assert found
    for job in found:
        assert "Berlin" in {place["city"] for place in job["locations"]}

    # The demo seeker's feed: ranked, explained, and the same through `match jobs`.
    feed = loaded["feed"]
    assert len(feed) == 5
    assert [item["score"] for item in feed] == sorted((i["score"] for i in feed), reverse=True)
    assert all(item["summary"] for item in feed)
    seeker = "seeker@demo.jobpilot.dev"
    matches = output(
        run(data_dir, "match", "jobs", "--user", seeker, "--top", "3", "--json", check=False)
    )
    assert [m["job"]["id"] for m in matches] == [item["job_id"] for item in feed[:3]]
    best = matches[0]
    assert {f["name"] for f in best["factors"]} >= {"skills", "location", "salary"}
    assert all(skill["candidate_evidence"] for skill in best["matched_skills"])
    explained = output(
        run(
            data_dir,
            *("match", "explain", "--user", seeker, "--job", best["job"]["id"], "--json"),
            check=False,
        )
    )
    assert explained["score"] == best["score"]
    assert explained["passes_filters"] is True
    human = run(data_dir, "match", "explain", "--user", seeker, "--job", "nope", check=False)
    assert human.returncode == 2
