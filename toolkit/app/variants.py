"""Caption variants to an ad experiment in one step (the section under the Repurpose results)."""

from __future__ import annotations

import streamlit as st

from ..repurpose.models import RepurposeResult
from . import session
from .experiments_store import create_from_captions, variant_name
from .labels import METRIC_LABELS, metric_label
from .session import t


def experiment_section(result: RepurposeResult) -> None:
    ui = session.ui_language()
    st.divider()
    st.subheader(t("Variants to experiment"), anchor=False)
    st.caption(t("Pick two or more captions to test against each other as ads; name the ads after the variants."))
    by_name = {variant_name(c): c for c in result.captions}
    c1, c2, c3 = st.columns([3, 2, 1], vertical_alignment="bottom")
    picked = c1.multiselect(t("Captions"), list(by_name), key=f"exp_pick-{result.run_id}")
    metric = c2.selectbox(t("Metric"), list(METRIC_LABELS), key="exp_metric", format_func=lambda k: metric_label(k, ui))
    name = st.text_input(t("Experiment name"), value=result.title, key=f"exp_name-{result.run_id}")
    if c3.button(t("Create experiment"), key="exp_create", type="primary", width="stretch"):
        with session.errors_shown("experiment"):
            experiment = create_from_captions(session.store(), name, [by_name[n] for n in picked], metric, result.run_id)
            st.session_state["experiment_pick"] = experiment.id
            st.success(t("Experiment #{id} created with {n} variants.", id=experiment.id, n=len(experiment.variants)))
            st.page_link("toolkit/app/pages/experiments.py", label=t("Open experiments"), icon=":material/science:")
