"""Prompts & settings: the model, the key (this session only), prices, and the prompt templates."""

from __future__ import annotations

from html import escape
from pathlib import Path

import streamlit as st

from toolkit.app import forms, prompt_preview, session
from toolkit.app.i18n import tr, translate_error
from toolkit.app.llm_session import SessionLLM
from toolkit.app.pages_labels import KINDS, ROLES
from toolkit.app.safe import bounded
from toolkit.app.session import t
from toolkit.bidi import text_direction
from toolkit.errors import ToolkitError
from toolkit.llm.schemas import KINDS as CALL_KINDS
from toolkit.platforms import PLATFORMS

session.page_style()
ui = session.ui_language()
llm: SessionLLM = st.session_state.setdefault("llm", SessionLLM())


def _settings() -> None:
    st.subheader(t("Model settings"), anchor=False)
    with st.form("llm_form"):
        key = st.text_input(t("OpenAI API key"), type="password", value=llm.api_key.get_secret_value(),
                            help=t("Kept in this browser session only: never written to disk or to the database."))
        c1, c2, c3 = st.columns([2, 2, 1])
        base_url = c1.text_input(t("Base URL (optional)"), value=llm.base_url,
                                 help=t("For a local or compatible server, e.g. http://127.0.0.1:8080/v1."))
        model = c2.text_input(t("Model"), value=llm.model, placeholder="gpt-4o-mini")
        temperature = c3.number_input(t("Temperature"), 0.0, 2.0, value=llm.temperature or 0.7, step=0.1)
        st.markdown(f"**{t('Price table (USD per million tokens)')}**")
        table = st.data_editor(
            [{"model": name, "input": p.input, "output": p.output} for name, p in llm.price_table().items()],
            num_rows="dynamic", key="price_table", width="stretch",
            column_config={"model": st.column_config.TextColumn(t("Model")),
                           "input": st.column_config.NumberColumn(t("Input"), min_value=0.0),
                           "output": st.column_config.NumberColumn(t("Output"), min_value=0.0)},
        )
        if st.form_submit_button(t("Save settings"), type="primary", key="llm_save"):
            with session.errors_shown("settings"):
                updated = SessionLLM(
                    api_key=key, base_url=base_url.strip(), model=model.strip(), temperature=temperature,
                    prices={r["model"]: {"input": r["input"], "output": r["output"]} for r in table if r.get("model")},
                )
                updated.price_table()  # a bad price row is reported now, not at the next run
                st.session_state["llm"] = updated
                st.success(t("Settings saved for this session."))
    current: SessionLLM = st.session_state["llm"]
    if current.ready():
        st.caption(session.plain(t("OpenAI is ready: {where}.",
                                   where=f"{current.settings().safe_base_url} · {current.settings().model}")))
    else:
        st.caption(t("OpenAI is not configured."))


def _brief():
    """The brief as filled on the Repurpose page (defaults when it was never opened)."""
    values = {"audience": "b_audience", "tone": "b_tone", "call_to_action": "b_cta", "link": "b_link",
              "language": "b_language", "emoji": "b_emoji", "variants": "b_variants", "brand_hashtags": "b_tags",
              "handle": "b_handle"}
    return forms.brief_from_form({f: st.session_state[k] for f, k in values.items() if k in st.session_state})


def _templates() -> None:
    st.subheader(t("Prompt templates"), anchor=False)
    copies: Path | None = st.session_state.get("prompt_copies_dir")
    prompts = prompt_preview.prompts_with(copies)
    infos = {i.name: i for i in prompts.list()}
    name = st.selectbox(t("Template"), list(infos), key="tpl_name")
    info = infos[name]
    st.caption(f"{t('bundled') if info.origin == 'bundled' else t('your copy')} · {t('fingerprint')} {info.sha256[:12]}")
    if info.description:
        st.markdown(f"**{t('Variables')}**")
        st.text(info.description)
    source, _ = prompts.source(name)
    st.code(source, language="django", wrap_lines=True)

    st.markdown(f"**{t('Edit a copy')}**")
    st.caption(t("Your copy is used for this session only; the bundled templates are never changed."))
    edited = st.text_area(t("Edit a copy"), value=source, key=f"tpl_edit_{name}", height=260, label_visibility="collapsed")
    c1, c2, c3 = st.columns(3)
    if c1.button(t("Render my copy"), key="tpl_render"):
        with session.errors_shown():
            folder = st.session_state.get("prompt_copies") or prompt_preview.CopiesFolder()
            st.session_state["prompt_copies"] = folder  # the folder lives as long as this object
            st.session_state["prompt_copies_dir"] = folder.save(name, edited)
            st.rerun()
    if c2.button(t("Reset my copies"), key="tpl_reset", disabled=copies is None):
        folder = st.session_state.pop("prompt_copies", None)
        if folder is not None:
            folder.drop()
        st.session_state.pop("prompt_copies_dir", None)
        st.rerun()
    c3.toggle(t("Use my copies for OpenAI runs"), key="use_prompt_copies", disabled=copies is None)

    st.markdown(f"**{t('Preview for the current post')}**")
    text = st.session_state.get("source_text", "")
    if not text.strip():
        st.info(t("Paste a post on the Repurpose page to preview prompts for it."))
        return
    guess = prompt_preview.kind_of(name) or "captions"
    c1, c2 = st.columns(2)
    kinds = [k for k in CALL_KINDS if k in KINDS]
    kind = c1.selectbox(t("Template"), kinds, key="tpl_kind", index=kinds.index(guess),
                        format_func=lambda k: tr(KINDS[k], ui))
    options = prompt_preview.platforms_for(kind)
    platform = c2.selectbox(t("Platform"), options, key="tpl_platform", format_func=lambda k: PLATFORMS[k].name,
                            disabled=not options)
    try:
        messages = prompt_preview.render_preview(prompts, text, _brief(), kind, platform,
                                                 max_post_tokens=llm.settings().max_post_tokens)
    except ToolkitError as exc:  # inline: a broken copy shows why, the page stays usable
        st.error(session.plain(translate_error(str(exc), session.ui_language())), icon="⚠️")
        return
    st.markdown(f"**{t('Rendered messages')}**")
    for m in messages:
        shown, cut = bounded(m["content"])  # a template that prints megabytes never reaches the page whole
        with st.chat_message("assistant" if m["role"] == "system" else "user"):
            st.caption(t(ROLES.get(m["role"], m["role"])))
            st.html(f'<div class="tk-prompt" dir="{text_direction(shown[:3000], "ltr")}" translate="no">'
                    f"{escape(shown)}</div>")
            if cut:
                st.caption(t("{n:,} more characters not shown.", n=cut))


st.title(t("Prompts & settings"))
with session.errors_shown("settings"):
    _settings()
st.divider()
with session.errors_shown():
    _templates()
