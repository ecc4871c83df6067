"""Drive the real app in headless Chromium: start it, wait for it, take screenshots.

Debian's ``chromium`` (``scripts/setup_browser.sh``) driven by Playwright; ``playwright install``
cannot download browsers here, hence ``executable_path``.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.conftest import REPO

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SCREENSHOTS = REPO / "artifacts" / "screenshots"
WAIT_MS = 60_000  # generous: this machine has about one core and other suites may run beside us


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(port: int, db: Path, log: Path) -> subprocess.Popen:
    env = {**os.environ, "TOOLKIT_DB": str(db)}
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
               "--server.address", "127.0.0.1", "--server.port", str(port)]
    return subprocess.Popen(command, cwd=REPO, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)


def wait_healthy(port: int, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {process.returncode} before answering")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"streamlit did not answer /_stcore/health within {timeout:.0f} s")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


def wait_idle(page) -> None:
    """Until the script run the last interaction started has finished."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    running = page.locator('[data-testid="stStatusWidget"]')
    try:  # the running indicator appears a moment after the click, unless the run was quicker
        running.wait_for(state="attached", timeout=1000)
    except PlaywrightTimeout:
        return
    running.wait_for(state="detached", timeout=WAIT_MS)


def shot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path
