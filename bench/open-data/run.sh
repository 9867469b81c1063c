#!/usr/bin/env bash
# The OC4IDS export (GET /api/oc4ids.json) over WORKS published works (default 10,000), each with three versions (as
# signed, a value addition, an extension: src/ObrasQr.Server/Bench/BenchManyWorks.cs), stored before the server listens.
# The server builds the open-data files once at start (OpenDataBuild: the package, both CSVs and the billboards zip,
# national and per entity) and the routes stream the built files. Prints the build's time (from the server's log), then,
# for ROUNDS downloads one after another: wall time, bytes, and the server's peak resident memory during the download
# (VmHWM, reset before each through /proc/PID/clear_refs, so the seeding and the build do not count); then the 304
# answer to If-None-Match, a 1 MB range, and the CSV's time for comparison.
# Usage: bash bench/open-data/run.sh [WORKS] [sqlite|azure]   (ROUNDS=3)
set -euo pipefail
cd "$(dirname "$0")/../.."
WORKS=${1:-10000}; STORE=${2:-sqlite}; ROUNDS=${ROUNDS:-3}
source bench/reports-fault/server-env.sh
bench_setup open-data
export ObrasQr__Bench__Works="$WORKS"
echo "== seeding $WORKS works and starting the server ($STORE)"
seed_start=$(date +%s.%N)
start_server 1
for _ in $(seq 1 1200); do grep -q "Bench: $WORKS works stored" "$OUT/server-1.log" 2>/dev/null && break; sleep 0.5; done
echo "seeded and listening in $(echo "$(date +%s.%N) - $seed_start" | bc) s"
for _ in $(seq 1 2400); do grep -q "Open data built" "$OUT/server-1.log" 2>/dev/null && break; sleep 0.5; done
grep -o "Open data built.*" "$OUT/server-1.log" | head -1

kib() { awk -v k="$1" '/^VmHWM|^VmRSS/ {if ($1 == k":") print $2}' "/proc/$SERVER/status"; }
echo "server RSS before exporting: $(( $(kib VmRSS) / 1024 )) MiB"
printf '%-6s %10s %12s %14s\n' round seconds bytes "peak RSS MiB"
for r in $(seq 1 "$ROUNDS"); do
  echo 5 > "/proc/$SERVER/clear_refs" # resets VmHWM to the current RSS
  read -r seconds bytes < <(curl -sf -o "$OUT/oc4ids.json" -w '%{time_total} %{size_download}\n' "$BASE/api/oc4ids.json")
  printf '%-6s %10s %12s %14s\n' "$r" "$seconds" "$bytes" "$(( $(kib VmHWM) / 1024 ))"
done
projects=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['projects']))" "$OUT/oc4ids.json")
echo "projects in the package: $projects"
etag=$(curl -sf -D - -o /dev/null "$BASE/api/oc4ids.json" | tr -d '\r' | awk -F': ' 'tolower($1)=="etag"{print $2}')
read -r code seconds < <(curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -H "If-None-Match: $etag" "$BASE/api/oc4ids.json")
echo "If-None-Match: $code in ${seconds}s"
read -r code seconds < <(curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -r 1000000-1999999 "$BASE/api/oc4ids.json")
echo "Range of 1 MB: $code in ${seconds}s"
read -r seconds bytes < <(curl -sf -o /dev/null -w '%{time_total} %{size_download}\n' "$BASE/api/contracts.csv")
echo "contracts.csv: ${seconds}s, $bytes bytes"
