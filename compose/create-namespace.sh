#!/bin/sh
# temporal-namespace (temporalio/admin-tools): register the namespace the workers poll, once the
# server answers its health check. Idempotent: an existing namespace is left as it is.
set -eu
ns=${NAMESPACE:-default}
tries=0
until temporal operator cluster health --address "$TEMPORAL_ADDRESS" >/dev/null 2>&1; do
  tries=$((tries + 1))
  [ "$tries" -lt 60 ] || { echo "temporal-namespace: server $TEMPORAL_ADDRESS not healthy after 120 s" >&2; exit 1; }
  sleep 2
done
temporal operator namespace describe --address "$TEMPORAL_ADDRESS" --namespace "$ns" >/dev/null 2>&1 \
  || temporal operator namespace create --address "$TEMPORAL_ADDRESS" --namespace "$ns" --retention 72h
echo "temporal-namespace: namespace $ns is ready"
