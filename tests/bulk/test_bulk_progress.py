"""The progress line: exact text for known counts, plain lines off a terminal, one redrawn line on it."""

import io

from toolkit.bulk.models import Outcome
from toolkit.bulk.progress import ProgressBar, Tally


def outcome(status="done", origin="run", p=0, c=0, cost=0.0):
    return Outcome(key="k", name="k", seq=0, status=status, origin=origin, prompt_tokens=p, completion_tokens=c, cost_usd=cost)


def test_line_shows_counts_tokens_cost_rate_and_eta():
    t = Tally(total=1000, started=0.0)
    for _ in range(8):
        t.add(outcome(p=1000, c=500, cost=0.0015))
    t.add(outcome(status="failed"))
    t.add(outcome(origin="resumed"))
    assert t.line(now=3.0) == ("10/1,000 | 9 done | 1 failed | 990 left | 12.0k tokens $0.0120 | 3.0/s | ETA 0:05:30")


def test_unknown_total_and_no_progress_yet():
    assert Tally(total=None, started=0.0).line(now=1.0) == "0/? | 0 done | 0 failed | 0.0/s | ETA --"


def test_bar_is_drawn_when_wide_enough():
    t = Tally(total=4, started=0.0)
    t.add(outcome())
    line = t.line(now=1.0, width=90)
    assert line.startswith("[") and line.count("#") == (90 - len(t.line(now=1.0)) - 3) // 4


def test_plain_lines_every_interval_off_a_terminal():
    now = [0.0]
    stream = io.StringIO()
    bar = ProgressBar(3, stream=stream, tty=False, interval=5.0, clock=lambda: now[0])
    bar.update(outcome())  # first update draws
    now[0] = 1.0
    bar.update(outcome())  # within the interval: nothing
    now[0] = 6.0
    bar.update(outcome())
    bar.close()
    lines = stream.getvalue().splitlines()
    assert [line.split(" | ")[0] for line in lines] == ["1/3", "3/3", "3/3"]
    assert "\r" not in stream.getvalue()


def test_terminal_redraws_one_line():
    stream = io.StringIO()
    bar = ProgressBar(2, stream=stream, tty=True, clock=lambda: 0.0)
    bar.update(outcome())
    bar.close()
    text = stream.getvalue()
    assert text.count("\r\x1b[2K") == 2 and text.endswith("\n") and text.count("\n") == 1


def test_quiet_bar_writes_nothing():
    stream = io.StringIO()
    bar = ProgressBar(2, stream=stream, tty=False, enabled=False)
    bar.update(outcome())
    bar.close()
    assert stream.getvalue() == ""
