"""Proof that the contract suites bite (make contract-mutation).

For each mutation: copy the project to a scratch folder, break the schema (or the registry)
there, regenerate every language's code, and run each language's contract suite against the
unchanged shared vectors and expected constants (schemas/expected/constants.json). A language
"catches" the mutation when its suite fails (a vector verdict changes, a generated default or
policy differs from the expectations, or its code no longer compiles). Prints mutation x
language (caught by a vector verdict, by the constants or by the build) and exits 1 if anything
slipped through.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VECTORS = ROOT / "schemas" / "vectors"
EXPECTED = ROOT / "schemas" / "expected" / "constants.json"
Schema = dict[str, Any]


def drop_required(s: Schema) -> None:
    s["$defs"]["MediaRef"]["required"].remove("uri")


def rename_property(s: Schema) -> None:
    d = s["$defs"]["FrameRef"]
    d["properties"]["timestamp"] = d["properties"].pop("timestamp_seconds")
    d["required"] = ["timestamp" if r == "timestamp_seconds" else r for r in d["required"]]


def narrow_enum(s: Schema) -> None:
    s["$defs"]["FrameStrategy"]["enum"].remove("scene")


def change_type(s: Schema) -> None:
    s["$defs"]["VideoProbe"]["properties"]["fps"]["type"] = "integer"


def allow_unknown_fields(s: Schema) -> None:
    del s["$defs"]["PipelineRequest"]["additionalProperties"]


def drop_format(s: Schema) -> None:
    del s["$defs"]["StoreMetadataOutput"]["properties"]["stored_at"]["format"]


def change_default(s: Schema) -> None:
    s["$defs"]["PipelineRequest"]["properties"]["max_frames"]["default"] = 301


def change_heartbeat(registry: Schema) -> None:
    extract = next(a for a in registry["activities"] if a["name"] == "extract_frames")
    extract["policy"]["heartbeat_timeout_seconds"] = 10


def change_attempts(registry: Schema) -> None:
    store = next(a for a in registry["activities"] if a["name"] == "store_metadata")
    store["policy"]["retry"]["maximum_attempts"] = 4


def control(s: Schema) -> None:
    s["$defs"]["MediaRef"]["description"] += " (control: a change that breaks no contract)"


CONTROL = "control: description only (must pass)"
CONTRACTS = "contracts.schema.json"
REGISTRY = "registry.json"
# name -> (file of schemas/ to mutate, mutation)
MUTATIONS: dict[str, tuple[str, Callable[[Schema], None]]] = {
    CONTROL: (CONTRACTS, control),
    "remove required MediaRef.uri": (CONTRACTS, drop_required),
    "rename FrameRef.timestamp_seconds": (CONTRACTS, rename_property),
    "narrow FrameStrategy enum (no scene)": (CONTRACTS, narrow_enum),
    "VideoProbe.fps number -> integer": (CONTRACTS, change_type),
    "PipelineRequest allows unknown fields": (CONTRACTS, allow_unknown_fields),
    "StoreMetadataOutput.stored_at loses date-time": (CONTRACTS, drop_format),
    "PipelineRequest.max_frames default 300 -> 301": (CONTRACTS, change_default),
    "extract_frames heartbeat timeout 5 s -> 10 s": (REGISTRY, change_heartbeat),
    "store_metadata max attempts 5 -> 4": (REGISTRY, change_attempts),
}


def copy_project(dest: Path) -> None:
    ignore = shutil.ignore_patterns(
        "node_modules", "dist", "bin", ".venv", ".data", "__pycache__", ".git"
    )
    # tests/ too: the registry names each activity's test files and generation checks they exist.
    for part in ("schemas", "tools", "python", "go-worker", "ts-worker", "tests", "docs"):
        shutil.copytree(ROOT / part, dest / part, ignore=ignore)
    (dest / "ts-worker" / "node_modules").symlink_to(ROOT / "ts-worker" / "node_modules")


def run(
    argv: list[str], cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


def suites(work: Path) -> dict[str, Callable[[], str]]:
    """Each language's contract suite: "pass", or how it failed ("vectors", "constants" or
    "build")."""
    py_env = os.environ | {"PYTHONPATH": str(work / "python" / "src")}
    python = [
        str(ROOT / ".venv/bin/python"),
        "-m",
        "media_pipeline.contracts",
        "vectors",
        str(VECTORS),
    ]
    go_build = ["go", "build", "-o", "bin/contracts", "./cmd/contracts"]
    go = ["bin/contracts", "vectors", str(VECTORS)]
    ts_build = ["npx", "--no-install", "tsc", "-p", "tsconfig.build.json"]
    ts = ["node", "dist/tools/contracts.js", "vectors", str(VECTORS)]

    def outcome(argv: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
        """Vectors first, then the constants; the first failure names the suite."""
        for kind, check in (
            ("vectors", argv),
            ("constants", [*argv[:-2], "constants", str(EXPECTED)]),
        ):
            proc = run(check, cwd, env)
            if proc.returncode != 0:
                # The tools print a JSON report when they ran; anything else is a build failure.
                return kind if proc.stdout.lstrip().startswith("{") else "build"
        return "pass"

    def built(build: list[str], argv: list[str], cwd: Path) -> str:
        return "build" if run(build, cwd).returncode else outcome(argv, cwd)

    return {
        "python": lambda: outcome(python, work, py_env),
        "go": lambda: built(go_build, go, work / "go-worker"),
        "ts": lambda: built(ts_build, ts, work / "ts-worker"),
    }


def main() -> int:
    env = os.environ | {"VENV": str(ROOT / ".venv")}
    table: dict[str, dict[str, str]] = {}
    with tempfile.TemporaryDirectory(prefix="contract-mutation-") as tmp:
        base = Path(tmp) / "base"
        copy_project(base)
        checks = suites(base)
        baseline = {lang: check() for lang, check in checks.items()}
        if set(baseline.values()) != {"pass"}:
            print(f"the unmutated suites must pass first: {baseline}", file=sys.stderr)
            return 1
        for name, (target, mutate) in MUTATIONS.items():
            began = time.monotonic()
            work = Path(tmp) / f"m{len(table)}"
            copy_project(work)
            path = work / "schemas" / target
            schema = json.loads(path.read_text())
            mutate(schema)
            path.write_text(json.dumps(schema, indent=2) + "\n")
            gen = run(["bash", "tools/generate.sh"], work, env)
            if gen.returncode != 0:
                print(f"{name}: generation failed:\n{gen.stderr}", file=sys.stderr)
                return 1
            table[name] = {lang: check() for lang, check in suites(work).items()}
            print(f"  {name}: {time.monotonic() - began:.1f} s", file=sys.stderr)
    languages = ["python", "go", "ts"]
    print("\n| mutation | " + " | ".join(languages) + " |")
    print("|---|" + "---|" * len(languages))
    for name, caught in table.items():
        if name == CONTROL:
            cells = [
                "passes" if caught[lang] == "pass" else f"FAILS ({caught[lang]})"
                for lang in languages
            ]
        else:
            cells = [
                "NOT CAUGHT" if caught[lang] == "pass" else f"caught ({caught[lang]})"
                for lang in languages
            ]
        print(f"| {name} | " + " | ".join(cells) + " |")
    control_ok = all(c == "pass" for c in table.pop(CONTROL).values())
    missed = sum(c == "pass" for row in table.values() for c in row.values())
    cells_total = len(table) * len(languages)
    print(
        f"\n{cells_total - missed}/{cells_total} caught; the control {'passes' if control_ok else 'FAILS'}"
    )
    return 1 if missed or not control_ok else 0


if __name__ == "__main__":
    sys.exit(main())
