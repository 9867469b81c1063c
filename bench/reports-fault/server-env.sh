# Sourced by bench/reports-fault/run.sh and bench/reports-load/run.sh (with OUT, BASE and STORE set): the server's
# settings for a submissions bench, Azurite for the Azure store, and a start that waits until the server answers.

# A throwaway auditor key for the verification; configuration holds only its SHA-256.
export OBRASQR_BENCH_AUDITOR_KEY="bench-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export ObrasQr__DataDirectory="$PWD/$OUT/data"
export ObrasQr__Reports__MaxPerClientPerHour=0
# The verification looks every tracking code up from one address: no lookup limit for this run.
export ObrasQr__Reports__MaxLookupsPerClientPerMinute=0
export ObrasQr__SeedDemoData=true
export ObrasQr__Auth__Keys__0__Name=bench-auditor
export ObrasQr__Auth__Keys__0__Role=auditor
export ObrasQr__Auth__Keys__0__Sha256="$(printf %s "$OBRASQR_BENCH_AUDITOR_KEY" | sha256sum | cut -d' ' -f1)"
# Production requires a public address and an identity key: a throwaway one for this run.
export ObrasQr__PublicBaseUrl=https://obras.example.gov.co
export ObrasQr__Reports__IdentityKeys__0__Id=bench ObrasQr__Reports__IdentityKeys__0__Key="$(head -c 32 /dev/urandom | base64)"
export ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning

# Azurite keeps its data on disk in its own process: killing the server does not touch it, as in Azure.
start_azurite() {
  [ -x node_modules/.bin/azurite ] || npm ci --no-audit --no-fund --loglevel=error
  node_modules/.bin/azurite --silent --skipApiVersionCheck --loose --disableTelemetry --location "$OUT/azurite" \
    --blobHost 127.0.0.1 --blobPort 10500 --queueHost 127.0.0.1 --queuePort 10501 --tableHost 127.0.0.1 --tablePort 10502 >"$OUT/azurite.log" 2>&1 &
  AZURITE=$!
  for _ in $(seq 1 100); do (exec 3<>/dev/tcp/127.0.0.1/10502) 2>/dev/null && break; sleep 0.1; done
  local conn="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:10500/devstoreaccount1;TableEndpoint=http://127.0.0.1:10502/devstoreaccount1;"
  export ObrasQr__Store=azure ObrasQr__Storage__Tables__connectionString="$conn" ObrasQr__Storage__Blobs__connectionString="$conn"
}

start_server() {
  dotnet "$OUT/server/ObrasQr.Server.dll" --urls "$BASE" >>"$OUT/server-$1.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 600); do
    kill -0 "$SERVER" 2>/dev/null || { echo "server exited"; tail -20 "$OUT/server-$1.log"; exit 1; }
    if curl -fs "$BASE/api/contracts/CO1.PCCNTR.5361557" >/dev/null 2>&1; then
      sleep 0.2; kill -0 "$SERVER" 2>/dev/null && return 0 # ours answered, not another process on that port
    fi
    sleep 0.1
  done
  echo "server did not become ready"; exit 1
}
