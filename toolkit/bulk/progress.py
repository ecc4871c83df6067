"""The progress line on stderr: done / failed / remaining, tokens and cost so far, rate and ETA.

``Tally`` is pure bookkeeping and ``Tally.line`` pure formatting, so both are tested without a
terminal. ``ProgressBar`` redraws one line in place on a terminal (at most 10 times a second)
and prints a plain line every few seconds otherwise (CI logs, pipes).
"""

from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TextIO

from .models import Outcome


@dataclass
class Tally:
    total: int | None  # None when the input's size is unknown (a Python iterable)
    started: float
    done: int = 0
    failed: int = 0
    cached: int = 0
    resumed: int = 0
    produced: int = 0  # items this run actually worked on: the rate and ETA come from these
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float = 0.0

    def add(self, o: Outcome) -> None:
        if o.status == "done":
            self.done += 1
        else:
            self.failed += 1
        if o.origin == "cache":
            self.cached += 1
        elif o.origin == "resumed":
            self.resumed += 1
        else:
            self.produced += 1
        self.prompt_tokens += o.prompt_tokens
        self.completion_tokens += o.completion_tokens
        self.cost_usd += o.cost_usd

    @property
    def finished(self) -> int:
        return self.done + self.failed

    @property
    def remaining(self) -> int | None:
        return None if self.total is None else max(self.total - self.finished, 0)

    def rate(self, now: float) -> float:
        """Items produced per second this run (cached and resumed ones cost no time)."""
        elapsed = now - self.started
        return self.produced / elapsed if elapsed > 0 else 0.0

    def eta(self, now: float) -> float | None:
        rate = self.rate(now)
        if self.remaining is None or rate <= 0:
            return None
        return self.remaining / rate

    def line(self, now: float, width: int | None = None) -> str:
        total = "?" if self.total is None else f"{self.total:,}"
        parts = [f"{self.finished:,}/{total}", f"{self.done:,} done", f"{self.failed:,} failed"]
        if self.remaining is not None:
            parts.append(f"{self.remaining:,} left")
        tokens = self.prompt_tokens + self.completion_tokens
        if tokens:
            parts.append(f"{_short(tokens)} tokens ${self.cost_usd:,.4f}")
        parts.append(f"{self.rate(now):.1f}/s")
        eta = self.eta(now)
        parts.append(f"ETA {_clock(eta)}" if eta is not None else "ETA --")
        text = " | ".join(parts)
        if width and self.total:
            bar_width = width - len(text) - 3
            if bar_width >= 10:
                filled = int(bar_width * self.finished / self.total)
                text = f"[{'#' * filled}{'.' * (bar_width - filled)}] {text}"
        return text


def _short(n: int) -> str:
    return f"{n / 1e6:.2f}M" if n >= 1e6 else f"{n / 1e3:.1f}k" if n >= 1e3 else str(n)


def _clock(seconds: float) -> str:
    s = int(round(seconds))
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"


class ProgressBar:
    """Shows a ``Tally`` on ``stream`` while a run goes on."""

    def __init__(self, total: int | None, *, stream: TextIO | None = None, tty: bool | None = None,
                 interval: float = 5.0, enabled: bool = True, clock: Callable[[], float] = time.monotonic):
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty() if tty is None else tty
        self.interval = 0.1 if self.tty else interval
        self.enabled = enabled
        self.clock = clock
        self.tally = Tally(total=total, started=clock())
        self._last = float("-inf")

    def update(self, outcome: Outcome) -> None:
        self.tally.add(outcome)
        now = self.clock()
        if self.enabled and now - self._last >= self.interval:
            self._draw(now)

    def _draw(self, now: float) -> None:
        self._last = now
        if self.tty:
            width = shutil.get_terminal_size((100, 20)).columns - 1
            self.stream.write("\r\x1b[2K" + self.tally.line(now, width)[:width])
        else:
            self.stream.write(self.tally.line(now) + "\n")
        self.stream.flush()

    def close(self) -> None:
        """Draw the final state and end the line."""
        if not self.enabled:
            return
        self._draw(self.clock())
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()
