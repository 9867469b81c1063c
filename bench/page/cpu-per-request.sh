#!/usr/bin/env bash
# The server's CPU time per request (utime + stime from /proc/<pid>/stat, all threads) for the citizen page and its
# baselines: a figure that other work on a shared machine moves much less than requests/s, because it counts what the
# server spends on each answer, not how much of the CPU it was given. On a machine where wrk and the server share the
# cores, throughput follows it: page / baseline throughput ≈ baseline CPU-µs / page CPU-µs.
# Short rounds in turn, and the ratio taken within each round before the median: the machine's other load then
# weighs on the page and its baseline alike. Allocated bytes per request (GET /bench/allocated) do not vary at all.
# The thread pool's spinning counts as the server's CPU and grows when the machine is busy; to leave it out, run
# with DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0 (the server inherits the environment).
# Usage: bash bench/page/cpu-per-request.sh   (DURATION=2s ROUNDS=15 CONNECTIONS=16 PORT=5188 BIN=<a Release build> to change)
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${DURATION:-2s}; ROUNDS=${ROUNDS:-15}; CONNECTIONS=${CONNECTIONS:-16}; PORT=${PORT:-5188}
CONTRACT=CO1.PCCNTR.5361557
BASE="http://127.0.0.1:$PORT"
command -v wrk >/dev/null || { echo "wrk is needed (apt-get install wrk)"; exit 1; }

work=$(mktemp -d)
bin=${BIN:-}
if [[ -z "$bin" ]]; then
  echo "== Building the server (Release)"
  bin="$work/bin"
  dotnet build src/ObrasQr.Server -c Release -o "$bin" -v quiet -nologo >/dev/null
fi
ObrasQr__DataDirectory="$work/data" ObrasQr__PublicBaseUrl=https://obras.cartagena.gov.co ObrasQr__Bench__Baseline=true \
  ObrasQr__Reports__IdentityKeys__0__Id=bench ObrasQr__Reports__IdentityKeys__0__Key="$(head -c 32 /dev/urandom | base64)" \
  ObrasQr__SeedDemoData=true ObrasQr__Trust__EntityName="Entidad de prueba" ObrasQr__Trust__EntityNit=800000000-1 ObrasQr__Trust__OfficeName="Control interno" ObrasQr__Trust__Email=control@example.gov.co \
  Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production \
  dotnet "$bin/ObrasQr.Server.dll" --urls "$BASE" >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 120); do curl -sf "$BASE/api/health" >/dev/null && break; sleep 0.5; done
curl -sf "$BASE/api/health" >/dev/null || { cat "$work/server.log"; exit 1; }

PHONE='Accept-Encoding: gzip, deflate, br'
page_sent=$(curl -sf -H "$PHONE" "$BASE/o/$CONTRACT" | wc -c)
header_bytes() { curl -sf -o /dev/null -D - -H "$PHONE" "$1" | wc -c; }
names=(page baseline-page baseline+hdrs)
declare -A url us rps
url[page]="$BASE/o/$CONTRACT"
url[baseline-page]="$BASE/bench/baseline/$page_sent"
url[baseline+hdrs]="$BASE/bench/baseline-headers/$page_sent"
declare -A bytes
for name in "${names[@]}"; do us[$name]=""; rps[$name]=""; bytes[$name]=""; done
ratio=""; ratio_hdrs="" # baseline / page CPU per request, per round

ticks() { awk '{print $14 + $15}' "/proc/$server/stat"; } # utime + stime, in clock ticks
hz=$(getconf CLK_TCK)
for name in "${names[@]}"; do wrk -t1 -c"$CONNECTIONS" -d3s -H "$PHONE" "${url[$name]}" >/dev/null; done # JIT, tiers, connections
for round in $(seq 1 "$ROUNDS"); do
  for name in "${names[@]}"; do
    allocated=$(curl -sf "$BASE/bench/allocated"); before=$(ticks)
    out=$(wrk -t1 -c"$CONNECTIONS" -d"$DURATION" -H "$PHONE" "${url[$name]}")
    after=$(ticks); allocated=$(( $(curl -sf "$BASE/bench/allocated") - allocated ))
    echo "$out" | grep -qE "Non-2xx|Socket errors" && { echo "$out"; echo "errors in $name"; exit 1; }
    requests=$(echo "$out" | awk '/requests in/{print $1}')
    per=$(awk -v t=$((after - before)) -v hz="$hz" -v n="$requests" 'BEGIN{printf "%.2f", t / hz * 1e6 / n}')
    bytes[$name]+=" $((allocated / requests))"; us[$name]+=" $per"; rps[$name]+=" $(echo "$out" | awk '/Requests\/sec/{print $2}')"
    [[ $name == page ]] && page_us=$per
    [[ $name == baseline-page ]] && ratio+=" $(awk -v b="$per" -v p="$page_us" 'BEGIN{printf "%.1f", 100*b/p}')"
    [[ $name == baseline+hdrs ]] && ratio_hdrs+=" $(awk -v b="$per" -v p="$page_us" 'BEGIN{printf "%.1f", 100*b/p}')"
    echo "round $round $name: $requests requests, $per CPU-µs and $((allocated / requests)) bytes allocated per request"
  done
done
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }

echo
echo "== server CPU per request, wrk -t1 -c$CONNECTIONS -d$DURATION x $ROUNDS rounds (medians), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf "| %-14s | %12s | %12s | %12s | %13s |\n" endpoint "CPU-µs/req" "alloc B/req" "requests/s" "header bytes"
printf "|%s|%s|%s|%s|%s|\n" "----------------" "--------------" "--------------" "--------------" "---------------"
for name in "${names[@]}"; do
  us[$name]=$(echo "${us[$name]}" | median); rps[$name]=$(echo "${rps[$name]}" | median); bytes[$name]=$(echo "${bytes[$name]}" | median)
  printf "| %-14s | %12s | %12s | %12s | %13s |\n" "$name" "${us[$name]}" "${bytes[$name]}" "${rps[$name]}" "$(header_bytes "${url[$name]}")"
done
echo
echo "baseline / page CPU per request, median of the rounds' ratios: $(echo "$ratio" | median) % (the throughput ratio when CPU bounds both; target >= 90 %)"
echo "  per round:$ratio"
echo "baseline with the page headers / page, median of the rounds' ratios: $(echo "$ratio_hdrs" | median) %"
echo "page sent as $page_sent bytes"
