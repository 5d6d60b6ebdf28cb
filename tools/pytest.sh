#!/usr/bin/env bash
# Run pytest and take the exit code from the test results, not from interpreter teardown:
# the Temporal Python SDK can abort at exit after every test passed (sdk-python issue 300).
# A signal exit counts as success only if the JUnit report is complete and clean.
set -uo pipefail
cd "$(dirname "$0")/.."
report=$(mktemp --suffix=.xml)
trap 'rm -f "$report"' EXIT
.venv/bin/python -m pytest --junitxml="$report" "$@"
rc=$?
if [ "$rc" -gt 128 ]; then
  if .venv/bin/python - "$report" <<'PY'
import sys, xml.etree.ElementTree as ET
try:
    root = ET.parse(sys.argv[1]).getroot()
except Exception:
    sys.exit(1)
suites = [root] if root.tag == "testsuite" else list(root)
tests = sum(int(s.get("tests", 0)) for s in suites)
bad = sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites)
sys.exit(0 if tests > 0 and bad == 0 else 1)
PY
  then
    echo "pytest exited with signal $((rc - 128)) at interpreter exit after a clean run (sdk-python issue 300); using the test result" >&2
    rc=0
  fi
fi
exit "$rc"
