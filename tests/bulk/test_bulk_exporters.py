"""Output files: exact CSV bytes, formula injection, scheduler headers and splits, atomic replacement."""

import csv
import io
import json
from datetime import UTC, datetime

import pytest

from tests.bulk.helpers import result
from toolkit.bulk.exporters import export, infer_format
from toolkit.bulk.models import Outcome
from toolkit.errors import ConfigError
from toolkit.schedulers import SCHEDULERS, parse_schedule

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def done(seq, res=None, key=None):
    res = res or result()
    return Outcome(key=key or f"p{seq}", name=f"posts/p{seq}.md", seq=seq, status="done", result_json=res.model_dump_json())


def failed(seq):
    return Outcome(key=f"p{seq}", name=f"posts/p{seq}.md", seq=seq, status="failed", error=f"posts/p{seq}.md is empty: give a blog post.")


def with_caption(text, platforms=("x",)):
    base = result(tuple(platforms))
    captions = [c.model_copy(update={"text": text}) if c.variant == 0 else c for c in base.captions]
    return base.model_copy(update={"captions": captions})


def test_infer_format():
    assert [infer_format(x, None) for x in ["a.jsonl", "a.CSV", "out", "notes.md"]] == ["jsonl", "csv", "md", "md"]
    assert infer_format("a.txt", "sprout") == "sprout"
    with pytest.raises(ConfigError, match="Cannot tell the output format from 'a.txt'"):
        infer_format("a.txt", None)


def test_jsonl_has_one_line_per_item_with_status_and_result(tmp_path):
    out = tmp_path / "r.jsonl"
    report = export([done(0), failed(1)], out, "jsonl")
    lines = [json.loads(x) for x in out.read_text("utf-8").splitlines()]
    assert report.rows == 2 and [x["status"] for x in lines] == ["done", "failed"]
    assert lines[0]["result"]["captions"][0]["platform"] == "x" and lines[1]["result"] is None
    assert lines[1]["error"] == "posts/p1.md is empty: give a blog post."
    assert list(tmp_path.iterdir()) == [out]  # no temp files left behind


def test_csv_is_quoted_utf8_with_formula_cells_neutralised(tmp_path):
    out = tmp_path / "r.csv"
    evil = with_caption('=HYPERLINK("http://evil","click"), and more\nsecond line')
    export([done(0, evil), failed(1), done(2)], out, "csv", bom=True)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfkey,source,kind,platform,variant,angle,index,title,text,hashtags,length,limit,unit\r\n")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0]["key"] == "p0" and rows[0]["text"] == "'" + '=HYPERLINK("http://evil","click"), and more\nsecond line'
    assert {r["key"] for r in rows} == {"p0", "p2"}  # the failed item has no content rows
    assert raw.count(b"key,source") == 1


def test_markdown_folder_has_a_file_per_post_and_an_index_and_is_replaced_whole(tmp_path):
    out = tmp_path / "md"
    export([done(0, key="posts/a b.md"), failed(1)], out, "md")
    names = sorted(p.name for p in out.iterdir())
    assert names == [".toolkit-bulk", "00001-posts-a-b.md", "index.md"]
    index = (out / "index.md").read_text("utf-8")
    assert "| 1 | posts/p0.md | done | [00001-posts-a-b.md](00001-posts-a-b.md) |" in index
    assert "| 2 | posts/p1.md | failed | posts/p1.md is empty: give a blog post. |" in index
    export([done(0, key="other")], out, "md")
    assert sorted(p.name for p in out.iterdir()) == [".toolkit-bulk", "00001-other.md", "index.md"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["md"]


def test_markdown_re_export_keeps_files_the_user_added(tmp_path):
    out = tmp_path / "md"
    export([done(0, key="a")], out, "md")
    (out / "notes.txt").write_text("my notes", encoding="utf-8")
    export([done(0, key="b")], out, "md")
    assert (out / "notes.txt").read_text("utf-8") == "my notes"
    assert not (out / "00001-a.md").exists() and (out / "00001-b.md").exists()


def test_markdown_refuses_a_folder_it_did_not_write(tmp_path):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "keep.txt").write_text("precious", encoding="utf-8")
    with pytest.raises(ConfigError, match="exists and was not written by toolkit bulk"):
        export([done(0)], tmp_path / "mine", "md")
    assert (tmp_path / "mine" / "keep.txt").read_text("utf-8") == "precious"


def test_a_failed_export_leaves_the_previous_file_untouched(tmp_path):
    out = tmp_path / "r.jsonl"
    out.write_text("previous\n", encoding="utf-8")

    def broken():
        yield done(0)
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError):
        export(broken(), out, "jsonl")
    assert out.read_text("utf-8") == "previous\n" and list(tmp_path.iterdir()) == [out]


def test_sprout_file_has_the_exact_headers_dates_and_times(tmp_path):
    out = tmp_path / "sprout.csv"
    schedule = parse_schedule("2026-03-05", None, "09:00,17:30", "Asia/Riyadh", now=NOW)
    report = export([done(0, result(("x",))), failed(1), done(2, result(("x",), arabic=True))], out, "sprout",
                    schedule=schedule, date_order="mdy", now=NOW)
    assert report.files == [out] and report.rows == 2
    rows = list(csv.reader(io.StringIO(out.read_text("utf-8"))))
    assert rows[0] == ["date", "time_24hr", "message_text", "link"]
    assert [r[:2] for r in rows[1:]] == [["03/05/2026", "09:00"], ["03/05/2026", "17:30"]]
    assert rows[1][2] == result(("x",)).captions[0].text and rows[1][3] == ""


def test_hootsuite_file_has_no_header_and_one_date_time_column(tmp_path):
    out = tmp_path / "hoot.csv"
    schedule = parse_schedule("2026-03-05", 2, None, "UTC", now=NOW)
    export([done(0, result(("x",)))], out, "hootsuite", schedule=schedule, now=NOW)
    rows = list(csv.reader(io.StringIO(out.read_text("utf-8"))))
    assert len(rows) == 1 and rows[0][0] == "05/03/2026 09:00" and len(rows[0]) == 3
    with pytest.raises(ConfigError, match="Hootsuite takes times on 5-minute marks, not 09:07"):
        export([done(0)], out, "hootsuite", schedule=parse_schedule("2026-03-05", None, "09:07", "UTC", now=NOW), now=NOW)


def test_scheduler_files_split_per_platform_and_at_350_rows(tmp_path, monkeypatch):
    monkeypatch.setitem(SCHEDULERS, "sprout", SCHEDULERS["sprout"].model_copy(update={"max_rows": 2}))
    out = tmp_path / "plan.csv"
    schedule = parse_schedule("2026-03-05", 3, None, "UTC", now=NOW)
    outcomes = [done(i, with_caption(f"Caption number {i} for the week.", ("x", "linkedin"))) for i in range(3)]
    report = export(outcomes, out, "sprout", schedule=schedule, now=NOW)
    assert sorted(p.name for p in report.files) == ["plan-linkedin-1.csv", "plan-linkedin-2.csv", "plan-x-1.csv", "plan-x-2.csv"]
    x1 = list(csv.reader(io.StringIO((tmp_path / "plan-x-1.csv").read_text("utf-8"))))
    x2 = list(csv.reader(io.StringIO((tmp_path / "plan-x-2.csv").read_text("utf-8"))))
    assert [r[1] for r in x1[1:] + x2[1:]] == ["09:00", "13:00", "17:00"] and x2[0][0] == "date"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in report.files)
    monkeypatch.undo()
    assert SCHEDULERS["sprout"].max_rows == SCHEDULERS["hootsuite"].max_rows == 350


def test_messages_over_the_limit_or_repeated_are_left_out_with_a_reason(tmp_path):
    out = tmp_path / "s.csv"
    schedule = parse_schedule("2026-03-05", 3, None, "UTC", now=NOW)
    outcomes = [done(0, with_caption("x" * 281)), done(1, with_caption("Same text.")), done(2, with_caption("Same text."))]
    report = export(outcomes, out, "sprout", schedule=schedule, now=NOW)
    assert report.rows == 1
    assert report.skipped == ["posts/p0.md (X): 281 x_weighted is over X's 280",
                              "posts/p2.md (X): the same message is already in this file (schedulers refuse duplicates)"]


def test_scheduler_formats_need_a_schedule(tmp_path):
    with pytest.raises(ConfigError, match="sprout files need a posting time for every post"):
        export([done(0)], tmp_path / "s.csv", "sprout")


def test_publer_file_from_bulk_with_arabic_formulas_and_the_length_check(tmp_path):
    out = tmp_path / "publer.csv"
    schedule = parse_schedule("2026-03-05", None, "09:00,17:30", "Asia/Riyadh", now=NOW)
    arabic = result(("x",), arabic=True)
    outcomes = [done(0, arabic), done(1, with_caption("=SUM(A1:A9), then جرّب الآن")), done(2, with_caption("x" * 281))]
    report = export(outcomes, out, "publer", schedule=schedule, date_order="mdy", now=NOW)
    assert report.files == [out] and report.rows == 2
    assert report.skipped == ["posts/p2.md (X): 281 x_weighted is over X's 280"]
    raw = out.read_bytes().decode("utf-8")
    assert raw.startswith("Date,Message,Link\r\n2026/03/05 09:00,")  # Publer's date, whatever the date order
    rows = list(csv.DictReader(io.StringIO(raw)))
    assert [r["Date"] for r in rows] == ["2026/03/05 09:00", "2026/03/05 17:30"]
    assert rows[0]["Message"] == arabic.captions[0].text and rows[0]["Link"] == ""
    assert rows[1]["Message"] == "'=SUM(A1:A9), then جرّب الآن"


def test_postfast_file_from_bulk_has_offsets_and_the_account(tmp_path):
    out = tmp_path / "postfast.csv"
    schedule = parse_schedule("2026-03-05", None, "09:00", "Asia/Riyadh", now=NOW)
    arabic = result(("x", "bluesky"), arabic=True)
    report = export([done(0, arabic), done(1, with_caption("@everyone انضموا إلينا", ("x", "bluesky")))], out, "postfast",
                    schedule=schedule, account_id="acc-9", now=NOW)
    assert sorted(p.name for p in report.files) == ["postfast-bluesky.csv", "postfast-x.csv"] and report.rows == 4
    rows = list(csv.DictReader(io.StringIO((tmp_path / "postfast-bluesky.csv").read_text("utf-8"))))
    assert list(rows[0]) == ["scheduled_at", "account_id", "content", "first_comment"]
    assert [r["scheduled_at"] for r in rows] == ["2026-03-05T09:00:00+03:00", "2026-03-06T09:00:00+03:00"]
    assert {r["account_id"] for r in rows} == {"acc-9"}
    assert rows[0]["content"] == next(c.text for c in arabic.captions if c.platform == "bluesky" and c.variant == 0)
    assert rows[1]["content"] == "'@everyone انضموا إلينا"


def test_platforms_a_scheduler_cannot_take_are_left_out_once(tmp_path):
    out = tmp_path / "hoot.csv"
    schedule = parse_schedule("2026-03-05", 2, None, "UTC", now=NOW)
    report = export([done(i, result(("x", "mastodon"))) for i in range(2)], out, "hootsuite", schedule=schedule, now=NOW)
    assert report.files == [out] and report.rows == 1  # the same X caption twice: the repeat is left out
    assert report.skipped[0] == "Mastodon posts: Hootsuite cannot import them, so none were written"
    assert len([r for r in report.skipped if r.startswith("Mastodon")]) == 1
