#!/usr/bin/env bash
# make run: start the pipeline with the chosen language's client against the local stack.
set -euo pipefail
cd "$(dirname "$0")/.."
client=$1; shift
export TEMPORAL_ADDRESS=${TEMPORAL_ADDRESS:-127.0.0.1:${TEMPORAL_DEV_PORT:-7233}}
export MEDIA_ROOT=${MEDIA_ROOT:-$PWD/.data/media}
case "$client" in
  python) exec .venv/bin/media-pipeline "$@" ;;
  go) exec go-worker/bin/client "$@" ;;
  ts) exec node ts-worker/dist/client.js "$@" ;;
  *) echo "CLIENT must be python, go or ts (got '$client')" >&2; exit 2 ;;
esac
