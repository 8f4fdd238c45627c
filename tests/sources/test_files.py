from __future__ import annotations

import io
import json
import os
import threading
import tracemalloc
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from jobpilot.core.http import create_http_client
from jobpilot.core.settings import Settings
from jobpilot.sources import get_source
from jobpilot.sources.base import FetchContext, ItemError, RawPosting, SalaryHint, SourceError
from jobpilot.sources.files import (
    SOURCE,
    FileFeedConfig,
    FileFormat,
    FileFormatError,
    FileSource,
    detect_format,
    read_postings,
)
from jobpilot.sources.files_records import url_id

FIXTURES = Path(__file__).parent.parent / "fixtures" / "files"


def split(
    items: Iterator[RawPosting | ItemError],
) -> tuple[list[RawPosting], list[ItemError]]:
    postings: list[RawPosting] = []
    errors: list[ItemError] = []
    for item in items:
        if isinstance(item, ItemError):
            errors.append(item)
        else:
            postings.append(item)
    return postings, errors


def read_fixture(
    name: str, fmt: FileFormat, *, source_key: str = "", encoding: str | None = None
) -> tuple[list[RawPosting], list[ItemError]]:
    with (FIXTURES / name).open("rb") as stream:
        return split(read_postings(stream, fmt, source_key=source_key, encoding=encoding))


def read_bytes(
    data: bytes, fmt: FileFormat, *, encoding: str | None = None
) -> tuple[list[RawPosting], list[ItemError]]:
    return split(read_postings(io.BytesIO(data), fmt, encoding=encoding))


def moment(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def test_our_csv_maps_every_column() -> None:
    postings, errors = read_fixture("ours.csv", "csv", source_key="upload-7")

    assert errors == []
    assert [p.external_id for p in postings] == [
        "gh-101",
        url_id("https://jobs.example/stmary/nurse-7"),
        "m-3",
    ]
    first = postings[0]
    assert (first.source, first.source_key) == ("greenhouse", "acme")
    assert first.title == "Senior Backend Engineer"
    assert (first.company, first.company_url) == ("Acme Analytics", "https://acme.example")
    assert first.url == "https://boards.example/acme/101"
    assert first.apply_url == "https://acme.example/apply/101"
    assert first.locations == ["Berlin, Germany", "Munich", "Remote - EU"]
    assert (first.workplace, first.employment_type) == ("hybrid", "full-time")
    assert first.salary == SalaryHint(70000.0, 90000.0, "EUR", "year")
    assert first.salary_text == "€70k\u2013€90k"
    assert first.posted_at == moment("2024-05-01T07:30:00+00:00")
    assert first.valid_through == moment("2024-06-30T00:00:00+00:00")
    assert first.department == "Engineering"
    assert first.description == (
        "We are looking for a backend engineer.\nYou will own the ingestion pipeline."
    )
    assert first.description_is_html is False
    assert first.facts == {"hiring_manager": "Dana Smith"}
    assert first.payload["Hiring Manager"] == "Dana Smith"
    nurse = postings[1]
    assert (nurse.source, nurse.source_key) == ("file", "upload-7")
    assert nurse.salary is None
    assert nurse.salary_text == "£18/hour"
    assert nurse.locations == ["Leeds, UK"]
    assert postings[2].company == "Corner Café"
    assert postings[2].description == "Coffee, people and a good playlist."


def test_our_json_array() -> None:
    postings, errors = read_fixture("ours.json", "json")

    assert errors == []
    designer, lead = postings
    assert designer.external_id == "501"
    assert designer.description_is_html is True
    assert designer.description.startswith("<p>Design things")
    assert designer.locations == ["Amsterdam, NL", "Remote - EU"]
    assert designer.salary == SalaryHint(55000.0, 65000.5, "EUR", "year")
    assert designer.posted_at == moment("2024-04-20T08:00:00+00:00")
    assert designer.facts == {"seniority": "mid", "languages": '["en","nl"]'}
    assert lead.salary_text == "€3,200 per month"
    assert lead.posted_at == moment("2024-04-21T10:15:00+00:00")
    assert lead.facts == {"team_size": "12"}
    assert lead.payload["team_size"] == 12


def test_our_json_lines_with_loose_key_names() -> None:
    postings, errors = read_fixture("ours.jsonl", "jsonl")

    assert errors == []
    electrician, plumber, chef = postings
    assert electrician.locations == ["Austin, TX"]
    assert electrician.employment_type == "full_time"
    assert (plumber.source, plumber.source_key) == ("lever", "pipes")
    assert plumber.external_id == url_id("https://jobs.example/plumber")
    assert plumber.salary == SalaryHint(None, 32.5, "USD", "hour")
    assert (chef.external_id, chef.title, chef.company) == ("j-3", "Pastry Chef", "Sugar Street")
    assert chef.valid_through == moment("2024-07-01T05:00:00+00:00")


def test_csv_header_names_are_loose_and_facts_cells_are_json() -> None:
    data = b' ID , TITLE ,Salary-Min,facts\n1,Cook,100,"{""shift"": ""night""}"\n2,Chef,,oops\n'

    postings, errors = read_bytes(data, "csv")

    assert errors == []
    cook, chef = postings
    assert (cook.external_id, cook.title) == ("1", "Cook")
    assert cook.salary == SalaryHint(100.0, None, None, None)
    assert cook.facts == {"shift": "night"}
    assert chef.facts == {"facts_raw": "oops"}
    assert list(cook.payload) == ["ID", "TITLE", "Salary-Min", "facts"]


def test_a_field_of_the_wrong_json_type_is_an_error() -> None:
    data = b'{"id": "1", "title": {"text": "Cook"}}\n{"id": "2", "title": "Chef", "locations": 7}\n'

    postings, errors = read_bytes(data, "jsonl")

    assert postings == []
    assert errors == [
        ItemError("line 1", "title must be text, not an object"),
        ItemError("line 2", "locations must be a list of strings, not a number"),
    ]


def test_json_wrapper_object_streams_its_array() -> None:
    postings, errors = read_fixture("ours_wrapped.json", "json")

    assert errors == []
    assert [p.title for p in postings] == ["Bus Driver", "Mechanic"]


def test_jobspy_csv() -> None:
    postings, errors = read_fixture("jobspy.csv", "jobspy")

    assert errors == []
    linkedin, indeed, zip_recruiter = postings
    assert (linkedin.source, linkedin.external_id) == ("linkedin", "li-3901234567")
    assert linkedin.url == "https://www.linkedin.com/jobs/view/3901234567"
    assert linkedin.apply_url == "https://careers.acme.example/jobs/77"
    assert linkedin.company_url == "https://acme.example"
    assert linkedin.locations == ["Austin, TX, US"]
    assert linkedin.posted_at == moment("2024-05-02T00:00:00+00:00")
    assert linkedin.employment_type == "fulltime"
    assert linkedin.salary == SalaryHint(120000.0, 150000.0, "USD", "year")
    assert linkedin.workplace is None
    assert linkedin.description.startswith("**About the role**\n\nBuild")
    assert linkedin.description_is_html is False
    assert linkedin.facts["job_level"] == "mid-senior level"
    assert linkedin.facts["job_function"] == "Engineering"
    assert linkedin.facts["company_industry"] == "Software Development"
    assert linkedin.facts["company_url"] == "https://www.linkedin.com/company/acme-analytics"
    assert indeed.salary == SalaryHint(18.5, 22.0, "USD", "hour")
    assert indeed.employment_type == "fulltime, parttime"
    assert indeed.facts["emails"] == "hr@boxly.example"
    assert zip_recruiter.source == "zip_recruiter"
    assert zip_recruiter.workplace == "remote"
    assert zip_recruiter.salary is None


def test_jobspy_json_records() -> None:
    postings, errors = read_fixture("jobspy.json", "jobspy")

    assert errors == []
    nurse, teacher = postings
    assert nurse.source == "glassdoor"
    assert nurse.posted_at == moment("2024-05-02T00:00:00+00:00")
    assert nurse.salary == SalaryHint(78000.0, 96000.0, "USD", "year")
    assert nurse.apply_url is None
    assert teacher.workplace == "remote"
    assert teacher.apply_url == "https://jobs.teachwell.example/77"
    assert teacher.posted_at is None
    assert teacher.salary is None


def test_jsonld_single_object() -> None:
    postings, errors = read_fixture("jsonld_single.json", "jsonld", source_key="nw")

    assert errors == []
    (posting,) = postings
    assert (posting.source, posting.source_key) == ("file", "nw")
    assert posting.external_id == "NW-4411"
    assert posting.title == "Site Reliability Engineer"
    assert posting.company == "Northwind Traders"
    assert posting.salary == SalaryHint(80000.0, 100000.0, "EUR", "year")


def test_jsonld_array() -> None:
    postings, errors = read_fixture("jsonld_array.json", "jsonld")

    assert errors == []
    assert [p.external_id for p in postings] == ["LC-1", "SC-2"]
    assert postings[1].workplace == "remote"


def test_jsonld_graph_skips_other_node_types() -> None:
    postings, errors = read_fixture("jsonld_graph.json", "jsonld")

    assert errors == []
    assert [p.title for p in postings] == ["Farm Hand", "Tractor Mechanic"]


def test_jsonld_file_without_any_jobposting_is_an_error() -> None:
    data = b'{"@context": "https://schema.org", "@type": "Organization", "name": "Acme"}'

    postings, errors = read_bytes(data, "jsonld")

    assert postings == []
    assert errors == [ItemError("file", "no schema.org JobPosting found (found: Organization)")]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("ours.csv", "csv"),
        ("ours.json", "json"),
        ("ours.jsonl", "jsonl"),
        ("ours_wrapped.json", "json"),
        ("jobspy.csv", "jobspy"),
        ("jobspy.json", "jobspy"),
        ("jsonld_single.json", "jsonld"),
        ("jsonld_array.json", "jsonld"),
        ("jsonld_graph.json", "jsonld"),
        ("cp1252.csv", "csv"),
    ],
)
def test_detect_format_of_fixtures(name: str, expected: FileFormat) -> None:
    head = (FIXTURES / name).read_bytes()[:4096]

    assert detect_format(name, head) == expected


@pytest.mark.parametrize(
    ("name", "head", "expected"),
    [
        ("upload", b"id,title\n1,Cook\n", "csv"),
        ("upload.txt", b'[{"id": 1, "title": "Cook"}]', "json"),
        ("upload", b'{"id": 1, "title": "Cook"}\n{"id": 2, "title": "Chef"}\n', "jsonl"),
        ("upload.json", b'{"id": 1, "title": "Cook"}\n{"id": 2, "title": "Chef"}\n', "jsonl"),
        ("upload.json", b'{"jobs": [{"id": 1, "title": "Cook"}]}\n', "json"),
        ("export.ndjson", b'{"id": 1, "job_url": "u", "title": "Cook"}\n', "jobspy"),
        ("x.CSV", b"\xef\xbb\xbfID,Site,Job_URL,Title\n", "jobspy"),
        ("page.json", b'{"@context": "http://schema.org", "@type": ["JobPosting"]}', "jsonld"),
    ],
)
def test_detect_format_from_content(name: str, head: bytes, expected: FileFormat) -> None:
    assert detect_format(name, head) == expected


def test_detect_format_refuses_binary_files() -> None:
    with pytest.raises(FileFormatError, match="not a text file"):
        detect_format("jobs.xlsx", b"PK\x03\x04\x14\x00\x06\x00")


def test_reading_is_lazy_on_a_pipe() -> None:
    """The first posting arrives while the writer still holds the rest of the file back."""
    cases: list[tuple[FileFormat, bytes, bytes]] = [
        ("csv", b"id,title\n1,Cook\n", b"2,Chef\n"),
        ("jsonl", b'{"id": 1, "title": "Cook"}\n', b'{"id": 2, "title": "Chef"}\n'),
        ("json", b'[{"id": 1, "title": "Cook"},', b'{"id": 2, "title": "Chef"}]'),
    ]
    for fmt, first_part, rest in cases:
        read_end, write_end = os.pipe()
        first_taken = threading.Event()
        released_by_reader: list[bool] = []

        def write(
            first_part: bytes = first_part,
            rest: bytes = rest,
            fd: int = write_end,
            first_taken: threading.Event = first_taken,
            released_by_reader: list[bool] = released_by_reader,
        ) -> None:
            os.write(fd, first_part)
            # Bounded wait: a reader that needs the whole file gets it after the timeout,
            # and the assertion below fails instead of the test hanging.
            released_by_reader.append(first_taken.wait(timeout=20))
            os.write(fd, rest)
            os.close(fd)

        writer = threading.Thread(target=write)
        writer.start()
        with open(read_end, "rb") as stream:
            items = read_postings(stream, fmt)
            first = next(items)
            first_taken.set()
            remaining = list(items)
        writer.join()

        assert released_by_reader == [True], fmt
        assert isinstance(first, RawPosting)
        assert first.title == "Cook"
        assert [p.title for p in remaining if isinstance(p, RawPosting)] == ["Chef"]


def _write_large_file(path: Path, fmt: FileFormat, rows: int) -> None:
    description = "Plan, build and run the thing; " * 16
    with path.open("w", encoding="utf-8", newline="") as out:
        if fmt == "csv":
            out.write("id,title,company,location,salary,description\n")
        elif fmt == "json":
            out.write("[\n")
        for number in range(rows):
            record = {
                "id": f"big-{number}",
                "title": f"Engineer {number}",
                "company": "Acme",
                "location": "Berlin, Germany",
                "salary": "€60k-€80k",
                "description": description,
            }
            if fmt == "csv":
                out.write(f'big-{number},Engineer {number},Acme,"Berlin, Germany",€60k-€80k,')
                out.write(f'"{description}"\n')
            elif fmt == "json":
                out.write(("," if number else "") + json.dumps(record) + "\n")
            else:
                out.write(json.dumps(record) + "\n")
        if fmt == "json":
            out.write("]\n")


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "json"])
def test_large_file_is_read_in_flat_memory(tmp_path: Path, fmt: FileFormat) -> None:
    path = tmp_path / f"big.{fmt}"
    rows = 50_000
    _write_large_file(path, fmt, rows)
    size = path.stat().st_size
    progress: list[int] = []

    tracemalloc.start()
    try:
        count = 0
        with path.open("rb") as stream:
            for item in read_postings(stream, fmt, on_progress=progress.append):
                assert isinstance(item, RawPosting)
                count += 1
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert count == rows
    assert size > 25 * 1024 * 1024
    # A few read buffers, whatever the file's size.
    assert peak < 8 * 1024 * 1024
    assert progress == sorted(progress)
    assert progress[-1] == size


def test_wrong_encoding_reports_lines_and_keeps_the_rest() -> None:
    postings, errors = read_fixture("cp1252.csv", "csv")

    assert [p.title for p in postings] == ["Cook"]
    assert errors == [
        ItemError("line 2", "not valid UTF-8 (re-run with --encoding cp1252)"),
        ItemError("line 4", "not valid UTF-8 (re-run with --encoding cp1252)"),
    ]


def test_wrong_encoding_imports_with_the_right_encoding() -> None:
    postings, errors = read_fixture("cp1252.csv", "csv", encoding="cp1252")

    assert errors == []
    assert [(p.title, p.company) for p in postings] == [
        ("Café Manager", "Brasserie Lumière"),
        ("Cook", "Kitchen Ltd"),
        ("Señor Developer", "Niño SL"),
    ]


def test_wrong_encoding_inside_a_json_array_names_the_item() -> None:
    data = (
        '[\n{"id": 1, "title": "Cook"},\n{"id": 2, "title": "Café"},\n{"id": 3, "title": "Chef"}\n]'
    )

    postings, errors = read_bytes(data.encode("cp1252"), "json")
    fixed, no_errors = read_bytes(data.encode("cp1252"), "json", encoding="cp1252")

    assert [p.title for p in postings] == ["Cook", "Chef"]
    assert errors == [
        ItemError("line 3 (item 2)", "not valid UTF-8 (re-run with --encoding cp1252)")
    ]
    assert [p.title for p in fixed] == ["Cook", "Café", "Chef"]
    assert no_errors == []


def test_bad_bytes_deep_in_a_json_array_spoil_only_their_item() -> None:
    """Several read chunks in, multi-byte characters cut by chunk edges still decode, and
    the one bad byte is charged to its own item and line."""
    text = "ü€😀" * 50
    items = [
        json.dumps({"id": n, "title": f"Café {n}", "description": text}, ensure_ascii=False)
        for n in range(12_000)
    ]
    data = ("[\n" + ",\n".join(items) + "\n]").encode()
    data = data.replace('"title": "Café 9000"'.encode(), b'"title": "Caf\xe9 9000"')

    postings, errors = read_bytes(data, "json")

    assert len(data) > 3 * 1024 * 1024
    assert len(postings) == 11_999
    assert all(p.description == text for p in postings)
    assert errors == [
        ItemError("line 9002 (item 9001)", "not valid UTF-8 (re-run with --encoding cp1252)")
    ]


def test_unknown_encoding_is_refused() -> None:
    with pytest.raises(FileFormatError, match="unknown encoding 'klingon'"):
        read_bytes(b"id,title\n1,Cook\n", "csv", encoding="klingon")


def test_csv_without_title_column_fails_before_any_item() -> None:
    with pytest.raises(FileFormatError) as raised:
        read_fixture("no_title.csv", "csv")

    assert "no 'title' column" in str(raised.value)
    assert "columns found: id, name, company" in str(raised.value)


def test_csv_without_id_or_url_column_fails() -> None:
    with pytest.raises(FileFormatError, match="needs an 'id' or a 'url' column"):
        read_bytes(b"title,company\nCook,Diner\n", "csv")


def test_csv_with_a_repeated_column_fails() -> None:
    with pytest.raises(FileFormatError, match="'Title' twice"):
        read_bytes(b"id,title,Title\n1,Cook,Chef\n", "csv")


def test_broken_csv_rows_are_reported_with_their_line_numbers() -> None:
    postings, errors = read_fixture("broken_rows.csv", "csv")

    assert [p.external_id for p in postings] == ["1", "4", "5", "7"]
    assert errors == [
        ItemError("line 3", "expected 5 fields, found 7"),
        ItemError("line 4", "missing title"),
        ItemError("line 8", "expected 5 fields, found 2"),
    ]
    designer = postings[1]
    assert designer.posted_at is None
    assert designer.salary is None
    assert designer.facts == {"posted_at_raw": "last Tuesday", "salary_min_raw": "about 60k"}
    assert postings[2].title == "Quoted\nTitle"


def test_unterminated_quote_at_the_end_is_reported_at_its_first_line() -> None:
    postings, errors = read_bytes(b'id,title\n1,Cook\n2,"Chef\nno closing quote\n', "csv")

    assert [p.title for p in postings] == ["Cook"]
    assert len(errors) == 1
    assert errors[0].where == "line 3"
    assert errors[0].message.startswith("broken CSV")


def test_csv_fields_longer_than_the_csv_module_default() -> None:
    description = "x" * (2 * 1024 * 1024)

    postings, errors = read_bytes(f'id,title,description\n1,Cook,"{description}"\n'.encode(), "csv")

    assert errors == []
    assert len(postings[0].description) == len(description)


def test_broken_json_lines_are_reported_with_their_line_numbers() -> None:
    postings, errors = read_fixture("broken.jsonl", "jsonl")

    assert [p.external_id for p in postings] == ["a1", "a4", "a5"]
    assert errors == [
        ItemError("line 2", "invalid JSON: Expecting ',' delimiter (column 1)"),
        ItemError("line 3", "expected a JSON object, found an array"),
        ItemError("line 5", "missing title"),
        ItemError("line 7", "expected a JSON object, found a number"),
        ItemError("line 8", "needs an id or a url"),
    ]
    assert postings[1].facts == {"posted_at_raw": "2024-13-45"}
    assert postings[2].locations == ["Oslo", "Bergen"]


def test_broken_json_array_items_are_skipped_and_reading_goes_on() -> None:
    postings, errors = read_fixture("broken_array.json", "json")

    assert [p.external_id for p in postings] == ["b1", "b3"]
    assert errors == [
        ItemError("line 3 (item 2)", "expected a JSON object, found a string"),
        ItemError("line 4 (item 3)", "invalid JSON: Expecting ',' delimiter (line 4)"),
    ]


def test_truncated_json_array_keeps_the_items_before_the_cut() -> None:
    postings, errors = read_fixture("truncated.json", "json")

    assert [p.title for p in postings] == ["Accountant", "Lawyer"]
    assert errors == [
        ItemError(
            "line 4 (item 3)",
            "invalid JSON: Unterminated string (line 4); the file ends inside this item "
            "(truncated?)",
        )
    ]


def test_json_array_cut_after_a_whole_item_reports_the_missing_end() -> None:
    postings, errors = read_bytes(b'[{"id": 1, "title": "Cook"},\n', "json")

    assert [p.title for p in postings] == ["Cook"]
    assert errors == [ItemError("line 2", "the file ends before item 2 (truncated?)")]


def test_json_items_larger_than_a_read_chunk() -> None:
    description = "y" * (3 * 1024 * 1024)
    data = json.dumps([{"id": n, "title": f"T{n}", "description": description} for n in range(3)])

    postings, errors = read_bytes(data.encode(), "json")

    assert errors == []
    assert [p.title for p in postings] == ["T0", "T1", "T2"]
    assert all(len(p.description) == len(description) for p in postings)


def test_top_level_json_value_that_is_not_an_object() -> None:
    postings, errors = read_bytes(b'"hello"', "json")

    assert postings == []
    assert errors == [ItemError("line 1", "expected a JSON object or array, found a string")]


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl", "jobspy", "jsonld"])
def test_empty_file_gives_nothing(fmt: FileFormat) -> None:
    assert read_bytes(b"", fmt) == ([], [])
    assert read_bytes(b"\n  \n", fmt) == ([], [])


def test_utf8_byte_order_mark_is_skipped() -> None:
    postings, errors = read_bytes(b"\xef\xbb\xbfid,title\n1,Caf\xc3\xa9 Manager\n", "csv")

    assert errors == []
    assert postings[0].title == "Café Manager"
    assert list(postings[0].payload) == ["id", "title"]


def test_utf16_file_with_byte_order_mark() -> None:
    data = "id,title\r\n1,Café Manager\r\n".encode("utf-16")

    postings, errors = read_bytes(data, "csv")

    assert errors == []
    assert postings[0].title == "Café Manager"


def test_crlf_line_endings_with_quoted_newlines() -> None:
    data = b'id,title,description\r\n1,Cook,"Line one\r\nline two"\r\n2,Chef,Plain\r\nbroken\r\n'

    postings, errors = read_bytes(data, "csv")

    assert [p.description for p in postings] == ["Line one\r\nline two", "Plain"]
    assert errors == [ItemError("line 5", "expected 3 fields, found 1")]


def test_crlf_json_lines() -> None:
    data = b'{"id": 1, "title": "Cook"}\r\n\r\n{"id": 2, "title": "Chef"}\r\nnope\r\n'

    postings, errors = read_bytes(data, "jsonl")

    assert [p.title for p in postings] == ["Cook", "Chef"]
    assert [e.where for e in errors] == ["line 4"]


async def test_file_source_streams_postings_and_records_errors(settings: Settings) -> None:
    source = get_source("file")
    http = create_http_client(settings)
    ctx = FetchContext(http=http, settings=settings)
    config = FileFeedConfig(path=str(FIXTURES / "broken_rows.csv"), source_key="weekly")
    try:
        postings = [posting async for posting in source.fetch(config, ctx)]
    finally:
        await http.aclose()

    assert isinstance(source, FileSource)
    assert SOURCE is FileSource
    assert FileSource.config_model is FileFeedConfig
    assert [p.external_id for p in postings] == ["1", "4", "5", "7"]
    assert {p.source_key for p in postings} == {"weekly"}
    assert [e.where for e in ctx.errors] == ["line 3", "line 4", "line 8"]


async def test_file_source_honours_configured_format_and_encoding(settings: Settings) -> None:
    http = create_http_client(settings)
    ctx = FetchContext(http=http, settings=settings)
    config = FileFeedConfig(path=str(FIXTURES / "cp1252.csv"), format="csv", encoding="cp1252")
    try:
        postings = [posting async for posting in FileSource().fetch(config, ctx)]
    finally:
        await http.aclose()

    assert [p.title for p in postings] == ["Café Manager", "Cook", "Señor Developer"]
    assert ctx.errors == []


async def test_file_source_missing_file(settings: Settings, tmp_path: Path) -> None:
    http = create_http_client(settings)
    ctx = FetchContext(http=http, settings=settings)
    config = FileFeedConfig(path=str(tmp_path / "nowhere.csv"))
    try:
        with pytest.raises(SourceError, match="cannot open"):
            [posting async for posting in FileSource().fetch(config, ctx)]
    finally:
        await http.aclose()
