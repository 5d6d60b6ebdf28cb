"""A small Dockerfile reader for the container tests: instructions, stages, resolved bases."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# Compose service → build context; each context holds its Dockerfile and .dockerignore.
WORKERS = {"python-worker": "python", "go-worker": "go-worker", "ts-worker": "ts-worker"}


@dataclass
class Instruction:
    op: str  # upper case: FROM, RUN, COPY, ...
    args: str  # the rest, continuation lines joined with spaces
    line: int


@dataclass
class Stage:
    base: str  # the FROM image after substituting global ARG defaults
    name: str | None
    body: list[Instruction] = field(default_factory=list)

    def ops(self, op: str) -> list[Instruction]:
        return [i for i in self.body if i.op == op]


def instructions(text: str) -> list[Instruction]:
    out: list[Instruction] = []
    buf, start = "", 0
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not buf and (not line or line.startswith("#")):
            continue
        if buf and line.startswith("#"):  # a comment inside a continued instruction
            continue
        start = start if buf else n
        if line.endswith("\\"):
            buf += line[:-1] + " "
            continue
        op, _, args = (buf + line).partition(" ")
        out.append(Instruction(op.upper(), args.strip(), start))
        buf = ""
    return out


def stages(path: Path) -> list[Stage]:
    """Stages in order; FROM ${ARG} is resolved with the ARG defaults declared before it."""
    defaults: dict[str, str] = {}
    result: list[Stage] = []
    for ins in instructions(path.read_text()):
        if ins.op == "ARG" and not result and "=" in ins.args:
            key, _, value = ins.args.partition("=")
            defaults[key.strip()] = value.strip()
        elif ins.op == "FROM":
            words = [w for w in ins.args.split() if not w.startswith("--")]
            base = re.sub(r"\$\{?(\w+)\}?", lambda m: defaults.get(m[1], m[0]), words[0])
            name = words[2] if len(words) >= 3 and words[1].upper() == "AS" else None
            result.append(Stage(base, name))
        elif result:
            result[-1].body.append(ins)
    return result


def exec_form(ins: Instruction) -> list[str]:
    """CMD/ENTRYPOINT in JSON (exec) form; shell form fails the test that asks."""
    value = json.loads(ins.args)
    assert isinstance(value, list) and all(isinstance(v, str) for v in value), ins.args
    return value


def env(stage: Stage) -> dict[str, str]:
    """ENV KEY=VALUE pairs of a stage (the only ENV form these Dockerfiles use)."""
    out: dict[str, str] = {}
    for ins in stage.ops("ENV"):
        for pair in ins.args.split():
            key, sep, value = pair.partition("=")
            assert sep, f"ENV without '=' at line {ins.line}: {ins.args}"
            out[key] = value
    return out


def dockerfile(service: str) -> Path:
    return REPO / WORKERS[service] / "Dockerfile"
