#!/usr/bin/env bash
# make setup: install everything the project needs, idempotently. Safe to run again and again:
# each step is skipped when its lockfile has not changed since the last successful run.
set -euo pipefail
cd "$(dirname "$0")/.."
STAMPS=.data/setup
mkdir -p "$STAMPS"
say() { printf '==> %s\n' "$*"; }
stamp_ok() { [ -f "$STAMPS/$1" ] && [ "$(cat "$STAMPS/$1")" = "$2" ]; }

# 1. System packages from Debian: ffmpeg/ffprobe for the media work, PostgreSQL for the
#    catalog's PostgreSQL tests.
packages=()
command -v ffmpeg >/dev/null && command -v ffprobe >/dev/null || packages+=(ffmpeg)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || packages+=(postgresql)
# Test media for the content detectors: speech synthesis and a font for ffmpeg's drawtext.
command -v espeak-ng >/dev/null || packages+=(espeak-ng)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || packages+=(fonts-dejavu-core)
if [ ${#packages[@]} -gt 0 ]; then
  say "installing ${packages[*]} (apt)"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
fi
for tool in ffmpeg ffprobe go node npm python3.11; do
  command -v "$tool" >/dev/null || { echo "setup: $tool is required but not installed" >&2; exit 1; }
done

# 2. Python: a virtual environment with the locked dependencies, the project installed editable.
lock=$(sha256sum python/requirements.lock python/requirements-nodeps.txt python/pyproject.toml | sha256sum | cut -c1-16)
if [ ! -x .venv/bin/python ] || ! stamp_ok python "$lock"; then
  say "python: .venv from python/requirements.lock"
  [ -x .venv/bin/python ] || python3.11 -m venv .venv
  .venv/bin/pip install -q --disable-pip-version-check -r python/requirements.lock
  # Every line of the lock is pinned; these two also declare what must not be installed.
  .venv/bin/pip install -q --disable-pip-version-check --no-deps -r python/requirements-nodeps.txt
  .venv/bin/pip install -q --disable-pip-version-check --no-deps -e python
  echo "$lock" > "$STAMPS/python"
fi

# 3. Go: modules from go.sum, then the worker and the contract tool (incremental builds).
say "go: build go-worker/bin/{worker,contracts,client}"
(cd go-worker && go mod download && go build -o bin/ ./cmd/...)

# 4. TypeScript: npm ci from the lockfile, then compile to ts-worker/dist.
lock=$(sha256sum ts-worker/package-lock.json | cut -c1-16)
if [ ! -d ts-worker/node_modules ] || ! stamp_ok npm "$lock"; then
  say "typescript: npm ci"
  (cd ts-worker && npm ci --no-audit --no-fund --loglevel=error)
  echo "$lock" > "$STAMPS/npm"
fi
say "typescript: build ts-worker/dist"
(cd ts-worker && npm run --silent build)
say "setup done"
