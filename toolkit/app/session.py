"""Streamlit glue every page shares: UI language, the database, styling, and errors as messages.

Streamlit is imported here, in the pages and in the two view modules (``results``,
``variants``); everything else in the package is pure. One ``Store`` per database path for
the whole server (``st.cache_resource``): it is opened with ``check_same_thread=False`` and
serialises writes with a lock, so Streamlit's script threads can share it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from html import escape
from importlib import resources

import streamlit as st
from pydantic import ValidationError

from ..errors import ToolkitError
from ..settings import resolve_db_path
from .forms import validation_message
from .i18n import UI_LANGUAGES, UiLanguage, direction, tr

LANG_KEY = "ui_lang"


@st.cache_resource(show_spinner=False)
def _open_store(path: str):
    from ..store import Store  # sqlite-utils pulls in pandas: keep it off the first paint

    return Store(path)


def store():
    """The database named by ``TOOLKIT_DB`` (or the default), opened once per server."""
    return _open_store(str(resolve_db_path()))


def ui_language() -> UiLanguage:
    return st.session_state.get(LANG_KEY) or "en"


def t(text: str, /, **values: object) -> str:
    """``text`` in the UI language (see ``i18n``)."""
    return tr(text, ui_language(), **values)


def language_toggle() -> None:
    """English / العربية in the sidebar; Arabic turns the whole page chrome right to left."""
    st.sidebar.segmented_control(
        tr("Interface language", ui_language()), list(UI_LANGUAGES), format_func=UI_LANGUAGES.get,
        key=LANG_KEY, default="en", required=True,
    )


def database_note(path) -> None:
    """Where runs and experiments are saved; a path reads left to right in either UI language."""
    st.sidebar.html(f'<div class="tk-db">{t("Database")}: <code dir="ltr">{escape(str(path))}</code></div>')


@cache
def _asset(name: str) -> str:
    return resources.files("toolkit.app").joinpath("static", name).read_text("utf-8")


def page_style() -> None:
    """The card styles, the RTL chrome for Arabic, and the live-counter script (once per run)."""
    css = _asset("app.css")
    if direction(ui_language()) == "rtl":
        css += (
            '[data-testid="stMainBlockContainer"], [data-testid="stSidebarContent"] { direction: rtl; }\n'
            '[data-testid="stMainBlockContainer"] h1, [data-testid="stMainBlockContainer"] h2,'
            ' [data-testid="stMainBlockContainer"] h3 { text-align: right; }\n'
        )
    st.html(f"<style>{css}</style>")
    with st.sidebar:
        st.html(f"<script>{_asset('counter.js')}</script>", unsafe_allow_javascript=True)


def rtl_editors(selector: str) -> None:
    """Make the text areas under ``selector`` right to left (Streamlit's are LTR by default).

    The bidi algorithm's own paragraph direction, not the first-strong-letter rule, so an Arabic
    line that opens with a Latin brand name keeps its right-to-left order."""
    st.html(f"<style>{selector} textarea {{ direction: rtl; unicode-bidi: isolate; }}</style>")


@contextmanager
def errors_shown(what: str = "input") -> Iterator[None]:
    """Show a toolkit error as a message in the page instead of a traceback; the page goes on."""
    try:
        yield
    except ToolkitError as exc:
        st.error(str(exc), icon="⚠️")
    except ValidationError as exc:
        st.error(validation_message(exc, what), icon="⚠️")
