"""Form values to the toolkit's models, with pydantic's errors turned into sentences for users."""

from __future__ import annotations

from typing import Any

import regex
from pydantic import ValidationError

from ..errors import ConfigError, describe_validation

_SEPARATORS = regex.compile(r"[\s,،]+")


# pydantic's error types in words for people ("String should have at least 1 character" is not).
_PLAIN = {
    "string_too_short": lambda c: "cannot be empty" if c.get("min_length") == 1 else f"needs at least {c.get('min_length')} characters",
    "string_too_long": lambda c: f"is too long (at most {c.get('max_length')} characters)",
    "too_short": lambda c: f"needs at least {c.get('min_length')} items",
    "too_long": lambda c: f"takes at most {c.get('max_length')} items",
    "greater_than": lambda c: f"must be more than {c.get('gt')}",
    "greater_than_equal": lambda c: f"must be at least {c.get('ge')}",
    "less_than": lambda c: f"must be less than {c.get('lt')}",
    "less_than_equal": lambda c: f"must be at most {c.get('le')}",
    "missing": lambda c: "is required",
}


def _problem(error: Any) -> str:
    plain = _PLAIN.get(error["type"])
    return plain(error.get("ctx") or {}) if plain else error["msg"].removeprefix("Value error, ")


def validation_message(exc: ValidationError, what: str) -> str:
    """``field: problem`` for each error, in one line a user can act on."""
    problems = describe_validation(exc, sep=" ", plain_names=True, wording=_problem)
    return f"The {what} is not valid ({problems}): fix it and try again."


def split_tags(text: str) -> list[str]:
    """``#brand, launch ، عروض`` -> ``['brand', 'launch', 'عروض']`` (Arabic commas too)."""
    return [t.lstrip("#") for t in _SEPARATORS.split(text) if t.lstrip("#")]


# The brief form's choices, drawn before the engine is imported (see test_forms: they match Brief),
# with the English labels the UI translates.
TONES = ("professional", "friendly", "playful", "bold", "informative")
OUTPUT_LANGUAGES = ("auto", "ar", "en")
LANGUAGE_NAMES = {"auto": "auto", "ar": "Arabic", "en": "English"}
BACKEND_NAMES = {"offline": "Offline (no key, instant)", "openai": "OpenAI"}


def brief_from_form(values: dict[str, Any]):
    """A ``Brief`` from the form; a bad field becomes one ``ConfigError`` sentence."""
    from ..repurpose.models import (
        Brief,  # the engine package is heavy: imported on first use
    )

    data = {**values, "brand_hashtags": split_tags(values.get("brand_hashtags", ""))}
    try:
        return Brief.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(validation_message(exc, "brief")) from None
