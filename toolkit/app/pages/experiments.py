"""Experiments: create, enter or import the numbers, read the verdict, plan the next period.

State that must survive reruns lives in ``st.session_state``: the chosen experiment (the
selector's own key, never overwritten once the user picked), the open section (a segmented
control, so saving numbers or importing never jumps back to Results) and each experiment's last plan.
"""

from __future__ import annotations

import streamlit as st

from toolkit.app import experiment_view as view
from toolkit.app import experiments_store as store_api
from toolkit.app import session
from toolkit.app.i18n import tr
from toolkit.app.pages_labels import FIELD_LABELS, SECTIONS
from toolkit.app.session import t
from toolkit.experiments import service
from toolkit.experiments.metrics import METRICS

session.page_style()
ui = session.ui_language()
store = session.store()
FLASH = "experiments_flash"  # messages of the action that changed the data, shown after the rerun
PICK = "experiment_pick"
SOURCES = {"meta": "Meta", "google": "Google Ads", "tiktok": "TikTok", "linkedin": "LinkedIn"}


def _flash(kind: str, text: str) -> None:
    st.session_state.setdefault(FLASH, []).append((kind, text))


def _bump(name: str) -> int:
    """A new version number for a widget that must start fresh (its key changes)."""
    st.session_state[name] = st.session_state.get(name, 0) + 1
    return st.session_state[name]


def _new_experiment() -> None:
    v = st.session_state.get("new_form_v", 0)
    with st.form(f"new_experiment-{v}", clear_on_submit=False):
        c1, c2, c3 = st.columns([3, 2, 1])
        name = c1.text_input(t("Experiment name"), key=f"new_name-{v}")
        metric = c2.selectbox(t("Metric"), list(METRICS), key=f"new_metric-{v}",
                              format_func=lambda k: view.metric_label(k, ui))
        threshold = c3.number_input(
            t("Threshold (%)"), min_value=0.01, max_value=50.0, value=0.25, step=0.05, key=f"new_threshold-{v}",
            help=t("Stop when the expected loss of the best choice is below this share of the control's rate."),
        )
        lines = st.text_area(t("Variants, one per line (name: ad text)"), key=f"new_variants-{v}", height=120,
                             placeholder=t("A: first ad text\nB: second ad text"))
        if st.form_submit_button(t("Create"), type="primary", key="new_create"):
            problem = store_api.new_experiment_problem(name, lines)
            if problem is not None:  # the inputs stay as typed
                template, values = problem
                st.error(session.plain(t(template, **values)), icon="⚠️")
                return
            with session.errors_shown("experiment"):
                experiment = service.create_experiment(store, name.strip(), store_api.parse_variant_lines(lines),
                                                       metric=metric, loss_threshold=threshold / 100)
                st.session_state[PICK] = experiment.id
                st.session_state["exp_section"] = "numbers"
                _flash("success", t("Experiment #{id} created with {n} variants.", id=experiment.id,
                                    n=len(experiment.variants)))
                _bump("new_form_v")  # a fresh, empty form for the next one
                st.rerun()


def _results(experiment, observations) -> None:
    if not any(observations.values()):
        st.info(t("No numbers yet: enter them in the table or import an export."))
        return
    analysis = service.analyze_experiment(store, experiment.id, save=False)
    st.html(view.verdict_card(analysis, ui, min_trials=experiment.min_trials))
    if analysis.srm is not None:
        st.html(view.srm_line(analysis, ui))
    st.dataframe(view.arm_rows(analysis, ui), hide_index=True, width="stretch")
    totals = view.cumulative_totals(observations)[-1][1]
    curves = view.posterior_curves(experiment.metric, list(observations), totals)
    label = view.metric_label(experiment.metric, ui)
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{t('Posterior density')}** · {label}")
        st.altair_chart(view.density_chart(curves, label), width="stretch")
    with right:
        st.markdown(f"**{t('Lift vs control')}** ({analysis.ci_level:.0%})")
        st.altair_chart(view.lift_chart(analysis), width="stretch")
    st.markdown(f"**{t('Probability to be best over time')}**")
    st.altair_chart(view.history_chart(view.prob_best_history(experiment.metric, observations)), width="stretch")


def _numbers(experiment, observations) -> None:
    st.caption(t("One row per variant and day; a saved day replaces that day's numbers."))
    names = [v.name for v in experiment.variants]
    blank = {"day": None, "variant": names[0], **dict.fromkeys(store_api.TABLE_FIELDS, 0)}
    version = st.session_state.get(f"numbers_v-{experiment.id}", 0)
    edited = st.data_editor(
        store_api.table_rows(observations) or [blank],
        num_rows="dynamic", key=f"numbers-{experiment.id}-{version}", width="stretch",
        column_config={
            "day": st.column_config.DateColumn(t("Day"), required=True),
            "variant": st.column_config.SelectboxColumn(t("Variant"), options=names, required=True),
            **{f: st.column_config.NumberColumn(t(FIELD_LABELS[f]), min_value=0) for f in store_api.TABLE_FIELDS},
        },
    )
    if st.button(t("Save numbers"), key="numbers_save", type="primary"):
        with session.errors_shown("numbers"):
            saved = store_api.record_rows(store, experiment, edited)
            service.analyze_experiment(store, experiment.id)  # log the analysis of the new data
            _flash("success", t("Saved {n} rows.", n=saved))
            _bump(f"numbers_v-{experiment.id}")  # the table starts again from what is stored
            st.rerun()


def _import(experiment, observations) -> None:
    version = st.session_state.get(f"import_v-{experiment.id}", 0)
    upload = st.file_uploader(
        t("Import an ad-platform export"), type=["csv", "tsv", "txt", "xlsx"], key=f"import-{experiment.id}-{version}",
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
                                    rows=report.observations, source=SOURCES.get(report.platform) or t("a CSV file"),
                                    first=report.first_day, last=report.last_day))
            for name, rows in report.unmatched.items():
                _flash("warning", t("{rows} rows for ad “{name}” match no variant and were skipped.",
                                    rows=rows, name=name))
            for warning in report.warnings:
                _flash("note", warning)
            _bump(f"import_v-{experiment.id}")  # an empty uploader, ready for the next file
            st.rerun()


def _plan(experiment, observations) -> None:
    st.markdown(f"**{t('Planner')}**")
    st.caption(t("Simulates this experiment's own rule: its threshold, its equivalence band and its minimum sample."))
    c1, c2, c3 = st.columns(3)
    baseline = c1.number_input(t("Baseline rate"), min_value=0.0001, max_value=0.9999, value=0.02, format="%.4f",
                               key="plan_base")
    lift = c2.number_input(t("Smallest lift worth detecting (relative)"), min_value=0.01, max_value=5.0, value=0.10,
                           key="plan_lift")
    traffic = c3.number_input(t("Daily traffic per variant"), min_value=10, value=5000, step=500, key="plan_traffic")
    plans: dict = st.session_state.setdefault("plans", {})
    if st.button(t("Plan"), key="plan_go"):
        with session.errors_shown("plan"), st.spinner(t("Simulating…")):
            plans[experiment.id] = service.plan_for_experiment(store, experiment.id, baseline, lift, traffic)
    plan = plans.get(experiment.id)
    if plan is not None:  # the last plan stays until the next one
        days = plan.days_likely if plan.days_likely is not None else f"> {plan.max_days}"
        m1, m2 = st.columns(2)
        m1.metric(t("Days to a decision"), days)
        m2.metric(t("False winners at this traffic"), view.share_text(plan.aa_false_winner, plan.simulations))
        st.html(f'<div class="tk-plan">{view.plan_sentence(plan, ui)}</div>')
    st.markdown(f"**{t('Suggested budget split')}**")
    budget = st.number_input(t("Budget for the next period"), min_value=1.0, value=1000.0, step=100.0,
                             key="plan_budget")
    if any(observations.values()):
        with session.errors_shown("budget"):
            shares = service.budget_split(store, experiment.id, budget)
            st.dataframe([{t("Variant"): s.variant, t("Probability to be best"): f"{(s.prob_best or 0):.1%}",
                           t("Share"): f"{s.share:.1%}", t("Amount"): f"{s.amount:,.2f}"} for s in shares],
                         hide_index=True, width="stretch")


def _show_flash() -> None:
    for kind, text in st.session_state.pop(FLASH, []):
        if kind == "note":
            session.engine_note(text)
        else:
            session.message(kind, text)


st.title(t("Experiments"))
summaries = service.list_experiments(store)
with st.expander(t("New experiment"), expanded=not summaries):
    _new_experiment()
_show_flash()
if not summaries:
    st.info(t("No experiments yet: create one above, or from caption variants on the Repurpose page."))
    st.stop()

with st.expander(t("All experiments")):
    st.dataframe([{"#": s.id, t("Experiment name"): s.name, t("Metric"): view.metric_label(s.metric, ui),
                   t("Variants"): s.variants, t("Days"): s.days,
                   t("Verdict"): t(view.VERDICTS[s.last_verdict][0]) if s.last_verdict in view.VERDICTS else "—",
                   t("Winner"): s.last_winner or "—"} for s in summaries], hide_index=True, width="stretch")
ids = [s.id for s in summaries]
if st.session_state.get(PICK) not in ids:  # first visit, or the picked one was deleted: the newest
    st.session_state[PICK] = ids[-1]
by_id = {s.id: s for s in summaries}
chosen = st.selectbox(
    t("Experiment"), ids, key=PICK, persist_state="session",
    format_func=lambda i: f"#{i} · {by_id[i].name} · {view.metric_label(by_id[i].metric, ui)} · "
                          f"{tr('{n} days', ui, n=by_id[i].days)}",
)
experiment = service.get_experiment(store, chosen)
observations = store_api.daily_observations(store, experiment)
section = st.segmented_control(t("Section"), list(SECTIONS), format_func=lambda k: tr(SECTIONS[k], ui),
                               key="exp_section", default="results", required=True, persist_state="session",
                               label_visibility="collapsed")
draw = {"results": _results, "numbers": _numbers, "import": _import, "planner": _plan}[section or "results"]
with session.errors_shown():  # a problem in one section leaves the others usable
    draw(experiment, observations)
