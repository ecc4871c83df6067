"""The catalogue of hostile inputs from issue 12, shared by tests/test_hostile.py (outcomes) and
bench/bench_hostile.py (time and peak memory per case, in a fresh process each).

Each case builds its files in a temporary folder and returns the CLI arguments (after ``toolkit
--db DB``), optionally a file for stdin, the exit code expected and a phrase the output must hold.
"""

from __future__ import annotations

import json
import os
import random
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tests.conftest import EXAMPLES

EN_POST = EXAMPLES / "en_repurposing_guide.md"
AR_POST = EXAMPLES / "ar_content_marketing.md"


@dataclass(frozen=True)
class Case:
    id: str
    build: Callable[[Path], list[str]]  # files under the folder -> CLI args
    code: int  # expected exit code
    says: str = ""  # a phrase the output must contain
    stdin: str | None = None  # a path whose content is fed to stdin
    env: dict[str, str] = field(default_factory=dict)


def _post(tmp: Path, name: str, data: bytes) -> list[str]:
    path = tmp / name
    path.write_bytes(data)
    return ["repurpose", str(path), "-p", "x", "-f", "json"]


def _text_post() -> str:
    return EN_POST.read_text("utf-8")


def _big_text(tmp: Path, size: int, one_line: bool) -> list[str]:
    words = ["content", "audience", "growth", "brand", "story", "value", "reader", "trust", "search", "engine"]
    rng = random.Random(7)
    path = tmp / "big.txt"
    with path.open("w", encoding="utf-8") as f:
        written = 0
        while written < size:
            chunk = " ".join(rng.choice(words) for _ in range(2000)) + (" " if one_line else ".\n\n")
            f.write(chunk)
            written += len(chunk)
    return ["repurpose", str(path), "-p", "x", "-f", "json"]


def _nested_html(tmp: Path) -> list[str]:
    body = "<p>" + _text_post().split("\n\n", 1)[1].replace("\n", " ") + "</p>"
    return _post(tmp, "deep.html", ("<html><body><h1>Deep</h1>" + "<div>" * 10_000 + body + "</div>" * 10_000
                                    + "</body></html>").encode())


def _zip_bomb(tmp: Path) -> list[str]:
    path = tmp / "bomb.docx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w") as f:
            chunk = b" " * (1024 * 1024)
            for _ in range(40):  # 40 MB unpacked from about 40 KB
                f.write(chunk)
    return ["repurpose", str(path), "-p", "x", "-f", "json"]


def _fifo(tmp: Path) -> list[str]:
    path = tmp / "post.md"
    os.mkfifo(path)
    return ["repurpose", str(path), "-p", "x"]


def _unreadable(tmp: Path) -> list[str]:
    path = tmp / "secret.md"
    path.write_text(_text_post(), "utf-8")
    path.chmod(0)
    return ["repurpose", str(path), "-p", "x", "-f", "json"]


def _out(target: str) -> Callable[[Path], list[str]]:
    def build(tmp: Path) -> list[str]:
        return ["repurpose", str(EN_POST), "-p", "x", "-o", target.replace("TMP", str(tmp))]

    return build


def _template(source: str) -> Callable[[Path], list[str]]:
    def build(tmp: Path) -> list[str]:
        (tmp / "tpl" / "layout").mkdir(parents=True)
        (tmp / "tpl" / "layout" / "caption.x.j2").write_text(source, "utf-8")
        (tmp / "tpl" / "layout" / "self.j2").write_text("{% include 'layout/self.j2' %}", "utf-8")
        return ["repurpose", str(EN_POST), "-p", "x", "--templates", str(tmp / "tpl"), "-f", "json"]

    return build


def _template_link(tmp: Path) -> list[str]:
    (tmp / "tpl" / "layout").mkdir(parents=True)
    (tmp / "tpl" / "layout" / "caption.x.j2").symlink_to("/etc/passwd")
    return ["repurpose", str(EN_POST), "-p", "x", "--templates", str(tmp / "tpl"), "-f", "json"]


def _bulk(tmp: Path) -> list[str]:
    (tmp / "in").mkdir()
    (tmp / "in" / "good.md").write_text(_text_post(), "utf-8")
    (tmp / "in" / "link.md").symlink_to("/etc/passwd")
    os.mkfifo(tmp / "in" / "pipe.md")
    rows = ["file", "/etc/passwd", "../../etc/hosts", "/dev/zero", "in/good.md"]
    (tmp / "rows.csv").write_text("\n".join(rows) + "\n", "utf-8")
    lines = [json.dumps({"text": _text_post()}), '{"text": ' + "[" * 100_000 + "]" * 100_000 + "}",
             json.dumps({"file": "/etc/passwd"})]
    (tmp / "rows.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    return []


def _bulk_case(name: str) -> Callable[[Path], list[str]]:
    def build(tmp: Path) -> list[str]:
        _bulk(tmp)
        return ["bulk", str(tmp / name), "-o", str(tmp / "out.jsonl"), "-p", "x", "-q", "--workers", "1"]

    return build


def _stdin_zero(tmp: Path) -> list[str]:
    return ["repurpose", "-", "-p", "x"]


UTF8_STRAY = _text_post().encode().replace(b"Repurposing", b"Repurpos\xffing", 1) + "\n3× faster\n".encode()

CASES: list[Case] = [
    Case("empty", lambda t: _post(t, "empty.md", b""), 1, "is empty"),
    Case("whitespace", lambda t: _post(t, "blank.md", b" \n\t\n  "), 1, "is empty"),
    Case("one word", lambda t: _post(t, "one.md", b"Hello"), 1, "words"),
    Case("binary", lambda t: _post(t, "x.md", bytes(range(256)) * 40), 1, "binary"),
    Case("invalid utf-8", lambda t: _post(t, "stray.md", UTF8_STRAY), 0, "UTF-8 with 1 invalid byte"),
    Case("utf-16 bom", lambda t: _post(t, "bom.md", _text_post().encode("utf-16")), 0, '"captions"'),
    Case("utf-16 no bom", lambda t: _post(t, "nobom.md", _text_post().encode("utf-16-le")), 0, '"captions"'),
    Case("arabic utf-16 no bom", lambda t: _post(t, "ar.md", AR_POST.read_text("utf-8").encode("utf-16-be")), 0, '"ar"'),
    Case("cp1256", lambda t: _post(t, "ar.md", AR_POST.read_text("utf-8").encode("cp1256", "replace")), 0, "cp1256"),
    Case("50 MB text", lambda t: _big_text(t, 50_000_000, one_line=False), 1, "larger than"),
    Case("5 MB one line", lambda t: _big_text(t, 5_000_000, one_line=True), 1, "larger than"),
    Case("1 MB one sentence", lambda t: _big_text(t, 1_000_000, one_line=True), 1, "no sentence end"),
    Case("10,000 nested tags", _nested_html, 0, "deeper than 256 levels"),
    Case("zip bomb docx", _zip_bomb, 1, "unpacks to"),
    Case("fake docx", lambda t: _post(t, "fake.docx", b"PK\x03\x04 not really a zip"), 1, "not a readable .docx"),
    Case("fifo", _fifo, 1, "named pipe"),
    Case("directory", lambda t: ["repurpose", str(t), "-p", "x"], 1, "is a folder"),
    Case("missing", lambda t: ["repurpose", str(t / "nope.md"), "-p", "x"], 1, "does not exist"),
    Case("unreadable", _unreadable, 0 if os.geteuid() == 0 else 1, "" if os.geteuid() == 0 else "cannot be read"),
    Case("dev zero path", lambda t: ["repurpose", "/dev/zero", "-p", "x"], 1, "character device"),
    Case("dev zero stdin", _stdin_zero, 1, "larger than", stdin="/dev/zero"),
    Case("-o missing folder", _out("/missing/x.json"), 1, "does not exist"),
    Case("-o proc", _out("/proc/self/x.json"), 1, "system folder"),
    Case("-o a folder", _out("TMP"), 2, "is a directory"),
    Case("-p empty", lambda t: ["repurpose", str(EN_POST), "-p", ""], 2, "empty name"),
    Case("power bomb", _template("{{ 7 ** 999999999 }}"), 1, "too large a number"),
    Case("repeat bomb", _template("{{ 'x' * 10**10 }}"), 1, "repeating a value"),
    Case("recursive macro", _template("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(1) }}"), 1, "calls itself"),
    Case("huge range", _template("{% for i in range(100000000) %}{{ i }}{% endfor %}"), 1, "loops ask for more than"),
    Case("self include", _template("{% include 'layout/self.j2' %}"), 1, "calls itself"),
    Case("endless loop", _template("{% set s = 'x' * 100000 %}{% for a in s %}{% for b in s %}{% endfor %}{% endfor %}"), 1, "longer than 1 s", env={"TOOLKIT_TEMPLATE_TIMEOUT": "1"}),
    Case("template link out", _template_link, 1, "outside its template folder"),
    Case("bulk folder", _bulk_case("in"), 3, "links outside the input's folder"),
    Case("bulk csv rows", _bulk_case("rows.csv"), 3, "is outside the input's folder"),
    Case("bulk jsonl rows", _bulk_case("rows.jsonl"), 3, "nests JSON too deeply"),
]
