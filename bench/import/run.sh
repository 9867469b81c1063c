#!/usr/bin/env bash
# One command: generate realistic SECOP II exports (100k and 400k rows by default), then for each: the parsers' floor
# (every field tokenised to a string, nothing mapped, with CsvHelper and with Sep), the importer's parse-only pass
# (SecopFile on Sep + ToContract), an import into a fresh SQLite database, a re-import of the same file (answered by
# its file fingerprint), and a re-import row by row (file fingerprint invalidated: every row's raw text hashed and
# compared with the row fingerprint kept with each contract). Prints wall time and peak memory (max RSS, from
# /usr/bin/time) of each phase, each its own process, the store's timings, and a summary with the ratios. The parse and
# the import are also timed in a warm process (--warm: each first runs once over a 20,000-row export of its own, as a
# long-running server has by its second upload), timed inside the process.
# Usage: bench/import/run.sh [rows...]        BENCH_DIR=/some/dir keeps the generated files between runs.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="${BENCH_DIR:-$(mktemp -d /tmp/obrasqr-bench.XXXX)}"
mkdir -p "$work"
sizes=("$@")
[ $# -eq 0 ] && sizes=(100000 400000)

dotnet build -c Release -v q -nologo "$here/ImportBench.csproj" >/dev/null
bin="$here/bin/Release/net10.0/ImportBench.dll"
declare -A wall rss timed
phase() { # key, then the bench's arguments
  local key=$1; shift
  local out
  out=$(/usr/bin/time -f "TIME %e %M" dotnet "$bin" "$@" 2>&1)
  echo "$out" | grep -v '^TIME' | sed "s/^/  [$key] /"
  wall[$key]=$(echo "$out" | awk '/^TIME/ {print $2}')
  timed[$key]=$(echo "$out" | grep -v '^TIME' | grep -o '| [0-9.]* s |' | head -1 | tr -d '| s')
  rss[$key]=$(echo "$out" | awk '/^TIME/ {printf "%.0f", $3/1024}')
}

echo "machine: $(nproc) cores, $(free -h | awk '/Mem:/ {print $2}') RAM, dotnet $(dotnet --version), $(date -u '+%F %H:%M') UTC, load $(cut -d' ' -f1 /proc/loadavg)"
summary=()
for rows in "${sizes[@]}"; do
  csv="$work/secop-$rows.csv"; db="$work/import-$rows.db"
  rm -f "$db" "$db-wal" "$db-shm"
  [ -f "$csv" ] || dotnet "$bin" generate "$rows" "$csv"
  echo "== $rows rows ($(du -h "$csv" | cut -f1))"
  phase csvhelper tokenise-csvhelper "$csv"
  phase sep tokenise-sep "$csv"
  phase parse parse "$csv"
  phase import import "$csv" "$db"
  phase again import "$csv" "$db"
  phase rows import "$csv" "$db" --row-level
  rm -f "$db" "$db-wal" "$db-shm"
  phase parsewarm parse "$csv" --warm
  phase importwarm import "$csv" "$db" --warm
  summary+=("$(awk -v r="$rows" -v ch="${wall[csvhelper]}" -v sp="${wall[sep]}" -v p="${wall[parse]}" -v i="${wall[import]}" \
    -v a="${wall[again]}" -v w="${wall[rows]}" -v pw="${timed[parsewarm]}" -v iw="${timed[importwarm]}" \
    -v mp="${rss[parse]}" -v mi="${rss[import]}" -v ma="${rss[again]}" -v mw="${rss[rows]}" 'BEGIN {
      printf "| %d | %.2f s | %.2f s | %.2f s | %.2f s (%.2fx parse) | %.2f s / %.2f s (%.2fx) | %.2f s (%.1fx faster) | %.2f s (%.1fx faster) | %d / %d / %d / %d MB |",
        r, ch, sp, p, i, i / p, pw, iw, iw / pw, a, i / a, w, i / w, mp, mi, ma, mw }')")
  rm -f "$db" "$db-wal" "$db-shm"
done
echo
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| rows | tokenise CsvHelper | tokenise Sep | parse only (Sep + map) | import (fresh SQLite) | warm process: parse / import (ratio) | re-import, same file | re-import, row by row | max RSS parse / import / re-import / row by row |"
echo "|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${summary[@]}"
echo "(generated files in $work; delete when done)"
