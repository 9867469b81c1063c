#!/usr/bin/env bash
# The first view of a contract with 20,000 versions (VERSIONS=…), rendered anew SAMPLES times: each request comes with
# another Host (allowed by AllowedHosts, the base of the page when ObrasQr__PublicBaseUrl is unset), and a page
# kept for one base is rendered again for another, so every sample loads the contract from the store and renders it.
# Usage: bash bench/page/first-view.sh   (VERSIONS=20000 SAMPLES=5 PORT=5189 to change)
set -euo pipefail
cd "$(dirname "$0")/../.."
VERSIONS=${VERSIONS:-20000}; SAMPLES=${SAMPLES:-5}; PORT=${PORT:-5189}
LONG=CO1.PCCNTR.9920000; BASE="http://127.0.0.1:$PORT"

work=$(mktemp -d)
dotnet build src/ObrasQr.Server -c Release -o "$work/bin" -v quiet -nologo >/dev/null
ObrasQr__DataDirectory="$work/data" ObrasQr__Bench__LongHistory="$VERSIONS" \
  ObrasQr__Reports__IdentityKeys__0__Id=bench ObrasQr__Reports__IdentityKeys__0__Key="$(head -c 32 /dev/urandom | base64)" \
  ObrasQr__SeedDemoData=true ObrasQr__Trust__EntityName="Entidad de prueba" ObrasQr__Trust__EntityNit=800000000-1 ObrasQr__Trust__OfficeName="Control interno" ObrasQr__Trust__Email=control@example.gov.co \
  AllowedHosts="*.example;127.0.0.1;localhost" Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Development \
  dotnet "$work/bin/ObrasQr.Server.dll" --urls "$BASE" >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 240); do curl -sf "$BASE/api/health" >/dev/null && break; sleep 0.5; done
curl -sf "$BASE/api/health" >/dev/null || { cat "$work/server.log"; exit 1; }

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for n in $(seq 1 "$SAMPLES"); do
  t=$(curl -sf -o /dev/null -w '%{time_total}' -H "Host: sample$n.example" -H 'Accept-Encoding: gzip, br' "$BASE/o/$LONG")
  echo "first view $n of the $VERSIONS-version contract: ${t}s"
done
short=$(curl -sf -o /dev/null -w '%{time_total}' -H 'Accept-Encoding: gzip, br' "$BASE/o/CO1.PCCNTR.3987001")
echo "first view of a short-history demo contract: ${short}s"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
