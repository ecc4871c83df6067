"""Every UI string the app shows has an Arabic version, and the table holds nothing unused."""

from __future__ import annotations

import ast

from tests.conftest import REPO
from toolkit.app.experiment_view import VERDICTS
from toolkit.app.forms import BACKEND_NAMES, LANGUAGE_NAMES, TONES
from toolkit.app.i18n import AR, direction, tr

SOURCES = [REPO / "app.py", *sorted((REPO / "toolkit" / "app").rglob("*.py"))]


def _translated_literals() -> set[str]:
    """First arguments of every ``t(...)``/``tr(...)`` call with a literal string."""
    found: set[str] = set()
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in {"t", "tr"}
                    and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                found.add(node.args[0].value)
    return found


def test_every_ui_string_has_arabic():
    missing = sorted(_translated_literals() - set(AR))
    assert not missing, f"add Arabic for: {missing}"


def test_dynamic_labels_have_arabic():
    for label in (*TONES, *LANGUAGE_NAMES.values(), *BACKEND_NAMES.values(), *(h for h, _ in VERDICTS.values())):
        assert label in AR or label == "OpenAI", label


def test_no_unused_translations():
    used = _translated_literals()
    # Values passed through ``tr`` as data (tones, language names, verdicts) are looked up dynamically.
    dynamic = {*TONES, *LANGUAGE_NAMES.values(), *BACKEND_NAMES.values(), *(h for h, _ in VERDICTS.values())}
    unused = sorted(set(AR) - used - dynamic)
    assert not unused, f"remove unused translations: {unused}"


def test_tr_formats_and_falls_back():
    assert tr("variant {n}", "ar", n=2) == "صيغة 2"
    assert tr("variant {n}", "en", n=2) == "variant 2"
    assert tr("not in the table", "ar") == "not in the table"
    assert (direction("ar"), direction("en")) == ("rtl", "ltr")
