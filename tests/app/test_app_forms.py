"""Form values to a Brief, and pydantic's errors as one sentence."""

from __future__ import annotations

import typing

import pytest

from toolkit.app.forms import OUTPUT_LANGUAGES, TONES, brief_from_form, split_tags
from toolkit.errors import ConfigError
from toolkit.repurpose.models import Brief, Tone


def test_form_choices_match_the_brief_model():
    assert TONES == typing.get_args(Tone)
    assert OUTPUT_LANGUAGES == typing.get_args(Brief.model_fields["language"].annotation)


def test_brief_from_form():
    brief = brief_from_form({"audience": "founders", "tone": "bold", "variants": 4, "brand_hashtags": "#Acme, launch ، عروض"})
    assert (brief.audience, brief.tone, brief.variants) == ("founders", "bold", 4)
    assert brief.brand_hashtags == ["Acme", "launch", "عروض"]
    assert split_tags("  ") == []


def test_bad_fields_read_as_a_sentence():
    with pytest.raises(ConfigError) as info:
        brief_from_form({"link": "example.com", "variants": 11})
    assert str(info.value) == (
        "The brief is not valid (link: must start with http:// or https://; "
        "variants: Input should be less than or equal to 10): fix it and try again."
    )
