"""Experiments: create, enter or import the numbers, read the verdict, plan the next period."""

from __future__ import annotations

import streamlit as st

from toolkit.app import experiment_view as view
from toolkit.app import experiments_store as store_api
from toolkit.app import session
from toolkit.app.i18n import tr
from toolkit.app.session import t
from toolkit.experiments import service
from toolkit.experiments.metrics import METRICS

session.page_style()
ui = session.ui_language()
store = session.store()
FLASH = "experiments_flash"  # messages of the action that changed the data, shown after the rerun


def _flash(kind: str, text: str) -> None:
    st.session_state.setdefault(FLASH, []).append((kind, text))


def _new_experiment() -> None:
    with st.form("new_experiment", clear_on_submit=True):
        c1, c2, c3 = st.columns([3, 2, 1])
        name = c1.text_input(t("Experiment name"), key="new_name")
        metric = c2.selectbox(t("Metric"), list(METRICS), key="new_metric", format_func=lambda k: METRICS[k].label)
        threshold = c3.number_input(
            t("Threshold (%)"), min_value=0.01, max_value=50.0, value=0.25, step=0.05, key="new_threshold",
            help=t("Stop when the expected loss of the best choice is below this share of the control's rate."),
        )
        lines = st.text_area(t("Variants, one per line (name: ad text)"), key="new_variants", height=120,
                             placeholder="A: …\nB: …")
        if st.form_submit_button(t("Create"), type="primary", key="new_create"):
            with session.errors_shown("experiment"):
                variants = store_api.parse_variant_lines(lines)
                experiment = service.create_experiment(store, name, variants, metric=metric, loss_threshold=threshold / 100)
                st.session_state["experiment_id"] = experiment.id


def _results(experiment, observations) -> None:
    if not any(observations.values()):
        st.info(t("No numbers yet: enter them in the table or import an export."))
        return
    analysis = service.analyze_experiment(store, experiment.id, save=False)
    st.html(view.verdict_card(analysis, ui))
    if analysis.srm is not None:
        srm = analysis.srm
        shares = " · ".join(f"{o:.1%} / {e:.1%}" for o, e in zip(srm.observed_share, srm.expected_share))
        text = t("Sample ratio: delivered / planned {shares} (p = {p:.3g})", shares=shares, p=srm.p_value)
        (st.warning if srm.mismatch else st.caption)(text)
    st.dataframe(view.arm_rows(analysis, ui), hide_index=True, width="stretch")
    totals = view.cumulative_totals(observations)[-1][1]
    curves = view.posterior_curves(experiment.metric, list(observations), totals)
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{t('Posterior density')}** · {analysis.metric_label}")
        st.altair_chart(view.density_chart(curves, analysis.metric_label), width="stretch")
    with right:
        st.markdown(f"**{t('Lift vs control')}** ({analysis.ci_level:.0%})")
        st.altair_chart(view.lift_chart(analysis), width="stretch")
    st.markdown(f"**{t('Probability to be best over time')}**")
    st.altair_chart(view.history_chart(view.prob_best_history(experiment.metric, observations)), width="stretch")


def _numbers(experiment, observations) -> None:
    st.caption(t("One row per variant and day; a saved day replaces that day's numbers."))
    names = [v.name for v in experiment.variants]
    blank = {"day": None, "variant": names[0], **dict.fromkeys(store_api.TABLE_FIELDS, 0)}
    edited = st.data_editor(
        store_api.table_rows(observations) or [blank],
        num_rows="dynamic", key=f"numbers-{experiment.id}", width="stretch",
        column_config={
            "day": st.column_config.DateColumn(t("Day"), required=True),
            "variant": st.column_config.SelectboxColumn(t("Variant"), options=names, required=True),
        },
    )
    if st.button(t("Save numbers"), key="numbers_save", type="primary"):
        with session.errors_shown("numbers"):
            saved = store_api.record_rows(store, experiment, edited)
            service.analyze_experiment(store, experiment.id)  # log the analysis of the new data
            _flash("success", t("Saved {n} rows.", n=saved))
            st.rerun()


def _import(experiment, observations) -> None:
    upload = st.file_uploader(
        t("Import an ad-platform export"), type=["csv", "tsv", "txt", "xlsx"], key=f"import-{experiment.id}",
        help=t("Meta, Google Ads, TikTok, LinkedIn (CSV or XLSX)."),
    )
    if upload is not None and st.button(t("Import"), key="import_go", type="primary"):
        with session.errors_shown("export"), st.spinner(t("Importing…")):
            report = store_api.import_upload(store, experiment.id, upload.getvalue(), upload.name)
            service.analyze_experiment(store, experiment.id)
            if report.already_imported:
                _flash("info", t("{file} was imported before: nothing changed.", file=report.file_name))
            else:
                _flash("success", t("Imported {rows} rows from {source} ({first} to {last}).",
                                    rows=report.observations, source=report.platform, first=report.first_day,
                                    last=report.last_day))
            for name, rows in report.unmatched.items():
                _flash("warning", t("{rows} rows for ad {name!r} match no variant and were skipped.",
                                    rows=rows, name=name))
            for warning in report.warnings:
                _flash("warning", warning)
            st.rerun()


def _plan(experiment, observations) -> None:
    st.markdown(f"**{t('Planner')}**")
    c1, c2, c3 = st.columns(3)
    baseline = c1.number_input(t("Baseline rate"), min_value=0.0001, max_value=0.9999, value=0.02, format="%.4f",
                               key="plan_base")
    lift = c2.number_input(t("Smallest lift worth detecting (relative)"), min_value=0.01, max_value=5.0, value=0.10,
                           key="plan_lift")
    traffic = c3.number_input(t("Daily traffic per variant"), min_value=10, value=5000, step=500, key="plan_traffic")
    if st.button(t("Plan"), key="plan_go"):
        with session.errors_shown("plan"), st.spinner(t("Simulating…")):
            plan = service.plan_experiment(baseline, lift, traffic, metric=experiment.metric,
                                           arms=len(experiment.variants), loss_threshold=experiment.loss_threshold)
            days = plan.days_likely if plan.days_likely is not None else f"> {plan.max_days}"
            st.metric(t("Days to a decision"), days)
            st.caption(plan.message)
    st.markdown(f"**{t('Suggested budget split')}**")
    budget = st.number_input(t("Budget for the next period"), min_value=1.0, value=1000.0, step=100.0,
                             key="plan_budget")
    if any(observations.values()):
        with session.errors_shown("budget"):
            shares = service.budget_split(store, experiment.id, budget)
            st.dataframe([{t("Variant"): s.variant, t("Probability to be best"): f"{(s.prob_best or 0):.1%}",
                           t("Share"): f"{s.share:.1%}", t("Amount"): f"{s.amount:,.2f}"} for s in shares],
                         hide_index=True, width="stretch")


st.title(t("Experiments"))
for kind, text in st.session_state.pop(FLASH, []):
    getattr(st, kind)(text)
summaries = service.list_experiments(store)
with st.expander(t("New experiment"), expanded=not summaries):
    _new_experiment()
summaries = service.list_experiments(store)
if not summaries:
    st.info(t("No experiments yet: create one above, or from caption variants on the Repurpose page."))
    st.stop()

with st.expander(t("All experiments")):
    st.dataframe([{"#": s.id, t("Experiment name"): s.name, t("Metric"): METRICS[s.metric].label,
                   t("Variants"): s.variants, t("Days"): s.days, t("Verdict"): s.last_verdict or "—",
                   t("Winner"): s.last_winner or "—"} for s in summaries], hide_index=True, width="stretch")
ids = [s.id for s in summaries]
wanted = st.session_state.get("experiment_id")  # the last one opened, or just created here or on Repurpose
st.session_state["experiment_pick"] = wanted if wanted in ids else ids[-1]
chosen = st.selectbox(
    t("Experiment"), ids, key="experiment_pick",
    format_func=lambda i: next(f"#{s.id} · {s.name} · {METRICS[s.metric].label} · {tr('{n} days', ui, n=s.days)}"
                               for s in summaries if s.id == i),
)
st.session_state["experiment_id"] = chosen
experiment = service.get_experiment(store, chosen)
observations = store_api.daily_observations(store, experiment)
tabs = st.tabs([t("Results"), t("Daily numbers"), t("Import"), t("Planner")])
for tab, draw in zip(tabs, (_results, _numbers, _import, _plan)):
    with tab, session.errors_shown():  # a problem in one tab leaves the others usable
        draw(experiment, observations)
