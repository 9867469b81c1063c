# Sourced by the benches that run the server (bench/reports-fault, bench/reports-load, bench/desk): `bench_setup NAME`
# picks a free port, makes bench/out/NAME-$STORE, builds the server (and the submissions client) in Release, sets the
# server's settings, starts Azurite for the Azure store, and stops everything on exit; `start_server N` starts the server
# and waits until it answers.

bench_setup() {
  PORT=${PORT:-$(python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")}
  OUT=bench/out/$1-$STORE
  BASE=http://127.0.0.1:$PORT
  rm -rf "$OUT" && mkdir -p "$OUT"
  echo "== build (Release)"
  dotnet build src/ObrasQr.Server -c Release -o "$OUT/server" -v q -nologo >"$OUT/build.log" 2>&1 || { cat "$OUT/build.log"; exit 1; }
  dotnet build bench/reports-fault/client -c Release -o "$OUT/client" -v q -nologo >>"$OUT/build.log" 2>&1 || { cat "$OUT/build.log"; exit 1; }
  bench_settings
  AZURITE="" SERVER=""
  [ "$STORE" = azure ] && start_azurite
  trap '[ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; [ -n "$AZURITE" ] && kill "$AZURITE" 2>/dev/null; true' EXIT
}

bench_settings() {
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
  # ... and the publisher's name, office and e-mail.
  export ObrasQr__Trust__EntityName="Entidad de prueba" ObrasQr__Trust__EntityNit=800000000-1
  export ObrasQr__Trust__OfficeName="Control interno" ObrasQr__Trust__Email=control@example.gov.co
  export ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning
}

# Azurite keeps its data on disk in its own process: killing the server does not touch it, as in Azure.
start_azurite() {
  [ -x node_modules/.bin/azurite ] || npm ci --no-audit --no-fund --loglevel=error
  node_modules/.bin/azurite --silent --skipApiVersionCheck --loose --disableTelemetry --location "$OUT/azurite" \
    --blobHost 127.0.0.1 --blobPort 10500 --queueHost 127.0.0.1 --queuePort 10501 --tableHost 127.0.0.1 --tablePort 10502 >"$OUT/azurite.log" 2>&1 &
  AZURITE=$!
  for _ in $(seq 1 600); do (exec 3<>/dev/tcp/127.0.0.1/10502) 2>/dev/null && break; sleep 0.1; done
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
