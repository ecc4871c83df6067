"""History: every run from the database, searchable; open one again, export it again."""

from __future__ import annotations

import pandas as pd  # type: ignore[import-untyped]
import streamlit as st

from toolkit.app import session
from toolkit.app.downloads import result_downloads
from toolkit.app.forms import LANGUAGE_NAMES
from toolkit.app.history_view import call_messages, call_rows, clipped, history_label, history_rows
from toolkit.app.i18n import translate_error
from toolkit.app.pages_labels import ROLES
from toolkit.app.session import t
from toolkit.errors import NotFoundError
from toolkit.repurpose.history import get_run, get_run_source, list_runs

session.page_style()
store = session.store()
ui = session.ui_language()


def _model_calls(run_id: int) -> None:
    """The prompts and answers behind a run (OpenAI runs), with their tokens and cost, in an expander."""
    from toolkit.llm import calls_for_run

    calls = calls_for_run(store, run_id)
    if not calls:
        return
    cost = sum(c.get("cost_usd") or 0.0 for c in calls)
    with st.expander(t("Model calls: {n}, {tokens:,} tokens, {cost} USD", n=len(calls), cost=f"{cost:.4f}",
                       tokens=sum((c.get("prompt_tokens") or 0) + (c.get("completion_tokens") or 0) for c in calls))):
        st.dataframe(call_rows(calls, t), hide_index=True, width="stretch")
        number = st.selectbox(t("Call"), range(1, len(calls) + 1), key=f"history_call-{run_id}",
                              format_func=lambda i: f"#{i} · {calls[i - 1].get('task') or ''}")
        call = calls[number - 1]
        for role, content in call_messages(call):
            st.markdown(f"**{t(ROLES[role]) if role in ROLES else session.plain(role)}**")
            _long_text(content)
        st.markdown(f"**{t('Answer as received')}**")
        _long_text(call.get("response_raw") or call.get("error") or "")


def _long_text(text: str) -> None:
    shown, left = clipped(text)
    st.code(shown, language=None, wrap_lines=True)
    if left:
        st.caption(t("{n:,} more characters not shown.", n=left))


@st.cache_data(show_spinner=False, max_entries=64)
def _stored_run(db: str, run_id: int):
    """A run's outputs never change once logged, so each is read from SQLite once. (The stored
    JSON predates its row id, so the id is set here.)"""
    return get_run(store, run_id).model_copy(update={"run_id": run_id})


def _open_in_repurpose(run_id: int) -> None:
    """Put the run's post, brief and outputs back on the Repurpose page."""
    text, brief = get_run_source(store, run_id)
    st.session_state.update({
        "result": _stored_run(str(store.path), run_id), "renders": {}, "source_text": text,
        "b_audience": brief.audience, "b_tone": brief.tone, "b_cta": brief.call_to_action, "b_link": brief.link,
        "b_language": brief.language, "b_emoji": brief.emoji, "b_variants": brief.variants,
        "b_tags": " ".join(brief.brand_hashtags), "b_handle": brief.handle,
    })
    st.switch_page("toolkit/app/pages/repurpose.py")


st.title(t("Past runs"))
query = st.text_input(t("Search titles and posts"), key="history_q")
with session.errors_shown():
    runs = list_runs(store, search=query.strip(), limit=200)
    if not runs:
        empty = session.plain(t("No run matches “{q}”.", q=query)) if query else t("No runs yet: generate something on the Repurpose page.")
        st.info(empty)
    else:
        rows = history_rows(runs, t, session.backend_name)
        failed = {i for i, r in enumerate(runs) if r.status != "ok"}
        st.dataframe(
            pd.DataFrame(rows).style.apply(
                lambda row: ["color: #c62828; font-weight: 600" if row.name in failed else ""] * len(row), axis=1),
            hide_index=True, width="stretch",
        )
        chosen = st.selectbox(t("Open"), [r.id for r in runs], key="history_run",
                              format_func=lambda i: history_label(next(r for r in runs if r.id == i)))
        summary = next(r for r in runs if r.id == chosen)
        st.subheader(t("Run #{id}", id=chosen), anchor=False)
        if summary.status != "ok":
            st.error(session.plain(f"{t('This run failed')}: {translate_error(summary.error or '', ui)}"), icon="⚠️")
        else:
            try:
                result = _stored_run(str(store.path), chosen)
            except NotFoundError as exc:
                st.error(session.plain(translate_error(str(exc), ui)), icon="⚠️")
            else:
                st.caption(session.run_line(result.word_count, t(LANGUAGE_NAMES[result.language]), result.backend,
                                            result.model, chosen))
                for warning in result.warnings:
                    session.engine_note(warning)
                cols = st.columns(4)
                for col, d in zip(cols, result_downloads(result), strict=False):
                    col.download_button(d.label, d.data, d.file_name, d.mime, on_click="ignore", key=f"h-{d.label}",
                                        width="stretch")
                if cols[3].button(t("Open in Repurpose"), key="history_open", type="primary", width="stretch"):
                    _open_in_repurpose(chosen)
        _model_calls(chosen)
