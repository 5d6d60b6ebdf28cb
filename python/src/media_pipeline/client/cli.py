"""`media-pipeline`: start the media pipeline from Python and watch it.

  media-pipeline run URL|PATH [--id ID] [--json] [--no-wait] [--strategy S] [--max-frames N]
  media-pipeline start URL|PATH [--id ID]        print the workflow id and return
  media-pipeline status ID | result ID | cancel ID
  media-pipeline batch FILE [--id ID] [--max-in-flight N] [--max-per-host N] [--continue-every N] [--json] [--no-wait]
  media-pipeline list [--query Q] [--sort S] [--offset N] [--limit N] [--json]   a catalog page
  media-pipeline show ID                          a catalog record (CatalogRecord JSON)

A local PATH is copied into the media store (MEDIA_STORE) first; a batch FILE goes there unparsed
as a manifest. The behaviour every client shares is docs/clients.md. The connection comes from
Temporal's environment configuration (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, profiles, API key);
list and show read the catalog at CATALOG_URL (a SQLite file:) and need no Temporal.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from pathlib import Path
from typing import Any

from temporalio.client import Client
from temporalio.service import RPCError, RPCStatusCode

from ..contracts.gen.models import PipelineRequest
from ..contracts.validation import ContractError, decode, encode
from ..exit import exit_now
from ..media.open import open_store
from ..media.store import MediaStore
from ..telemetry import tracing
from . import batch, catalog
from .connect import connect, describe_target
from .display import ProgressView, catalog_lines
from .ids import default_workflow_id, upload
from .pipeline import PipelineFailed, cancel, start, status, watch


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="media-pipeline", description="Run the polyglot media pipeline."
    )
    sub = p.add_subparsers(dest="command", required=True)
    for name in ("run", "start"):
        c = sub.add_parser(name, help=f"{name} the pipeline on a URL or a local file")
        c.add_argument("source", help="http(s) URL, media:// reference or local file path")
        c.add_argument("--id", help="workflow id (default: derived from the URL)")
        c.add_argument("--strategy", help="frame strategy (FrameStrategy in schemas/)")
        c.add_argument("--interval-seconds", type=float)
        c.add_argument("--max-frames", type=int)
        c.add_argument("--no-storyboard", action="store_true")
        c.add_argument("--keep-frames", action="store_true")
        c.add_argument("--json", action="store_true", help="print only the final JSON")
        c.add_argument("--wait", action=argparse.BooleanOptionalAction, default=name == "run")
    for name in ("status", "result", "cancel"):
        sub.add_parser(name, help=f"{name} of a run").add_argument("id")
    b = sub.add_parser("batch", help="run many videos: FILE lists URLs or requests, one per line")
    b.add_argument("file", type=Path)
    b.add_argument("--id", help="batch workflow id (default: derived from the file's contents)")
    b.add_argument("--max-in-flight", type=int)
    b.add_argument("--max-per-host", type=int, help="downloads from one host at once")
    b.add_argument("--continue-every", type=int)
    b.add_argument("--json", action="store_true", help="print only the final JSON")
    b.add_argument("--wait", action=argparse.BooleanOptionalAction, default=True)
    # Numbers stay strings: the catalog checks them, so a bad one is InvalidInput (exit 1) as in
    # every client, not an argparse usage error.
    ls = sub.add_parser("list", help="a page of the catalog (CATALOG_URL)")
    ls.add_argument("--query", help="search the URLs and on-screen text")
    ls.add_argument("--sort", help=f"one of {', '.join(catalog.ORDERS)} (default newest)")
    ls.add_argument("--offset")
    ls.add_argument("--limit")
    ls.add_argument("--json", action="store_true", help="print the CatalogPage JSON")
    sub.add_parser("show", help="one catalog record as CatalogRecord JSON").add_argument("id")
    return p


def media_store() -> MediaStore:
    return open_store()


def readable(path: Path) -> Path:
    if not path.is_file() or not os.access(path, os.R_OK):
        raise PipelineFailed("InvalidInput", f"{path} is neither a URL nor a readable file")
    return path


async def run_batch(args: argparse.Namespace, client: Client) -> int:
    manifest, default_id = batch.upload_manifest(media_store(), readable(args.file))
    request = batch.request_for(
        manifest, args.max_in_flight, args.continue_every, args.max_per_host
    )
    handle = await batch.start(client, request, args.id or default_id)
    if not args.wait:
        print(handle.id)
        return 0
    if not args.json:
        print(f"batch {handle.id} started", file=sys.stderr)
    emit(encode(await batch.watch(handle, show=not args.json)))
    return 0


def request_for(args: argparse.Namespace) -> PipelineRequest:
    source = args.source
    if "://" not in source:
        source = upload(media_store(), readable(Path(source)))
    fields: dict[str, Any] = {"video_url": source}
    for key in ("strategy", "interval_seconds", "max_frames"):
        if getattr(args, key) is not None:
            fields[key] = getattr(args, key)
    if args.no_storyboard:
        fields["storyboard"] = False
    if args.keep_frames:
        fields["keep_frames"] = True
    return decode(PipelineRequest, fields)


def emit(value: Any) -> None:
    print(json.dumps(value, indent=2, ensure_ascii=False))


async def dispatch(args: argparse.Namespace, client: Client) -> int:
    if args.command == "batch":
        return await run_batch(args, client)
    if args.command in ("run", "start"):
        request = request_for(args)
        handle = await start(client, request, args.id or default_workflow_id(request.video_url))
        if not args.wait:
            print(handle.id)
            return 0
        if not args.json:
            print(f"workflow {handle.id} started", file=sys.stderr)
        result = await watch(handle, None if args.json else ProgressView())
        emit(encode(result))
        return 0
    handle = client.get_workflow_handle(args.id)
    if args.command == "status":
        emit(await status(handle))
    elif args.command == "result":
        emit(encode(await watch(handle, None)))
    else:
        emit(await cancel(handle))
    return 0


def catalog_command(args: argparse.Namespace) -> int:
    url = os.environ.get("CATALOG_URL", "").strip() or catalog.DEFAULT_CATALOG_URL
    try:
        if args.command == "show":
            emit(catalog.catalog_record(url, args.id))
            return 0
        params = catalog.page_params(args.sort, args.offset, args.limit, args.query)
        page = catalog.catalog_page(url, params)
    except PipelineFailed as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    if args.json:
        emit(page)
    else:
        sys.stdout.write(catalog_lines(page))
    return 0


async def amain(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    if args.command in ("list", "show"):  # the catalog needs no Temporal connection
        return catalog_command(args)
    traced = tracing.setup("media-client-python")
    try:
        return await _run(args, traced)
    finally:
        traced.flush()


async def _run(args: argparse.Namespace, traced: tracing.Tracing) -> int:
    try:
        client = await connect(traced.interceptors)
    except Exception as err:  # connection failures of any kind end as one line
        print(f"error: cannot reach Temporal at {describe_target()}: {err}", file=sys.stderr)
        return 2
    try:
        with traced.span(f"client {args.command}"):
            return await dispatch(args, client)
    except PipelineFailed as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    except ContractError as err:
        print(f"error: InvalidInput: {err}", file=sys.stderr)
        return 1
    except RPCError as err:
        kind = "NotFound" if err.status == RPCStatusCode.NOT_FOUND else err.status.name
        print(f"error: {kind}: {err.message}", file=sys.stderr)
        return 1


def main() -> None:
    try:
        code = asyncio.run(amain(sys.argv[1:]))
    except SystemExit as stop:  # argparse and one-line errors: print, then leave the same way
        if isinstance(stop.code, str):
            print(stop.code, file=sys.stderr)
            code = 1
        else:
            code = stop.code or 0
    exit_now(code)


if __name__ == "__main__":
    main()
