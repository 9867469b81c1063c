#!/usr/bin/env bash
# Load-and-fault test of report submissions: 2,000 reports from 32 concurrent clients against the real server
# (Release build, SQLite in a fresh data directory, 127.0.0.1 only). Midway the server is killed with kill -9 and
# started again; clients retry with their Idempotency-Key. Then every 201 must be stored exactly once.
# Usage: bench/reports-fault/run.sh [total=2000] [clients=32]      Exit status non-zero on loss or duplication.
set -euo pipefail
cd "$(dirname "$0")/../.."
TOTAL=${1:-2000}
CLIENTS=${2:-32}
PORT=${PORT:-5197}
OUT=bench/out/reports-fault
BASE=http://127.0.0.1:$PORT
rm -rf "$OUT" && mkdir -p "$OUT"

echo "== build (Release)"
dotnet build src/ObrasQr.Server -c Release -o "$OUT/server" -v q -nologo >"$OUT/build.log" 2>&1 || { cat "$OUT/build.log"; exit 1; }
dotnet build bench/reports-fault/client -c Release -o "$OUT/client" -v q -nologo >>"$OUT/build.log" 2>&1 || { cat "$OUT/build.log"; exit 1; }

# A throwaway auditor key for the verification; configuration holds only its SHA-256.
export OBRASQR_BENCH_AUDITOR_KEY="bench-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export ObrasQr__DataDirectory="$PWD/$OUT/data"
export ObrasQr__Reports__MaxPerClientPerHour=0
# The verification looks every tracking code up from one address: no lookup limit for this run.
export ObrasQr__Reports__MaxLookupsPerClientPerMinute=0
export ObrasQr__SeedDemoData=true
export ObrasQr__Auth__Keys__0__Name=bench-auditor
export ObrasQr__Auth__Keys__0__Role=auditor
export ObrasQr__Auth__Keys__0__Sha256="$(printf %s "$OBRASQR_BENCH_AUDITOR_KEY" | sha256sum | cut -d' ' -f1)"
# Production requires a public address and an identity key: a throwaway one for this run.
export ObrasQr__PublicBaseUrl=https://obras.example.gov.co
export ObrasQr__Reports__IdentityKeys__0__Id=bench ObrasQr__Reports__IdentityKeys__0__Key="$(head -c 32 /dev/urandom | base64)"
export ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning

SERVER=""
start_server() {
  dotnet "$OUT/server/ObrasQr.Server.dll" --urls "$BASE" >>"$OUT/server-$1.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 600); do
    if curl -fs "$BASE/api/contracts/CO1.PCCNTR.5361557" >/dev/null 2>&1; then return 0; fi
    kill -0 "$SERVER" 2>/dev/null || { echo "server exited"; cat "$OUT/server-$1.log"; exit 1; }
    sleep 0.1
  done
  echo "server did not become ready"; exit 1
}
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null || true; }
trap cleanup EXIT

echo "== start server on $BASE (data: $OUT/data)"
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
if command -v sqlite3 >/dev/null; then
  echo "== verify in SQLite: reports of this run, distinct idempotency keys"
  sqlite3 "$OUT/data/obrasqr.db" "SELECT COUNT(*), COUNT(DISTINCT idempotency_key), COUNT(DISTINCT json_extract(json, '\$.description')) FROM reports WHERE json_extract(json, '\$.description') LIKE 'Carga %';"
fi
exit $STATUS
