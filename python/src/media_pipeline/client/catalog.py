"""`list` and `show ID`: the catalog read from CATALOG_URL, with the same SQL, parameter checks
and JSON shapes (CatalogPage, CatalogRecord) as the TypeScript web catalog (ts-worker/src/catalog,
ts-worker/src/web/catalog-view.ts). SQLite only: python/requirements.lock has no PostgreSQL
driver, so a postgres:// catalog is refused as CatalogUnavailable instead of half supported."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from ..contracts.validation import integral
from .pipeline import PipelineFailed

DEFAULT_CATALOG_URL = "file:.data/catalog.db"
DEFAULT_LIMIT = 24
MAX_LIMIT = 100
MAX_QUERY = 200
MAX_MATCHES = 20
BUSY_TIMEOUT_SECONDS = 5.0

# The TypeScript catalog's orders (ORDERS in sql.ts), each ending on workflow_id so pages never overlap.
ORDERS = {
    "newest": "updated_at DESC, workflow_id",
    "oldest": "updated_at ASC, workflow_id",
    "longest": "duration_seconds DESC, workflow_id",
    "shortest": "duration_seconds ASC, workflow_id",
    "url": "video_url ASC, workflow_id",
}
SUMMARY_COLUMNS = (
    "record_id, workflow_id, video_url, duration_seconds, width, height, frame_count, "
    "scene_count, poster_uri, storyboard_vtt_uri, revision, created_at, updated_at"
)
# The hover preview's URI, read from the stored document as the TypeScript catalog does.
PREVIEW = "json_extract(metadata_json, '$.preview.uri') AS preview_uri"
TEXT_COLUMNS = "record_id, workflow_id, text, first_seconds, last_seconds"
# A record matches when its URL or one of its on-screen strings contains the pattern (?1).
# The TypeScript catalog finds the candidates through FTS5 trigram tables, then applies this same
# LIKE: the answers agree, this scan is only slower on a large catalog.
MATCH = (
    "WHERE LOWER(video_url) LIKE LOWER(?1) ESCAPE '\\' OR workflow_id IN "
    "(SELECT workflow_id FROM media_texts WHERE LOWER(text) LIKE LOWER(?1) ESCAPE '\\')"
)


def page_sql(order: str, search: bool) -> str:
    first = 2 if search else 1
    return (
        f"SELECT {SUMMARY_COLUMNS}, {PREVIEW} FROM media_records {MATCH if search else ''} "
        f"ORDER BY {ORDERS[order]} LIMIT ?{first} OFFSET ?{first + 1}"
    )


def count_sql(search: bool) -> str:
    return f"SELECT COUNT(*) AS n FROM media_records {MATCH if search else ''}"


def matches_sql(workflow_ids: int) -> str:
    ids = ", ".join(f"?{i + 2}" for i in range(workflow_ids))
    return (
        f"SELECT {TEXT_COLUMNS} FROM media_texts WHERE workflow_id IN ({ids}) "
        "AND LOWER(text) LIKE LOWER(?1) ESCAPE '\\' ORDER BY workflow_id, first_seconds, text"
    )


def contains_pattern(query: str) -> str:
    """LIKE pattern of "contains `query`", LIKE's wildcards and the escape escaped."""
    return "%" + re.sub(r"([\\%_])", r"\\\1", query) + "%"


def sqlite_path(url: str) -> Path:
    """`file:relative`, `file:/abs` or `file:///abs` → a path; anything else is refused."""
    if url.startswith(("postgres://", "postgresql://")):
        raise PipelineFailed(
            "CatalogUnavailable",
            "the Python client reads SQLite catalogs only (no PostgreSQL driver is locked)",
        )
    if not url.startswith("file:"):
        raise PipelineFailed(
            "InvalidInput",
            f"CATALOG_URL must start with file:, postgres:// or postgresql:// (got {json.dumps(url)})",
        )
    path = url2pathname(urlsplit(url).path) if url.startswith("file://") else url[len("file:") :]
    if path == "":
        raise PipelineFailed("InvalidInput", "CATALOG_URL file: needs a path")
    return Path(path)


def page_params(
    sort: str | None, offset: str | None, limit: str | None, q: str | None
) -> dict[str, Any]:
    """The TypeScript pageParams: trimmed strings, checked ranges, InvalidInput otherwise."""
    order = _text(sort) or "newest"
    if order not in ORDERS:
        raise PipelineFailed(
            "InvalidInput", f"sort must be one of {', '.join(ORDERS)} (got {json.dumps(order)})"
        )
    query = _text(q)
    if query is not None and len(query) > MAX_QUERY:
        raise PipelineFailed("InvalidInput", f"q is longer than {MAX_QUERY} characters")
    return {
        "sort": order,
        "offset": _integer("offset", offset, 0, 0, 1_000_000_000),
        "limit": _integer("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT),
        "query": query,
    }


def catalog_page(url: str, p: dict[str, Any]) -> dict[str, Any]:
    query = p["query"]
    pattern = [] if query is None else [contains_pattern(query)]
    with _Catalog(url) as db:
        # One read transaction: the page and its total come from the same snapshot.
        db.execute("BEGIN")
        rows = db.execute(
            page_sql(p["sort"], query is not None), [*pattern, p["limit"], p["offset"]]
        ).fetchall()
        total = db.execute(count_sql(query is not None), pattern).fetchone()["n"]
        hits: dict[str, list[dict[str, Any]]] = {}
        if query is not None and rows:
            found = db.execute(
                matches_sql(len(rows)), [*pattern, *(r["workflow_id"] for r in rows)]
            )
            for h in found:
                hits.setdefault(h["workflow_id"], []).append(
                    {
                        "text": h["text"],
                        "first_seconds": h["first_seconds"],
                        "last_seconds": h["last_seconds"],
                    }
                )
        db.execute("COMMIT")
    items = [
        entry(r)
        if query is None
        else {**entry(r), "text_matches": hits.get(r["workflow_id"], [])[:MAX_MATCHES]}
        for r in rows
    ]
    page = {
        "items": items,
        "total": total,
        "offset": p["offset"],
        "limit": p["limit"],
        "sort": p["sort"],
    }
    if query is not None:
        page["query"] = query
    return integral(page)


def catalog_record(url: str, workflow_id: str) -> dict[str, Any]:
    with _Catalog(url) as db:
        row = db.execute(
            f"SELECT {SUMMARY_COLUMNS}, {PREVIEW}, metadata_json FROM media_records "
            "WHERE workflow_id = ?1",
            [workflow_id],
        ).fetchone()
    if row is None:
        raise PipelineFailed("NotFound", f"no catalog record for {workflow_id}")
    record = {
        "entry": entry(row),
        "revision": row["revision"],
        "metadata": json.loads(row["metadata_json"]),
    }
    return integral(record)


def entry(row: sqlite3.Row) -> dict[str, Any]:
    preview = row["preview_uri"]
    return {
        "record_id": row["record_id"],
        "workflow_id": row["workflow_id"],
        "video_url": row["video_url"],
        "title": title(row["video_url"], row["workflow_id"]),
        "duration_seconds": row["duration_seconds"],
        "width": row["width"],
        "height": row["height"],
        "scene_count": row["scene_count"],
        "poster": row["poster_uri"],
        "created_at": row["created_at"],
        "processed_at": row["updated_at"],
        **({} if preview is None else {"preview": preview}),
    }


def title(video_url: str, fallback: str) -> str:
    """The last segment of the URL's path, percent-decoded; `fallback` when there is none."""
    parts = urlsplit(video_url)
    if not parts.scheme:
        return fallback
    segments = [s for s in parts.path.split("/") if s]
    if not segments:
        return fallback
    try:
        return unquote(segments[-1], errors="strict")
    except UnicodeDecodeError:
        return segments[-1]


class _Catalog:
    """A read-only connection; a missing file is an empty catalog, as the TypeScript one
    (which creates it) would list, without this client writing anything."""

    def __init__(self, url: str) -> None:
        self.path = sqlite_path(url)
        self.db: sqlite3.Connection | None = None

    def __enter__(self) -> sqlite3.Connection:
        uri = self.path.resolve().as_uri() + "?mode=ro"
        try:
            target = uri if self.path.exists() else ":memory:"
            self.db = sqlite3.connect(
                target, uri=target == uri, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None
            )
            self.db.row_factory = sqlite3.Row
            if target != uri:
                self.db.executescript(_EMPTY_SCHEMA)
        except sqlite3.Error as err:
            raise unavailable(self.path, err) from err
        return self.db

    def __exit__(self, kind: object, err: object, tb: object) -> None:
        assert self.db is not None
        self.db.close()
        if isinstance(err, sqlite3.Error):
            raise unavailable(self.path, err) from err


# Just the columns the queries read, for a catalog no worker has written yet.
_EMPTY_SCHEMA = """
CREATE TABLE media_records (workflow_id TEXT PRIMARY KEY, record_id TEXT, video_url TEXT,
  duration_seconds REAL, width INTEGER, height INTEGER, frame_count INTEGER, scene_count INTEGER,
  poster_uri TEXT, storyboard_vtt_uri TEXT, metadata_json TEXT, revision INTEGER,
  created_at TEXT, updated_at TEXT);
CREATE TABLE media_texts (record_id TEXT, workflow_id TEXT, text TEXT, first_seconds REAL,
  last_seconds REAL);
"""


def unavailable(path: Path, err: BaseException) -> PipelineFailed:
    return PipelineFailed("CatalogUnavailable", f"sqlite {path}: {err}")


def _text(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() != "" else None


def _integer(name: str, value: str | None, fallback: int, low: int, high: int) -> int:
    t = _text(value)
    if t is None:
        return fallback
    if not re.fullmatch(r"\d+", t, re.ASCII) or not low <= int(t) <= high:
        raise PipelineFailed(
            "InvalidInput", f"{name} must be an integer from {low} to {high} (got {json.dumps(t)})"
        )
    return int(t)
