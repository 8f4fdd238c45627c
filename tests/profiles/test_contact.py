from __future__ import annotations

import pytest

from jobpilot.profiles.contact import (
    find_emails,
    find_links,
    find_location,
    find_phone,
    link_kind,
    looks_like_location,
    looks_like_name,
    read_contact_block,
)
from jobpilot.profiles.resume import Contact, Link, LinkKind


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("+44 20 7946 0958", "+44 20 7946 0958"),
        ("(555) 123-4567", "(555) 123-4567"),
        ("+49 30 1234567", "+49 30 1234567"),
        ("Tel.: +1 (415) 555-0132", "+1 (415) 555-0132"),
        ("Mobile 0171 2345678", "0171 2345678"),
        ("555.123.4567 | jane@example.com", "555.123.4567"),
        ("+33 6 12 34 56 78", "+33 6 12 34 56 78"),
    ],
)
def test_phones(text: str, expected: str) -> None:
    assert find_phone(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2019-2021",
        "2019 - 2021",
        "03/2018 - 11/2020",
        "born 12.03.1990",
        "2018-03-15",
        "Class of 2012",
        "https://example.com/123456789",
        "jane.1234567@example.com",
        "call 12345",
    ],
)
def test_not_phones(text: str) -> None:
    assert find_phone(text) is None


def test_emails() -> None:
    assert find_emails("mailto:jane.doe+cv@example.co.uk, j@x.io.") == [
        "jane.doe+cv@example.co.uk",
        "j@x.io",
    ]


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://www.linkedin.com/in/jane", "linkedin"),
        ("linkedin.com/in/jane", "linkedin"),
        ("de.linkedin.com/in/jane", "linkedin"),
        ("github.com/jane", "github"),
        ("https://jane.github.io", "portfolio"),
        ("janedoe.dev", "portfolio"),
        ("https://twitter.com/jane", "other"),
        ("gitlab.com/jane", "other"),
        ("https://stackoverflow.com/users/1", "other"),
    ],
)
def test_link_kinds(url: str, kind: LinkKind) -> None:
    assert link_kind(url) == kind


def test_links_with_and_without_scheme() -> None:
    text = (
        "linkedin.com/in/jane-doe | GitHub: https://github.com/janedoe, "
        "www.janedoe.dev/blog. Node.js, ASP.NET and jane@example.com"
    )
    assert find_links(text) == [
        Link(kind="linkedin", url="https://linkedin.com/in/jane-doe"),
        Link(kind="github", url="https://github.com/janedoe"),
        Link(kind="portfolio", url="https://www.janedoe.dev/blog"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Berlin, Germany",
        "Austin, TX",
        "Austin, Texas",
        "London",
        "London, UK",
        "Springfield, IL 62701",
        "Springfield, Illinois, USA",
        "G\u00f6ttingen, Germany",
        "10115 Berlin",
        "San Francisco Bay Area",
    ],
)
def test_places(text: str) -> None:
    assert looks_like_location(text)


@pytest.mark.parametrize(
    "text", ["Python, Go", "Senior Engineer", "Acme GmbH, Berlin, Germany", "Remote", "Jane Doe"]
)
def test_not_places(text: str) -> None:
    assert not looks_like_location(text)


def test_work_modes_are_places_only_when_asked() -> None:
    assert looks_like_location("Remote", allow_work_mode=True)
    assert looks_like_location("Remote, US", allow_work_mode=True)


def test_find_location_in_a_packed_line() -> None:
    line = "jane@example.com | +49 30 1234567 | Berlin, Germany | github.com/jane"
    assert find_location(line) == "Berlin, Germany"
    assert find_location("jane@example.com, Austin, TX, (555) 123-4567") == "Austin, TX"


@pytest.mark.parametrize(
    ("text", "lenient", "expected"),
    [
        ("Jane Doe", False, True),
        ("JANE DOE", False, True),
        ("Jan-Hendrik van der Berg", False, True),
        ("Mar\u00eda Jos\u00e9 Garc\u00eda", False, True),
        ("J. R. Smith", False, True),
        ("Software Engineer", False, False),
        ("Software Engineer", True, True),
        ("Curriculum Vitae", True, False),
        ("Work Experience", True, False),
        ("Berlin, Germany", True, False),
        ("jane@example.com", True, False),
        ("Jane", True, False),
        ("Jane Doe 2", True, False),
    ],
)
def test_names(text: str, lenient: bool, expected: bool) -> None:
    assert looks_like_name(text, lenient=lenient) is expected


def test_contact_block_with_packed_lines() -> None:
    block = read_contact_block(
        [
            "Jane Doe",
            "Senior Backend Engineer",
            "jane.doe@example.com | +44 20 7946 0958 | London, UK",
            "linkedin.com/in/janedoe \u00b7 github.com/janedoe \u00b7 janedoe.dev",
        ]
    )
    assert block.contact == Contact(
        name="Jane Doe",
        email="jane.doe@example.com",
        phone="+44 20 7946 0958",
        location="London, UK",
        links=[
            Link(kind="linkedin", url="https://linkedin.com/in/janedoe"),
            Link(kind="github", url="https://github.com/janedoe"),
            Link(kind="portfolio", url="https://janedoe.dev"),
        ],
    )
    assert block.headline == "Senior Backend Engineer"
    assert block.prose == []


def test_contact_block_with_labels_and_a_title_line() -> None:
    block = read_contact_block(
        [
            "Curriculum Vitae",
            "",
            "Name: Anna M\u00fcller",
            "Headline: Pflegefachkraft",
            "E-Mail: anna@example.de",
            "Tel.: +49 30 1234567",
            "Wohnort: Hamburg",
        ]
    )
    assert block.contact == Contact(
        name="Anna M\u00fcller",
        email="anna@example.de",
        phone="+49 30 1234567",
        location="Hamburg",
    )
    assert block.headline == "Pflegefachkraft"


def test_contact_block_name_with_credentials_headline_on_the_same_line_and_prose() -> None:
    block = read_contact_block(
        [
            "# John Smith, PhD \u2014 Data Scientist",
            "Austin, TX \u2022 (555) 123-4567 \u2022 john@smith.io",
            "GitHub https://github.com/jsmith",
            "Experienced data scientist with ten years of building models for retail and health.",
        ]
    )
    assert block.contact.name == "John Smith"
    assert block.headline == "Data Scientist"
    assert block.contact.location == "Austin, TX"
    assert block.contact.phone == "(555) 123-4567"
    assert block.contact.links == [Link(kind="github", url="https://github.com/jsmith")]
    assert block.prose == [
        "Experienced data scientist with ten years of building models for retail and health."
    ]


def test_a_headline_keeps_its_separators_unless_contact_items_were_taken_out() -> None:
    block = read_contact_block(["Jo Smith", "Engineer | Python | Go"])
    assert block.headline == "Engineer | Python | Go"
    block = read_contact_block(["Jo Smith", "Engineer | Python | jo@example.com | Berlin"])
    assert block.headline == "Engineer \u00b7 Python"
    assert block.contact.location == "Berlin"


def test_empty_contact_block() -> None:
    block = read_contact_block([])
    assert block.contact == Contact()
    assert block.headline is None
