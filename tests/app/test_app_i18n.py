"""Every UI string has an Arabic version both ways, and an Arabic page shows no English label.

The static half reads the source: every ``t(...)``/``tr(...)`` literal and every table of labels
the app translates by value has Arabic, every Arabic entry is used and keeps its placeholders.
The page half drives each page in Arabic with AppTest and reads everything it would show, minus
content (marked ``translate="no"``) and brand names: any Latin word left is an untranslated label.
"""

from __future__ import annotations

import ast
import json
import string
from html.parser import HTMLParser

import pytest
import regex
from streamlit.testing.v1 import AppTest

from tests.app.conftest import ARABIC_POST, meta_export
from tests.conftest import REPO
from toolkit.app import cards, experiment_view, experiments_store, i18n, pages_labels
from toolkit.app.experiment_view import VERDICTS
from toolkit.app.forms import BACKEND_NAMES, LANGUAGE_NAMES, TONES
from toolkit.app.i18n import AR, direction, tr, translate_error
from toolkit.insights.attributes import ATTRIBUTES
from toolkit.platforms import PLATFORMS

SOURCES = [REPO / "app.py", *sorted((REPO / "toolkit" / "app").rglob("*.py"))]
TRANSLATORS = {"t", "tr", "_sentence"}
# Labels translated by value: the tables the app looks words up in.
DYNAMIC = {
    *TONES, *LANGUAGE_NAMES.values(), *BACKEND_NAMES.values(), *(h for h, _ in VERDICTS.values()),
    *cards.UNIT_LABELS.values(), *cards.ANGLE_LABELS.values(), "brand", "niche", "broad",
    *experiment_view.METRIC_LABELS.values(), *experiment_view.COUNT_LABELS.values(),
    *experiment_view._INVALID.values(), *experiment_view._FALLBACK.values(),
    *i18n.BACKEND_LABELS.values(), *i18n.MODEL_LABELS.values(), *pages_labels.ALL, *cards.COPY_LABELS,
    *experiment_view.SHIP_SENTENCES.values(), *experiments_store.PROBLEMS.values(),
    experiment_view.GUARANTEE, experiment_view.GUARANTEE_RUNNING, *ATTRIBUTES.values(), cards.PROBLEM,
}
# Names that stay as they are in Arabic text: brands, platforms, file formats.
BRANDS = {
    *(w for p in PLATFORMS.values() for w in p.name.split()), "OpenAI", "Meta", "Google", "Ads", "TikTok", "LinkedIn",
    "Hootsuite", "Sprout", "Social", "Publer", "PostFast", "CSV", "XLSX", "JSON", "Markdown", "PDF", "PNG", "HTML",
    "Word", "docx", "UTF", "API", "URL", "sha", "p", "http", "https", "v1", "gpt", "mini", "o",
}


# Pickers whose options are identifiers, the same in every language: IANA time zones, and the
# caption variants' ad names (what to call the ad in Ads Manager so its export matches).
IDENTIFIERS = ("sched_zone", "exp_pick-", "tpl_name")


def _strings(node_filter) -> set[str]:
    found: set[str] = set()
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if node_filter(node):
                found.add(node.args[0].value)
    return found


def _translated_literals() -> set[str]:
    """First arguments of every ``t(...)``/``tr(...)`` call with a literal string."""
    return _strings(lambda node: isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in TRANSLATORS and node.args and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str))


def test_every_english_string_has_arabic():
    missing = sorted((_translated_literals() | DYNAMIC) - set(AR) - {"OpenAI"})
    assert not missing, f"add Arabic for: {missing}"


def test_every_arabic_entry_is_used_and_arabic():
    unused = sorted(set(AR) - _translated_literals() - DYNAMIC)
    assert not unused, f"remove unused translations: {unused}"
    not_arabic = [k for k, v in AR.items() if not regex.search(r"\p{Script=Arabic}", v)]
    assert not not_arabic


def test_placeholders_match_both_ways():
    def fields(text: str) -> set[str]:
        return {f for _, f, _, _ in string.Formatter().parse(text) if f}

    assert {k: fields(v) for k, v in AR.items() if fields(k) != fields(v)} == {}


def test_tr_formats_and_falls_back():
    assert tr("variant {n}", "ar", n=2) == "صيغة 2"
    assert tr("variant {n}", "en", n=2) == "variant 2"
    assert tr("not in the table", "ar") == "not in the table"
    assert (direction("ar"), direction("en")) == ("rtl", "ltr")


def test_errors_in_arabic_keep_their_values():
    assert translate_error("Row 3 needs both a day and a variant: fill them in or delete the row.", "ar") == (
        "الصف \u20683\u2069 يحتاج إلى يوم وصيغة معًا: املأهما أو احذف الصف.")
    unknown = translate_error("Something new broke.", "ar")
    assert unknown.startswith("تعذّر إتمام ذلك") and "Something new broke." in unknown


class _Visible(HTMLParser):
    """The text of an HTML fragment minus styles, scripts and ``translate="no"`` content."""

    def __init__(self) -> None:
        super().__init__()
        self.out: list[str] = []
        self.skip: list[str] = []

    def handle_starttag(self, tag, attrs):
        if (self.skip or tag in ("style", "script") or ("translate", "no") in attrs) and tag not in ("br", "img"):
            self.skip.append(tag)
        for name, value in attrs:
            if name in ("title", "data-done") and value and not self.skip:
                self.out.append(value)

    def handle_endtag(self, tag):
        if self.skip and self.skip[-1] == tag:
            self.skip.pop()

    def handle_data(self, data):
        if not self.skip:
            self.out.append(data)


def visible_text(fragment: str) -> str:
    parser = _Visible()
    parser.feed(fragment)
    return " ".join(parser.out)


def english_words(text: str) -> set[str]:
    """Each Latin word that is not a brand, with the line it stands in (to find it quickly)."""
    return {f"{m.group()!r} in {line.strip()[:120]!r}" for line in text.splitlines()
            for m in regex.finditer(r"(?<![@\w])[\p{Latin}][\p{Latin}\d]*", line) if m.group() not in BRANDS}


def labels_of(at: AppTest, content: set[str]) -> str:
    """Everything the page shows that is UI, not content: labels, help, options, messages, HTML, columns."""
    parts: list[str] = []
    for kind in ("title", "subheader", "header", "caption", "markdown", "info", "success", "warning", "error"):
        parts.extend(e.value for e in getattr(at, kind))
    parts.extend(visible_text(h.value) for h in at.html)
    for w in (*at.button, *at.text_input, *at.text_area, *at.selectbox, *at.multiselect, *at.radio, *at.toggle,
              *at.number_input, *at.date_input, *at.time_input, *at.expander, *at.tabs):
        parts.append(getattr(w, "label", "") or "")
        parts.append(getattr(w, "help", "") or "")
    for w in (*at.selectbox, *at.radio, *at.multiselect):
        if not str(w.key).startswith(IDENTIFIERS):
            parts.extend(o for o in w.options if o not in content)
    for d in at.dataframe:  # the header a person sees: the column's label where one is configured
        config = json.loads(d.proto.columns or "{}")
        for c in d.value.columns:
            parts.append(str((config.get(f"name:{c}") or config.get(str(c)) or {}).get("label", c)))
    text = "\n".join(parts)
    for c in sorted(content, key=len, reverse=True):
        text = text.replace(c, "")
    return text


def _arabic_app() -> AppTest:
    at = AppTest.from_file("../../app.py", default_timeout=90)
    at.session_state["ui_lang"] = "ar"
    at.run()
    return at


def test_arabic_pages_show_no_english_label(db_path):
    at = _arabic_app()
    at.text_area(key="source_text").input(ARABIC_POST.read_text("utf-8"))
    at.multiselect(key="platforms").set_value(["x", "youtube", "instagram"])
    at.text_input(key="b_handle").input("@creative_ai")
    at.button(key="generate").click().run()
    assert not at.exception
    result = at.session_state["result"]
    names = at.multiselect(key="exp_pick-1").options[:2]
    content = {*names, result.title}
    found = {"repurpose": english_words(labels_of(at, content))}

    at.multiselect(key="exp_pick-1").set_value(names)
    at.button(key="exp_create").click().run()
    at.switch_page("toolkit/app/pages/experiments.py").run()
    at.session_state["exp_section"] = "import"
    at.run()
    export = meta_export({names[0]: (12000, 160), names[1]: (12000, 250)})
    uploader = next(u for u in at.get("file_uploader") if str(u.key).startswith("import-1"))
    uploader.upload("Spring.csv", export, "text/csv").run()
    at.button(key="import_go").click().run()
    content |= {"Spring.csv", "Spring"}
    for section in ("import", "results", "numbers", "planner"):
        at.session_state["exp_section"] = section
        at.run()
        if section == "planner":
            at.button(key="plan_go").click().run()
            assert any("tk-plan" in h.value for h in at.html)
        if section == "results":
            assert any("tk-verdict" in h.value for h in at.html)
        assert not at.exception
        found[f"experiments/{section}"] = english_words(labels_of(at, content))
    for page in ("insights", "history", "prompts"):
        at.switch_page(f"toolkit/app/pages/{page}.py").run()
        assert not at.exception
        found[page] = english_words(labels_of(at, content))
    problems = [f"{page}: {w}" for page, words in found.items() for w in sorted(words)]
    assert not problems, "English labels in the Arabic UI:\n" + "\n".join(problems)


@pytest.mark.parametrize("kind", ["system", "user"])
def test_role_names_are_translated(kind):
    assert tr(pages_labels.ROLES[kind], "ar") != pages_labels.ROLES[kind]
