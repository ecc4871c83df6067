"""Insights: which angles, hooks, lengths, emoji, hashtag counts and tones win across experiments."""

from __future__ import annotations

import streamlit as st

from toolkit.app import insights_view as view
from toolkit.app import session
from toolkit.app.i18n import tr
from toolkit.app.labels import metric_label
from toolkit.experiments.metrics import METRICS, REVENUE
from toolkit.insights import service
from toolkit.insights.priors import MAX_WEIGHT
from toolkit.platforms import PLATFORMS

session.page_style()
ui = session.ui_language()
store = session.store()

st.title(tr("What wins across experiments", ui))
st.caption(tr("Each row compares one kind of caption with the usual one, on the same platform and language, pooled over "
              "every experiment that tested both. Few experiments give wide intervals, and then no claim.", ui))
counted = [k for k, m in METRICS.items() if m.model != REVENUE]
with session.errors_shown():
    report = service.build_insights(store, metric=st.session_state.get("insights_metric"))
    if report.metric:
        st.selectbox(tr("Metric", ui), counted, index=counted.index(report.metric), key="insights_metric",
                     format_func=lambda k: metric_label(k, ui))
    claim, text = view.headline(report, ui)
    (st.success if claim else st.info)(text)
    for attribute in dict.fromkeys(e.attribute for e in report.effects):
        st.subheader(view.attribute_label(attribute, ui), anchor=False)
        st.dataframe(view.attribute_rows(report, attribute, ui), hide_index=True, width="stretch")
    if report.metric and report.effects:
        st.subheader(tr("Informed prior for a new experiment", ui), anchor=False)
        st.caption(tr("The team's usual rate on this platform, worth at most {w:.0f} observations; it applies to every "
                      "variant alike.", ui, w=MAX_WEIGHT))
        platforms = sorted({e.platform for e in report.effects if e.platform in PLATFORMS})
        if platforms:
            platform = st.selectbox(tr("Platform", ui), platforms, key="insights_platform",
                                    format_func=lambda k: PLATFORMS[k].name)
            prior = service.informed_prior(store, platform, report.metric)
            name = PLATFORMS[platform].name
            if prior is None:
                st.info(tr("Not enough history on {platform} yet: it needs {m} experiments with results there.", ui,
                           platform=name, m=service.MIN_HISTORY))
            elif METRICS[report.metric].family == "beta":
                st.write(tr("Start a new {metric} experiment on {platform} from Beta({a:.3g}, {b:.3g}) (mean {mean:.3g}).",
                            ui, metric=metric_label(report.metric, ui).lower(), platform=name, a=prior.alpha, b=prior.beta,
                            mean=prior.alpha / (prior.alpha + prior.beta)))
            else:
                st.write(tr("Start a new {metric} experiment on {platform} from Gamma({a:.3g}, {b:.3g}) (mean {mean:.3g}).",
                            ui, metric=metric_label(report.metric, ui).lower(), platform=name, a=prior.alpha, b=prior.beta,
                            mean=prior.alpha / prior.beta))
