"""One wording for pydantic errors at every boundary (CLI brief, settings, prices, themes, the app)."""

import pytest
from pydantic import BaseModel, Field, ValidationError

from toolkit.errors import describe_validation, validation_problems


class _Form(BaseModel):
    call_to_action: int
    variants: int = Field(ge=1)


def _error(**values: object) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        _Form.model_validate(values)
    return info.value


def test_each_error_is_field_colon_problem_joined_in_one_clause():
    exc = _error(call_to_action="x", variants=0)
    assert validation_problems(exc) == [
        "call_to_action: Input should be a valid integer, unable to parse string as an integer",
        "variants: Input should be greater than or equal to 1",
    ]
    assert describe_validation(exc) == "; ".join(validation_problems(exc))


def test_options_rename_limit_and_reword():
    exc = _error(call_to_action="x", variants=0)
    assert validation_problems(exc, limit=1, names={"call_to_action": "TOOLKIT_CTA"}) == [
        "TOOLKIT_CTA: Input should be a valid integer, unable to parse string as an integer"
    ]
    assert validation_problems(exc, plain_names=True, wording=lambda e: e["type"]) == [
        "call to action: int_parsing", "variants: greater_than_equal"]


def test_an_error_about_the_whole_value_names_the_subject():
    with pytest.raises(ValidationError) as info:
        _Form.model_validate("not an object")
    assert validation_problems(info.value, subject="brief") == [
        "brief: Input should be a valid dictionary or instance of _Form"]
