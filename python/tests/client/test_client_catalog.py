"""`list` and `show` of the Python client: the real CLI on a real SQLite catalog laid out as the
TypeScript catalog writes it (ts-worker/src/catalog/sql.ts), with no Temporal server anywhere."""

from __future__ import annotations

import copy
import json
import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from media_pipeline.contracts.gen.models import CatalogPage, CatalogRecord
from media_pipeline.contracts.validation import decode

VECTORS = Path(__file__).resolve().parents[3] / "schemas" / "vectors"

# The sqlite dialect of createTableSql and createTextTableSql.
SCHEMA = """
CREATE TABLE media_records (workflow_id TEXT PRIMARY KEY, record_id TEXT NOT NULL,
  video_url TEXT NOT NULL, duration_seconds REAL NOT NULL, width INTEGER NOT NULL,
  height INTEGER NOT NULL, frame_count INTEGER NOT NULL, scene_count INTEGER NOT NULL,
  poster_uri TEXT NOT NULL, storyboard_vtt_uri TEXT, metadata_json TEXT NOT NULL,
  revision INTEGER NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE media_texts (record_id TEXT NOT NULL, workflow_id TEXT NOT NULL, text TEXT NOT NULL,
  first_seconds REAL NOT NULL, last_seconds REAL NOT NULL, PRIMARY KEY (workflow_id, text));
"""


@pytest.fixture(scope="module")
def catalog_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("catalog") / "catalog.db"
    vector = json.loads((VECTORS / "MediaMetadata.json").read_text())["tests"][0]["data"]
    with sqlite3.connect(path) as db:
        db.executescript(SCHEMA)
        for i, name in enumerate(["alpha", "beta", "gamma"]):
            md = copy.deepcopy(vector)
            md["workflow_id"] = f"wf-{name}"
            md["video_url"] = f"https://example.com/{name}.mp4"
            poster = md["poster"]["thumbnails"][0]["image"]["uri"]
            when = f"2026-12-01T10:0{i}:00Z"
            record_id = str(uuid.uuid5(uuid.NAMESPACE_URL, md["video_url"]))
            db.execute(
                "INSERT INTO media_records VALUES (?1, ?2, ?3, ?4, 1280, 720, 360, 4, ?5, NULL, ?6, 1, ?7, ?7)",
                (
                    md["workflow_id"],
                    record_id,
                    md["video_url"],
                    12.5 + i,
                    poster,
                    json.dumps(md),
                    when,
                ),
            )
            db.execute(
                "INSERT INTO media_texts VALUES (?1, ?2, ?3, 1.0, 2.0)",
                (record_id, md["workflow_id"], f"Hello {name.upper()} 100%"),
            )
    return f"file:{path}"


def client(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    # Nothing listens at TEMPORAL_ADDRESS: a command that tried Temporal would fail.
    env = {**os.environ, "CATALOG_URL": url, "TEMPORAL_ADDRESS": "127.0.0.1:1"}
    return subprocess.run(
        [sys.executable, "-m", "media_pipeline.client.cli", *args],
        env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip


def test_list_pages_as_catalog_page_json(catalog_url: str) -> None:
    proc = client(catalog_url, "list", "--json", "--sort", "url", "--limit", "2")
    assert proc.returncode == 0, proc.stderr
    page = decode(CatalogPage, json.loads(proc.stdout))
    assert [e.title for e in page.items] == ["alpha.mp4", "beta.mp4"]
    assert (page.total, page.offset, page.limit, page.sort.value) == (3, 0, 2, "url")
    second = decode(
        CatalogPage,
        json.loads(client(catalog_url, "list", "--json", "--sort", "url", "--offset", "2").stdout),
    )
    assert [e.workflow_id for e in second.items] == ["wf-gamma"]


def test_list_searches_text_with_like_wildcards_escaped(catalog_url: str) -> None:
    proc = client(catalog_url, "list", "--json", "--query", "beta 100%")
    page = decode(CatalogPage, json.loads(proc.stdout))
    assert [e.workflow_id for e in page.items] == ["wf-beta"]
    assert [m.text for m in page.items[0].text_matches] == ["Hello BETA 100%"]
    assert (
        decode(
            CatalogPage, json.loads(client(catalog_url, "list", "--json", "--query", "_").stdout)
        ).total
        == 0
    )


def test_list_prints_a_line_per_video(catalog_url: str) -> None:
    proc = client(catalog_url, "list", "--query", "gam")
    assert proc.returncode == 0, proc.stderr
    assert (
        proc.stdout == "wf-gamma     0:14.5  1280x720   2026-12-01 10:02 UTC  gamma.mp4\n1-1 of 1\n"
    )


def test_show_prints_a_catalog_record(catalog_url: str) -> None:
    proc = client(catalog_url, "show", "wf-beta")
    assert proc.returncode == 0, proc.stderr
    record = decode(CatalogRecord, json.loads(proc.stdout))
    assert record.metadata.video_url == "https://example.com/beta.mp4"
    assert record.entry.duration_seconds == 13.5


def test_errors_follow_the_contract(catalog_url: str, tmp_path: Path) -> None:
    missing = client(catalog_url, "show", "wf-nope")
    assert (missing.returncode, missing.stderr) == (
        1,
        "error: NotFound: no catalog record for wf-nope\n",
    )
    bad = client(catalog_url, "list", "--limit", "1000")
    assert bad.returncode == 1
    assert bad.stderr.startswith("error: InvalidInput: limit must be an integer from 1 to 100")
    assert client(catalog_url, "list", "--sort", "size").stderr.startswith(
        "error: InvalidInput: sort"
    )
    assert client(catalog_url, "list", "extra").returncode == 2
    assert client(catalog_url, "show").returncode == 2
    pg = client("postgres://u:p@127.0.0.1:1/db", "list")
    assert pg.returncode == 1
    assert pg.stderr.startswith("error: CatalogUnavailable: ")


def test_a_catalog_not_yet_written_is_empty(tmp_path: Path) -> None:
    url = f"file:{tmp_path / 'none' / 'catalog.db'}"
    proc = client(url, "list")
    assert (proc.returncode, proc.stdout) == (0, "0-0 of 0\n")
    assert not (tmp_path / "none").exists()  # reading never creates the catalog
    assert client(url, "show", "wf-x").returncode == 1
