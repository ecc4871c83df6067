"""Caption variants to an ad experiment in one step (the section under the Repurpose results).

With enough history (``INSIGHTS_MIN_HISTORY`` experiments with numbers) each caption's angle
shows what past experiments say about it; below that the insights model (scipy) is never loaded.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

import streamlit as st

from ..repurpose.models import Caption, RepurposeResult
from . import session
from .experiments_store import create_from_captions, variant_name
from .i18n import UiLanguage
from .labels import METRIC_LABELS, metric_label
from .session import t

if TYPE_CHECKING:
    from ..insights.service import InsightsReport
    from ..store import Store

INSIGHTS_MIN_HISTORY = 3  # toolkit.insights.service.MIN_HISTORY, without importing the model to read it


def insights_report(store: Store) -> InsightsReport | None:
    """The angle insights of the team's history, or None while it is too short to say anything."""
    from ..insights.repository import experiments_with_results

    if experiments_with_results(store) < INSIGHTS_MIN_HISTORY:
        return None
    from ..insights.service import build_insights

    return build_insights(store, attributes=("angle",))


def caption_notes(report: InsightsReport | None, captions: list[Caption], language: str,
                  ui: UiLanguage) -> list[tuple[str, str]]:
    """(variant name, what past experiments say about its angle) for the captions that have an estimate."""
    if report is None:
        return []
    from .insights_view import caption_note

    notes = ((variant_name(c), caption_note(report, c.platform, c.angle, language, ui)) for c in captions)
    return [(name, note) for name, note in notes if note]


def notes_html(notes: list[tuple[str, str]]) -> str:
    lines = "".join(f'<li><bdi translate="no">{escape(name)}</bdi>: {escape(note)}</li>' for name, note in notes)
    return f'<ul class="tk-insight-notes">{lines}</ul>'


def experiment_section(result: RepurposeResult) -> None:
    ui = session.ui_language()
    store = session.store()
    st.divider()
    st.subheader(t("Variants to experiment"), anchor=False)
    st.caption(t("Pick two or more captions to test against each other as ads; name the ads after the variants."))
    by_name = {variant_name(c): c for c in result.captions}
    c1, c2, c3 = st.columns([3, 2, 1], vertical_alignment="bottom")
    picked = c1.multiselect(t("Captions"), list(by_name), key=f"exp_pick-{session.result_key(result)}")
    metric = c2.selectbox(t("Metric"), list(METRIC_LABELS), key="exp_metric", format_func=lambda k: metric_label(k, ui))
    name = st.text_input(t("Experiment name"), value=result.title, key=f"exp_name-{session.result_key(result)}")
    with session.errors_shown():
        notes = caption_notes(insights_report(store), list(result.captions), result.language, ui)
        if notes:
            st.caption(t("What past experiments say about each caption's angle:"))
            st.html(notes_html(notes))
    if c3.button(t("Create experiment"), key="exp_create", type="primary", width="stretch"):
        with session.errors_shown("experiment"):
            from ..insights.service import remember_experiment_captions

            captions = [by_name[n] for n in picked]
            experiment = create_from_captions(store, name, captions, metric, result.run_id)
            remember_experiment_captions(store, experiment, captions, tone=result.brief.tone,
                                         language=result.language, run_id=result.run_id)
            st.session_state["experiment_pick"] = experiment.id
            st.success(t("Experiment #{id} created with {n} variants.", id=experiment.id, n=len(experiment.variants)))
            st.page_link("toolkit/app/pages/experiments.py", label=t("Open experiments"), icon=":material/science:")
