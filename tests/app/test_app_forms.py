"""Form values to a Brief, and pydantic's errors as one sentence."""

from __future__ import annotations

import typing

import pytest

from toolkit.app.forms import OUTPUT_LANGUAGES, TONES, brief_from_form, split_tags
from toolkit.errors import ConfigError
from toolkit.repurpose.models import Brief, Tone


def test_form_choices_match_the_brief_model():
    assert typing.get_args(Tone) == TONES
    assert typing.get_args(Brief.model_fields["language"].annotation) == OUTPUT_LANGUAGES


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
        "variants: must be at most 10): fix it and try again."
    )


def test_pydantic_words_never_reach_users():
    from pydantic import BaseModel, Field, ValidationError

    from toolkit.app.forms import validation_message

    class Named(BaseModel):
        name: str = Field(min_length=1, max_length=5)

    for value, expected in (("", "name: cannot be empty"), ("toolong", "name: is too long (at most 5 characters)")):
        with pytest.raises(ValidationError) as info:
            Named(name=value)
        message = validation_message(info.value, "experiment")
        assert expected in message and "String should" not in message


def test_settings_are_named_as_on_the_page():
    from toolkit.app.i18n import translate_error

    cli = "Cannot reach http://127.0.0.1:9/v1 (refused): check OPENAI_BASE_URL, or start the local server."
    assert "OPENAI_BASE_URL" not in translate_error(cli, "en")
    assert "Prompts & settings" in translate_error(cli, "en")
    assert translate_error(cli, "ar").startswith("تعذّر الوصول إلى")
