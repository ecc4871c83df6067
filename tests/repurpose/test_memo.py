"""The remembered layout renders and caption checks give what a fresh render or check gives."""

from __future__ import annotations

from pathlib import Path

from toolkit.repurpose.layout import Layout, _freeze
from toolkit.repurpose.models import Caption
from toolkit.repurpose.validate import _caption_violations, caption_violations


def test_freeze_keeps_value_types_apart() -> None:
    assert _freeze({"body": ["a"]}) != _freeze({"body": ("a",)})
    assert _freeze({"n": 1}) != _freeze({"n": True})
    assert _freeze({"x": {"a": 1}}) is None  # not keyable: rendered every time


def test_remembered_render_follows_its_inputs(tmp_path: Path) -> None:
    (tmp_path / "layout").mkdir()
    (tmp_path / "layout" / "caption.j2").write_text("{{ hook }}|{{ body | join(',') }}|{{ body }}", "utf-8")
    layout = Layout(tmp_path)
    first = layout.caption("nosuch", hook="Hi", body=["a", "b"])
    assert first == "Hi|a,b|['a', 'b']"
    assert layout.caption("nosuch", hook="Hi", body=["a", "b"]) == first
    assert layout.caption("nosuch", hook="Hi", body=("a", "b")) == "Hi|a,b|('a', 'b')"
    assert layout.caption("nosuch", hook="Ho", body=["a", "b"]) == "Ho|a,b|['a', 'b']"


def test_remembered_check_equals_a_fresh_one() -> None:
    long = Caption(platform="x", text="word " * 100, hashtags=["#ok", "#not ok"], length=500, limit=280, unit="x")
    fresh = _caption_violations(long, "en")
    assert fresh and caption_violations(long, "en") == fresh
    again = caption_violations(long, "en")
    again.clear()  # the caller's own list
    assert caption_violations(long, "en") == fresh
    assert caption_violations(long, "ar") == _caption_violations(long, "ar") != fresh
