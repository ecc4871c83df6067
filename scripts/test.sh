#!/usr/bin/env bash
# Install everything the tests need, then run the whole suite. This is the README's test command,
# and what CI runs on a fresh clone.
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m pip install --quiet --disable-pip-version-check -e ".[test]"
bash scripts/setup_browser.sh       # Debian chromium (+ emoji font) for the real-browser app tests
bash scripts/setup_local_model.sh   # llama-server + SmolLM2 for the end-to-end model tests (built once, cached)

python3 -m pytest -q -p no:cacheprovider "$@"
