"""The Insights page with AppTest, in English and Arabic, empty and with a history; and its strings."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.conftest import REPO
from tests.insights.history import make_history
from toolkit.app.i18n import tr
from toolkit.store import Store

PAGE = "../../toolkit/app/pages/insights.py"


def open_page(lang: str = "en") -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.session_state["ui_lang"] = lang
    return at.run()


def test_an_empty_history_says_what_it_needs_in_both_languages():
    at = open_page()
    assert not at.exception and not at.error
    assert [i.value for i in at.info] == [(
        "0 experiments with results so far: insights need at least 3 experiments with recorded numbers whose "
        "variants differ in angle, hook, length, emoji, hashtags or tone (create them from captions on the Repurpose page).")]
    at = open_page("ar")
    assert not at.exception
    assert at.info[0].value.startswith("عدد التجارب ذات النتائج حتى الآن: 0")
    assert "direction: rtl" in "".join(h.value for h in at.html)


def test_a_history_shows_the_winner_the_tables_and_the_prior(db_path):
    with Store(db_path) as store:
        make_history(store)
    at = open_page()
    assert not at.exception and not at.error
    assert at.success[0].value == "Question hooks beat summaries on X: +18% CTR (80%: +7% to +25%), 97% probability, 3 experiments."
    assert at.subheader[0].value == "angle"
    table = at.dataframe[0].value
    assert list(table["Value"])[:1] == ["question hooks"] and list(table["Probability it helps"])[:1] == ["97%"]
    assert at.selectbox(key="insights_platform").value == "linkedin"
    assert "Beta(5.93, 194) (mean 0.0297)" in at.markdown[-1].value
    at.selectbox(key="insights_platform").set_value("x").run()
    assert at.markdown[-1].value == "Start a new click-through rate experiment on X from Beta(4.16, 196) (mean 0.0208)."


def test_the_arabic_page_reads_right_to_left_with_arabic_claims(db_path):
    with Store(db_path) as store:
        make_history(store)
    at = open_page("ar")
    assert not at.exception and not at.error
    assert at.success[0].value.startswith("افتتاحيات السؤال تتفوّق على الملخّصات على X: \u2066+18%\u2069 في نسبة النقر")
    assert at.subheader[0].value == "الزاوية"
    assert "المنصة" in at.dataframe[0].value.columns


def test_insights_strings_live_in_the_one_ui_table():
    """The page's words are in ``i18n.AR`` like every other page's (checked both ways by test_app_i18n)."""
    assert tr("Lift", "ar") == "التحسّن" and tr("Lift", "en") == "Lift"
    assert not (REPO / "toolkit" / "app" / "insights_i18n.py").exists()


def test_caption_notes_for_the_variants_section(db_path):
    from toolkit.app.insights_view import caption_note
    from toolkit.insights import service

    with Store(db_path) as store:
        make_history(store)
        report = service.build_insights(store, attributes=("angle",))
    assert caption_note(report, "x", "question", "en", "en") == "+18% CTR vs summaries (97% probability)"
    assert caption_note(report, "x", "question", "en", "ar") == (
        "\u2066+18%\u2069 في نسبة النقر مقابل الملخّصات (باحتمال \u206697%\u2069)")
    assert caption_note(report, "x", "summary", "en", "en") is None


def test_variants_section_shows_each_angles_estimate_and_remembers_the_captions(db_path):
    from toolkit.app.insights_view import caption_note

    """With a history, "Variants to experiment" notes each caption's angle; the new experiment's
    variants keep what they are made of (run, caption, tone, language)."""
    from tests.app.conftest import ENGLISH_POST

    with Store(db_path) as store:
        make_history(store)
    at = AppTest.from_file("../../app.py", default_timeout=90)
    at.run()
    at.text_area(key="source_text").input(ENGLISH_POST.read_text("utf-8"))
    at.multiselect(key="platforms").set_value(["x"])
    at.button(key="generate").click().run()
    assert not at.exception and not at.error
    notes = next(h.value for h in at.html if "tk-insight-notes" in h.value)
    from toolkit.insights import service

    with Store(db_path) as store:
        report = service.build_insights(store, attributes=("angle",))
    result = at.session_state["result"]
    expected = [(c, caption_note(report, "x", c.angle, "en", "en")) for c in result.captions]
    assert notes.count("<li>") == sum(1 for _, n in expected if n) >= 1
    for c, note in expected:
        assert (f"v{c.variant + 1} ({c.angle})</bdi>: {note}</li>" in notes) == bool(note), notes
    names = at.multiselect(key="exp_pick-1").options[:2]
    at.multiselect(key="exp_pick-1").set_value(names)
    at.button(key="exp_create").click().run()
    assert not at.exception and not at.error
    with Store(db_path) as store:
        rows = store.query("select variant_id, run_id, caption_variant, tone, language, angle from variant_attributes")
    assert [(r["run_id"], r["tone"], r["language"]) for r in rows] == [(1, "professional", "en")] * 2
    assert [r["angle"] for r in rows] == [n.rsplit("(", 1)[1].rstrip(")") for n in names]


def test_a_short_history_never_loads_the_insights_model(tmp_path):
    """Fewer than 3 experiments with numbers: the section looks at one count and stops (no scipy)."""
    import subprocess
    import sys

    from toolkit.app.variants import INSIGHTS_MIN_HISTORY
    from toolkit.insights.service import MIN_HISTORY

    assert INSIGHTS_MIN_HISTORY == MIN_HISTORY
    code = ("import sys; from toolkit.store import Store; from toolkit.app.variants import insights_report; "
            f"s = Store({str(tmp_path / 'db.sqlite')!r}); assert insights_report(s) is None; "
            "print(sorted(m for m in sys.modules if m in {'scipy', 'toolkit.insights.service', "
            "'toolkit.insights.pooling', 'toolkit.experiments.service'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True,
                         env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})
    assert out.stdout.strip() == "[]"
