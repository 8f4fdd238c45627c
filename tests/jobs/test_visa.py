from __future__ import annotations

import pytest

from jobpilot.jobs.visa import detect_visa_sponsorship


@pytest.mark.parametrize(
    "text",
    [
        "Visa sponsorship available",
        "Visa sponsorship is available for this role.",
        "We sponsor visas for the right candidate.",
        "We are happy to sponsor work permits.",
        "Relocation and visa support",
        "We offer relocation and visa sponsorship.",
        "Visa sponsorship: Yes",
        "Wir bieten Visa-Unterst\u00fctzung.",
    ],
)
def test_offers(text):
    assert detect_visa_sponsorship(text) is True


@pytest.mark.parametrize(
    "text",
    [
        "No visa sponsorship",
        "We are unable to sponsor visas at this time.",
        "Candidates must be authorized to work in the US without sponsorship.",
        "Applicants must be authorised to work in the UK without the need for visa sponsorship.",
        "We cannot provide visa sponsorship.",
        "This position does not offer sponsorship.",
        "We do not currently sponsor H-1B visas.",
        "Visa sponsorship: No",
        "Sponsorship is not available for this role.",
        "Relocation support, but no visa sponsorship.",
    ],
)
def test_refusals(text):
    assert detect_visa_sponsorship(text) is False


@pytest.mark.parametrize("text", ["", "Great team, free coffee.", "Visa card payments team"])
def test_silence(text):
    assert detect_visa_sponsorship(text) is None
