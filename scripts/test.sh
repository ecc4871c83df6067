#!/usr/bin/env bash
# The README's test command, and what CI runs on a fresh clone: install the package with its test
# dependencies, set up the optional parts, lint and type-check, run the whole suite.
#
# Switches (environment variables):
#   TOOLKIT_SKIP_BROWSER=1  do not install Chromium; the real-browser app tests are skipped
#   TOOLKIT_SKIP_LLM=1      do not build llama-server; the real-local-model tests are skipped
# CI sets TOOLKIT_REQUIRE_BROWSER=1 and TOOLKIT_REQUIRE_LLM=1 instead, so a missing part fails.
# Extra arguments go to pytest, e.g. `bash scripts/test.sh -m "not slow" tests/repurpose`.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'test.sh: %s\n' "$*" >&2; }

say "installing the package and its test dependencies (pip)…"
python3 -m pip install --quiet --disable-pip-version-check -e ".[test]"

if [ "${TOOLKIT_SKIP_BROWSER:-0}" = 1 ]; then
  say "TOOLKIT_SKIP_BROWSER=1: the real-browser tests will be skipped"
else
  bash scripts/setup_browser.sh   # Debian chromium (+ emoji font) for the real-browser app tests
fi
if [ "${TOOLKIT_SKIP_LLM:-0}" = 1 ]; then
  say "TOOLKIT_SKIP_LLM=1: the real-local-model tests will be skipped"
else
  bash scripts/setup_local_model.sh   # llama-server + SmolLM2, built once and cached
fi

say "lint (ruff) and type check (mypy)…"   # either failing stops the script (set -e)
python3 -m ruff check toolkit tests bench
python3 -m mypy toolkit

say "running the tests…"
python3 -m pytest -q -p no:cacheprovider "$@"
