"""Contract tools used by the cross-language tests.

python -m media_pipeline.contracts vectors DIR   -> JSON report of every vector's verdict
python -m media_pipeline.contracts roundtrip NAME < value.json -> the value decoded and re-encoded
python -m media_pipeline.contracts constants FILE -> JSON report: generated constants vs FILE
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from . import constants
from .validation import ContractError, check
from .vectors import report, run_all, typed_roundtrip


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "vectors":
        result = report(run_all(Path(argv[1])))
        print(json.dumps(result))
        print(
            f"python: {result['vectors']} vectors, {result['failures']} failures", file=sys.stderr
        )
        return 1 if result["failures"] else 0
    if len(argv) == 2 and argv[0] == "constants":
        result = constants.check(json.loads(Path(argv[1]).read_text()))
        print(json.dumps(result))
        print(f"python: constants, {result['failures']} mismatches", file=sys.stderr)
        return 1 if result["failures"] else 0
    if len(argv) == 2 and argv[0] == "roundtrip":
        data = json.load(sys.stdin)
        try:
            check(argv[1], data)
        except ContractError as err:
            print(err, file=sys.stderr)
            return 1
        typed, encoded = typed_roundtrip(argv[1], data)
        print(json.dumps(encoded if typed else data))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
