"""Conformance of every client to docs/clients.md, through the real stack.

The Python, Go and TypeScript clients and the plain `temporal` CLI give equal results; every
client cancels a running run, reports its status, and fails with the exit code and the
`error: <Type>: ...` line the contract gives. Behaviour is asserted, never bytes: messages after
the type and help texts are each language's own."""

from __future__ import annotations

import base64
import hashlib
import json
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from media_devtools.devstack.processes import free_port
from media_devtools.devstack.stack import Stack
from support.clients import CLIENTS, cli, client_env, comparable, temporal
from support.httpserver import LoopbackServer
from support.procs import wait_activity_started
from temporalio.client import Client

from media_pipeline.contracts.gen.models import (
    BatchResult,
    CatalogPage,
    CatalogRecord,
    PipelineResult,
    RunStatus,
)
from media_pipeline.contracts.validation import ContractError, decode, encode

LANGUAGES = list(CLIENTS)
# The clients with list and show: Python and TypeScript read the catalog file, Go the stack's
# web catalog (conftest.py).
CATALOG_LANGUAGES = ["python", "ts", "go"]


async def test_every_client_gets_the_same_result(stack: Stack, http: LoopbackServer) -> None:
    url = http.url("files/cuts.mp4")
    results = {}
    for language in LANGUAGES:
        proc = cli(language, ["run", url, "--id", f"clients-{language}", "--json"], stack)
        assert proc.returncode == 0, f"{language}: {proc.stderr}"
        results[language] = json.loads(proc.stdout)

    started = temporal(
        ["workflow", "start", "--type", "MediaProcessingWorkflow", "--task-queue", "python-tasks",
         "--workflow-id", "clients-temporal-cli", "--input", json.dumps(url)],
        stack,
    )  # fmt: skip
    assert started.returncode == 0, started.stderr
    # Raw payloads: the CLI's JSON shorthand re-renders them and prints an empty list as null.
    done = temporal(
        ["workflow", "result", "--workflow-id", "clients-temporal-cli", "--output", "json",
         "--no-json-shorthand-payloads"],
        stack,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    results["temporal"] = raw_payload(json.loads(done.stdout)["result"])

    for language, result in results.items():
        try:
            decode(PipelineResult, result)  # every result honours the contract
        except ContractError as err:
            pytest.fail(f"{language}: {err}")
        assert comparable(result) == comparable(results["python"]), (
            f"{language} differs from python"
        )


def raw_payload(value: Any) -> Any:
    """The JSON value of one payload as the CLI prints it raw: {metadata, data}, base64."""
    payload = value[0] if isinstance(value, list) else value
    assert base64.b64decode(payload["metadata"]["encoding"]) == b"json/plain", payload
    return json.loads(base64.b64decode(payload["data"]))


def test_default_ids_agree_across_clients(stack: Stack, http: LoopbackServer) -> None:
    url = http.url("files/short.mp4")
    ids = {}
    for language in LANGUAGES:
        proc = cli(language, ["start", url, "--strategy", "keyframes"], stack)
        assert proc.returncode == 0, f"{language}: {proc.stderr}"
        ids[language] = proc.stdout.strip()
    assert len(set(ids.values())) == 1, ids
    assert ids["python"].startswith("media-")


@pytest.mark.parametrize("language", LANGUAGES)
async def test_each_client_cancels_a_running_run(
    client: Client, stack: Stack, http: LoopbackServer, language: str
) -> None:
    wid = f"cancel-by-{language}"
    # Dense interval sampling keeps analyze_frames busy long enough to cancel mid-run.
    args = [
        "start",
        http.url("files/cuts.mp4"),
        "--id",
        wid,
        "--strategy",
        "interval",
        "--interval-seconds",
        "0.05",
        "--max-frames",
        "240",
    ]
    assert cli(language, args, stack).returncode == 0
    await wait_activity_started(client.get_workflow_handle(wid), "analyze_frames")
    began = time.monotonic()
    proc = cli(language, ["cancel", wid], stack)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["status"] == "CANCELED"
    assert time.monotonic() - began < 30
    status = cli(language, ["status", wid], stack)
    assert decode(RunStatus, json.loads(status.stdout)).status.value == "CANCELED"
    result = cli(language, ["result", wid], stack)
    assert result.returncode == 1 and result.stderr.strip().startswith("error: Cancelled")


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_client_names_the_error_type_of_a_failed_run(
    stack: Stack, http: LoopbackServer, language: str
) -> None:
    proc = cli(language, ["run", http.url("files/missing.mp4"), "--id", f"fail-{language}"], stack)
    assert proc.returncode == 1
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith("error: SourceUnavailable: "), proc.stderr


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_client_reports_an_unreachable_server_in_one_line(stack: Stack, language: str) -> None:
    began = time.monotonic()
    proc = cli(
        language, ["status", "anything"], stack, address=f"127.0.0.1:{free_port()}", timeout=60
    )
    assert proc.returncode != 0
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: cannot reach Temporal"), proc.stderr
    assert time.monotonic() - began < 30


def test_every_client_runs_the_same_batch(
    stack: Stack, http: LoopbackServer, tmp_path: Path
) -> None:
    listing = tmp_path / "videos.txt"
    listing.write_text(
        f"{http.url('files/short.mp4')}\n# a comment\n{json.dumps(http.url('files/missing.mp4'))}\n"
    )
    results = {}
    for language in LANGUAGES:
        proc = cli(
            language, ["batch", str(listing), "--id", f"batch-by-{language}", "--json"], stack
        )
        assert proc.returncode == 0, f"{language}: {proc.stderr}"
        result = decode(BatchResult, json.loads(proc.stdout))
        results[language] = json.loads(
            json.dumps(encode(result)).replace(f"batch-by-{language}", "<id>")
        )
    assert results["python"]["total"] == 2 and results["python"]["failed"] == 1
    assert results["python"]["failures"][0]["error_type"] == "SourceUnavailable"
    assert results["go"] == results["python"] == results["ts"]


def last_error(proc: subprocess.CompletedProcess[str]) -> str:
    lines = proc.stderr.strip().splitlines()
    return lines[-1] if lines else ""


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_client_uploads_a_local_file(
    stack: Stack, media_files: dict[str, Path], tmp_path: Path, language: str
) -> None:
    local = tmp_path / "my clip.mp4"
    local.write_bytes(media_files["short"].read_bytes())
    digest = hashlib.sha256(local.read_bytes()).hexdigest()
    proc = cli(language, ["run", str(local), "--id", f"upload-{language}", "--json"], stack)
    assert proc.returncode == 0, f"{language}: {proc.stderr}"
    result = decode(PipelineResult, json.loads(proc.stdout))
    assert result.metadata.video_url == f"media://uploads/{digest[:16]}/my_clip.mp4"


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_client_refuses_an_invalid_request_as_invalid_input(
    stack: Stack, http: LoopbackServer, language: str
) -> None:
    # The client checks values against the schema, not against a list of its own.
    url = http.url("files/short.mp4")
    for flags, field in (
        (["--strategy", "bogus"], "strategy"),
        (["--max-frames", "0"], "max_frames"),
    ):
        proc = cli(language, ["start", url, *flags], stack)
        assert proc.returncode == 1, f"{language} {flags}: {proc.stderr}"
        line = last_error(proc)
        assert line.startswith("error: InvalidInput: ") and field in line, (language, line)


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_client_reports_an_unknown_id_as_not_found(stack: Stack, language: str) -> None:
    for command in ("status", "result", "cancel"):
        proc = cli(language, [command, f"no-such-run-{language}"], stack)
        assert proc.returncode == 1, f"{language} {command}: {proc.stderr}"
        assert last_error(proc).startswith("error: NotFound: "), (language, command, proc.stderr)


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_client_exits_2_on_bad_usage(stack: Stack, language: str) -> None:
    for args in (["frobnicate"], ["run"], ["status"], ["run", "x", "--no-such-flag"]):
        proc = cli(language, args, stack)
        assert proc.returncode == 2, f"{language} {args}: {proc.stdout} {proc.stderr}"
        assert proc.stdout == "", (language, args)


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_client_refuses_a_source_that_is_neither_url_nor_file(
    stack: Stack, tmp_path: Path, language: str
) -> None:
    proc = cli(language, ["run", str(tmp_path / "absent.mp4")], stack)
    assert proc.returncode == 1, f"{language}: {proc.stderr}"
    assert last_error(proc).startswith("error: InvalidInput: "), (language, proc.stderr)


@pytest.mark.parametrize("language", LANGUAGES)
async def test_a_bad_batch_line_fails_the_batch_before_any_child(
    client: Client, stack: Stack, http: LoopbackServer, tmp_path: Path, language: str
) -> None:
    # The workflow's read_manifest is the one parser: clients upload the file and show its error.
    listing = tmp_path / f"bad-{language}.txt"
    listing.write_text(f'{http.url("files/short.mp4")}\n{{"video_url": 3}}\n')
    bid = f"bad-batch-{language}"
    proc = cli(language, ["batch", str(listing), "--id", bid, "--json"], stack)
    assert proc.returncode == 1, f"{language}: {proc.stdout} {proc.stderr}"
    line = last_error(proc)
    assert line.startswith("error: InvalidInput: ") and "line 2" in line, (language, line)
    children = [w async for w in client.list_workflows(f"WorkflowId STARTS_WITH '{bid}-'")]
    assert children == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_client_prints_only_the_id_without_waiting(
    stack: Stack, http: LoopbackServer, tmp_path: Path, language: str
) -> None:
    listing = tmp_path / f"one-{language}.txt"
    listing.write_text(http.url("files/short.mp4") + "\n")
    proc = cli(language, ["batch", str(listing), "--no-wait"], stack)
    assert proc.returncode == 0, proc.stderr
    digest = hashlib.sha256(listing.read_bytes()).hexdigest()
    assert proc.stdout.strip() == f"batch-{digest[:16]}"


def test_every_client_lists_and_shows_the_same_catalog(stack: Stack, http: LoopbackServer) -> None:
    run = cli(
        "python", ["run", http.url("files/cuts.mp4"), "--id", "catalog-cuts", "--json"], stack
    )
    assert run.returncode == 0, run.stderr
    for args, model in (
        (["list", "--json", "--sort", "url", "--limit", "100"], CatalogPage),
        (["list", "--json", "--query", "cuts", "--sort", "oldest", "--limit", "5"], CatalogPage),
        (["show", "catalog-cuts"], CatalogRecord),
    ):
        shown = {}
        for language in CATALOG_LANGUAGES:
            proc = cli(language, args, stack)
            assert proc.returncode == 0, f"{language} {args}: {proc.stderr}"
            shown[language] = json.loads(proc.stdout)
            try:
                decode(model, shown[language])
            except ContractError as err:
                pytest.fail(f"{language} {args}: {err}")
        for language in CATALOG_LANGUAGES:
            assert shown[language] == shown["python"], (language, args)
        if model is CatalogPage:
            assert "catalog-cuts" in [e["workflow_id"] for e in shown["python"]["items"]], args
    # The text form: a line per video, then "<first>-<last> of <total>", the same in each.
    lines = {lang: cli(lang, ["list", "--sort", "url"], stack) for lang in CATALOG_LANGUAGES}
    for language, proc in lines.items():
        assert proc.returncode == 0, f"{language}: {proc.stderr}"
        assert proc.stdout == lines["python"].stdout, language
    assert "catalog-cuts" in lines["python"].stdout


@pytest.mark.parametrize("language", CATALOG_LANGUAGES)
def test_each_client_shows_an_unknown_record_as_not_found(stack: Stack, language: str) -> None:
    proc = cli(language, ["show", "no-such-record"], stack)
    assert proc.returncode == 1, f"{language}: {proc.stderr}"
    assert last_error(proc).startswith("error: NotFound: "), (language, proc.stderr)
    bad = cli(language, ["list", "--limit", "0"], stack)
    assert bad.returncode == 1, f"{language}: {bad.stderr}"
    assert last_error(bad).startswith("error: InvalidInput: "), (language, bad.stderr)


def test_the_go_client_sends_the_web_catalogs_token(stack: Stack) -> None:
    # The stack's web catalog requires WEB_AUTH_TOKEN (conftest.py): without it, Unauthorized.
    proc = subprocess.run(
        [*CLIENTS["go"], "list"],
        env=client_env(stack) | {"WEB_AUTH_TOKEN": ""},
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 1, proc.stderr
    assert last_error(proc).startswith("error: Unauthorized: "), proc.stderr
