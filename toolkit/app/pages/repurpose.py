"""Repurpose: a post and a brief in, one card per platform out, editable, exportable, testable.

The form is drawn before the engine is imported (it loads parsers, SQLite and pandas), so the
page is usable at once; the import happens at the end of the first run, before anyone clicks.
"""

from __future__ import annotations

import streamlit as st

from toolkit.app import forms, session
from toolkit.app.i18n import tr
from toolkit.app.llm_session import SessionLLM, openai_backend
from toolkit.app.session import t
from toolkit.bidi import text_direction
from toolkit.platforms import PLATFORMS

session.page_style()
ui = session.ui_language()


def _source():
    from toolkit.repurpose import read_bytes, read_text

    upload = st.session_state.get("source_file")
    if upload is not None:
        return read_bytes(upload.getvalue(), upload.name)
    return read_text(st.session_state.get("source_text", ""))


def _backend(llm: SessionLLM):
    """``offline``, or this session's OpenAI backend, kept (with its HTTP client) until the settings change."""
    if st.session_state.get("backend") != "openai":
        return "offline"
    templates = st.session_state.get("prompt_copies_dir") if st.session_state.get("use_prompt_copies") else None
    fingerprint = hash((llm.api_key.get_secret_value(), llm.model_dump_json(), str(templates)))  # memory only
    cached = st.session_state.get("openai_backend")
    if cached is None or cached[0] != fingerprint:
        cached = (fingerprint, openai_backend(llm, templates=templates, store=session.store()))
        st.session_state["openai_backend"] = cached
    return cached[1]


def _generate(llm: SessionLLM) -> None:
    from toolkit.repurpose import repurpose

    with session.errors_shown("brief"), st.status(t("Generating…"), expanded=False) as status:
        brief = forms.brief_from_form({
            "audience": st.session_state["b_audience"], "tone": st.session_state["b_tone"],
            "call_to_action": st.session_state["b_cta"], "link": st.session_state["b_link"],
            "language": st.session_state["b_language"], "emoji": st.session_state["b_emoji"],
            "variants": st.session_state["b_variants"], "brand_hashtags": st.session_state["b_tags"],
            "handle": st.session_state["b_handle"],
        })
        status.write(t("Reading the post and writing for each platform…"))
        result = repurpose(_source(), brief, platforms=st.session_state["platforms"] or None, backend=_backend(llm),
                           store=session.store())
        st.session_state[session.RESULT_SEQ] = st.session_state.get(session.RESULT_SEQ, 0) + 1
        st.session_state["result"] = result
        st.session_state["renders"] = {}
        status.update(label=t("Done: {n} platforms.", n=len(result.platforms)), state="complete")


def _input(llm: SessionLLM) -> None:
    st.title(t("Repurpose a post"))
    st.caption(t("One blog post in, posts for every platform out, each counted the way the platform counts."))
    session.editor_direction("source_text", text_direction(st.session_state.get("source_text", ""), "ltr"))
    left, right = st.columns([3, 2], gap="large")
    with left:
        st.text_area(t("Paste the post"), key="source_text", persist_state="session", height=260)
        st.file_uploader(
            t("…or upload a file"), type=["md", "markdown", "html", "htm", "txt", "docx"], key="source_file",
            help=t("Markdown, HTML, plain text or Word (.docx). An upload is used instead of the pasted text."),
        )
    with right:
        st.multiselect(t("Platforms"), list(PLATFORMS), default=list(PLATFORMS), key="platforms",
                       persist_state="session", format_func=lambda k: PLATFORMS[k].name)
        with st.expander(t("Brief"), expanded=False):
            st.text_input(t("Audience"), key="b_audience", persist_state="session")
            c1, c2 = st.columns(2)
            c1.selectbox(t("Tone"), forms.TONES, key="b_tone", persist_state="session",
                         format_func=lambda v: tr(v, ui))
            c2.selectbox(t("Output language"), forms.OUTPUT_LANGUAGES, key="b_language", persist_state="session",
                         format_func=lambda v: tr(forms.LANGUAGE_NAMES[v], ui))
            st.text_input(t("Call to action"), key="b_cta", persist_state="session",
                          help=t("Empty: a default in the output language."))
            st.text_input(t("Link"), key="b_link", persist_state="session", placeholder="https://…")
            c1, c2 = st.columns(2)
            c1.number_input(t("Variants per platform"), min_value=1, max_value=10, key="b_variants",
                            persist_state="session")
            c2.toggle(t("Emoji"), key="b_emoji", persist_state="session")
            st.text_input(t("Brand hashtags"), key="b_tags", persist_state="session",
                          help=t("Separate with spaces or commas."))
            st.text_input(t("Handle"), key="b_handle", persist_state="session",
                          help=t("Shown on carousel slides, e.g. @brand."))
        # Option labels are translated with ``ui`` bound now: a widget keeps its format function.
        st.radio(t("Backend"), list(forms.BACKEND_NAMES), key="backend", persist_state="session", horizontal=True,
                 format_func=lambda v: tr(forms.BACKEND_NAMES[v], ui))
        if st.session_state.get("backend") == "openai" and not llm.ready():
            st.info(t("To use OpenAI, add a key or a local server on Prompts & settings."))
        if st.button(t("Generate"), type="primary", key="generate", width="stretch"):
            _generate(llm)


for key, default in {"b_variants": 3, "b_emoji": True}.items():  # defaults that History can overwrite
    st.session_state.setdefault(key, default)
llm = st.session_state.setdefault("llm", SessionLLM())
_input(llm)
if "result" in st.session_state:
    from toolkit.app import (
        results,  # the engine, cards and exports: loaded once there is a result
    )

    results.show(st.session_state["result"], ui)
else:
    import toolkit.app.results  # noqa: F401  (warm-up, after the form is drawn: Generate is then only the work)
