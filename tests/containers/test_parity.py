"""The images run what `make up` runs, with the settings the documentation promises."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from dockerfiles import REPO, WORKERS, dockerfile, exec_form, stages
from media_devtools.devstack.stack import worker_commands

LANGUAGE = {"python-worker": "python", "go-worker": "go", "ts-worker": "ts"}
# Set for the container, not to the local default: paths inside the image and the catalog.
CONTAINER_VALUES = {
    "MEDIA_ROOT", "MEDIA_STORE", "MEDIA_SCRATCH", "CATALOG_URL", "FFMPEG_PATH", "FFPROBE_PATH",
}  # fmt: skip


def image_command(worker: str) -> tuple[list[str], str]:
    last = stages(dockerfile(worker))[-1]
    entry = [exec_form(i) for i in last.ops("ENTRYPOINT")]
    cmd = [exec_form(i) for i in last.ops("CMD")]
    workdir = [i.args for i in last.ops("WORKDIR")]
    return (entry[-1] if entry else []) + (cmd[-1] if cmd else []), workdir[-1] if workdir else "/"


@pytest.mark.parametrize("worker", WORKERS)
def test_image_runs_the_make_up_command(worker: str) -> None:
    local = worker_commands(REPO)[worker]
    image, workdir = image_command(worker)
    assert Path(image[0]).name == Path(local[0]).name
    # Paths inside the worker's folder locally are relative to WORKDIR in the image.
    here = REPO / WORKERS[worker]
    local_args = [
        str(Path(a).relative_to(here)) if a.startswith(f"{here}/") else a for a in local[1:]
    ]
    image_args = [
        str(Path(a).relative_to(workdir)) if a.startswith(f"{workdir}/") else a for a in image[1:]
    ]
    assert image_args == local_args


def test_go_image_matches_go_mod() -> None:
    go_mod = (REPO / "go-worker/go.mod").read_text()
    version = re.search(r"^go (\S+)$", go_mod, re.MULTILINE)
    assert version
    assert stages(dockerfile("go-worker"))[0].base == f"golang:{version[1]}-bookworm"


def test_node_image_matches_the_node_make_setup_installs() -> None:
    # One Node major everywhere: the image, `make up` (tools/setup.sh) and package.json engines.
    pinned = re.search(r"^NODE_VERSION=(\d+)\.", (REPO / "tools/setup.sh").read_text(), re.M)
    engines = json.loads((REPO / "ts-worker/package.json").read_text())["engines"]["node"]
    assert pinned and engines == f">={pinned[1]}"
    for stage in stages(dockerfile("ts-worker")):
        assert stage.base == f"node:{pinned[1]}-bookworm-slim"


def documented_settings() -> dict[str, tuple[str, str]]:
    """docs/conventions.md's table: variable → (used by, default)."""
    out: dict[str, tuple[str, str]] = {}
    for line in (REPO / "docs/conventions.md").read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 4 or not cells[0].startswith("`"):
            continue
        # `value`, a bare number, or words such as "empty" / "from `PATH`" (no literal value).
        quoted = re.match(r"`([^`]*)`", cells[2])
        default = quoted[1] if quoted else cells[2] if cells[2].isdigit() else ""
        for name in re.findall(r"`(\w+)`", cells[0]):
            out[name] = (cells[1], default)
    return out


@pytest.mark.parametrize("worker", WORKERS)
def test_every_documented_setting_is_set(services: dict[str, Any], worker: str) -> None:
    env = services[worker]["environment"]
    settings = documented_settings()
    assert {"MEDIA_ROOT", "LOG_LEVEL", "MAX_VIDEO_SECONDS"} <= settings.keys()
    for name, (used_by, default) in settings.items():
        if not re.search(rf"\b(all|{LANGUAGE[worker]})\b", used_by):
            continue
        assert name in env, f"{worker} reads {name}, compose does not set it"
        if name not in CONTAINER_VALUES:
            assert env[name] == default, f"{worker}: {name}={env[name]!r}, documented {default!r}"
