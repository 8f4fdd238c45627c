from __future__ import annotations

from jobpilot.matching.candidates import normalised_text, passes_hard_filters
from jobpilot.matching.facts import Place
from tests.matching.factories import make_candidate, make_job

BERLIN = Place("Berlin", "Berlin", "DE")
MUNICH = Place("Munich", "Bavaria", "DE")
PARIS = Place("Paris", "Île-de-France", "FR")


def test_normalised_text_folds_case_accents_and_punctuation():
    assert normalised_text("  Zürich-Süd, AG!") == "zurich sud ag"


def test_hard_filters_pass_an_ordinary_job():
    assert passes_hard_filters(make_candidate(), make_job()) == (True, None)


def test_hard_filters_company_blocklist_ignores_case_and_accents():
    candidate = make_candidate(company_blocklist=("Evil Corp", "Nestlé"))
    assert passes_hard_filters(candidate, make_job(company="EVIL CORP GmbH")) == (
        False,
        "EVIL CORP GmbH is on your company blocklist",
    )
    assert not passes_hard_filters(candidate, make_job(company="Nestle Health"))[0]
    assert passes_hard_filters(candidate, make_job(company="Evilcorporation"))[0]


def test_hard_filters_title_blocklist_matches_whole_words():
    candidate = make_candidate(title_blocklist=("sales",))
    assert passes_hard_filters(candidate, make_job(title="Senior Sales-Engineer")) == (
        False,
        "the title 'Senior Sales-Engineer' is on your title blocklist",
    )
    assert passes_hard_filters(candidate, make_job(title="Salesforce Developer"))[0]


def test_hard_filters_remote_only_candidate_and_foreign_on_site_job():
    candidate = make_candidate(home=BERLIN, remote="remote")
    abroad = make_job(workplace="on_site", places=(PARIS,))
    assert passes_hard_filters(candidate, abroad) == (
        False,
        "on-site in another country; you want remote work only",
    )
    assert passes_hard_filters(candidate, make_job(workplace="on_site", places=(MUNICH,)))[0]
    open_to_on_site = make_candidate(home=BERLIN, remote="any")
    assert passes_hard_filters(open_to_on_site, abroad)[0]


def test_hard_filters_remote_job_closed_to_the_candidates_country():
    candidate = make_candidate(home=BERLIN)
    us_only = make_job(workplace="remote", remote_countries=("US",))
    assert passes_hard_filters(candidate, us_only) == (False, "remote only from US")
    assert passes_hard_filters(make_candidate(), us_only)[0]


def test_hard_filters_salary_more_than_a_fifth_below_the_floor():
    candidate = make_candidate(min_salary=100_000.0)
    assert not passes_hard_filters(candidate, make_job(salary_max=79_999.0))[0]
    assert passes_hard_filters(candidate, make_job(salary_max=80_000.0))[0]
    assert passes_hard_filters(candidate, make_job(salary_min=50_000.0))[0]


def test_hard_filters_employment_types():
    candidate = make_candidate(employment_types=("full_time", "part_time"))
    assert passes_hard_filters(candidate, make_job(employment_type="contract")) == (
        False,
        "contract is not an employment type you want",
    )
    assert passes_hard_filters(candidate, make_job(employment_type="part_time"))[0]
    assert passes_hard_filters(candidate, make_job())[0]
