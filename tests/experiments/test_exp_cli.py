"""`toolkit experiment ...`: exit codes, output, then the rows in the SQLite file."""

from __future__ import annotations

import json
import sqlite3

from click.testing import CliRunner

from toolkit.cli import cli


def _run(db_path, *args):
    result = CliRunner().invoke(cli, ["--db", str(db_path), "experiment", *args])
    return result


def _rows(db_path, sql):
    with sqlite3.connect(db_path) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute(sql)]


def test_create_add_record_analyze_list(db_path):
    r = _run(db_path, "create", "Eid copy", "--variant", "A=عيد مبارك", "--variant", "B", "--split", "50,50")
    assert r.exit_code == 0, r.output
    assert r.output.strip() == "Created experiment 1 'Eid copy' (ctr): A, B"
    assert _rows(db_path, "select name, ad_text, planned_weight from experiment_variants order by position") == [
        {"name": "A", "ad_text": "عيد مبارك", "planned_weight": 50.0},
        {"name": "B", "ad_text": "", "planned_weight": 50.0},
    ]
    r = _run(db_path, "add-variant", "1", "C", "--text", "third", "--weight", "50")
    assert r.exit_code == 0 and "A, B, C" in r.output
    for variant, clicks in (("A", 500), ("B", 650), ("C", 480)):
        r = _run(db_path, "record", "1", variant, "--day", "2024-03-01", "--impressions", "10000", "--clicks", str(clicks))
        assert r.exit_code == 0, r.output
    assert "Recorded C on 2024-03-01: impressions 10000, clicks 480" in r.output
    assert _rows(db_path, "select count(*) n, sum(clicks) c from experiment_observations") == [{"n": 3, "c": 1630}]

    r = _run(db_path, "analyze", "1")
    assert r.exit_code == 0, r.output
    assert "Verdict: Ship B" in r.output and "click-through rate" in r.output
    r = _run(db_path, "analyze", "1", "--json")
    data = json.loads(r.output)
    assert data["verdict"] == "ship_winner" and data["winner"] == "B"
    for arm in data["arms"]:
        assert {"prob_best", "prob_beat_control", "expected_loss", "ci_low", "ci_high"} <= set(arm)
    assert abs(sum(a["prob_best"] for a in data["arms"]) - 1) < 1e-8
    assert _rows(db_path, "select count(*) n from experiment_analyses") == [{"n": 2}]

    r = _run(db_path, "list")
    assert r.exit_code == 0 and "Eid copy" in r.output and "ship_winner (B)" in r.output


def test_import_twice_and_a_bad_file(db_path, exports):
    _run(db_path, "create", "Ramadan", "-v", "عرض رمضان - A", "-v", "عرض رمضان - B", "--metric", "cost_per_result")
    r = _run(db_path, "import", "1", str(exports / "meta_en.csv"))
    assert r.exit_code == 0, r.output
    assert "Imported meta_en.csv (Meta Ads Manager): 8 rows, 6 variant-days from 2024-03-01 to 2024-03-03, currency USD" in r.output
    assert "skipped 1 row(s) of 1 ad(s) that are not variants ('Retargeting carousel'); use --map" in r.output
    r = _run(db_path, "import", "1", str(exports / "meta_en.csv"))
    assert r.exit_code == 0 and "already imported" in r.output
    assert _rows(db_path, "select count(*) n from experiment_observations") == [{"n": 6}]

    _run(db_path, "create", "Bad", "-v", "Variant A", "-v", "Variant B")
    r = _run(db_path, "import", "2", str(exports / "meta_bad.csv"))
    assert r.exit_code == 1
    assert r.output.startswith("Error: meta_bad.csv has 3 invalid rows and nothing was imported: line 3:")
    assert _rows(db_path, "select count(*) n from experiment_observations where experiment_id = 2") == [{"n": 0}]
    r = _run(db_path, "analyze", "1")
    assert "cost per result" in r.output


def test_generic_import_with_columns_and_maps(db_path, exports):
    _run(db_path, "create", "Generic", "-v", "Original", "-v", "New")
    r = _run(
        db_path, "import", "1", str(exports / "generic.csv"), "--platform", "generic", "--date-format", "%d.%m.%Y",
        "--column", "name=variant", "--column", "day=date", "--column", "impressions=views", "--column", "clicks=taps",
        "--map", "Control=Original", "--map", "Challenger=New", "--json",
    )
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["observations"] == 4
    assert _rows(db_path, "select sum(impressions) i from experiment_observations") == [{"i": 4180}]


def test_quick_prints_the_same_fields_and_stores_nothing(db_path):
    r = _run(db_path, "quick", "A=50/1000", "B=62/1000", "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert round(data["arms"][1]["prob_best"], 6) == 0.877463
    assert data["verdict"] == "keep_running"
    assert not db_path.exists()
    r = _run(db_path, "quick", "A=50/1000", "B=62/1000", "C=80/1000")
    assert r.exit_code == 0 and r.output.splitlines()[0].startswith("quick: success rate")
    r = _run(db_path, "quick", "A=5/x")
    assert r.exit_code == 1 and "NAME=SUCCESSES/TRIALS" in r.output


def test_plan_from_numbers_and_from_an_experiment(db_path):
    r = _run(db_path, "plan", "--baseline", "0.05", "--lift", "0.3", "--daily", "4000", "--simulations", "40", "--max-days", "15", "--json")
    assert r.exit_code == 0, r.output
    days = json.loads(r.output)["days"]
    assert days["simulations"] == 40 and days["seed"] == 0 and "prob_decision_se" in days
    assert not db_path.exists()

    _run(db_path, "create", "Budget", "-v", "A", "-v", "B")
    for v, c in (("A", "100"), ("B", "130")):
        _run(db_path, "record", "1", v, "--day", "2024-03-01", "--impressions", "2000", "--clicks", c)
    r = _run(db_path, "plan", "1", "--budget", "1000", "--simulations", "40", "--max-days", "10")
    assert r.exit_code == 0, r.output
    assert "Plan for ctr: baseline 0.05, lift +10.0%, 2,000 per variant a day, 2 variants" in r.output
    assert "budget" in r.output.splitlines()[-1]


def test_errors_are_one_line(db_path):
    r = _run(db_path, "analyze", "9")
    assert r.exit_code == 1 and r.output == "Error: No experiment 9: run `toolkit experiment list` to see the ids.\n"
    r = _run(db_path, "create", "x", "--threshold", "2")
    assert r.exit_code == 1 and r.output.startswith("Error: Invalid experiment: loss_threshold:")
    r = _run(db_path, "record", "1", "A")
    assert r.exit_code == 1 and "Nothing to record" in r.output


def test_every_experiment_command_has_help(db_path):
    from toolkit.experiments.cli import experiment

    for name, command in experiment.commands.items():
        assert command.help, name
        assert _run(db_path, name, "--help").exit_code == 0


def test_simulate_shows_the_rule_at_your_traffic(db_path):
    r = _run(db_path, "simulate", "--baseline", "0.05", "--lift", "0.3", "--daily", "4000",
             "--simulations", "40", "--max-days", "12")
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert lines[0] == "40 simulated tests per scenario, 2 variants, 4,000 per variant a day, baseline 0.05, checked daily for up to 12 days:"
    assert lines[2].split()[:3] == ["A/A", "(no", "lift)"] and lines[3].split()[:2] == ["+30%", "lift"]
    assert "In A/A tests (no real difference) the rule names a false winner in" in r.output
    as_json = json.loads(_run(db_path, "simulate", "--baseline", "0.05", "--daily", "4000", "--simulations", "20",
                              "--max-days", "5", "--json").output)
    assert as_json["daily_per_variant"] == 4000 and 0 <= as_json["aa_false_winner"] <= 1
    bad = _run(db_path, "simulate", "--baseline", "0", "--daily", "10")
    assert bad.exit_code == 1 and bad.output.startswith("Error: Cannot plan: baseline")
