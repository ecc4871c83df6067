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
from .i18n import (
    BACKEND_LABELS,
    UI_LANGUAGES,
    UiLanguage,
    direction,
    model_label,
    tr,
    translate_error,
)
from .safe import markdown_escape

LANG_KEY = "ui_lang"


@st.cache_resource(show_spinner=False)
def _open_store(path: str):
    from ..store import (
        Store,  # sqlite-utils pulls in pandas: keep it off the first paint
    )

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
        tr("Interface language", ui_language()), list(UI_LANGUAGES), format_func=lambda k: UI_LANGUAGES[k],
        key=LANG_KEY, default="en", required=True,
    )


def database_note(path) -> None:
    """Where runs and experiments are saved; a path reads left to right in either UI language."""
    st.sidebar.html(f'<div class="tk-db">{t("Database")}: <code dir="ltr" translate="no">{escape(str(path))}</code></div>')


# Arabic chrome: the whole page right to left, every caption and message aligned with it, and
# the file uploader's and the keyboard skip link's own English words (Streamlit has no setting
# for them) replaced.
_RTL_CSS = (
    '[data-testid="stMainBlockContainer"], [data-testid="stSidebarContent"] {{ direction: rtl; }}\n'
    '[data-testid="stMainBlockContainer"] :is(h1, h2, h3, p, li, [data-testid="stCaptionContainer"])'
    ' {{ text-align: start; }}\n'
    '[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p {{ font-size: 0; }}\n'
    '[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p::after'
    ' {{ content: "{choose}"; font-size: 14px; }}\n'
    '[data-testid="stFileUploaderDropzoneInstructions"] span {{ font-size: 0; }}\n'
    '[data-testid="stFileUploaderDropzoneInstructions"] span::after {{ content: "{limit}"; font-size: 13px; }}\n'
    '[data-testid="stVegaLiteChart"] {{ direction: ltr; }}\n'
    '[data-testid="stSkipToContent"] {{ font-size: 0; }}\n'
    '[data-testid="stSkipToContent"]::after {{ content: "{skip}"; font-size: 14px; }}\n'
)


@cache
def _asset(name: str) -> str:
    return resources.files("toolkit.app").joinpath("static", name).read_text("utf-8")


def page_style() -> None:
    """The card styles, the RTL chrome for Arabic, and the live-counter script (once per run)."""
    css = _asset("app.css")
    if direction(ui_language()) == "rtl":
        css += _RTL_CSS.format(choose=t("Choose a file"), limit=t("Up to 200 MB per file"),
                               skip=t("Skip to main content"))
    st.html(f"<style>{css}</style>")
    with st.sidebar:
        st.html(f"<script>{_asset('counter.js')}</script>", unsafe_allow_javascript=True)


def editors_direction(rtl_keys: list[str]) -> None:
    """Set the editors ``rtl_keys`` (text areas or inputs) right to left, as the shared rule of
    ``toolkit.bidi`` decided (the cards and slides use it too). Streamlit's editors are LTR."""
    if rtl_keys:
        selectors = ", ".join(f".st-key-{k} textarea, .st-key-{k} input" for k in rtl_keys)
        st.html(f"<style>{selectors} {{ direction: rtl; unicode-bidi: isolate; }}</style>")


def editor_direction(key: str, direction: str) -> None:
    """One editor in ``direction`` (see ``editors_direction``)."""
    editors_direction([key] if direction == "rtl" else [])


def plain(text: str) -> str:
    """User or imported text for a Markdown element: shown as written, never as Markdown."""
    return markdown_escape(text)


def message(kind: str, text: str) -> None:
    """``st.error``/``warning``/``success``/``info`` of a sentence that may hold user text."""
    getattr(st, kind)(markdown_escape(text))


def backend_name(backend: str, model: str) -> str:
    """``offline (extractive, built in)`` or ``openai (gpt-4o-mini)`` in the UI language."""
    name = t(BACKEND_LABELS[backend]) if backend in BACKEND_LABELS else backend
    label = model_label(model)
    return f"{name} ({t(label) if label else model})"


RESULT_SEQ = "result_seq"


def result_key(result) -> str:
    """What tells this result's widgets apart from another result's: its run id, or for a run the
    database could not log (``run_id`` None) the session's generation count."""
    return str(result.run_id) if result.run_id is not None else f"n{st.session_state.get(RESULT_SEQ, 0)}"


def run_line(words: int, language: str, backend: str, model: str, run: int | None) -> str:
    """``1,234 words · Arabic · offline (extractive, built in) · run #3`` in the UI language."""
    return t("{words:,} words · {language} · {backend} · run #{run}", words=words, language=language,
             backend=plain(backend_name(backend, model)), run=run if run is not None else "—")


def engine_note(text: str) -> None:
    """A warning the engine wrote (English, free-form): in the Arabic UI under an Arabic heading,
    the engine's own words set apart as quoted content."""
    if ui_language() == "en":
        st.warning(markdown_escape(text), icon="⚠️")
        return
    st.html(f'<div class="tk-note" role="alert"><b>{escape(t("Note from the engine (in English):"))}</b> '
            f'<bdi dir="ltr" lang="en" translate="no">{escape(text)}</bdi></div>')


@contextmanager
def errors_shown(what: str = "input") -> Iterator[None]:
    """Show a toolkit error as a message in the page instead of a traceback; the page goes on."""
    try:
        yield
    except ToolkitError as exc:
        st.error(markdown_escape(translate_error(str(exc), ui_language())), icon="⚠️")
    except ValidationError as exc:
        st.error(markdown_escape(translate_error(validation_message(exc, what), ui_language())), icon="⚠️")
