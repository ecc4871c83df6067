"""The pieces behind issue 12's catalogue: the one decoder, HTML depth, the bounded sandbox, safe
reads and outputs, and bulk rows that point outside their folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import EXAMPLES, REPO
from toolkit.bulk.inputs import iter_items, read_item
from toolkit.decoding import decode_text
from toolkit.errors import InputError, OutputError, TemplateError
from toolkit.repurpose.export import md_escape
from toolkit.repurpose.load import bound_html_depth, read_bytes
from toolkit.safeio import check_output_path, read_file, write_output
from toolkit.templates import make_environment, render, render_string

AR = (EXAMPLES / "ar_content_marketing.md").read_text("utf-8")
EN = "Content marketing builds trust with your audience, 3× faster than ads. " * 4


@pytest.mark.parametrize(("data", "encoding", "warned"), [
    (EN.encode(), "utf-8", False),
    (b"\xef\xbb\xbf" + EN.encode(), "utf-8", False),
    (EN.encode("utf-16"), "utf-16-le", False),
    (EN.encode("utf-16-le"), "utf-16-le", True),
    (AR.encode("utf-16-be"), "utf-16-be", True),
    (AR[:400].encode("cp1256", "replace"), "cp1256", True),
    ("Café naïve, résumé déjà vu. ".encode("latin-1") * 3, "cp1252", True),
])
def test_one_detector_for_every_encoding(data, encoding, warned):
    decoded = decode_text(data, "post.md")
    assert decoded.encoding == encoding and bool(decoded.warnings) == warned
    assert "\ufffd" not in decoded.text


def test_a_stray_byte_keeps_utf8_and_says_so():
    decoded = decode_text(EN.encode().replace(b"trust", b"tr\xffust", 1), "post.md")
    assert decoded.encoding == "utf-8" and "3× faster" in decoded.text and "tr\ufffdust" in decoded.text
    assert decoded.warnings == (("post.md is UTF-8 with 1 invalid byte, shown as \ufffd: check those spots, "
                                "or re-save the file as UTF-8."),)


def test_binary_and_random_bytes_are_refused():
    with pytest.raises(InputError, match="looks like a binary file"):
        decode_text(bytes(range(256)) * 10, "x.bin")


def test_html_depth_is_bounded_and_text_kept():
    html = "<div>" * 1000 + "deep words" + "</div>" * 1000
    bounded, removed = bound_html_depth(html, 50)
    assert removed == 2 * 950 and "deep words" in bounded
    assert bounded.count("<div>") == 50 and bounded.count("</div>") == 50
    legacy = "<p>one" * 600 + "<ul>" + "<li>x" * 600 + "</ul>"  # unclosed <p>/<li> are flat, not deep
    assert bound_html_depth(legacy, 50) == (legacy, 0)


def test_deep_html_loads_with_a_warning():
    source = read_bytes(("<html><body>" + "<span>" * 5000 + "text" + "</span>" * 5000 + "</body></html>").encode(), "p.html")
    assert source.format == "html" and "text" in source.text and "deeper than 256 levels" in source.warnings[0]


@pytest.mark.parametrize(("template", "message"), [
    ("{{ 7 ** 999999999 }}", "too large a number"),
    ("{{ 'x' * 10**10 }}", "repeating a value"),
    ("{{ [0] * 10**9 }}", "repeating a value"),
    ("{{ 'x'|center(10**9) }}", "center"),
    ("{{ 'x'.ljust(10**9) }}", "ljust()"),
    ("{{ '%0999999999d' % 1 }}", "formatting width"),
    ("{{ '{:>999999999}'.format(1) }}", "formatting width"),
    ("{{ ('x' * 100000)|replace('x', 'y' * 100) }}", "replace()"),
    ("{{ range(100000)|join('x' * 1000) }}", "join()"),
    ("{{ range(10)|slice(10**9)|list }}", "slice"),
    ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}", "loops ask for more"),
    ("{% for i in range(50000) %}{{ 'x' * 100 }}{% endfor %}", "the output would exceed"),
    ("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(1) }}", "calls itself"),
    ("{{ 1 / 0 }}", "ZeroDivisionError"),
])
def test_template_bombs_end_in_one_sentence(template, message):
    with pytest.raises(TemplateError, match="^The inline template .*") as err:
        render_string(make_environment([]), template, {})
    assert message in str(err.value)


def test_a_template_that_never_ends_is_interrupted(monkeypatch):
    monkeypatch.setenv("TOOLKIT_TEMPLATE_TIMEOUT", "0.5")
    env = make_environment([])
    with pytest.raises(TemplateError, match="took longer than 0.5 s"):
        render_string(env, "{% set s = 'x' * 100000 %}{% for a in s %}{% for b in s %}{% endfor %}{% endfor %}", {})
    assert render_string(env, "{{ 2 ** 10 }} {{ 'ab' * 2 }} {{ '%3d' % 7 }}", {}) == "1024 abab   7"  # still usable


def test_template_links_out_of_the_folder_are_refused(tmp_path):
    (tmp_path / "ok.j2").write_text("fine", "utf-8")
    (tmp_path / "leak.j2").symlink_to("/etc/hostname" if os.path.exists("/etc/hostname") else "/etc/passwd")
    env = make_environment([tmp_path])
    assert render(env, "ok.j2", {}) == "fine"
    with pytest.raises(TemplateError, match="outside its template folder"):
        render(env, "leak.j2", {})


def test_reads_refuse_fifos_devices_and_oversize(tmp_path):
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="named pipe"):
        read_file(fifo, max_bytes=100)
    with pytest.raises(InputError, match="character device"):
        read_file("/dev/zero", max_bytes=100)
    big = tmp_path / "big.md"
    big.write_bytes(b"x" * 101)
    with pytest.raises(InputError, match="larger than 101 bytes|larger than 100 bytes"):
        read_file(big, max_bytes=100)


def test_output_checks_and_atomic_write(tmp_path):
    with pytest.raises(OutputError, match="does not exist"):
        check_output_path(tmp_path / "missing" / "x.json")
    with pytest.raises(OutputError, match="system folder"):
        check_output_path("/proc/self/x")
    with pytest.raises(OutputError, match="is a folder"):
        check_output_path(tmp_path)
    target = write_output(tmp_path / "out.txt", "hello")
    assert target.read_text("utf-8") == "hello" and [p.name for p in tmp_path.iterdir()] == ["out.txt"]
    assert check_output_path(os.devnull) == write_output(os.devnull, "x")


def test_bulk_rows_stay_inside_their_folder(tmp_path, monkeypatch):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "post.md").write_text("# Outside\n\nwords", "utf-8")
    inside = tmp_path / "in"
    inside.mkdir()
    (inside / "ok.md").write_text("# Inside\n\nwords", "utf-8")
    (inside / "link.md").symlink_to(outside / "post.md")
    rows = inside / "rows.jsonl"
    rows.write_text("\n".join(json.dumps({"file": f}) for f in ["ok.md", "../outside/post.md", "/dev/zero"]) + "\n", "utf-8")
    items = list(iter_items(rows))
    assert items[0].error is None and read_item(items[0]) == b"# Inside\n\nwords"
    assert "is outside the input's folder" in items[1].error and "is outside" in items[2].error
    folder = {i.key: i for i in iter_items(inside)}
    assert "links outside the input's folder" in folder["link.md"].error and folder["ok.md"].error is None
    monkeypatch.setenv("TOOLKIT_BULK_ALLOW", str(outside))
    assert list(iter_items(rows))[1].error is None and next(iter(iter_items(inside))).error is None


def test_markdown_escape_keeps_post_text_inert():
    escaped = md_escape("<script>x</script> ![t](http://h/p.png) [l](http://a) # not a heading\n# heading")
    assert "<script>" not in escaped and "!\\[t\\](http://h/p.png)" in escaped and escaped.endswith("\\# heading")


def test_bounded_rendering_works_under_a_tracer():
    # A debugger or coverage sets a trace function; the time limit's watchdog must not stall it.
    script = ("import sys\nfrom toolkit.templates import make_environment, render_string\n"
              "env = make_environment([])\nrender_string(env, '{{ 1 }}', {})\nsys.settrace(lambda *a: None)\n"
              "print(''.join(render_string(env, '{{ x }}', {'x': i}) for i in range(200)))\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    assert done.returncode == 0 and done.stdout.strip().endswith("199"), done.stderr
