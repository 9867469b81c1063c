#!/usr/bin/env python3
"""Writes the messy SECOP II test exports in this folder (run once; the files are committed).

Every CSV variant carries the same three contracts (A, B, C) so the tests can check that each shape of file reads
to the same values. Run: python3 make-test-files.py
"""
import csv, io, json, random, zipfile

HEADERS = next(csv.reader(open("../secop-new-works.csv", encoding="utf-8-sig")))
BASE = dict(zip(HEADERS, list(csv.reader(open("../secop-new-works.csv", encoding="utf-8-sig")))[1]))

def row(**fields):
    r = dict(BASE)
    for k, v in fields.items():
        assert k in r, k
        r[k] = v
    return r

A = row(**{
    "ID Contrato": "CO1.PCCNTR.7000001", "Proceso de Compra": "CO1.BDOS.4899402", "Tipo de Contrato": "Obra",
    "Estado Contrato": "En ejecución", "Valor del Contrato": "$10,979,236,356", "Valor Pagado": "3080250",
    "Valor Facturado": "$0", "Dias adicionados": "1,826", "Fecha de Firma": "09/18/2023 12:00:00 AM",
    "Fecha de Inicio del Contrato": "2023-09-18T00:00:00.000", "Fecha de Fin del Contrato": "09/17/2025",
    "Objeto del Contrato": 'Construcción del puente "La Esperanza", vía Turbaco–Arjona\nIncluye: accesos, iluminación y señalización; fase 2.',
    "Proveedor Adjudicado": "CONSORCIO VÍAS DEL NORTE ÑANDÚ", "Nombre Representante Legal": "JOSÉ ÁNGEL PEÑA",
    "El contrato puede ser prorrogado": "Si", "Ultima Actualizacion": "06/18/2026 12:00:00 AM",
    "URLProceso": "https://community.secop.gov.co/Public/Tendering/OpportunityDetail/Index?noticeUID=CO1.NTC.1234567",
})
B = row(**{
    "ID Contrato": "CO1.PCCNTR.7000002", "Tipo de Contrato": "Interventoría", "Estado Contrato": "Modificado",
    "Valor del Contrato": "0", "Valor Pagado": "N/D", "Proveedor Adjudicado": "N/D", "Dias adicionados": "No Definido",
    "Fecha de Inicio del Contrato": "", "Fecha de Fin del Contrato": "", "Fecha de Inicio de Ejecucion": "",
    "Fecha de Fin de Ejecucion": "", "El contrato puede ser prorrogado": "No", "Objeto del Contrato": "Interventoría técnica, administrativa y financiera",
    "Ultima Actualizacion": "10/02/2024 03:15:42 PM",
})
C = row(**{
    "ID Contrato": "CO1.PCCNTR.7000003", "Tipo de Contrato": "Obra", "Estado Contrato": "Borrador", "Valor del Contrato": "3080250",
    "El contrato puede ser prorrogado": "No Definido", "Objeto del Contrato": "Andenes del barrio Manga",
})
ROWS = [A, B, C]

def write_csv(name, rows, headers=HEADERS, encoding="utf-8", delimiter=",", bom=False, newline="\r\n"):
    out = io.StringIO()
    w = csv.writer(out, delimiter=delimiter, lineterminator=newline, quoting=csv.QUOTE_MINIMAL)
    w.writerow(headers)
    for r in rows:
        w.writerow([r.get(h, "") for h in headers])
    data = out.getvalue().encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    open(name, "wb").write(data)

write_csv("utf8-bom.csv", ROWS, bom=True)
write_csv("utf8-no-bom.csv", ROWS)
# "–" (en dash) and the other accents exist in Windows-1252.
write_csv("windows-1252.csv", ROWS, encoding="cp1252")
write_csv("semicolon.csv", ROWS, delimiter=";", encoding="cp1252", newline="\n")
shuffled = list(HEADERS)
random.Random(3).shuffle(shuffled)
write_csv("shuffled-columns.csv", ROWS, headers=shuffled, bom=True)
# Excel's "Texto Unicode": UTF-16 LE with BOM, tab separated.
out = io.StringIO()
w = csv.writer(out, delimiter="\t", lineterminator="\r\n")
w.writerow(HEADERS)
for r in ROWS: w.writerow([r[h] for h in HEADERS])
open("utf16-tabs.txt", "wb").write(b"\xff\xfe" + out.getvalue().encode("utf-16-le"))

# Bad rows among good ones, after multi-line rows so line numbers must count the line breaks inside quotes.
bad = [
    A,                                                                          # lines 2-3
    row(**{"ID Contrato": "", "Objeto del Contrato": "Sin identificador"}),     # line 4: no ID
    row(**{"ID Contrato": "CO1.PCCNTR.7000010", "Valor del Contrato": "mil millones"}),  # line 5
    row(**{"ID Contrato": "CO1.PCCNTR.7000011", "Fecha de Firma": "31/31/2023",
           "Objeto del Contrato": "Dos\nlíneas"}),                              # lines 6-7: bad date
    row(**{"ID Contrato": "CO1.PCCNTR.7000012", "Dias adicionados": "muchos"}),  # line 8
    row(**{"ID Contrato": "CO1.PCCNTR.7000013", "Valor del Contrato": "$2,500,000"}),  # line 9: good
]
write_csv("bad-rows.csv", bad, bom=True)

# A later download: A got an addition, an extension, a new status and a payment; B and C are as before.
A_LATER = dict(A, **{"Valor del Contrato": "$12,979,236,356", "Dias adicionados": "1,916", "Fecha de Fin del Contrato": "12/16/2025",
                     "Estado Contrato": "Prorrogado", "Valor Pagado": "$5,080,250", "Ultima Actualizacion": "07/20/2026 12:00:00 AM"})
write_csv("later.csv", [A_LATER, B, C], bom=True)
write_csv("headers-only.csv", [], bom=True)
# Another datos.gov.co dataset (SECOP II processes), not contracts.
open("not-an-export.csv", "w", encoding="utf-8").write(
    "Entidad,Nit Entidad,ID del Proceso,Referencia del Proceso,Fase,Precio Base\n"
    "ALCALDIA DE CARTAGENA,890480184,CO1.REQ.123,SIF-001,Presentación de oferta,\"$100,000\"\n")
open("empty.csv", "wb").write(b"")
open("blank.csv", "wb").write(b"\xef\xbb\xbf\r\n\r\n  \r\n")
# What a spreadsheet program saves as .xlsx: a zip.
with zipfile.ZipFile("spreadsheet.xlsx", "w") as z:
    z.writestr(zipfile.ZipInfo("[Content_Types].xml", (2026, 1, 1, 0, 0, 0)), '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
    z.writestr(zipfile.ZipInfo("xl/worksheets/sheet1.xml", (2026, 1, 1, 0, 0, 0)), "<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>ID Contrato</t></is></c></row></sheetData></worksheet>")
open("binary.dat", "wb").write(bytes(random.Random(7).randrange(256) for _ in range(4096)) + b"\x00" * 64)

# SODA JSON: snake_case names, money as digit strings, ISO dates, urlproceso as an object; absent fields left out.
SODA = {
    "nombre_entidad": "DISTRITO TURISTICO Y CULTURAL DE CARTAGENA DE INDIAS", "nit_entidad": "890480184",
    "departamento": "Bolívar", "ciudad": "Cartagena de Indias", "localizaci_n": "Colombia, Bolívar, Cartagena de Indias",
    "proceso_de_compra": "CO1.BDOS.4899402", "referencia_del_contrato": "SIF-LP-004-2026", "estado_contrato": "En ejecución",
    "descripcion_del_proceso": "Construcción del puente \"La Esperanza\"", "tipo_de_contrato": "Obra",
    "modalidad_de_contratacion": "Licitación pública Obra Publica", "fecha_de_firma": "2023-09-18T00:00:00.000",
    "fecha_de_inicio_del_contrato": "2023-09-18T00:00:00.000", "fecha_de_fin_del_contrato": "2025-09-17T00:00:00.000",
    "tipodocproveedor": "NIT", "documento_proveedor": "901987452", "proveedor_adjudicado": "CONSORCIO VÍAS DEL NORTE ÑANDÚ",
    "origen_de_los_recursos": "Distribuido", "valor_del_contrato": "10979236356", "valor_facturado": "0",
    "valor_pendiente_de_pago": "0", "valor_pagado": "3080250", "valor_pendiente_de_ejecucion": "10976156106",
    "dias_adicionados": "1826", "urlproceso": {"url": "https://community.secop.gov.co/Public/Tendering/OpportunityDetail/Index?noticeUID=CO1.NTC.1234567"},
    "nombre_representante_legal": "JOSÉ ÁNGEL PEÑA", "identificaci_n_representante_legal": "1047385921",
    "objeto_del_contrato": "Construcción del puente \"La Esperanza\", vía Turbaco–Arjona\nIncluye: accesos, iluminación y señalización; fase 2.",
    "duraci_n_del_contrato": "24 Mes(es)", "el_contrato_puede_ser_prorrogado": "Si",
}

def soda(i, updated, **overrides):
    r = dict(SODA, id_contrato=f"CO1.PCCNTR.{i}", ultima_actualizacion=updated)
    r.update(overrides)
    return r

json.dump([soda(7000001, "2026-06-18T00:00:00.000"),
           soda(7000004, "2026-06-19T08:30:00.000", tipo_de_contrato="Interventoría", valor_del_contrato="450000000")],
          open("soda-export.json", "w", encoding="utf-8"), ensure_ascii=False, indent=1)
open("soda-truncated.json", "w", encoding="utf-8").write(
    json.dumps([soda(7000001, "2026-06-18T00:00:00.000"), soda(7000005, "2026-06-18T00:00:00.000")], ensure_ascii=False)[:-200])

# Recorded SODA pages of an incremental sync with $limit=2: ordered by ultima_actualizacion, id_contrato.
pages = [
    [soda(8000001, "2026-01-05T10:00:00.000"), soda(8000002, "2026-01-05T10:00:00.000")],
    [soda(8000003, "2026-01-06T09:00:00.000"), soda(8000004, "2026-01-07T11:00:00.000", estado_contrato="Suspendido")],
    [soda(8000005, "2026-01-08T16:45:00.000", valor_del_contrato="not-a-number")],
]
for n, page in enumerate(pages):
    json.dump(page, open(f"soda-page-{n}.json", "w", encoding="utf-8"), ensure_ascii=False, indent=1)
# A later run: 8000001 got an addition (value and days), seen again from the watermark on.
json.dump([soda(8000001, "2026-02-10T12:00:00.000", valor_del_contrato="12979236356", dias_adicionados="90"),
           soda(8000005, "2026-02-10T12:00:00.000")],
          open("soda-later-page-0.json", "w", encoding="utf-8"), ensure_ascii=False, indent=1)
open("soda-malformed.json", "w", encoding="utf-8").write('[{"id_contrato": "CO1.PCCNTR.8000003", "estado_contrato": "En ejec')
