#!/usr/bin/env bash
# The storage-operation budget per request (issue 27 point 7, docs/azure-tables.md "Presupuesto de operaciones por
# petición"): for each size WORKS:REPORTS, starts a fresh Azurite and the server on the Azure store, seeds WORKS works
# (100 per entity: src/ObrasQr.Server/Bench/BenchManyWorks.cs) and REPORTS reports over the last twelve months (written
# in bulk: BenchManyReports.cs), waits for the start-up work (catalog, open data, figures) to end, then sends each
# request type once and prints the Table/Blob requests it made and the rows it read, as the server logs them with
# ObrasQr__Bench__StorageOps=true (BenchStorageOps.cs; one line per request, after its answer).
# Usage: bash bench/azure-ops/run.sh [WORKS:REPORTS ...]   (default: 200:2000 20000:200000)
set -euo pipefail
cd "$(dirname "$0")/../.."
SIZES=("$@"); [ ${#SIZES[@]} -gt 0 ] || SIZES=(200:2000 20000:200000)
STORE=azure
source bench/reports-fault/server-env.sh
BUILD=bench/out/azure-ops-build
mkdir -p "$BUILD"
echo "== build (Release)"
dotnet build src/ObrasQr.Server -c Release -o "$BUILD/server" -v q -nologo >"$BUILD/build.log" 2>&1 || { cat "$BUILD/build.log"; exit 1; }
PHOTO=tests/ObrasQr.Tests/TestData/photos/gps.jpg
WORK=CO1.PCCNTR.BENCH00001 # entity 900000001, like every size
SCOPED_NIT=900000001
key() { head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
sha() { printf %s "$1" | sha256sum | cut -d' ' -f1; }

measure_size() {
  local works=${1%%:*} reports=${1##*:}
  PORT=$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
  OUT=bench/out/azure-ops-$works-$reports BASE=http://127.0.0.1:$PORT
  rm -rf "$OUT" && mkdir -p "$OUT" && ln -s "$PWD/$BUILD/server" "$OUT/server"
  bench_settings
  local office admin scoped; office=$(key) admin=$(key) scoped=$(key)
  export ObrasQr__Auth__Keys__1__Name=bench-office ObrasQr__Auth__Keys__1__Role=office ObrasQr__Auth__Keys__1__Sha256=$(sha "$office")
  export ObrasQr__Auth__Keys__2__Name=bench-admin ObrasQr__Auth__Keys__2__Role=admin ObrasQr__Auth__Keys__2__Sha256=$(sha "$admin")
  export ObrasQr__Auth__Keys__3__Name=bench-auditor-entity ObrasQr__Auth__Keys__3__Role=auditor ObrasQr__Auth__Keys__3__Sha256=$(sha "$scoped") \
    ObrasQr__Auth__Keys__3__EntityNit=$SCOPED_NIT
  export ObrasQr__Bench__Works=$works ObrasQr__Bench__WorksPerEntity=100 ObrasQr__Bench__Reports=$reports ObrasQr__Bench__StorageOps=true
  start_azurite
  echo "== $works works, $reports reports: seeding and starting the server"
  local t0; t0=$(date +%s)
  # Not start_server: the seeding runs before the server listens and may take minutes.
  # "Open data built" is an Information line: the bench waits for it.
  env "Logging__LogLevel__ObrasQr.OpenData=Information" dotnet "$OUT/server/ObrasQr.Server.dll" --urls "$BASE" >>"$OUT/server-1.log" 2>&1 &
  SERVER=$!
  until curl -fs "$BASE/api/contracts/CO1.PCCNTR.5361557" >/dev/null 2>&1; do
    kill -0 "$SERVER" 2>/dev/null || { echo "server exited"; tail -20 "$OUT/server-1.log"; exit 1; }
    sleep 0.5
  done
  for _ in $(seq 1 7200); do grep -q "Bench: $reports reports stored" "$OUT/server-1.log" && break; sleep 0.5; done
  for _ in $(seq 1 2400); do grep -q "Open data built" "$OUT/server-1.log" && break; sleep 0.5; done
  sleep 5 # the catalog warmer and the figures' roll-up, started with the server, end meanwhile
  echo "seeded and ready in $(( $(date +%s) - t0 )) s"
  LOG=$OUT/server-1.log
  ops() { # label, curl arguments: one request, then its line from the server's log
    local label=$1; shift
    local before; before=$(grep -c "storage-ops " "$LOG" || true)
    local code; code=$(curl -s -o "$OUT/last" -w '%{http_code}' "$@")
    for _ in $(seq 1 100); do [ "$(grep -c "storage-ops " "$LOG" || true)" -gt "$before" ] && break; sleep 0.05; done
    local line; line=$(grep "storage-ops " "$LOG" | tail -1)
    printf '%-44s %5s %9s %7s\n' "$label" "$code" "$(grep -o 'requests=[0-9]*' <<<"$line" | cut -d= -f2)" "$(grep -o 'rows=[0-9]*' <<<"$line" | cut -d= -f2)" | tee -a "$OUT/table.txt"
  }
  local A=(-H "Authorization: Bearer $OBRASQR_BENCH_AUDITOR_KEY") S=(-H "Authorization: Bearer $scoped")
  local O=(-H "Authorization: Bearer $office") M=(-H "Authorization: Bearer $admin")
  printf '%-44s %5s %9s %7s\n' request status requests rows | tee "$OUT/table.txt"
  ops "progress entry with a photo (office API)" "${O[@]}" -F date="$(date -u -d '2 days ago' +%F)" -F percent=40 -F "photos=@$PHOTO;type=image/jpeg" "$BASE/api/contracts/$WORK/avances"
  local photo; photo=$(python3 -c "import json; print(json.load(open('$OUT/last'))['photos'][0])")
  ops "page view, first (after a progress entry)" "$BASE/o/$WORK"
  ops "report via API" -H 'Content-Type: application/json' -d '{"category":"otro","description":"Reporte del banco de pruebas: la obra no avanza."}' "$BASE/api/contracts/$WORK/reports"
  local code; code=$(python3 -c "import json; print(json.load(open('$OUT/last'))['trackingCode'])")
  ops "report via form" -F category=mala_calidad -F description="Reporte por el formulario del banco de pruebas." -F anonymous=si "$BASE/o/$WORK/reportes"
  sleep 11 # past ContractPageCache.Freshness (10 s): the kept page is due for a check
  ops "page view, refreshed (after a report)" "$BASE/o/$WORK"
  ops "page view, cached" "$BASE/o/$WORK"
  ops "QR png" "$BASE/o/$WORK/qr.png"
  ops "vista.png" "$BASE/o/$WORK/vista.png"
  ops "thumbnail" "$BASE$photo/miniatura"
  ops "thumbnail, again" "$BASE$photo/miniatura"
  ops "lookup, POST /seguimiento" --data-urlencode "code=$code" "$BASE/seguimiento"
  ops "lookup, POST /api/reports/lookup" -H 'Content-Type: application/json' -d "{\"trackingCode\":\"$code\"}" "$BASE/api/reports/lookup"
  ops "desk list, entity auditor" "${S[@]}" "$BASE/escritorio/reportes"
  ops "desk search ?q=, entity auditor" "${S[@]}" "$BASE/escritorio/reportes?q=avanza"
  ops "desk search ?q=contract, entity auditor" "${S[@]}" "$BASE/escritorio/reportes?q=$WORK"
  ops "desk list, national auditor" "${A[@]}" "$BASE/escritorio/reportes"
  ops "GET /api/reports, entity auditor" "${S[@]}" "$BASE/api/reports"
  ops "GET /api/reports, national auditor" "${A[@]}" "$BASE/api/reports"
  ops "/estadisticas" "$BASE/estadisticas"
  ops "semiannual, public" "$BASE/estadisticas/semestre/2026-2"
  ops "semiannual, desk (entity auditor)" "${S[@]}" "$BASE/escritorio/informe-semestral"
  ops "OC4IDS" "$BASE/api/oc4ids.json"
  ops "CSV" "$BASE/api/contracts.csv"
  ops "billboards zip (office)" "${O[@]}" "$BASE/api/billboards.zip"
  ops "Open311 services" "$BASE/open311/v2/services.json"
  ops "Open311 requests" "$BASE/open311/v2/requests.json"
  ops "/mapa" "$BASE/mapa"
  ops "/" "$BASE/"
  ops "/api/contracts" "$BASE/api/contracts"
  ops "/escritorio/cargas (office)" "${O[@]}" "$BASE/escritorio/cargas"
  ops "/escritorio/obras (office)" "${O[@]}" "$BASE/escritorio/obras"
  ops "staff log, /escritorio/personal (admin)" "${M[@]}" "$BASE/escritorio/personal"
  kill "$SERVER" "$AZURITE" 2>/dev/null || true; wait "$SERVER" "$AZURITE" 2>/dev/null || true; SERVER="" AZURITE=""
}

SERVER="" AZURITE=""
trap '[ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; [ -n "$AZURITE" ] && kill "$AZURITE" 2>/dev/null; true' EXIT
for size in "${SIZES[@]}"; do measure_size "$size"; done
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); $(date -u +%F)"
