#!/usr/bin/env bash
# The first scan after idle: from process start to the first 200 of /o/{id}, on a store already seeded, as a Flex
# instance that starts for a citizen's scan. RUNS starts per build, taken in turns so a change in the machine's load
# touches every build alike: this checkout (dotnet build, JIT only), its ReadyToRun publish (R2R=0 leaves it out) and,
# with BASELINE=<commit>, that commit built from a temporary git worktree (the code before a change).
# Usage: bash bench/cold-start/run.sh   (STORE=azure for the Azure store on Azurite; RUNS=7; BASELINE=0e247c6; R2R=0)
set -euo pipefail
cd "$(dirname "$0")/../.."
STORE=${STORE:-sqlite}; RUNS=${RUNS:-7}; R2R=${R2R:-1}; BASELINE=${BASELINE:-}; PAGE=/o/CO1.PCCNTR.5361557
source bench/reports-fault/server-env.sh
bench_setup cold-start
builds=(server)
if [ "$R2R" = 1 ]; then
  echo "== publish ReadyToRun (linux-x64)"
  dotnet publish src/ObrasQr.Server -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$OUT/server-r2r" -v q -nologo >>"$OUT/build.log" 2>&1 \
    || { cat "$OUT/build.log"; exit 1; }
  builds+=(server-r2r)
fi
if [ -n "$BASELINE" ]; then
  echo "== build the baseline $BASELINE (Release)"
  tree=$(mktemp -d /tmp/cold-start-baseline.XXXXXX)
  git worktree add -q --detach "$tree" "$BASELINE"
  ln -s "$PWD/node_modules" "$tree/node_modules" # the core embeds Leaflet from it
  dotnet build "$tree/src/ObrasQr.Server" -c Release -o "$OUT/baseline" -v q -nologo >>"$OUT/build.log" 2>&1 || { cat "$OUT/build.log"; exit 1; }
  git worktree remove --force "$tree"
  builds=(baseline "${builds[@]}")
fi

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
declare -A times
for _ in $(seq 1 "$RUNS"); do
  for build in "${builds[@]}"; do times[$build]+="$(first_page "$OUT/$build/ObrasQr.Server.dll") "; done
done
for build in "${builds[@]}"; do
  echo "$build: ${times[$build]}ms; median $(printf '%s\n' ${times[$build]} | median) ms"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
