"""The service against a real database: remembered attributes, insights, prior, angle order, CLI."""

from __future__ import annotations

import json
import sqlite3

import pytest
from click.testing import CliRunner

from tests.conftest import EXAMPLES
from tests.insights.history import make_history
from toolkit.app.experiments_store import create_from_captions
from toolkit.cli import cli
from toolkit.errors import InputError, NotFoundError
from toolkit.experiments import service as experiments
from toolkit.insights import service
from toolkit.repurpose import Brief, read_text, repurpose
from toolkit.store import Store

ANGLES = ["summary", "insight", "question", "statistic", "list", "audience"]


@pytest.fixture
def store(db_path):
    with Store(db_path) as s:
        yield s


def _rows(db_path, sql):
    with sqlite3.connect(db_path) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute(sql)]


def test_the_migration_adds_one_table(store):
    assert store.db["variant_attributes"].columns_dict == {
        "variant_id": int, "platform": str, "language": str, "angle": str, "hook": str, "length_band": str,
        "emoji": str, "hashtags": str, "tone": str, "run_id": int, "caption_variant": int, "created_at": str,
    }
    assert {fk.other_table for fk in store.db["variant_attributes"].foreign_keys} == {"experiment_variants", "runs"}
    store.migrate()  # idempotent
    assert store.query("select count(*) as n from variant_attributes") == [{"n": 0}]


def test_captions_remember_their_attributes_run_and_caption(store, db_path):
    run = repurpose(read_text((EXAMPLES / "en_repurposing_guide.md").read_text("utf-8")),
                    Brief(variants=3, tone="friendly"), platforms=["x"], store=store)
    experiment = create_from_captions(store, "Launch", run.captions, "ctr", run.run_id)
    remembered = service.remember_experiment_captions(store, experiment, run.captions, tone="friendly",
                                                      language=run.language, run_id=run.run_id)
    rows = _rows(db_path, "select variant_id, platform, language, angle, tone, run_id, caption_variant "
                          "from variant_attributes order by variant_id")
    assert rows == [{"variant_id": v.id, "platform": "x", "language": "en", "angle": c.angle, "tone": "friendly",
                     "run_id": run.run_id, "caption_variant": c.variant} for v, c in zip(experiment.variants, run.captions, strict=False)]
    assert [a.angle for a in remembered] == [c.angle for c in run.captions]
    assert service.variant_attributes(store, experiment)[experiment.variants[0].id] == remembered[0]
    with pytest.raises(InputError, match="3 variants but 1 captions"):
        service.remember_experiment_captions(store, experiment, run.captions[:1])
    with pytest.raises(NotFoundError, match="No experiment variant 999"):
        service.remember_variant_attributes(store, 999, run.captions[0])


def test_empty_and_tiny_histories_say_what_they_need(store):
    report = service.build_insights(store)
    assert report.effects == () and report.metric is None
    assert report.message.startswith("0 experiments with results so far: insights need at least 3 experiments")
    make_history(store, rows=[("X", "summary", "question", 200, 250)] * 2)
    assert service.build_insights(store).message.startswith("2 ctr experiments with results so far")
    assert service.informed_prior(store, "x") is None


def test_insights_find_the_winning_angle_on_x_only(store):
    make_history(store)
    report = service.build_insights(store, attributes=("angle",))
    assert (report.metric, report.experiments) == ("ctr", 8)
    top = report.effects[0]
    assert (top.platform, top.level, top.reference, top.claim) == ("x", "question", "summary", True)
    assert (top.lift, top.lift_low, top.lift_high, top.prob_helps) == pytest.approx((0.176172, 0.069977, 0.24774, 0.965438), abs=5e-4)
    assert report.message == top.sentence == (
        "Question hooks beat summaries on X: +18% CTR (80%: +7% to +25%), 97% probability, 3 experiments.")
    linkedin = [e for e in report.effects if e.platform == "linkedin"]
    assert linkedin and not any(e.claim for e in linkedin)
    assert all("not enough evidence yet" in e.sentence for e in linkedin)


def test_informed_prior_and_angle_order_from_the_history(store):
    make_history(store)
    prior = service.informed_prior(store, "x")
    assert (prior.alpha, prior.beta) == pytest.approx((4.16, 195.84))  # 2,080 clicks / 100,000 impressions, worth 200
    assert service.informed_prior(store, "x", "roas") is None
    order = service.angle_order(store, "x", "en", ANGLES, n=3)
    assert order[0] == "question" and set(order[2:]) <= {"insight", "audience", "summary", "list"}
    assert service.angle_order(store, "tiktok", "en", ANGLES, n=3) == ANGLES[:3]  # no history there: unchanged
    with pytest.raises(InputError, match="Unknown attribute 'colour'"):
        service.build_insights(store, attributes=("colour",))
    with pytest.raises(InputError, match="revenue"):
        service.build_insights(store, metric="roas")


def test_legacy_variants_get_attributes_from_their_text(store):
    exp = experiments.create_experiment(store, "Hand typed", [
        {"name": "A", "ad_text": "Why do 9 in 10 tests fail? #ads"}, {"name": "B", "ad_text": "Tests fail. Here is why 🚀"}])
    attrs = service.variant_attributes(store, exp)
    assert [(a.hook, a.emoji, a.hashtags, a.angle) for a in attrs.values()] == [
        ("question", "off", "1-2", None), ("statement", "on", "0", None)]


def _cli(db_path, *args):
    return CliRunner().invoke(cli, ["--db", str(db_path), "insights", *args])


def test_cli_on_an_empty_database_is_one_sentence(db_path):
    r = _cli(db_path)
    assert r.exit_code == 0
    assert r.output.count("\n") == 1 and r.output.startswith("0 experiments with results so far")


def test_cli_prints_the_claims_and_json(db_path):
    with Store(db_path) as s:
        make_history(s)
    r = _cli(db_path, "--attribute", "angle", "--platform", "x", "--prior-for", "x")
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert lines[0] == "Question hooks beat summaries on X: +18% CTR (80%: +7% to +25%), 97% probability, 3 experiments."
    assert "  [angle] Question hooks beat summaries on X" in r.output
    assert "linkedin" not in r.output.lower()
    assert "Informed prior for a new ctr experiment on x: Beta(4.16, 195.8), mean 0.0208." in r.output
    data = json.loads(_cli(db_path, "--json").output)
    assert data["metric"] == "ctr" and data["effects"][0]["level"] == "question"
    bad = _cli(db_path, "--metric", "roas")
    assert bad.exit_code == 1 and bad.output.startswith("Error: Insights model rates and counts")


def test_caption_estimate_for_the_variants_section(store):
    make_history(store)
    report = service.build_insights(store, attributes=("angle",))
    estimate = service.caption_estimate(report, "x", "question", "en")
    assert estimate is not None and estimate.sentence.startswith("Question hooks beat summaries on X")
    assert service.caption_estimate(report, "x", "summary") is None  # the reference itself
    assert service.caption_estimate(report, "tiktok", "question") is None


def test_variants_made_before_this_feature_read_tone_and_language_from_their_run(store):
    run = repurpose(read_text((EXAMPLES / "en_repurposing_guide.md").read_text("utf-8")),
                    Brief(variants=2, tone="bold"), platforms=["linkedin"], store=store)
    experiment = create_from_captions(store, "Old", run.captions, "ctr", run.run_id)  # nothing remembered
    attrs = list(service.variant_attributes(store, experiment).values())
    assert [(a.platform, a.angle, a.tone, a.language) for a in attrs] == [
        ("linkedin", c.angle, "bold", "en") for c in run.captions]
    assert [a.hook for a in attrs] == [service.derive(c.text).hook for c in run.captions]


def test_sentences_in_both_languages():
    from toolkit.insights.words import sentence

    args = ("emoji", "on", "off", "linkedin", "ar", "ctr", -0.07, -0.12, -0.02, 0.03, 5, 0.8)
    assert sentence(*args) == ("Captions with emoji trail captions without emoji on LinkedIn (Arabic): -7% CTR "
                               "(80%: -12% to -2%), 97% probability, 5 experiments.")
    assert sentence(*args, lang="ar") == (
        "النصوص ذات الرموز التعبيرية تتأخر عن النصوص بلا رموز تعبيرية على LinkedIn (العربية): \u2066-7%\u2069 في "
        "نسبة النقر (\u206680%\u2069: \u2066-12%\u2069 إلى \u2066-2%\u2069)، باحتمال \u206697%\u2069، عدد التجارب: 5.")
    few = ("hashtags", "3-5", "0", "instagram", None, "ctr", 0.02, -0.03, 0.07, 0.97, 2, 0.8)
    assert sentence(*few) == "3-5 hashtags vs 0 hashtags on Instagram: not enough evidence yet (+2% CTR, 80%: -3% to +7%, 2 experiments)."
