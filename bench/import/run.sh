#!/usr/bin/env bash
# One command: generate 100k- and 400k-row exports, then for each: parse only, import into a fresh SQLite,
# re-import the same file (file fingerprint), re-import row by row. Prints time and peak memory of each phase.
# Usage: bench/import/run.sh [rows...]   (default: 100000 400000)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="${BENCH_DIR:-$(mktemp -d /tmp/obrasqr-bench.XXXX)}"
sizes=("${@:-100000 400000}")
[ $# -eq 0 ] && sizes=(100000 400000)

dotnet build -c Release -v q -nologo "$here/ImportBench.csproj" >/dev/null
bin="$here/bin/Release/net10.0/ImportBench.dll"
phase() { # name, then the command's arguments
  local name=$1; shift
  /usr/bin/time -f "$name: wall %e s, max RSS %M KB" dotnet "$bin" "$@" 2>&1
}

echo "machine: $(nproc) cores, $(free -h | awk '/Mem:/ {print $2}') RAM, dotnet $(dotnet --version), $(date -u +%F)"
for rows in "${sizes[@]}"; do
  csv="$work/secop-$rows.csv"; db="$work/import-$rows.db"
  rm -f "$db" "$db-wal" "$db-shm"
  [ -f "$csv" ] || dotnet "$bin" generate "$rows" "$csv"
  echo "== $rows rows ($(du -h "$csv" | cut -f1))"
  phase "parse-only" parse "$csv"
  phase "import (fresh SQLite)" import "$csv" "$db"
  phase "re-import same file" import "$csv" "$db"
  phase "re-import row by row" import "$csv" "$db" --row-level
done
echo "files in $work (delete when done)"
