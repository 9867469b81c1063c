#!/usr/bin/env bash
# Load-and-fault test of report submissions: 2,000 reports from 32 concurrent clients against the real server
# (Release build, 127.0.0.1 only) on SQLite in a fresh data directory, or on the Azure Table + Blob store (the
# Functions app's store) in Azurite from the project's npm install. Midway the server is killed with kill -9 and
# started again; clients retry with their Idempotency-Key. Then every 201 must be stored exactly once.
# Usage: bench/reports-fault/run.sh [total=2000] [clients=32] [store=sqlite|azure]
# Exit status non-zero on loss or duplication.
set -euo pipefail
cd "$(dirname "$0")/../.."
TOTAL=${1:-2000}
CLIENTS=${2:-32}
STORE=${3:-sqlite}
source bench/reports-fault/server-env.sh
bench_setup reports-fault

echo "== start server on $BASE (store: $STORE, data: $OUT)"
start_server 1
echo "== $TOTAL submissions from $CLIENTS clients"
dotnet "$OUT/client/ReportsFault.dll" submit "$BASE" "$TOTAL" "$CLIENTS" "$OUT/progress" "$OUT/results.jsonl" | tee "$OUT/client.log" &
CLIENT=$!

progress() { local p; p=$(cat "$OUT/progress" 2>/dev/null || true); [[ "$p" =~ ^[0-9]+$ ]] && echo "$p" || echo 0; }
HALF=$((TOTAL / 2))
while [ "$(progress)" -lt "$HALF" ]; do
  kill -0 "$CLIENT" 2>/dev/null || break
  sleep 0.05
done
echo "== kill -9 server $SERVER after $(progress) of $TOTAL answered"
kill -9 "$SERVER"
wait "$SERVER" 2>/dev/null || true
sleep 1
T0=$(date +%s%N)
start_server 2
echo "== restarted and ready in $(( ($(date +%s%N) - T0) / 1000000 )) ms (after a 1 s pause)"
STATUS=0
wait "$CLIENT" || STATUS=$?

echo "== verify through the auditors' API"
dotnet "$OUT/client/ReportsFault.dll" verify "$BASE" "$OUT/results.jsonl" | tee -a "$OUT/client.log" || STATUS=1
if [ "$STORE" = sqlite ] && command -v sqlite3 >/dev/null; then
  echo "== verify in SQLite: reports of this run, distinct idempotency keys"
  sqlite3 "$OUT/data/obrasqr.db" "SELECT COUNT(*), COUNT(DISTINCT idempotency_key), COUNT(DISTINCT json_extract(json, '\$.description')) FROM reports WHERE json_extract(json, '\$.description') LIKE 'Carga %';"
fi
exit $STATUS
