"""The few errors a user can see.

Every message is one sentence that names the offending input and the next step. The CLI and the
app print ``str(error)`` and nothing else; any other exception is a bug.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pydantic is not imported at start-up for an error class
    from pydantic import ValidationError


class ToolkitError(Exception):
    """Base class: a problem the user can fix, with a message written for them."""

    exit_code = 1


class InputError(ToolkitError):
    """The source post (file, stdin or string) cannot be used."""


class UnknownPlatformError(ToolkitError):
    """A platform name that is not in the platform table."""

    exit_code = 2

    def __init__(self, name: str, known: list[str]):
        super().__init__(
            f"Unknown platform {name!r}: choose one of {', '.join(known)}."
        )
        self.name = name


class UsageError(ToolkitError):
    """A command-line option given a value that cannot mean anything (``-p ''``)."""

    exit_code = 2


class ConfigError(ToolkitError):
    """A setting (brief, environment variable, template folder) is missing or invalid."""


class TemplateError(ToolkitError):
    """A Jinja2 template failed to load or render (including sandbox violations)."""


class BackendError(ToolkitError):
    """A generation backend failed after its retries."""


class StorageError(ToolkitError):
    """The SQLite database cannot be opened or written."""


class OutputError(ToolkitError):
    """The output file (``-o``) cannot be written; raised before any work starts when possible."""


EXIT_NOT_LOGGED = 4
"""Exit code when the result was written (stdout or ``-o``) but the run could not be logged."""


class NotFoundError(ToolkitError):
    """A run, experiment or job id that is not in the database."""


def validation_problems(
    exc: ValidationError, *, subject: str = "value", names: Mapping[str, str] | None = None, limit: int | None = None,
    sep: str = ".", plain_names: bool = False, wording: Callable[[Any], str] | None = None,
) -> list[str]:
    """Each pydantic error as a short "field: problem" phrase (the one wording for every boundary).

    The field is the location joined by ``sep`` (``subject`` when the error is about the whole value;
    ``plain_names`` writes ``call_to_action`` as "call to action"); ``names`` renames a top-level field
    (an environment variable for a setting); ``wording`` replaces pydantic's message (the app's plain
    phrases); ``limit`` keeps the first few.
    """
    phrases = []
    for err in exc.errors()[:limit]:
        loc = err["loc"]
        where = sep.join(str(p) for p in loc)
        if plain_names:
            where = where.replace("_", " ")
        where = where or subject
        if names and loc:
            where = names.get(str(loc[0]), where)
        phrases.append(f"{where}: {wording(err) if wording else err['msg']}")
    return phrases


def describe_validation(exc: ValidationError, **how: Any) -> str:
    """:func:`validation_problems` joined into one clause, for "X is invalid (…): fix …" sentences."""
    return "; ".join(validation_problems(exc, **how))
