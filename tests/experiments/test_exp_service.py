"""The one-call API against a real SQLite file: storage, imports, concurrency, verdicts."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import sqlite3

import pytest

from toolkit.errors import InputError, NotFoundError
from toolkit.experiments import (
    ImportRowsError,
    add_variant,
    analyze_experiment,
    budget_split,
    create_experiment,
    import_results,
    list_experiments,
    plan,
    quick,
    record,
    repository,
)
from toolkit.store import Store


def _rows(db_path, sql, params=()):
    with sqlite3.connect(db_path) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute(sql, params)]


def test_create_record_analyze_and_store_the_result(store, db_path):
    exp = create_experiment(store, "Ramadan copy", ["A", {"name": "B", "ad_text": "خصم ٢٠٪ اليوم فقط"}])
    assert [v.name for v in exp.variants] == ["A", "B"] and exp.control.name == "A"
    record(store, exp.id, "A", "2024-03-01", impressions=10_000, clicks=500)
    record(store, exp.id, "b", dt.date(2024, 3, 1), impressions=10_000)  # names match ignoring case
    record(store, exp.id, "B", "2024-03-01", clicks=650)  # merges into the stored day
    result = analyze_experiment(store, exp.id)
    assert result.verdict == "ship_winner" and result.winner == "B"
    assert result.arms[1].numerator == 650 and result.arms[1].denominator == 10_000
    stored = _rows(db_path, "select * from experiment_analyses")
    assert len(stored) == 1 and stored[0]["verdict"] == "ship_winner" and stored[0]["id"] == result.analysis_id
    assert '"prob_best"' in stored[0]["result_json"]
    assert _rows(db_path, "select count(*) n from experiment_observations")[0]["n"] == 2
    assert list_experiments(store)[0].last_winner == "B"


def test_invalid_inputs_are_clear_errors(store):
    with pytest.raises(InputError, match="metric"):
        create_experiment(store, "x", ["A", "B"], metric="likes")
    exp = create_experiment(store, "x", ["A", "B"])
    with pytest.raises(InputError, match="already has a variant named 'a'"):
        add_variant(store, exp.id, "a")
    with pytest.raises(NotFoundError, match="no variant 'C'"):
        record(store, exp.id, "C", clicks=1)
    with pytest.raises(InputError, match="clicks"):
        record(store, exp.id, "A", "2024-03-01", impressions=10, clicks=20)
    with pytest.raises(InputError, match="observation"):
        record(store, exp.id, "A", "2024-13-01", clicks=1)
    with pytest.raises(InputError, match="greater than or equal to 0"):
        record(store, exp.id, "A", "2024-03-01", spend=-1)
    with pytest.raises(NotFoundError, match="No generation run 99"):
        add_variant(store, exp.id, "C", run_id=99)
    for name in "CDEFGHIJ":
        add_variant(store, exp.id, name)
    with pytest.raises(InputError, match="10 variants"):
        add_variant(store, exp.id, "K")
    with pytest.raises(NotFoundError, match="No experiment 42"):
        analyze_experiment(store, 42)


def test_variant_links_to_a_generation_run(store, db_path):
    with store.write() as db:
        db["runs"].insert({"id": 7, "created_at": "2024-01-01", "status": "ok", "backend": "offline"})
    exp = create_experiment(store, "linked", ["A", "C"])
    exp = add_variant(store, exp.id, "B", ad_text="caption from run 7", run_id=7)
    assert exp.variants[2].run_id == 7
    assert _rows(db_path, "select run_id from experiment_variants where name = 'B'")[0]["run_id"] == 7


def test_zero_impressions_gives_a_neutral_result_not_an_exception(store):
    exp = create_experiment(store, "new", ["A", "B", "C"])
    record(store, exp.id, "A", "2024-03-01", impressions=1000, clicks=40)
    record(store, exp.id, "B", "2024-03-01", impressions=1000, clicks=55)
    result = analyze_experiment(store, exp.id)
    assert result.verdict == "keep_running" and result.reason == "no_data"
    c = result.arms[2]
    assert c.reason == "no_data" and c.prob_best is None and c.ci_low is None
    assert result.arms[1].prob_best is not None  # the others are still compared
    assert "no impressions yet for C" in result.message


def test_import_meta_export_then_reimport_changes_nothing(store, db_path, exports):
    exp = create_experiment(store, "meta", ["عرض رمضان - A", "عرض رمضان - B"], metric="cost_per_result")
    report = import_results(store, exp.id, exports / "meta_en.csv")
    assert (report.platform, report.currency, report.rows_read, report.observations) == ("meta", "USD", 8, 6)
    assert report.unmatched == {"Retargeting carousel": 1}
    assert (report.first_day, report.last_day) == (dt.date(2024, 3, 1), dt.date(2024, 3, 3))
    totals = repository.variant_totals(store, exp.id)
    b = totals[exp.variants[1].id]
    assert b.impressions == 12_102 + 12_870 + 1_130 + 12_215  # two ad sets on 3/2 are summed
    assert b.spend == pytest.approx(38.52 + 40.46 + 3.90 + 38.74)

    again = import_results(store, exp.id, exports / "meta_en.csv")
    assert again.already_imported and again.import_id == report.import_id
    assert repository.variant_totals(store, exp.id) == totals
    assert _rows(db_path, "select count(*) n from experiment_imports")[0]["n"] == 1
    row = _rows(db_path, "select * from experiment_imports")[0]
    assert (row["row_count"], row["observation_count"], row["platform"]) == (8, 6, "meta")
    assert len(row["file_hash"]) == 64

    result = analyze_experiment(store, exp.id)
    assert result.arms[1].cost_mean is not None and result.arms[1].cost_ci_low < result.arms[1].cost_ci_high


def test_overlapping_export_replaces_days_instead_of_adding(store, exports, tmp_path):
    exp = create_experiment(store, "tiktok", ["Hook A - problem first", "Hook B - قبل وبعد"])
    import_results(store, exp.id, exports / "tiktok.csv")
    before = repository.variant_totals(store, exp.id)
    edited = (exports / "tiktok.csv").read_text("utf-8").replace("2024-03-02,Hook A - problem first,31.50,\"15,600\"", "2024-03-02,Hook A - problem first,31.50,\"15,700\"")
    (tmp_path / "tiktok_v2.csv").write_text(edited, "utf-8")
    report = import_results(store, exp.id, tmp_path / "tiktok_v2.csv")
    assert not report.already_imported
    after = repository.variant_totals(store, exp.id)
    assert after[exp.variants[0].id].impressions == before[exp.variants[0].id].impressions + 100
    assert after[exp.variants[1].id] == before[exp.variants[1].id]


@pytest.mark.parametrize(
    "file_name, variants, kwargs, impressions",
    [
        ("meta_ar.csv", ["خصم العيد ٢٠٪", "توصيل مجاني للعيد"], {}, 8400 + 9020),
        ("google.csv", ["Headline A", "Headline B"], {}, 3210 + 3305 + 3120),
        ("linkedin.csv", ["Whitepaper - data story", "Whitepaper - CFO quote"], {}, 4100 + 4220),
        (
            "generic.csv",
            ["Original", "New"],
            {
                "platform": "generic",
                "date_format": "%d.%m.%Y",
                "name_map": {"Control": "Original", "Challenger": "New"},
                "columns": {"name": "variant", "day": "date", "impressions": "views", "clicks": "taps", "conversions": "sales", "spend": "cost"},
            },
            2100,
        ),
    ],
)
def test_every_platform_imports(store, exports, file_name, variants, kwargs, impressions):
    exp = create_experiment(store, file_name, variants)
    report = import_results(store, exp.id, exports / file_name, **kwargs)
    assert report.observations > 0 and not report.unmatched
    assert repository.variant_totals(store, exp.id)[exp.variants[0].id].impressions == impressions


def test_bad_file_imports_nothing(store, db_path, exports):
    exp = create_experiment(store, "bad", ["Variant A", "Variant B"])
    with pytest.raises(ImportRowsError, match="line 3"):
        import_results(store, exp.id, exports / "meta_bad.csv")
    assert _rows(db_path, "select count(*) n from experiment_observations")[0]["n"] == 0
    assert _rows(db_path, "select count(*) n from experiment_imports")[0]["n"] == 0


def test_a_failure_midway_through_writing_rolls_everything_back(store, db_path, exports, monkeypatch):
    exp = create_experiment(store, "atomic", ["عرض رمضان - A", "عرض رمضان - B"])
    real = repository.write_import

    def write_then_fail(db, record, observations):
        real(db, record, list(observations)[:3])  # some rows are written inside the transaction...
        raise RuntimeError("disk full")  # ...then the import dies

    monkeypatch.setattr(repository, "write_import", write_then_fail)
    with pytest.raises(RuntimeError):
        import_results(store, exp.id, exports / "meta_en.csv")
    assert _rows(db_path, "select count(*) n from experiment_observations")[0]["n"] == 0
    assert _rows(db_path, "select count(*) n from experiment_imports")[0]["n"] == 0


def test_unmatched_file_says_how_to_map(store, exports):
    exp = create_experiment(store, "names", ["A", "B"])
    with pytest.raises(InputError, match="--map"):
        import_results(store, exp.id, exports / "tiktok.csv")
    report = import_results(store, exp.id, exports / "tiktok.csv", name_map={"hook a - problem first": "A", "Hook B - قبل وبعد": "B"})
    assert report.observations == 4


def _record_many(db_path: str, variant: str, start: int) -> None:
    with Store(db_path) as store:
        for i in range(25):
            record(store, 1, variant, dt.date(2024, 1, 1) + dt.timedelta(days=start + i), impressions=100 + i, clicks=i)


@pytest.mark.slow
def test_two_processes_recording_at_once_lose_nothing(store, db_path):
    create_experiment(store, "race", ["A", "B"])
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_record_many, args=(str(db_path), v, 0)) for v in ("A", "B")]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert [p.exitcode for p in procs] == [0, 0]
    rows = _rows(db_path, "select variant_id, count(*) n, sum(clicks) c from experiment_observations group by variant_id")
    assert [(r["n"], r["c"]) for r in rows] == [(25, 300), (25, 300)]


def test_engagement_rate_is_a_count_per_reach(store):
    exp = create_experiment(store, "organic", ["Post A", "Post B"], metric="engagement_rate", min_trials=0)
    record(store, exp.id, "Post A", "2024-05-01", reach=800, engagements=1200)  # more engagements than people
    record(store, exp.id, "Post B", "2024-05-01", reach=900, engagements=700)
    result = analyze_experiment(store, exp.id, save=False)
    assert result.model == "gamma" and result.arms[0].prob_best > 0.999
    assert result.arms[0].mean == pytest.approx(1201 / 800)


def test_revenue_per_click_from_aggregates(store):
    exp = create_experiment(store, "revenue", ["A", "B"], metric="revenue_per_click", min_trials=0)
    record(store, exp.id, "A", "2024-03-01", clicks=1000, conversions=40, revenue=2000.0)
    record(store, exp.id, "B", "2024-03-01", clicks=1000, conversions=44, revenue=2600.0)
    record(store, exp.id, "A", "2024-03-02", clicks=500, conversions=0, revenue=0.0)
    result = analyze_experiment(store, exp.id, save=False)
    assert result.model == "revenue"
    # quasi-Poisson: unit = (1 + cv^2) * mean order value = 100 for A; posterior mean (unit + revenue) / clicks
    assert result.arms[0].mean == pytest.approx((100 + 2000) / 1500)
    assert 0.5 < result.arms[1].prob_best < 1


def test_funnel_has_every_stage_with_its_posterior(store, exports):
    exp = create_experiment(store, "funnel", ["Headline A", "Headline B"])
    import_results(store, exp.id, exports / "google.csv")
    result = analyze_experiment(store, exp.id, funnel=True, save=False)
    metrics = {row.metric for row in result.funnel}
    assert metrics == {"ctr", "cvr", "conversions_per_impression", "cost_per_click", "cost_per_result", "roas"}
    cpc = [r for r in result.funnel if r.metric == "cost_per_click"]
    assert all(r.ci_low < r.mean < r.ci_high for r in cpc)
    assert {r.reason for r in result.funnel if r.metric == "roas"} == {"no_revenue"}  # Google export has none


def test_sample_ratio_check_counts_people_not_impressions(store):
    exp = create_experiment(store, "split", [{"name": "A", "planned_weight": 50}, {"name": "B", "planned_weight": 50}])
    record(store, exp.id, "A", "2024-03-01", impressions=502_000, clicks=7530, reach=200_300)
    record(store, exp.id, "B", "2024-03-01", impressions=498_000, clicks=7470, reach=199_700)
    result = analyze_experiment(store, exp.id, save=False)
    # 50.2/49.8 of a million impressions is delivery, not a broken split; reach is balanced
    assert result.srm.unit == "reach" and not result.srm.mismatch
    assert result.srm.p_value == pytest.approx(0.3428, abs=1e-4)
    assert not {w.code for w in result.warnings} & {"srm", "delivery"}

    record(store, exp.id, "A", "2024-03-01", impressions=600_000, reach=230_000)
    result = analyze_experiment(store, exp.id, save=False)
    codes = {w.code: w.message for w in result.warnings}
    assert result.srm.mismatch and codes["srm"].startswith("People reached do not match the planned split (chi-square p < 1e-15)")
    assert "delivery" not in codes  # A has 54.6% of impressions: 4.6 points off the plan is no news
    record(store, exp.id, "A", "2024-03-01", impressions=800_000)
    codes = {w.code: w.message for w in analyze_experiment(store, exp.id, save=False).warnings}
    assert codes["delivery"].startswith("Delivery: impressions went A 61.6% (planned 50.0%), B 38.4% (planned 50.0%).")


def test_without_reach_the_sample_ratio_check_says_why_not(store):
    exp = create_experiment(store, "split", [{"name": "A", "planned_weight": 1}, {"name": "B", "planned_weight": 1}])
    record(store, exp.id, "A", "2024-03-01", impressions=12_000, clicks=300, spend=1000)
    record(store, exp.id, "B", "2024-03-01", impressions=8_000, clicks=200, spend=10)
    result = analyze_experiment(store, exp.id, save=False)
    codes = {w.code: w.message for w in result.warnings}
    assert result.srm is None and "srm" not in codes  # never chi-square on impressions or spend
    assert codes["srm_not_applicable"].startswith("No sample-ratio check: it needs the people reached per variant")
    assert codes["delivery"].startswith("Delivery: impressions went A 60.0% (planned 50.0%), B 40.0% (planned 50.0%).")


def test_plan_and_budget_from_a_running_experiment(store):
    exp = create_experiment(store, "budget", ["A", "B"])
    for day in range(1, 4):
        record(store, exp.id, "A", f"2024-03-0{day}", impressions=2000, clicks=100)
        record(store, exp.id, "B", f"2024-03-0{day}", impressions=2000, clicks=112)
    result = plan(store, exp.id, lift=0.3, budget=500, simulations=40, max_days=10)
    assert result.days.baseline == pytest.approx(0.05) and result.days.daily_per_variant == 2000
    assert sum(s.amount for s in result.budget) == pytest.approx(500)
    assert result.budget[1].share > result.budget[0].share
    assert budget_split(store, exp.id, 100)[1].amount == result.budget[1].amount / 5


def test_quick_stores_nothing_and_validates():
    r = quick(["A=50/1000", "B=62/1000"])
    assert r.arms[1].prob_best == pytest.approx(0.877463115215891, abs=1e-8)
    with pytest.raises(InputError, match="NAME=SUCCESSES/TRIALS"):
        quick(["A=50", "B=1/2"])
    with pytest.raises(InputError, match="more successes than trials"):
        quick({"A": (5, 4), "B": (1, 2)})


@pytest.mark.parametrize("value", ["inf", "nan", "-1"])
def test_record_refuses_non_finite_or_negative_values(store, value):
    exp = create_experiment(store, "bad values", ["A", "B"])
    with pytest.raises(InputError, match=r"^Invalid observation: spend: .*\.$"):
        record(store, exp.id, "A", "2024-03-01", spend=float(value))


def test_a_stored_bad_value_never_crashes_analysis(store):
    exp = create_experiment(store, "old db", ["A", "B"], metric="cost_per_click")
    record(store, exp.id, "A", "2024-03-01", impressions=1000, clicks=20, spend=10)
    record(store, exp.id, "B", "2024-03-01", impressions=1000, clicks=25, spend=10)
    with store.write() as db:  # what an older version could store
        db.execute("update experiment_observations set spend = 1e999 where variant_id = ?", [exp.variants[0].id])
    result = analyze_experiment(store, exp.id, funnel=True)
    assert result.verdict == "keep_running" and result.arms[0].reason == "invalid_value"
    assert result.message.startswith("Cannot judge A: a stored number is infinite")
    assert {r.reason for r in result.funnel if r.variant == "A" and r.metric in ("cost_per_click", "roas")} == {"invalid_value"}
    assert {r.reason for r in result.funnel if r.metric == "ctr"} == {None}  # impressions and clicks are fine


@pytest.mark.parametrize("variants", [["A"], [f"V{i}" for i in range(11)]])
def test_an_experiment_needs_two_to_ten_variants(store, variants):
    with pytest.raises(InputError, match="an experiment compares 2 to 10"):
        create_experiment(store, "count", variants)


def test_revenue_warns_when_daily_revenue_is_more_uneven_than_value_cv_allows(store):
    exp = create_experiment(store, "orders", ["A", "B"], metric="revenue_per_click", min_trials=0)
    swings = [40, 900, 60, 1500, 30, 800, 70]  # a few big orders make most of the revenue
    for day, revenue in enumerate(swings, 1):
        for v in ("A", "B"):
            record(store, exp.id, v, f"2024-03-0{day}", impressions=10_000, clicks=400, conversions=8, revenue=revenue)
    notice = {w.code: w.message for w in analyze_experiment(store, exp.id, save=False).warnings}["revenue_assumption"]
    assert notice.startswith("Daily revenue varies ") and "recreate the experiment with --value-cv" in notice

    steady = create_experiment(store, "steady", ["A", "B"], metric="revenue_per_click", min_trials=0)
    for day, revenue in enumerate([410, 395, 402, 388, 420, 399, 405], 1):
        for v in ("A", "B"):
            record(store, steady.id, v, f"2024-03-0{day}", impressions=10_000, clicks=400, conversions=8, revenue=revenue)
    assert "revenue_assumption" not in {w.code for w in analyze_experiment(store, steady.id, save=False).warnings}
    short = create_experiment(store, "short", ["A", "B"], metric="roas", min_trials=0)
    for v in ("A", "B"):
        record(store, short.id, v, "2024-03-01", impressions=10_000, clicks=400, conversions=8, revenue=400, spend=100)
    notice = {w.code: w.message for w in analyze_experiment(store, short.id, save=False).warnings}["revenue_assumption"]
    assert notice.startswith("Revenue intervals assume order values vary with a coefficient of variation of 1 ")


def test_plan_for_experiment_takes_the_rule_from_the_experiment(store):
    from toolkit.experiments.service import plan_for_experiment

    exp = create_experiment(store, "planned", ["A", "B", "C"], rope=0.02, min_trials=500)
    days = plan_for_experiment(store, exp.id, baseline=0.05, lift=0.3, daily_per_variant=4000, max_days=8, simulations=20)
    assert (days.arms, days.daily_per_variant, days.metric) == (3, 4000, "ctr")
    assert days.message.startswith("At 4,000 impressions per variant a day, checked daily for up to 8 days: ")
    with pytest.raises(NotFoundError):
        plan_for_experiment(store, 99, 0.05, 0.3, 4000)


@pytest.mark.parametrize(
    "counts, message",
    [
        (["A=1500/100000", "B=1800/100000"],
         "Ship B: it beats A with >99.9% probability, by +12.1% to +28.4% (95% interval). Checked daily, a test "
         "like this names a false winner less than 5% of the time."),
        (["A=1500/100000", "B=1650/100000"],
         "Keep running: B leads and beats A with 99.6% probability (lift +2.6% to +17.9%), but the evidence "
         "(Bayes factor 8.36) is short of the 20 a winner needs. Check as often as you like: the rule names a "
         "false winner less than 5% of the time."),
        (["A=9000/600000", "B=9010/600000"],
         "Stop, no meaningful difference: every variant is within ±5.0% of A's success rate with at least 95% "
         "probability (B: -2.7% to +3.1%). Checked daily, a test like this names a false winner less than 5% of "
         "the time."),
    ],
)
def test_verdict_sentences_say_what_is_known_and_what_is_guaranteed(counts, message):
    assert quick(counts).message == message
