#!/usr/bin/env bash
# Regenerate from schemas/ and fail if anything differs from what is committed (or is new).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/generate.sh
dirs="python/src/media_pipeline/contracts/gen go-worker/internal/contracts/gen ts-worker/src/contracts/gen docs/activities.md schemas/vectors"
changes=$(git status --porcelain -- $dirs)
if [ -n "$changes" ]; then
  echo "generated code differs from schemas/ (run make generate and commit):" >&2
  echo "$changes" >&2
  git --no-pager diff --stat -- $dirs >&2
  exit 1
fi
echo "generated code matches schemas/"
