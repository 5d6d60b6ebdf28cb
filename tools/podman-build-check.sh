#!/usr/bin/env bash
# Build the worker images with podman on a machine without a Docker engine or registry access to
# the official base images, then run each worker from its image and watch it poll a dev server.
# Not part of `make test`: it needs root, takes minutes and depends on this kind of machine.
#
#   sudo tools/podman-build-check.sh [go|python|ts]...   (default: go python ts)
#   NO_CACHE=1 ...    rebuild every layer (timings of a cold build; the bases are reused)
#   KEEP=1 ...        keep the images afterwards (default: remove the worker images; the local
#                     bases stay for the next run, `podman rmi -a` removes everything)
#
# How: debootstrap makes a Debian bookworm root (stand-in for debian:bookworm-slim), `podman
# import` turns it into an image, and small Containerfiles add what the official golang, python
# and node images would bring (Go from /usr/local/go, Debian's python3.11, the Node 24 of .tools/node).
# The Dockerfiles take their bases as build arguments, so only those arguments change. `podman
# run` cannot start containers here (crun: setrlimit RLIMIT_NOFILE), so each image is mounted
# with `podman image mount` and its CMD run with chroot as uid 10001 on the host network.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
WORK=${WORK:-/var/tmp/podman-build-check}
TEMPORAL=$REPO/.venv/bin/temporal
PORT=${PORT:-7391}
TAG=localhost/media-pipeline
STD_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
say() { printf '==> %s\n' "$*"; }
timed() { local t0=$SECONDS; "$@"; say "took $((SECONDS - t0)) s: $*" | cut -c1-110 >&2; }
[ "$(id -u)" -eq 0 ] || { echo "run as root (podman storage, debootstrap, chroot)" >&2; exit 1; }
command -v podman >/dev/null && command -v debootstrap >/dev/null || {
  say "installing podman and debootstrap (apt)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends podman debootstrap >/dev/null
}
mkdir -p "$WORK"
build() { podman build --isolation chroot --quiet ${NO_CACHE:+--no-cache} "$@"; }
has_image() { podman image exists "$1"; }

# 1. Local bases.
base_debian() {
  has_image localhost/pbc/debian:bookworm-slim && return
  [ -d "$WORK/rootfs/usr" ] || timed debootstrap --variant=minbase bookworm "$WORK/rootfs" http://deb.debian.org/debian >"$WORK/debootstrap.log"
  # This machine reaches the registries through a proxy with its own CA: the host's extra CAs
  # go into the base, so images that install ca-certificates trust it (Go, pip, npm downloads).
  mkdir -p "$WORK/rootfs/usr/local/share/ca-certificates"
  cp /usr/local/share/ca-certificates/*.crt "$WORK/rootfs/usr/local/share/ca-certificates/" 2>/dev/null || true
  # PATH as the official debian image sets it; an imported tarball has no configuration.
  tar -C "$WORK/rootfs" -c . | podman import --change "ENV PATH=$STD_PATH" - localhost/pbc/debian:bookworm-slim >/dev/null
}
base_golang() {
  has_image localhost/pbc/golang:bookworm && return
  printf '%s\n' 'FROM localhost/pbc/debian:bookworm-slim' \
    'RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*' \
    'COPY . /usr/local/go' 'ENV PATH=/go/bin:/usr/local/go/bin:$PATH GOPATH=/go' >"$WORK/golang.Containerfile"
  timed build -f "$WORK/golang.Containerfile" -t localhost/pbc/golang:bookworm "$(go env GOROOT)" >/dev/null
}
base_python() {
  has_image localhost/pbc/python:3.11-bookworm && return
  printf '%s\n' 'FROM localhost/pbc/debian:bookworm-slim' \
    'RUN apt-get update && apt-get install -y --no-install-recommends python3.11 python3.11-venv python-is-python3 ca-certificates && rm -rf /var/lib/apt/lists/*' \
    'ENV PIP_CERT=/etc/ssl/certs/ca-certificates.crt' >"$WORK/python.Containerfile"
  timed build -f "$WORK/python.Containerfile" -t localhost/pbc/python:3.11-bookworm "$WORK" >/dev/null
}
base_node() {
  has_image localhost/pbc/node:24-bookworm && return
  rm -rf "$WORK/node" && mkdir -p "$WORK/node/lib" && cp "$REPO/.tools/node/bin/node" "$WORK/node/" && cp -a /usr/lib/node_modules/npm "$WORK/node/lib/"
  printf '%s\n' 'FROM localhost/pbc/debian:bookworm-slim' \
    'RUN apt-get update && apt-get install -y --no-install-recommends libstdc++6 ca-certificates && rm -rf /var/lib/apt/lists/*' \
    'COPY node /usr/local/bin/node' 'COPY lib/npm /usr/local/lib/node_modules/npm' \
    'RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm' \
    'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' >"$WORK/node.Containerfile"
  timed build -f "$WORK/node.Containerfile" -t localhost/pbc/node:24-bookworm "$WORK/node" >/dev/null
}

# 2. The worker images, from the project's own Dockerfiles; only the base arguments differ.
image_go() {
  base_golang
  timed build --build-arg GO_IMAGE=localhost/pbc/golang:bookworm \
    --build-arg RUNTIME_IMAGE=localhost/pbc/debian:bookworm-slim -t "$TAG/go-worker:check" go-worker >/dev/null
}
image_python() {
  base_python
  timed build --build-arg PYTHON_IMAGE=localhost/pbc/python:3.11-bookworm -t "$TAG/python-worker:check" python >/dev/null
}
image_ts() {
  base_node
  timed build --build-arg NODE_IMAGE=localhost/pbc/node:24-bookworm -t "$TAG/ts-worker:check" ts-worker >/dev/null
}

# 3. Run an image's CMD (from its config) in a chroot of the mounted image and wait until the
# dev server sees the worker polling its queue.
run_check() {
  local name=$1 queue=$2 image="$TAG/$1:check" mnt media pid cmd workdir envs
  mnt=$(podman image mount "$image")
  media=$(mktemp -d) && chown 10001:10001 "$media"
  mount --bind "$media" "$mnt/media"
  mountpoint -q "$mnt/dev" || mount --bind /dev "$mnt/dev"
  mountpoint -q "$mnt/proc" || mount -t proc proc "$mnt/proc"
  cmd=$(podman image inspect --format '{{range .Config.Cmd}}{{.}} {{end}}' "$image")
  workdir=$(podman image inspect --format '{{.Config.WorkingDir}}' "$image")
  mapfile -t envs < <(podman image inspect --format '{{range .Config.Env}}{{println .}}{{end}}' "$image" | grep .)
  say "$name: CMD [$cmd] in $workdir, image env: ${envs[*]}"
  # shellcheck disable=SC2086 # the CMD is split into words on purpose
  env -i PATH="$STD_PATH" "${envs[@]}" TEMPORAL_ADDRESS=127.0.0.1:$PORT TEMPORAL_NAMESPACE=default \
    CATALOG_URL=file:/media/catalog.db \
    chroot --userspec=10001:10001 "$mnt" /bin/sh -c "cd $workdir && exec $cmd" >"$WORK/$name.log" 2>&1 &
  pid=$!
  local t0=$SECONDS ok=""
  while [ $((SECONDS - t0)) -lt 60 ] && kill -0 "$pid" 2>/dev/null; do
    if "$TEMPORAL" task-queue describe --address "127.0.0.1:$PORT" --task-queue "$queue" --task-queue-type activity -o json 2>/dev/null | grep -o '"identity": *"[^"]*"' >"$WORK/$name.pollers"; then
      ok=yes; break
    fi
    sleep 0.5
  done
  [ -n "$ok" ] && say "$name: polling $queue after $((SECONDS - t0)) s as $(cat "$WORK/$name.pollers")" || say "$name: NOT polling $queue"
  kill -TERM "$pid" 2>/dev/null || true
  local rc=0; wait "$pid" || rc=$?
  say "$name: exit status $rc after SIGTERM; log tail:"; tail -n 5 "$WORK/$name.log" | sed 's/^/    /'
  umount "$mnt/proc" "$mnt/dev" "$mnt/media" 2>/dev/null || true
  rm -rf "$media"; podman image unmount "$image" >/dev/null
  [ -n "$ok" ]
}

targets=("$@"); [ ${#targets[@]} -gt 0 ] || targets=(go python ts)
timed base_debian
"$TEMPORAL" server start-dev --headless --ip 127.0.0.1 --port "$PORT" --ui-port $((PORT + 1000)) --log-level warn >"$WORK/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
failed=0
for t in "${targets[@]}"; do
  case $t in
    go) image_go && run_check go-worker go-tasks || failed=1 ;;
    python) image_python && run_check python-worker python-tasks || failed=1 ;;
    ts) image_ts && run_check ts-worker ts-tasks || failed=1 ;;
    *) echo "unknown target $t" >&2; exit 2 ;;
  esac
done
podman image ls --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep -E 'media-pipeline|pbc/' | sed 's/^/    /'
if [ -z "${KEEP:-}" ]; then
  # shellcheck disable=SC2046 # one argument per image id
  podman rmi -f $(podman image ls -q --filter reference="$TAG/*") >/dev/null 2>&1 || true
  podman image prune -f >/dev/null # the build stages left behind
fi
du -sh /var/lib/containers/storage 2>/dev/null | sed 's/^/==> podman storage: /'
exit "$failed"
