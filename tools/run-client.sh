#!/usr/bin/env bash
# make run: start the pipeline with the chosen language's client against the local stack.
set -euo pipefail
cd "$(dirname "$0")/.."
client=$1; shift
data=${DATA_DIR:-$PWD/.data}
port=${TEMPORAL_DEV_PORT:-7233}
# The client talks to the dev server `make up` started, like its workers: none of your TEMPORAL_*
# variables or temporal.toml profiles (the empty profile file is the one the workers use).
for name in ${!TEMPORAL_@}; do unset "$name"; done
export TEMPORAL_ADDRESS=127.0.0.1:$port TEMPORAL_NAMESPACE=default TEMPORAL_CONFIG_FILE=$data/run/temporal.toml
# The same media store as the workers: yours if you set one, else make up's.
export MEDIA_ROOT=${MEDIA_ROOT:-$data/media}
# An s3:// store without an endpoint of yours: the versitygw `make up` started, with its keys.
if [[ ${MEDIA_STORE:-} == s3://* && -z ${AWS_ENDPOINT_URL:-}${AWS_ENDPOINT_URL_S3:-} && -f $data/run/s3.env ]]; then
  source "$data/run/s3.env"
fi
# TRACING=1 make up: the client traces into the Jaeger it started, like the workers (its
# endpoint replaces any OTLP exporter setting of yours; make down removes the file).
if [[ -f $data/run/otel.env ]]; then
  for name in ${!OTEL_EXPORTER_OTLP_@}; do unset "$name"; done
  source "$data/run/otel.env"
fi
case "$client" in
  python) exec .venv/bin/media-pipeline "$@" ;;
  go) exec go-worker/bin/client "$@" ;;
  ts) exec node ts-worker/dist/client.js "$@" ;;
  *) echo "CLIENT must be python, go or ts (got '$client')" >&2; exit 2 ;;
esac
