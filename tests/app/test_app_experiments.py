"""The Experiments page's helpers: captions to an experiment, the table, uploads, and the views."""

from __future__ import annotations

import datetime as dt
from html import escape, unescape

import pytest

from tests.app.conftest import ARABIC_POST, meta_export
from toolkit.app import experiment_view as view
from toolkit.app import experiments_store as api
from toolkit.errors import InputError
from toolkit.experiments import service
from toolkit.repurpose import Brief, read_text, repurpose
from toolkit.store import Store


@pytest.fixture
def store(db_path):
    with Store(db_path) as s:
        yield s


def test_captions_become_an_experiment_in_one_step(store):
    run = repurpose(read_text(ARABIC_POST.read_text("utf-8")), Brief(variants=2), platforms=["x"], store=store)
    x = run.captions
    experiment = api.create_from_captions(store, "Launch", x, "ctr", run.run_id)
    assert {v.run_id for v in experiment.variants} == {run.run_id}
    assert [v.name for v in experiment.variants] == ["X v1 (summary)", f"X v2 ({x[1].angle})"]
    assert [v.ad_text for v in experiment.variants] == [c.text for c in x]
    assert {v.planned_weight for v in experiment.variants} == {1.0}  # an even split, so SRM is checked
    with pytest.raises(InputError, match="at least two variants, 1 picked"):
        api.create_from_captions(store, "Launch", x[:1], "ctr", None)


def test_variant_lines():
    assert api.parse_variant_lines("A: first ad\n\nB:\n  C :  نص عربي ") == [
        {"name": "A", "ad_text": "first ad", "planned_weight": 1.0},
        {"name": "B", "ad_text": "", "planned_weight": 1.0},
        {"name": "C", "ad_text": "نص عربي", "planned_weight": 1.0},
    ]


@pytest.mark.parametrize(("name", "lines", "problem"), [
    ("", "A: x\nB: y", "Give the experiment a name."),
    ("T", "A: only one", "An experiment compares at least two variants: write one more line, like “B: ad text”."),
    ("T", "A: x\nBuy now and save", "Line 2 has no name before a colon: write each variant as “name: ad text”."),
    ("T", "A: x\n: y", "Line 2 has no name before a colon: write each variant as “name: ad text”."),
    ("T", "A: x\na: y", "Two lines are named a: give each variant its own name."),
    ("T", "\n".join(f"V{i}: x" for i in range(11)), "An experiment takes at most 10 variants, 11 given: remove some lines."),
])
def test_new_experiment_form_refuses_with_one_sentence(name, lines, problem):
    template, values = api.new_experiment_problem(name, lines)
    assert template.format(**values) == problem
    with pytest.raises(InputError):
        api.parse_variant_lines(lines) if name else api.create_from_captions(None, "", [], "ctr", None)


def test_new_experiment_form_accepts_two_named_lines():
    assert api.new_experiment_problem("Launch", "A: x\nB: y") is None


def test_table_rows_round_trip_through_the_service(store):
    experiment = service.create_experiment(store, "T", api.parse_variant_lines("A:\nB:"))
    saved = api.record_rows(store, experiment, [
        {"day": dt.date(2026, 3, 1), "variant": "A", "impressions": 1000, "clicks": 20},
        {"day": "2026-03-01", "variant": "B", "impressions": 1000, "clicks": 35, "spend": None},
        {"day": None, "variant": None},  # the editor's empty row
    ])
    assert saved == 2
    observations = api.daily_observations(store, experiment)
    assert list(observations) == ["A", "B"]
    rows = api.table_rows(observations)
    assert [(r["day"], r["variant"], r["clicks"]) for r in rows] == [(dt.date(2026, 3, 1), "A", 20), (dt.date(2026, 3, 1), "B", 35)]
    with pytest.raises(InputError, match="Row 1 needs both a day and a variant"):
        api.record_rows(store, experiment, [{"day": None, "variant": "A", "clicks": 3}])


def test_an_uploaded_meta_export_is_imported_once(store):
    experiment = service.create_experiment(store, "Meta", api.parse_variant_lines("Ad A:\nAd B:"))
    data = meta_export({"Ad A": (10000, 150), "Ad B": (10000, 230), "Other ad": (5000, 10)})
    report = api.import_upload(store, experiment.id, data, "meta export.csv")
    assert (report.platform, report.observations, report.currency) == ("meta", 14, "USD")
    assert report.unmatched == {"Other ad": 7}
    assert api.import_upload(store, experiment.id, data, "meta export.csv").already_imported
    analysis = service.analyze_experiment(store, experiment.id, save=False)
    assert (analysis.verdict, analysis.winner) == ("ship_winner", "Ad B")


def test_views_of_an_analysis(store):
    experiment = service.create_experiment(store, "V", api.parse_variant_lines("A:\nB:"))
    api.import_upload(store, experiment.id, meta_export({"A": (10000, 150), "B": (10000, 230)}), "m.csv")
    analysis = service.analyze_experiment(store, experiment.id, save=False)
    card = view.verdict_card(analysis, "ar")
    assert "اعتمد الفائز" in card and '<div class="tk-verdict-text">اعتمد <bdi translate="no">B</bdi>:' in card
    assert "#2e7d32" in card
    assert "مع الفحص اليومي، لا تُعلن تجربةٌ كهذه فائزًا زائفًا إلا في أقل من" in card  # the rule's guarantee
    assert "Checked daily, a test like this names a false winner less than 5% of the time." in view.verdict_card(
        analysis, "en")
    srm = view.srm_line(analysis, "ar")  # even 50/50 reach from the export: the check runs on people reached
    assert "الوصول" in srm and "p = 0" not in srm and "p = " in srm
    assert "people the audience was split into" in view.srm_line(analysis, "en")
    assert escape(analysis.message) in view.verdict_card(analysis, "en")  # English: the engine's own sentence
    rows = view.arm_rows(analysis, "en")
    assert rows[0]["Variant"] == "A (Control)" and rows[0]["Probability to beat control"] == "—"
    assert rows[1]["Probability to be best"] == f"{analysis.arms[1].prob_best:.1%}"
    observations = api.daily_observations(store, experiment)
    totals = view.cumulative_totals(observations)[-1][1]
    assert (totals[0].impressions, totals[1].clicks) == (70000, 1610)
    curves = view.posterior_curves("ctr", ["A", "B"], totals)
    for name in ("A", "B"):
        xs = [r["rate"] for r in curves if r["variant"] == name]
        ds = [r["density"] for r in curves if r["variant"] == name]
        area = sum((x2 - x1) * (d1 + d2) / 2 for x1, x2, d1, d2 in zip(xs, xs[1:], ds, ds[1:], strict=False))
        assert area == pytest.approx(1.0, abs=0.01)  # a density: the grid covers the posterior
    history = view.prob_best_history("ctr", observations)
    assert [r["day"] for r in history if r["variant"] == "B"] == [f"2026-03-{d:02d}" for d in range(1, 8)]
    assert history[-1]["prob_best"] == pytest.approx(analysis.arms[1].prob_best)
    for chart in (view.density_chart(curves, "CTR"), view.lift_chart(analysis), view.history_chart(history)):
        assert chart.to_dict()["$schema"].startswith("https://vega.github.io/schema/vega-lite/")


def _latin_outside_content(html: str) -> list[str]:
    """Latin words of ``html`` outside ``translate="no"`` pieces and tags."""
    import regex

    text = regex.sub(r'<bdi[^>]*translate="no"[^>]*>.*?</bdi>', "", html)
    text = unescape(regex.sub(r"<[^>]+>", "", text))
    return regex.findall(r"\p{Latin}+", text)


@pytest.mark.parametrize(("verdict", "reason", "winner"), [
    ("ship_winner", "winner_proven", "B"),
    ("ship_winner", "winner_proven", "A"),
    ("keep_running", "tiny_sample", None),
    ("keep_running", "evidence_below_bound", None),
    ("stop_no_difference", "all_within_threshold", None),
    ("stop_no_difference", "inside_rope", None),
    ("keep_running", "no_data", None),
    ("keep_running", "successes_exceed_trials", None),
    ("keep_running", "invalid_value", None),
])
def test_every_verdict_reads_in_arabic_without_english_words(store, verdict, reason, winner):
    """Each verdict and reason (set on a real analysis, so this holds whatever the data decide)."""
    experiment = service.create_experiment(store, "V", api.parse_variant_lines("Ad one:\nAd two:"))
    for name, (n, s) in {"Ad one": (30, 1), "Ad two": (30, 2)}.items():
        service.record(store, experiment.id, name, dt.date(2026, 3, 1), impressions=n, clicks=s)
    real = service.analyze_experiment(store, experiment.id, save=False)
    arms = tuple(a.model_copy(update={"reason": reason}) if reason in view._INVALID else a
                 for a in real.arms)
    analysis = real.model_copy(update={"verdict": verdict, "reason": reason, "arms": arms,
                                       "winner": {"A": "Ad one", "B": "Ad two"}.get(winner or "")})
    card = view.verdict_card(analysis, "ar", min_trials=experiment.min_trials)
    assert not _latin_outside_content(card), card
    assert "البيانات لا تكفي للحكم بعد" not in card  # a real sentence, not the fallback
    assert card.count('<bdi translate="no">Ad ') >= 1  # the names, isolated as content


def test_every_reason_and_warning_the_engine_gives_has_an_arabic_sentence():
    import regex

    from tests.conftest import REPO
    from toolkit.experiments.decision import REASONS

    assert set(REASONS) <= view.TRANSLATED_REASONS
    for module in ("analysis.py", "service.py"):
        source = (REPO / "toolkit" / "experiments" / module).read_text("utf-8")
        assert set(regex.findall(r'code="(\w+)"', source)) <= view.TRANSLATED_WARNINGS, module


def test_the_plan_sentence_in_arabic(store):
    experiment = service.create_experiment(store, "P", api.parse_variant_lines("A:\nB:"))
    for daily in (20000, 200):  # decided in time, and not
        plan = service.plan_for_experiment(store, experiment.id, 0.02, 0.2, daily, simulations=100)
        assert plan.daily_per_variant == daily
        assert escape(plan.message) in view.plan_sentence(plan, "en")
        arabic = view.plan_sentence(plan, "ar")
        assert ("يُرجَّح الحسم" in arabic) == (plan.days_likely is not None)
        assert "فائزًا زائفًا" in arabic and f"{daily:,}" in arabic  # the A/A false-winner rate, at this traffic
        assert not _latin_outside_content(arabic)


def test_sample_ratio_and_delivery_notes_in_both_languages(store):
    """Reach split 20/80 against a planned 50/50: a broken split; impressions alone: why no check."""
    experiment = service.create_experiment(store, "S", api.parse_variant_lines("A:\nB:"))
    for name, reach in {"A": 2000, "B": 8000}.items():
        service.record(store, experiment.id, name, dt.date(2026, 3, 1), impressions=10 * reach, reach=reach,
                       clicks=reach // 10)
    analysis = service.analyze_experiment(store, experiment.id, save=False)
    assert analysis.srm is not None and analysis.srm.mismatch and analysis.srm.p_value < 1e-15
    assert {"srm", "delivery"} <= {n.code for n in analysis.warnings}
    line = view.srm_line(analysis, "ar")
    assert "tk-srm-bad" in line and "p &lt; 1e-15" in line and "p = 0" not in line
    card = view.verdict_card(analysis, "ar")
    assert "تقسيم الجمهور معطوب" in card and "20.0%" in card and "(المخطط" in card
    assert set(_latin_outside_content(card)) == {"p", "e"}, card  # only "p < 1e-15"

    other = service.create_experiment(store, "I", api.parse_variant_lines("A:\nB:"))
    for name in ("A", "B"):
        service.record(store, other.id, name, dt.date(2026, 3, 1), impressions=5000, clicks=60)
    analysis = service.analyze_experiment(store, other.id, save=False)
    assert analysis.srm is None and view.srm_line(analysis, "ar") == ""
    assert "لا فحص لنسبة العينة" in view.verdict_card(analysis, "ar")
