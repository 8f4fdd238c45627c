from __future__ import annotations

import pytest

from jobpilot.jobs.companies import JOB_BOARD_HOSTS, company_domain, normalise_company


@pytest.mark.parametrize(
    ("name", "display", "key"),
    [
        ("ACME, Inc.", "ACME", "acme"),
        ("Acme", "Acme", "acme"),
        ("Acme Inc", "Acme", "acme"),
        ("  Acme   LLC ", "Acme", "acme"),
        ("M\u00fcller GmbH & Co. KG", "M\u00fcller", "muller"),
        ("Siemens AG", "Siemens", "siemens"),
        (
            "Soci\u00e9t\u00e9 G\u00e9n\u00e9rale S.A.",
            "Soci\u00e9t\u00e9 G\u00e9n\u00e9rale",
            "societe generale",
        ),
        ("Capgemini SAS", "Capgemini", "capgemini"),
        ("Booking.com B.V.", "Booking.com", "booking com"),
        ("BP plc", "BP", "bp"),
        ("Ford Motor Co.", "Ford Motor", "ford motor"),
        ("Apple Corp.", "Apple", "apple"),
        ("Tesco Limited", "Tesco", "tesco"),
        ("Spotify AB", "Spotify", "spotify"),
        ("Novo Nordisk A/S", "Novo Nordisk", "novo nordisk"),
        ("Infosys Pvt. Ltd.", "Infosys", "infosys"),
        ("Atlassian Pty Ltd", "Atlassian", "atlassian"),
        ("Allegro Sp. z o.o.", "Allegro", "allegro"),
        ("Procter & Gamble Co.", "Procter & Gamble", "procter and gamble"),
        ("The Trade Desk", "The Trade Desk", "trade desk"),
        ("AG", "AG", "ag"),
    ],
)
def test_normalise_company(name, display, key):
    assert normalise_company(name) == (display, key)


def test_same_employer_same_key():
    keys = {normalise_company(n)[1] for n in ["ACME, Inc.", "Acme", "acme inc", "ACME Ltd."]}
    assert keys == {"acme"}


@pytest.mark.parametrize(
    ("url", "domain"),
    [
        ("https://careers.acme.co.uk/jobs/1", "acme.co.uk"),
        ("https://www.acme.com", "acme.com"),
        ("acme.com", "acme.com"),
        ("https://jobs.acme.com.au/x", "acme.com.au"),
        ("https://ACME.com:8443/path", "acme.com"),
        ("https://careers.google.com/jobs", "google.com"),
        ("https://boards.greenhouse.io/acme", None),
        ("https://job-boards.eu.greenhouse.io/acme/jobs/1", None),
        ("jobs.lever.co/acme/123", None),
        ("https://jobs.ashbyhq.com/acme", None),
        ("https://acme.wd5.myworkdayjobs.com/x", None),
        ("https://www.linkedin.com/jobs/view/1", None),
        ("https://apply.workable.com/acme", None),
        ("https://jobs.smartrecruiters.com/Acme/1", None),
        ("https://de.indeed.com/viewjob", None),
        ("http://127.0.0.1:8000/x", None),
        ("http://localhost/x", None),
        ("", None),
        (None, None),
        ("not a url at all", None),
    ],
)
def test_company_domain(url, domain):
    assert company_domain(url) == domain


def test_job_board_hosts_include_the_big_ones():
    assert {"greenhouse.io", "lever.co", "ashbyhq.com", "linkedin.com", "indeed.com"} <= set(
        JOB_BOARD_HOSTS
    )
