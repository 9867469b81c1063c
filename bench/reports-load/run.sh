#!/usr/bin/env bash
# Durable report submissions per second: N JSON reports from C concurrent clients against the real server (Release
# build, SQLite with synchronous=FULL in a fresh data directory, or the Azure store in Azurite; 127.0.0.1 only), no
# fault. Prints accepted/s and first-try latency percentiles, then checks through the auditors' API that every 201 is
# stored exactly once. Same client as bench/reports-fault.
# Usage: bench/reports-load/run.sh [total=10000] [clients=32] [store=sqlite|azure]
set -euo pipefail
cd "$(dirname "$0")/../.."
TOTAL=${1:-10000}
CLIENTS=${2:-32}
STORE=${3:-sqlite}
source bench/reports-fault/server-env.sh
bench_setup reports-load

start_server 1

echo "== machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB; $(date -u +%F) ; store: $STORE"
echo "== warm-up: 500 submissions"
dotnet "$OUT/client/ReportsFault.dll" submit "$BASE" 500 "$CLIENTS" "$OUT/warm-progress" "$OUT/warm.jsonl" >/dev/null
echo "== $TOTAL submissions from $CLIENTS clients"
dotnet "$OUT/client/ReportsFault.dll" submit "$BASE" "$TOTAL" "$CLIENTS" "$OUT/progress" "$OUT/results.jsonl" | tee "$OUT/client.log"
echo "== verify through the auditors' API"
dotnet "$OUT/client/ReportsFault.dll" verify "$BASE" "$OUT/results.jsonl" | tee -a "$OUT/client.log"
