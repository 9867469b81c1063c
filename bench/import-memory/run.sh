#!/usr/bin/env bash
# Peak memory (VmHWM) of the server importing the worst shapes of upload, each in a fresh server process.
# Usage: bash bench/import-memory/run.sh   (needs python3 and curl; prints one line per shape)
set -euo pipefail
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
dotnet build src/ObrasQr.Server -c Release -o "$work/bin" >/dev/null

python3 - "$work" <<'PY'
import json, sys
w = sys.argv[1]
head = ["ID Contrato", "Estado Contrato", "Tipo de Contrato", "Valor del Contrato", "Objeto del Contrato", "Valor Pagado"]
big = "x" * (5 * 1024 * 1024)
# 19 rows, each with a 5 MB object and a 5 MB unreadable paid value (a warning quoting it): ~95 MB.
with open(f"{w}/cells-5mb.csv", "w") as f:
    f.write(",".join(head) + "\n")
    for i in range(9):
        f.write(f"CO1.PCCNTR.{7100000 + i},En ejecución,Obra,1000,{big},{big}\n")
# The largest cells accepted (just under 1 MB): 45 rows with two each, and 90 JSON rows with one each.
cell = "z" * 1_000_000
with open(f"{w}/cells-1mb.csv", "w") as f:
    f.write(",".join(head) + "\n")
    for i in range(45):
        f.write(f"CO1.PCCNTR.{7300000 + i},En ejecución,Obra,1000,{cell},{cell}\n")
with open(f"{w}/strings-1mb.json", "w") as f:
    f.write("[" + ",".join(json.dumps({"id_contrato": f"CO1.PCCNTR.{7400000 + i}", "estado_contrato": "En ejecución",
        "tipo_de_contrato": "Obra", "valor_del_contrato": "1000", "objeto_del_contrato": cell}) for i in range(90)) + "]")
# One JSON row whose object is a single 50 MB string, then one 95 MB string.
for name, size in (("string-50mb.json", 50), ("string-95mb.json", 95)):
    with open(f"{w}/{name}", "w") as f:
        f.write('[{"id_contrato":"CO1.PCCNTR.7200001","estado_contrato":"En ejecución","tipo_de_contrato":"Obra","valor_del_contrato":"1000","objeto_del_contrato":"')
        f.write("y" * (size * 1024 * 1024))
        f.write('"}]')
# 95 MB of ordinary rows (the common large case).
row = "CO1.PCCNTR.{},En ejecución,Obra,\"$ 31.500.000,00\",Pavimentación de la calle {} con andenes y alcantarillado pluvial,N/D\n"
with open(f"{w}/rows-95mb.csv", "w") as f:
    f.write(",".join(head) + "\n")
    i = 0
    while f.tell() < 95 * 1024 * 1024:
        f.write(row.format(8000000 + i, i)); i += 1
PY

key=bench-office-key-memory
for shape in cells-5mb.csv string-50mb.json string-95mb.json cells-1mb.csv strings-1mb.json rows-95mb.csv; do
  rm -rf "$work/data"; mkdir -p "$work/data"
  ObrasQr__DataDirectory="$work/data" ObrasQr__SeedDemoData=false ASPNETCORE_URLS=http://127.0.0.1:5199 \
  ObrasQr__Auth__Keys__0__Name=bench-office ObrasQr__Auth__Keys__0__Role=office \
  ObrasQr__Auth__Keys__0__Sha256="$(printf %s "$key" | sha256sum | cut -d' ' -f1)" \
    dotnet "$work/bin/ObrasQr.Server.dll" >"$work/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 100); do curl -sf http://127.0.0.1:5199/api/health >/dev/null 2>&1 && break; sleep 0.2; done
  type=text/csv; [[ $shape == *.json ]] && type=application/json
  answer=$(curl -s -H "Authorization: Bearer $key" -H "Content-Type: $type" --data-binary "@$work/$shape" http://127.0.0.1:5199/api/exports)
  id=$(printf %s "$answer" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("exportId",""))')
  status=pending
  for _ in $(seq 1 600); do
    [[ -z $id ]] && { status="upload: $answer"; break; }
    status=$(curl -s -H "Authorization: Bearer $key" "http://127.0.0.1:5199/api/exports/$id" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["status"], d["counts"], len(json.dumps(d)), "bytes")')
    [[ $status != pending* ]] && break; sleep 0.5
  done
  sleep 1   # let the background import (started by the upload) settle before reading the high-water mark
  peak=$(awk '/VmHWM/ {print $2 / 1024 " MB"}' /proc/$server/status)
  echo "$shape ($(du -m "$work/$shape" | cut -f1) MB): peak RSS $peak; $status"
  kill "$server"; wait "$server" 2>/dev/null || true
done
