"""The Insights page with AppTest, in English and Arabic, empty and with a history; and its strings."""

from __future__ import annotations

import ast

from streamlit.testing.v1 import AppTest

from tests.conftest import REPO
from tests.insights.history import make_history
from toolkit.app.insights_i18n import AR_INSIGHTS, ti
from toolkit.store import Store

PAGE = "../../toolkit/app/pages/insights.py"
SOURCES = [REPO / "toolkit" / "app" / "pages" / "insights.py", REPO / "toolkit" / "app" / "insights_view.py"]


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
    assert "Start a new ctr experiment on X from Beta(4.16, 196) (mean 0.0208)." == at.markdown[-1].value


def test_the_arabic_page_reads_right_to_left_with_arabic_claims(db_path):
    with Store(db_path) as store:
        make_history(store)
    at = open_page("ar")
    assert not at.exception and not at.error
    assert at.success[0].value.startswith("افتتاحيات السؤال تتفوّق على الملخّصات على X: \u2066+18%\u2069 في نسبة النقر")
    assert at.subheader[0].value == "الزاوية"
    assert "المنصة" in at.dataframe[0].value.columns


def _ti_literals() -> set[str]:
    found = set()
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "ti"
                    and node.args and isinstance(node.args[0], ast.Constant)):
                found.add(node.args[0].value)
    return found


def test_every_insights_string_has_arabic_and_none_is_unused():
    used = _ti_literals()
    from toolkit.insights.attributes import (
        ATTRIBUTES,  # labels passed through ``ti`` as data
    )

    dynamic = {*ATTRIBUTES.values(), "Insights"}  # "Insights" is the page title app.py shows
    assert not sorted(used - set(AR_INSIGHTS))
    assert not sorted(set(AR_INSIGHTS) - used - dynamic)
    assert ti("Lift", "ar") == "التحسّن" and ti("Lift", "en") == "Lift"


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
