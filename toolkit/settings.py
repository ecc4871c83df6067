"""Where things live: the database file and the prompt template folder.

Precedence for the database: explicit argument (``--db``) > ``TOOLKIT_DB`` > the user's data
directory. Templates: explicit argument > ``TOOLKIT_PROMPTS`` > the bundled ``prompts/``.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "toolkit"
DB_ENV = "TOOLKIT_DB"
PROMPTS_ENV = "TOOLKIT_PROMPTS"


def default_db_path() -> Path:
    """The database used when neither ``--db`` nor ``TOOLKIT_DB`` is given."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "toolkit.db"


def resolve_db_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env).expanduser()
    return default_db_path()


def bundled_prompts_dir() -> Path:
    """The templates shipped with the package (a wheel) or the repository (an editable install)."""
    here = Path(__file__).resolve().parent
    installed = here / "_prompts"
    if installed.is_dir():
        return installed
    return here.parent / "prompts"


def resolve_prompts_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get(PROMPTS_ENV)
    if env:
        return Path(env).expanduser()
    return bundled_prompts_dir()
