#!/usr/bin/env bash
# One command: where an import's time goes, stage by stage, in one warm process (ImportBench stages: each stage three
# times, the best of the last two), then SQLite's own cost of the same writes without .NET (sqlite_floor.py).
# Usage: bench/import/stages.sh [rows]       (100000 by default; BENCH_DIR=/some/dir keeps the generated file)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="${BENCH_DIR:-$(mktemp -d /tmp/obrasqr-stages.XXXX)}"
rows="${1:-100000}"
mkdir -p "$work"
dotnet build -c Release -v q -nologo "$here/ImportBench.csproj" >/dev/null
bin="$here/bin/Release/net10.0/ImportBench.dll"
csv="$work/secop-$rows.csv"
[ -f "$csv" ] || dotnet "$bin" generate "$rows" "$csv"
echo "machine: $(nproc) cores, $(free -h | awk '/Mem:/ {print $2}') RAM, dotnet $(dotnet --version), $(date -u '+%F %H:%M') UTC, load $(cut -d' ' -f1 /proc/loadavg)"
dotnet "$bin" stages "$csv"
python3 "$here/sqlite_floor.py" "$work/stages-write.db"
rm -f "$work"/stages-*.db*
echo "(generated file in $work; delete when done)"
