"""Read the catalog database the TypeScript worker writes, as any other program would."""

from __future__ import annotations

import sqlite3

from media_devtools.devstack.stack import Stack


def catalog_rows(stack: Stack, workflow_id: str) -> list[sqlite3.Row]:
    path = stack.data / "catalog.db"
    if not path.exists():
        return []
    with sqlite3.connect(path) as db:
        db.row_factory = sqlite3.Row
        return list(db.execute("SELECT * FROM media_records WHERE workflow_id = ?", (workflow_id,)))
