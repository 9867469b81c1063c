#!/usr/bin/env bash
# The first scan after idle: from process start to the first 200 of /o/{id}, on a store already seeded, as a Flex
# instance that starts for a citizen's scan. RUNS starts per build; the plain build (dotnet build, JIT only) is the
# baseline and the ReadyToRun publish is measured in the same run.
# Usage: bash bench/cold-start/run.sh            (STORE=azure for the Azure store on Azurite; RUNS=7 to change)
set -euo pipefail
cd "$(dirname "$0")/../.."
STORE=${STORE:-sqlite}; RUNS=${RUNS:-7}; PAGE=/o/CO1.PCCNTR.5361557
source bench/reports-fault/server-env.sh
bench_setup cold-start
echo "== publish ReadyToRun (linux-x64)"
dotnet publish src/ObrasQr.Server -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$OUT/server-r2r" -v q -nologo >>"$OUT/build.log" 2>&1 \
  || { cat "$OUT/build.log"; exit 1; }

echo "== seed the store once"
start_server seed
kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""

# Milliseconds from the process's start to the first 200 of the page (curl retries every 5 ms meanwhile).
first_page() {
  local dll=$1 start now code
  start=$(date +%s%N)
  dotnet "$dll" --urls "$BASE" >>"$OUT/server-cold.log" 2>&1 &
  SERVER=$!
  while :; do
    code=$(curl -s -o /dev/null -w '%{http_code}' "$BASE$PAGE" 2>/dev/null || true)
    [ "$code" = 200 ] && break
    kill -0 "$SERVER" 2>/dev/null || { echo "server exited"; tail -20 "$OUT/server-cold.log"; exit 1; }
    sleep 0.005
  done
  now=$(date +%s%N)
  kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""
  echo $(( (now - start) / 1000000 ))
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }

echo "== $RUNS cold starts each, store $STORE, load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
for build in server server-r2r; do
  times=()
  for _ in $(seq 1 "$RUNS"); do times+=("$(first_page "$OUT/$build/ObrasQr.Server.dll")"); done
  echo "$build: ${times[*]} ms; median $(printf '%s\n' "${times[@]}" | median) ms"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
