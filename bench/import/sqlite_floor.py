#!/usr/bin/env python3
"""SQLite's own cost of an import's writes, without .NET: the rows the `stages` command wrote (stages-write.db, beside
the export) inserted again through Python's sqlite3 into a fresh database with the same tables and the pragmas the
import uses (16 KiB pages, WAL, synchronous=NORMAL, 32 MiB cache), 1,000 contracts a transaction.

Usage: python3 bench/import/sqlite_floor.py <folder of the export>/stages-write.db
"""
import os
import sqlite3
import sys
import time

source = sqlite3.connect(sys.argv[1])
versions = source.execute("SELECT contract_id, version, content_hash, synced_at, source, json FROM contract_versions").fetchall()
heads = source.execute("SELECT contract_id, version, published, content_hash, updated_in_secop, synced_at, source, row_fingerprint FROM contracts").fetchall()

target = sys.argv[1] + ".floor.db"
for path in (target, target + "-wal", target + "-shm"):
    if os.path.exists(path):
        os.remove(path)
db = sqlite3.connect(target, isolation_level=None)
db.executescript("""
PRAGMA page_size=16384; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-32768; PRAGMA wal_autocheckpoint=8192;
CREATE TABLE contracts (contract_id TEXT PRIMARY KEY, version INTEGER NOT NULL, published INTEGER NOT NULL,
    content_hash TEXT NOT NULL, updated_in_secop TEXT, synced_at TEXT NOT NULL, source TEXT NOT NULL, row_fingerprint TEXT) WITHOUT ROWID;
CREATE TABLE contract_versions (contract_id TEXT NOT NULL, version INTEGER NOT NULL, content_hash TEXT NOT NULL,
    synced_at TEXT NOT NULL, source TEXT NOT NULL, json TEXT NOT NULL, PRIMARY KEY (contract_id, version));
""")
started = time.perf_counter()
for i in range(0, len(versions), 1000):
    db.execute("BEGIN")
    db.executemany("INSERT INTO contracts VALUES (?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING", heads[i:i + 1000])
    db.executemany("INSERT INTO contract_versions VALUES (?,?,?,?,?,?)", versions[i:i + 1000])
    db.execute("COMMIT")
print(f"SQLite through Python: {time.perf_counter() - started:.3f} s for {len(versions)} versions")
db.close()
for path in (target, target + "-wal", target + "-shm"):
    if os.path.exists(path):
        os.remove(path)
