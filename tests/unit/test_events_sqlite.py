"""The embedded SQLite queue: the schema contract with the sandbox, processes, pruning."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from sync.queue_sqlite import SqliteQueue

# The contract, verbatim, as the sandbox's Medusa creates it.
SANDBOX_DDL = (
    "CREATE TABLE IF NOT EXISTS events (seq INTEGER PRIMARY KEY AUTOINCREMENT, "
    "event TEXT NOT NULL, id TEXT NOT NULL, payload TEXT NOT NULL, created_at REAL NOT NULL, "
    "claimed_by TEXT, claimed_at REAL, attempts INTEGER NOT NULL DEFAULT 0, acked_at REAL, "
    "last_error TEXT)"
)

WORKER = """
import json, sys, time
from pathlib import Path
from sync.queue_sqlite import SqliteQueue
path, name, go = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
queue = SqliteQueue(path)
print("ready", flush=True)
while not go.exists():
    time.sleep(0.005)
seen = []
while batch := queue.claim(name, count=5, block_ms=50):
    for envelope in batch:
        time.sleep(0.001)  # a little work, as a real handler would do
        seen.append(envelope.message_id)
        queue.ack(envelope)
print(json.dumps(seen), flush=True)
"""


def sandbox_insert(path: Path, event: str, entity_id: str) -> None:
    """Write an event row exactly as the sandbox does, with its own connection."""
    payload = json.dumps({"event": event, "id": entity_id, "data": {"id": entity_id}})
    with sqlite3.connect(path) as db:
        db.execute(SANDBOX_DDL)
        db.execute(
            "INSERT INTO events (event, id, payload, created_at) VALUES (?, ?, ?, ?)",
            (event, entity_id, payload, time.time()),
        )


def test_rows_written_by_the_sandbox_first_are_claimed(tmp_path: Path) -> None:
    path = tmp_path / "events.sqlite"
    sandbox_insert(path, "product.created", "prod_early")
    queue = SqliteQueue(path)
    sandbox_insert(path, "product.updated", "prod_late")
    assert [(e.event, e.id) for e in queue.claim("w1")] == [
        ("product.created", "prod_early"),
        ("product.updated", "prod_late"),
    ]
    queue.close()


def test_the_events_table_keeps_the_contract_schema(tmp_path: Path) -> None:
    path = tmp_path / "events.sqlite"
    SqliteQueue(path).close()
    reference = sqlite3.connect(":memory:")
    reference.execute(SANDBOX_DDL)
    with sqlite3.connect(path) as db:
        ours = db.execute("PRAGMA table_info(events)").fetchall()
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert ours == reference.execute("PRAGMA table_info(events)").fetchall()


def test_claim_state_is_visible_to_the_sandbox_in_its_columns(tmp_path: Path) -> None:
    path = tmp_path / "events.sqlite"
    queue = SqliteQueue(path)
    queue.publish("product.updated", "prod_1")
    [envelope] = queue.claim("worker-7")
    queue.retry(envelope, "cma 503", delay_s=60)
    with sqlite3.connect(path) as db:
        row = db.execute("SELECT claimed_by, attempts, acked_at, last_error FROM events").fetchone()
    assert row == (None, 1, None, "cma 503")
    queue.close()


def test_acked_rows_are_pruned_after_the_retention(tmp_path: Path) -> None:
    queue = SqliteQueue(tmp_path / "events.sqlite", retention_s=0.05)
    queue.publish("product.updated", "prod_1")
    queue.publish("product.updated", "prod_2")
    first, second = queue.claim("w1")
    queue.ack(first)
    queue.retry(second, "later", delay_s=0)
    time.sleep(0.1)
    assert queue.prune() == 1, "only the acked row goes"
    queue.ack(queue.claim("w1")[0])
    time.sleep(0.1)
    assert queue.prune() == 1
    next_id = queue.publish("product.updated", "prod_3")
    assert int(next_id) == 3, "seq values are never reused after pruning"
    queue.close()


def test_two_processes_claim_concurrently_without_double_delivery(tmp_path: Path) -> None:
    path, go = tmp_path / "events.sqlite", tmp_path / "go"
    queue = SqliteQueue(path)
    expected = {queue.publish("product.updated", f"prod_{n}") for n in range(200)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(path), name, str(go)],
            stdout=subprocess.PIPE,
            text=True,
        )
        for name in ("p1", "p2")
    ]
    for proc in procs:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    go.touch()
    results = [set(json.loads(proc.communicate(timeout=20)[0])) for proc in procs]
    assert all(proc.returncode == 0 for proc in procs)
    assert results[0] | results[1] == expected and not results[0] & results[1]
    assert results[0] and results[1]
    assert queue.stats().depth == queue.stats().pending == 0
    queue.close()
