from __future__ import annotations

import csv
import hashlib
import json
import os
import random
import re
import shutil
import subprocess
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from itertools import islice
from pathlib import Path
from statistics import median

import pytest

from jobpilot.jobs.corpus import (
    CSV_COLUMNS,
    DEFAULT_REFERENCE_DATE,
    LOCATIONS_SEPARATOR,
    SOURCES,
    CorpusFormat,
    generate_postings,
    write_corpus,
)
from jobpilot.jobs.corpus_salary import SalaryOffer, draw_offer, format_number, format_salary
from jobpilot.jobs.corpus_vocabulary import (
    LANGUAGES,
    CorpusDataError,
    data_root,
    load_vocabulary,
    named_skills,
    referenced_skill_names,
)
from jobpilot.sources import files
from jobpilot.sources.base import ItemError, RawPosting
from jobpilot.taxonomy.builtin import load_builtin

Record = dict[str, object]
NON_TECH = {"registered_nurse", "teacher", "truck_driver", "warehouse_associate", "chef"}


@pytest.fixture(scope="module")
def corpus() -> list[Record]:
    return list(generate_postings(2000, seed=11))


def facts_of(record: Record) -> dict[str, str]:
    facts = record["facts"]
    assert isinstance(facts, dict)
    return facts


def fact_values(corpus: list[Record], name: str) -> Counter[str]:
    return Counter(facts_of(r)[name] for r in corpus if name in facts_of(r))


def digest(records: Iterator[Record]) -> str:
    text = "\n".join(json.dumps(r, ensure_ascii=False, sort_keys=True) for r in records)
    return hashlib.sha256(text.encode()).hexdigest()


def test_the_same_seed_gives_the_same_records_and_another_seed_others():
    first = list(generate_postings(300, seed=5))
    assert first == list(generate_postings(300, seed=5))
    other = list(generate_postings(300, seed=6))
    assert other != first
    assert {r["id"] for r in other}.isdisjoint({r["id"] for r in first})
    assert [r["title"] for r in other] != [r["title"] for r in first]


def test_records_do_not_depend_on_the_process_hash_seed():
    script = (
        "import hashlib, json\n"
        "from jobpilot.jobs.corpus import generate_postings\n"
        "text = '\\n'.join(json.dumps(r, ensure_ascii=False, sort_keys=True)"
        " for r in generate_postings(200, seed=3))\n"
        "print(hashlib.sha256(text.encode()).hexdigest())\n"
    )
    digests = set()
    for hash_seed in ("1", "2"):
        environment = {**os.environ, "PYTHONHASHSEED": hash_seed}
        result = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, env=environment
        )
        assert result.returncode == 0, result.stderr
        digests.add(result.stdout.strip())
    assert digests == {digest(generate_postings(200, seed=3))}


def test_generation_streams():
    postings = generate_postings(1_000_000)
    assert isinstance(postings, Iterator)
    first = list(islice(postings, 10))
    assert len(first) == 10
    assert first == list(generate_postings(10))


def test_a_negative_count_is_refused():
    with pytest.raises(ValueError, match="negative"):
        generate_postings(-1)


def test_every_record_has_the_schema_fields(corpus: list[Record]):
    assert len(corpus) == 2000
    for record in corpus:
        for key in ("id", "source", "source_key", "title", "company", "url", "posted_at"):
            assert isinstance(record[key], str), (key, record)
            assert record[key], (key, record)
        assert record["source"] in SOURCES
        assert ("description_html" in record) != ("description" in record)
        assert "location" in record or "locations" in record
        assert set(record) <= set(CSV_COLUMNS)
        assert all(isinstance(v, str) for v in facts_of(record).values())
        if "locations" in record:
            locations = record["locations"]
            assert isinstance(locations, list)
            assert locations
            assert all(isinstance(place, str) and place for place in locations)


def test_ids_are_unique(corpus: list[Record]):
    assert len({r["id"] for r in corpus}) == len(corpus)


def test_records_survive_json(corpus: list[Record]):
    for record in corpus:
        assert json.loads(json.dumps(record)) == record


def parse_moment(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment.replace(tzinfo=None)


def test_dates_are_iso_8601_within_the_posting_window(corpus: list[Record]):
    window_start = DEFAULT_REFERENCE_DATE - timedelta(days=60)
    with_deadline = 0
    for record in corpus:
        posted_at = record["posted_at"]
        assert isinstance(posted_at, str)
        posted = parse_moment(posted_at).date()
        assert window_start <= posted < DEFAULT_REFERENCE_DATE, posted_at
        valid_through = record.get("valid_through")
        if valid_through is not None:
            assert isinstance(valid_through, str)
            with_deadline += 1
            days = (parse_moment(valid_through).date() - posted).days
            assert 30 <= days <= 66, (posted_at, valid_through)
    assert 0.2 < with_deadline / len(corpus) < 0.5


def test_the_reference_date_moves_every_date():
    later = date(2027, 3, 15)
    for record in generate_postings(200, reference_date=later):
        posted_at = record["posted_at"]
        assert isinstance(posted_at, str)
        assert later - timedelta(days=60) <= parse_moment(posted_at).date() < later


def test_occupations_include_many_non_tech_ones(corpus: list[Record]):
    occupations = fact_values(corpus, "demo_occupation")
    assert len(occupations) >= 30
    assert set(occupations) >= NON_TECH
    seniorities = fact_values(corpus, "demo_seniority")
    assert set(seniorities) == {
        "intern",
        "junior",
        "mid",
        "senior",
        "staff",
        "lead",
        "principal",
        "head",
    }
    titles = {r["title"] for r in corpus if facts_of(r)["demo_occupation"] == "software_engineer"}
    assert len(titles) >= 15
    assert any(str(t).startswith(("Senior ", "Sr. ")) for t in titles)


def test_companies_and_countries_are_varied(corpus: list[Record]):
    assert len(fact_values(corpus, "demo_company")) >= 200
    assert len(fact_values(corpus, "demo_country")) >= 15
    assert len({r["source"] for r in corpus}) == len(SOURCES)


def test_locations_come_in_the_formats_boards_use(corpus: list[Record]):
    places = [str(r["location"]) for r in corpus if "location" in r]
    assert any(re.fullmatch(r"[A-Z][\w .'-]+, [A-Z]{2}", p) for p in places)  # Austin, TX
    assert any(p.endswith(", Germany") for p in places)
    assert any("Remote" in p for p in places)
    assert any(" or " in p for p in places)
    assert any(p.endswith("(Hybrid)") for p in places)
    assert any(p.count(",") == 2 for p in places)  # Toronto, ON, Canada
    lists = [r["locations"] for r in corpus if "locations" in r]
    assert any(isinstance(places, list) and len(places) >= 2 for places in lists)


def test_raw_labels_vary_in_provider_styles(corpus: list[Record]):
    employment = Counter(r["employment_type"] for r in corpus if "employment_type" in r)
    assert {"Full-time", "FULL_TIME", "FullTime", "Full Time"} <= set(employment)
    workplaces = Counter(r["workplace"] for r in corpus if "workplace" in r)
    assert {"Remote", "Hybrid", "On-site"} <= set(workplaces)
    assert sum(workplaces.values()) < len(corpus)


def test_about_thirty_percent_have_no_salary(corpus: list[Record]):
    without = sum("demo_salary_currency" not in facts_of(r) for r in corpus)
    assert 0.25 < without / len(corpus) < 0.35
    for record in corpus:
        if "demo_salary_currency" not in facts_of(record):
            assert not {"salary", "salary_min", "salary_max"} & set(record)


def test_salaries_come_in_many_currencies_and_formats(corpus: list[Record]):
    assert len(fact_values(corpus, "demo_salary_currency")) >= 12
    formats = fact_values(corpus, "demo_salary_format")
    assert {"structured", "k_symbol", "code_full", "symbol_full", "from", "up_to"} <= set(formats)
    assert len(formats) >= 9
    intervals = fact_values(corpus, "demo_salary_interval")
    assert {"year", "month", "hour"} <= set(intervals)
    texts = [str(r["salary"]) for r in corpus if "salary" in r]
    assert any("€" in t for t in texts)
    assert any("£" in t for t in texts)
    assert any(re.search(r"\d[kK]\b", t) for t in texts)


def test_structured_salaries_match_the_ground_truth(corpus: list[Record]):
    seen = 0
    for record in corpus:
        facts = facts_of(record)
        if facts.get("demo_salary_format") != "structured":
            continue
        seen += 1
        assert record["salary_currency"] == facts["demo_salary_currency"]
        assert record["salary_interval"] in ("hour", "day", "month", "year")
        for bound in ("min", "max"):
            value = record.get(f"salary_{bound}")
            expected = facts.get(f"demo_salary_{bound}")
            assert (value is None) == (expected is None)
            if value is not None and expected is not None:
                assert isinstance(value, int | float)
                assert value == pytest.approx(float(expected))
    assert seen > 100


def test_salary_only_in_the_text_is_in_the_description(corpus: list[Record]):
    only_text = [r for r in corpus if facts_of(r).get("demo_salary_format") == "description_only"]
    assert only_text
    for record in only_text:
        assert not {"salary", "salary_min", "salary_max"} & set(record)
        text = str(record.get("description_html") or record.get("description"))
        assert any(ch.isdigit() for ch in text)


def test_descriptions_have_headings_lists_and_known_sections(corpus: list[Record]):
    html = [str(r["description_html"]) for r in corpus if "description_html" in r]
    plain = [str(r["description"]) for r in corpus if "description" in r]
    assert len(plain) > 100
    assert all("<ul><li>" in h and ("<h" in h or "<strong>" in h or "<b>" in h) for h in html)
    english = [
        str(r.get("description_html") or r.get("description"))
        for r in corpus
        if facts_of(r)["demo_language"] == "en"
    ]
    assert sum(bool(re.search(r"\d+\+? years", t)) for t in english) > len(english) // 3
    assert any("Bachelor" in t for t in english)
    assert any("sponsor" in t for t in english)
    assert any("Nice to have" in t or "Bonus points" in t for t in english)


def test_visa_statements_are_mostly_absent(corpus: list[Record]):
    visa = fact_values(corpus, "demo_visa")
    assert visa["yes"] > 20
    assert visa["no"] > 20
    assert sum(visa.values()) < len(corpus) * 0.3


def test_a_few_percent_of_postings_are_not_in_english(corpus: list[Record]):
    languages = fact_values(corpus, "demo_language")
    assert set(languages) == set(LANGUAGES)
    share = 1 - languages["en"] / len(corpus)
    assert 0.02 < share < 0.1
    german = [r for r in corpus if facts_of(r)["demo_language"] == "de"]
    assert all(facts_of(r)["demo_country"] in ("DE", "AT", "CH") for r in german)
    text = " ".join(str(r.get("description_html") or r.get("description")) for r in german)
    assert "Berufserfahrung" in text or "Aufgaben" in text


def test_every_skill_the_corpus_names_is_in_the_builtin_taxonomy():
    taxonomy = {s.name: s for s in load_builtin().skills}
    vocabulary = load_vocabulary()
    names = referenced_skill_names(vocabulary)
    assert len(names) > 300
    assert sorted(names - set(taxonomy)) == []
    for name, forms in vocabulary.aliases.items():
        known = {alias.text for alias in taxonomy[name].aliases}
        assert set(forms) <= known, name


def test_named_skill_placeholders_are_found():
    assert named_skills("Write code in {Python|Go} for {company}") == ("Python", "Go")


def test_postings_mention_their_skills_and_sometimes_an_alias(corpus: list[Record]):
    vocabulary = load_vocabulary()
    by_key = {o.key: o for o in vocabulary.occupations}
    alias_forms = {form for forms in vocabulary.aliases.values() for form in forms}
    aliases_seen = 0
    for record in corpus:
        facts = facts_of(record)
        if facts["demo_language"] != "en":
            continue
        text = str(record.get("description_html") or record.get("description"))
        occupation = by_key[facts["demo_occupation"]]
        names = occupation.required + occupation.nice
        assert any(name in text for name in names), record["id"]
        aliases_seen += any(f" {form}" in text for form in alias_forms)
    assert aliases_seen > 100


def positions_of(corpus: list[Record]) -> dict[str, list[Record]]:
    groups: dict[str, list[Record]] = defaultdict(list)
    for record in corpus:
        groups[facts_of(record)["demo_position"]].append(record)
    return groups


def test_some_positions_appear_on_several_sites(corpus: list[Record]):
    groups = positions_of(corpus)
    copied = [
        g for g in groups.values() if any(facts_of(r)["demo_variant"] == "duplicate" for r in g)
    ]
    assert 0.1 < len(copied) / len(groups) < 0.2
    assert any(len(g) >= 3 for g in copied)
    for group in copied:
        primary = [r for r in group if facts_of(r)["demo_variant"] == "primary"]
        if not primary:
            continue
        first = primary[0]
        for record in group:
            assert facts_of(record)["demo_company"] == facts_of(first)["demo_company"]
            assert record.get("location", record.get("locations")) is not None
            for fact in ("demo_occupation", "demo_country", "demo_salary_min", "demo_salary_max"):
                assert facts_of(record).get(fact) == facts_of(first).get(fact)
        copies = [r for r in group if facts_of(r)["demo_variant"] == "duplicate"]
        assert len({r["source"] for r in copies} | {first["source"]}) == len(copies) + 1
        assert all(r["url"] != first["url"] for r in copies)


def test_copies_vary_their_descriptions_lightly(corpus: list[Record]):
    groups = positions_of(corpus)
    differing = 0
    pairs = 0
    for group in groups.values():
        kinds = {facts_of(r)["demo_variant"]: r for r in group}
        if "primary" in kinds and "duplicate" in kinds:
            pairs += 1
            first, copy = kinds["primary"], kinds["duplicate"]
            one = str(first.get("description_html") or first.get("description"))
            other = str(copy.get("description_html") or copy.get("description"))
            differing += one != other
            words = set(re.findall(r"\w+", one))
            shared = words & set(re.findall(r"\w+", other))
            assert len(shared) / len(words) > 0.6
    assert pairs > 50
    assert differing == pairs


def test_the_employers_apply_url_is_on_some_records_only(corpus: list[Record]):
    grouped = [r for g in positions_of(corpus).values() if len(g) > 1 for r in g]
    own = [r for r in grouped if str(r.get("apply_url", "")).startswith("https://careers.")]
    boards = [
        r
        for r in grouped
        if re.match(
            r"https://(boards\.greenhouse\.io|jobs\.lever\.co|jobs\.ashbyhq\.com)",
            str(r.get("apply_url", "")),
        )
    ]
    assert own
    assert boards
    assert len(own) < len(grouped)
    for record in own:
        facts = facts_of(record)
        assert str(record["apply_url"]).startswith(f"https://careers.{facts['demo_company']}/")


def test_reposts_come_from_the_same_board_later_with_a_new_id(corpus: list[Record]):
    by_id = {r["id"]: r for r in corpus}
    reposts = [r for r in corpus if facts_of(r)["demo_variant"] == "repost"]
    assert 0.01 < len(reposts) / len(corpus) < 0.04
    for repost in reposts:
        original = by_id[facts_of(repost)["demo_repost_of"]]
        assert original["id"] != repost["id"]
        assert (original["source"], original["source_key"]) == (
            repost["source"],
            repost["source_key"],
        )
        assert facts_of(original)["demo_position"] == facts_of(repost)["demo_position"]
        assert parse_moment(str(repost["posted_at"])) > parse_moment(str(original["posted_at"]))


def test_jsonl_file_holds_the_generated_records(tmp_path: Path):
    path = tmp_path / "corpus.jsonl"
    summary = write_corpus(path, 150, seed=4)
    lines = path.read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert records == list(generate_postings(150, seed=4))
    assert summary.count == 150
    assert summary.duplicates == sum(facts_of(r)["demo_variant"] != "primary" for r in records)
    assert summary.reposts == sum(facts_of(r)["demo_variant"] == "repost" for r in records)


def test_csv_file_uses_the_schema_columns(tmp_path: Path):
    path = tmp_path / "corpus.csv"
    write_corpus(path, 150, seed=4, fmt="csv")
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames or ()) == CSV_COLUMNS
        rows = list(reader)
    for row, record in zip(rows, generate_postings(150, seed=4), strict=True):
        assert row["id"] == record["id"]
        assert json.loads(row["facts"]) == record["facts"]
        locations = record.get("locations")
        if isinstance(locations, list):
            assert row["locations"].split(LOCATIONS_SEPARATOR) == locations
        description = record.get("description_html", record.get("description"))
        assert description in (row["description_html"], row["description"])
        if "salary_min" in record:
            assert float(row["salary_min"]) == record["salary_min"]


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_the_file_importer_reads_every_record_and_value(tmp_path: Path, fmt: CorpusFormat):
    path = tmp_path / f"corpus.{fmt}"
    write_corpus(path, 300, seed=8, fmt=fmt)
    with path.open("rb") as stream:
        items = list(files.read_postings(stream, fmt))
    assert not [item for item in items if isinstance(item, ItemError)]
    postings = [item for item in items if isinstance(item, RawPosting)]
    assert len(postings) == 300
    for posting, record in zip(postings, generate_postings(300, seed=8), strict=True):
        assert (posting.source, posting.source_key) == (record["source"], record["source_key"])
        assert posting.external_id == record["id"]
        # A value the importer could not read would be kept as "<field>_raw".
        assert not [name for name in posting.facts if name.endswith("_raw")]
        assert posting.posted_at is not None
        assert posting.facts["demo_position"] == facts_of(record)["demo_position"]


def test_an_unknown_file_format_is_refused(tmp_path: Path):
    with pytest.raises(ValueError, match="format"):
        write_corpus(tmp_path / "x.xml", 5, fmt="xml")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "habit", "expected"),
    [
        (1_200_000, "indian", "12,00,000"),
        (50_000, "dot", "50.000"),
        (110_000, "swiss", "110'000"),
        (45_000, "space", "45 000"),
        (120_000, "en", "120,000"),
        (4_500, "plain", "4500"),
        (28.5, "en", "28.50"),
        (18.5, "dot", "18,50"),
    ],
)
def test_numbers_are_written_in_local_habits(value: float, habit: str, expected: str):
    assert format_number(value, habit) == expected


def salary_text(offer: SalaryOffer, style: str, country: str, language: str = "en") -> str:
    vocabulary = load_vocabulary()
    place = next(c for c in vocabulary.countries if c.code == country)
    return format_salary(random.Random(1), offer, style, vocabulary.texts[language], place)


def test_salary_styles_read_as_boards_write_them():
    year = SalaryOffer(120_000, 150_000, "USD", "year")
    assert re.fullmatch(
        "\\$120[kK](\u2013| - |-| to | \u2013 )\\$?150[kK]", salary_text(year, "k_symbol", "US")
    )
    assert salary_text(year, "code_full", "US").startswith("USD 120")
    assert salary_text(year, "linkedin", "US") == "$120,000.00/yr - $150,000.00/yr"
    swiss = SalaryOffer(110_000, 130_000, "CHF", "year")
    assert re.fullmatch(
        "CHF 110'000(\u2013| - |-| to | \u2013 )130'000", salary_text(swiss, "swiss", "CH")
    )
    danish = SalaryOffer(80_000, 100_000, "DKK", "year")
    assert salary_text(danish, "k_code_suffix", "DK") in ("80-100K DKK", "80-100k DKK")
    lakhs = SalaryOffer(1_800_000, 1_800_000, "INR", "year")
    assert salary_text(lakhs, "lpa", "IN") == "₹18 LPA"
    hourly = SalaryOffer(30, 30, "GBP", "hour")
    assert re.fullmatch(r"£30 ?(per hour|/hour|an hour|/hr|/h)", salary_text(hourly, "exact", "GB"))
    monthly = SalaryOffer(4500, None, "EUR", "month")
    assert re.search(r"4[.,' ]?500", salary_text(monthly, "from", "DE"))
    german = salary_text(SalaryOffer(50_000, 60_000, "EUR", "year"), "symbol_full", "DE", "de")
    assert "50.000" in german
    assert "60.000" in german


def test_salaries_are_plausible_for_occupation_seniority_and_country():
    vocabulary = load_vocabulary()
    occupations = {o.key: o for o in vocabulary.occupations}
    countries = {c.code: c for c in vocabulary.countries}
    rng = random.Random(2)

    def yearly_usd(occupation: str, level: str, country: str) -> float:
        values = []
        for _ in range(200):
            offer = draw_offer(rng, occupations[occupation], level, countries[country], "full_time")
            amount = offer.minimum if offer.minimum is not None else offer.maximum
            assert amount is not None
            per_year = {"hour": 2080, "day": 220, "month": 12, "year": 1}[offer.interval]
            values.append(amount * per_year / countries[country].fx)
        return median(values)

    senior = yearly_usd("software_engineer", "senior", "US")
    junior = yearly_usd("software_engineer", "junior", "US")
    assert 60_000 < junior < senior < 250_000
    assert yearly_usd("software_engineer", "mid", "IN") < yearly_usd(
        "software_engineer", "mid", "DE"
    )
    assert 20_000 < yearly_usd("warehouse_associate", "mid", "US") < 60_000
    assert yearly_usd("registered_nurse", "mid", "US") > yearly_usd("registered_nurse", "mid", "PL")


def test_the_vocabulary_is_large_and_consistent():
    vocabulary = load_vocabulary()
    assert len(vocabulary.occupations) >= 30
    assert len({o.key for o in vocabulary.occupations}) == len(vocabulary.occupations)
    assert len(vocabulary.companies) >= 250
    assert len({c.name for c in vocabulary.companies}) == len(vocabulary.companies)
    assert len({c.domain for c in vocabulary.companies}) == len(vocabulary.companies)
    assert len({c.industry for c in vocabulary.companies}) >= 15
    assert len({c.country for c in vocabulary.companies}) >= 20
    assert len(vocabulary.countries) >= 20
    for occupation in vocabulary.occupations:
        assert set(occupation.i18n) == set(LANGUAGES) - {"en"}, occupation.key
        assert len(occupation.required) >= 8, occupation.key
        assert len(occupation.nice) >= 4, occupation.key
    english = vocabulary.texts["en"]
    for language in LANGUAGES:
        text = vocabulary.texts[language]
        assert set(text.groups["headings"]) == set(english.groups["headings"]), language
        # Descriptions are escaped as a whole: templates must not hold markup.
        for options in text.lists.values():
            assert not any("<" in o or ">" in o for o in options), language


def test_malformed_data_files_are_reported(tmp_path: Path):
    text_missing_key = tmp_path / "text"
    shutil.copytree(data_root(), text_missing_key)
    german = json.loads((text_missing_key / "text_de.json").read_text(encoding="utf-8"))
    del german["responsibility"]
    (text_missing_key / "text_de.json").write_text(json.dumps(german), encoding="utf-8")
    with pytest.raises(CorpusDataError, match=r"text_de\.json: missing responsibility"):
        load_vocabulary(text_missing_key)

    bad_company = tmp_path / "companies"
    shutil.copytree(data_root(), bad_company)
    with (bad_company / "companies.txt").open("a", encoding="utf-8") as companies:
        companies.write("Nowhere Ltd | nowhere.example | spaceflight | US\n")
    with pytest.raises(CorpusDataError, match="unknown industry or country"):
        load_vocabulary(bad_company)
