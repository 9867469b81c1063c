#!/usr/bin/env bash
# The auditors' desk at scale: 100,000 reports in SQLite, then wrk on the filtered list and the overdue filter
# (p99 per filter) and one full CSV export (time, size and the server's peak memory before and after it).
# Usage: bench/desk/run.sh [reports=100000] [connections=16] [seconds=10]
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-100000}
CONNECTIONS=${2:-16}
SECONDS_EACH=${3:-10}
command -v wrk >/dev/null && command -v sqlite3 >/dev/null || { echo "needs wrk and sqlite3 (apt-get install wrk sqlite3)"; exit 1; }

STORE=sqlite
source bench/reports-fault/server-env.sh
bench_setup desk

echo "== schema and demo data, then $N reports written straight into SQLite"
start_server 1
kill "$SERVER"; wait "$SERVER" 2>/dev/null || true
sqlite3 "$OUT/data/obrasqr.db" <<SQL
PRAGMA journal_mode=WAL;
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < $N - 1),
r AS (
  SELECT i, printf('b%031d', i) AS id,
    CASE WHEN i % 3 = 0 THEN 'CO1.PCCNTR.5361557' ELSE 'CO1.PCCNTR.9' || printf('%06d', i % 400) END AS contract,
    CASE i % 7 WHEN 0 THEN 'obra_paralizada' WHEN 1 THEN 'mala_calidad' WHEN 2 THEN 'sobrecosto' WHEN 3 THEN 'riesgo_comunidad'
      WHEN 4 THEN 'dano_ambiental' WHEN 5 THEN 'cobro_indebido' ELSE 'otro' END AS category,
    CASE WHEN i % 10 < 3 THEN 'recibido' WHEN i % 10 < 5 THEN 'en_revision' WHEN i % 10 < 6 THEN 'trasladado'
      WHEN i % 10 < 8 THEN 'respondido' ELSE 'cerrado' END AS status,
    datetime('2026-12-01 12:00:00', '-' || (i * 5) || ' minutes') AS at
  FROM n)
INSERT INTO reports (report_id, contract_id, category, status, received_at, deadline, tracking_hash, idempotency_key, version, json)
SELECT id, contract, category, status, strftime('%Y-%m-%dT%H:%M:%S', at) || '.0000000Z', date(at, '+21 days'),
  printf('%064d', i), NULL, 1,
  json_object('reportId', id, 'contractId', contract, 'category', category,
    'description', 'Reporte de carga ' || i || ': la obra está detenida y el cerramiento está caído desde hace semanas.',
    'anonymous', json('true'), 'location', json_object('lat', 10.4, 'lon', -75.5, 'text', 'Calle ' || (i % 90)),
    'photos', json('[]'), 'receivedAt', strftime('%Y-%m-%dT%H:%M:%S', at) || '+00:00', 'deadline', date(at, '+21 days'),
    'status', status, 'trackingCodeHash', printf('%064d', i), 'idempotencyKey', json('null'), 'publicAnswer', json('null'),
    'history', json('[]'), 'version', 1, 'lacksEvidence', json('false'))
FROM r;
SQL
echo "reports stored: $(sqlite3 "$OUT/data/obrasqr.db" 'SELECT COUNT(*) FROM reports')"
start_server 2
echo "== machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB; $(date -u '+%F %H:%M') UTC; wrk -t2 -c$CONNECTIONS -d${SECONDS_EACH}s"

AUTH="Authorization: Bearer $OBRASQR_BENCH_AUDITOR_KEY"
printf '| filter | requests/s | p50 | p99 |\n|---|---|---|---|\n' >"$OUT/summary.md"
for query in "" "status=recibido" "category=sobrecosto" "contractId=CO1.PCCNTR.5361557" "overdue=true" \
             "overdue=true&category=cobro_indebido" "from=2026-03-01&to=2026-03-31" "status=cerrado&contractId=CO1.PCCNTR.9000007"; do
  curl -fs -H "$AUTH" "$BASE/api/reports?$query" >/dev/null || { echo "GET /api/reports?$query failed"; exit 1; }
  wrk -t2 -c"$CONNECTIONS" -d1s -H "$AUTH" "$BASE/api/reports?$query" >/dev/null  # warm-up
  wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_EACH}s" --latency -H "$AUTH" "$BASE/api/reports?$query" >"$OUT/wrk.txt"
  rps=$(awk '/Requests\/sec/ {print $2}' "$OUT/wrk.txt")
  p50=$(awk '$1 == "50%" {print $2}' "$OUT/wrk.txt"); p99=$(awk '$1 == "99%" {print $2}' "$OUT/wrk.txt")
  printf '| `%s` | %s | %s | %s |\n' "${query:-(none)}" "$rps" "$p50" "$p99" >>"$OUT/summary.md"
done
cat "$OUT/summary.md"

echo "== CSV export of every report"
before=$(awk '/VmHWM/ {print $2}' /proc/$SERVER/status)
start=$(date +%s%N)
curl -fs -H "$AUTH" "$BASE/api/reports?format=csv&sep=semicolon" -o "$OUT/reportes.csv"
ms=$(( ($(date +%s%N) - start) / 1000000 ))
after=$(awk '/VmHWM/ {print $2}' /proc/$SERVER/status)
echo "rows: $(( $(wc -l <"$OUT/reportes.csv") - 1 )); size: $(du -h "$OUT/reportes.csv" | cut -f1); time: $ms ms; server peak RSS before: $((before / 1024)) MB, after: $((after / 1024)) MB"
