"""The few errors a user can see.

Every message is one sentence that names the offending input and the next step. The CLI and the
app print ``str(error)`` and nothing else; any other exception is a bug.
"""

from __future__ import annotations


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
