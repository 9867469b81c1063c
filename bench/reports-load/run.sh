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
PORT=${PORT:-$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")}
OUT=bench/out/reports-load-$STORE
BASE=http://127.0.0.1:$PORT
rm -rf "$OUT" && mkdir -p "$OUT"

echo "== build (Release)"
dotnet build src/ObrasQr.Server -c Release -o "$OUT/server" -v q -nologo >"$OUT/build.log" 2>&1 || { cat "$OUT/build.log"; exit 1; }
dotnet build bench/reports-fault/client -c Release -o "$OUT/client" -v q -nologo >>"$OUT/build.log" 2>&1 || { cat "$OUT/build.log"; exit 1; }

source bench/reports-fault/server-env.sh
AZURITE=""
[ "$STORE" = azure ] && start_azurite
SERVER=""
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null || true; [ -n "$AZURITE" ] && kill "$AZURITE" 2>/dev/null || true; }
trap cleanup EXIT
start_server 1

echo "== machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB; $(date -u +%F) ; store: $STORE"
echo "== warm-up: 500 submissions"
dotnet "$OUT/client/ReportsFault.dll" submit "$BASE" 500 "$CLIENTS" "$OUT/warm-progress" "$OUT/warm.jsonl" >/dev/null
echo "== $TOTAL submissions from $CLIENTS clients"
dotnet "$OUT/client/ReportsFault.dll" submit "$BASE" "$TOTAL" "$CLIENTS" "$OUT/progress" "$OUT/results.jsonl" | tee "$OUT/client.log"
echo "== verify through the auditors' API"
dotnet "$OUT/client/ReportsFault.dll" verify "$BASE" "$OUT/results.jsonl" | tee -a "$OUT/client.log"
