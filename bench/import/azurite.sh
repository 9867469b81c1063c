#!/usr/bin/env bash
# One command: the same import on Azurite without and with patches/azurite+3.37.0.patch (table point reads by the
# narrower key, patches/README.md), in one run. Generates ROWS SECOP II rows (20,000 by default), then for each variant
# starts a fresh Azurite (start_azurite, as the server benches), imports the file with SecopImporter into AzureContractStore
# (ImportBench import-azure: a fresh table prefix) and prints each 1,000-row batch's head reads and writes, then the
# totals and the ratio. The patch is re-applied at the end whatever happens.
# Usage: bash bench/import/azurite.sh [ROWS]
set -euo pipefail
cd "$(dirname "$0")/../.."
rows=${1:-20000}
work=$(mktemp -d /tmp/obrasqr-azurite-bench.XXXX)
[ -x node_modules/.bin/azurite ] || npm ci --no-audit --no-fund --loglevel=error
dotnet build -c Release -v q -nologo bench/import/ImportBench.csproj >/dev/null
bin=bench/import/bin/Release/net10.0/ImportBench.dll
dotnet "$bin" generate "$rows" "$work/secop.csv"
source bench/reports-fault/server-env.sh # start_azurite: the benches' Azurite and its connection string
AZURITE=""
cleanup() {
  [ -n "$AZURITE" ] && kill "$AZURITE" 2>/dev/null || true
  npx patch-package >/dev/null 2>&1 || echo "WARNING: the Azurite patch was not re-applied: run npx patch-package"
}
trap cleanup EXIT
echo "machine: $(nproc) cores, $(free -h | awk '/Mem:/ {print $2}') RAM, dotnet $(dotnet --version), node $(node --version), $(date -u '+%F %H:%M') UTC, load $(cut -d' ' -f1 /proc/loadavg)"
declare -A total
for variant in unpatched patched; do
  if [ $variant = unpatched ]; then npx patch-package --reverse >/dev/null; else npx patch-package >/dev/null; fi
  OUT=$work/$variant && mkdir -p "$OUT"
  start_azurite
  echo "== $variant: $rows rows"
  start=$(date +%s.%N)
  BENCH_TRACE=1 dotnet "$bin" import-azure "$work/secop.csv" "$ObrasQr__Storage__Tables__connectionString" 2>&1 | sed "s/^/  [$variant] /"
  total[$variant]=$(python3 -c "print($(date +%s.%N) - $start)")
  kill "$AZURITE"; wait "$AZURITE" 2>/dev/null || true; AZURITE=""
done
python3 -c "u, p = ${total[unpatched]}, ${total[patched]}; print(f'== $rows rows: unpatched {u:.0f} s, patched {p:.0f} s, ratio {u / p:.1f}')"
rm -rf "$work"
