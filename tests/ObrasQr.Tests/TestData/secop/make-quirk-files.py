#!/usr/bin/env python3
"""Writes the test exports that reproduce quirks of real SECOP II files (written here, no third-party data).

spanish-locale.csv: a download re-saved by a spreadsheet in a Spanish locale (';', Windows-1252, "$ 31.500.000,00",
NIT "890.480.184,00", dates "9/07/2022", "2023 ago 09 12:00:00 AM", Excel serials, "Sin Descripcion", urlproceso as
the text of a dict, BPIN as "2,02E+12", a lower-case contract id).
english-locale.csv: the same re-saved in an English locale ("$31,500,000.00", "9/7/2022 0:00", "890480184.00").
duplicates.csv: one contract repeated (twice the same, then different) among others.
Run: python3 make-quirk-files.py
"""
import csv, io

HEADERS = next(csv.reader(open("../secop-new-works.csv", encoding="utf-8-sig")))
BASE = dict(zip(HEADERS, list(csv.reader(open("../secop-new-works.csv", encoding="utf-8-sig")))[1]))
HEADERS = HEADERS + ["Codigo BPIN"] if "Codigo BPIN" not in HEADERS else HEADERS

def row(**fields):
    r = dict(BASE)
    for k, v in fields.items():
        assert k in r or k == "Codigo BPIN", k
        r[k] = v
    return r

def write(name, rows, encoding, delimiter):
    out = io.StringIO()
    w = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    w.writerow(HEADERS)
    for r in rows:
        w.writerow([r.get(h, "") for h in HEADERS])
    open(name, "wb").write(out.getvalue().encode(encoding))

URL = "https://community.secop.gov.co/Public/Tendering/OpportunityDetail/Index?noticeUID=CO1.NTC.3000001"
SPANISH = [
    row(**{"ID Contrato": "co1.pccntr.8000001", "Valor del Contrato": "$ 31.500.000,00", "Valor Pagado": "$ 12.600.000,00",
           "Nit Entidad": "890.480.184,00", "TipoDocProveedor": "Cédula de Ciudadanía", "Documento Proveedor": "13.824.219,00",
           "Fecha de Firma": "9/07/2022", "Fecha de Inicio del Contrato": "9/12/2022", "Fecha de Fin del Contrato": "3/11/2023",
           "Ultima Actualizacion": "2023 ago 09 12:00:00 AM", "Identificación Representante Legal": "Sin Descripcion",
           "URLProceso": "{'url': '" + URL + "'}", "Codigo BPIN": "2,02E+12", "Dias adicionados": "0"}),
    row(**{"ID Contrato": "CO1.PCCNTR.8000002", "Valor del Contrato": "31500000", "Valor Pagado": "No Definido",
           "Fecha de Firma": "43740", "Fecha de Inicio del Contrato": "43745", "Fecha de Fin del Contrato": "44110",
           "Ultima Actualizacion": "45147", "Dias adicionados": "N/D", "URLProceso": URL}),
    row(**{"ID Contrato": "CO1.PCCNTR.8000003", "Valor del Contrato": "$ 1.000.000,00", "Ultima Actualizacion": "ayer por la tarde",
           "Fecha de Firma": "2022-07-09", "Fecha de Inicio del Contrato": "2022-07-10T00:00:00", "Fecha de Fin del Contrato": "2022-12-31 00:00:00"}),
    row(**{"ID Contrato": "CO1.PCCNTR.8000004", "Valor del Contrato": "$ 2.000.000,00",
           "Fecha de Inicio del Contrato": "12/01/2022", "Fecha de Fin del Contrato": "1/02/2022"}),
]
write("spanish-locale.csv", SPANISH, "cp1252", ";")

ENGLISH = [
    row(**{"ID Contrato": "CO1.PCCNTR.8000001", "Valor del Contrato": "$31,500,000.00", "Valor Pagado": "$12,600,000.00",
           "Nit Entidad": "890480184.00", "TipoDocProveedor": "Cédula de Ciudadanía", "Documento Proveedor": "13824219",
           "Fecha de Firma": "9/7/2022 0:00", "Fecha de Inicio del Contrato": "9/12/2022 0:00", "Fecha de Fin del Contrato": "3/11/2023 0:00",
           "Ultima Actualizacion": "8/9/2023 12:00:00 AM", "Identificación Representante Legal": "No Definido",
           "URLProceso": URL, "Codigo BPIN": "2.02E+12", "Dias adicionados": "0"}),
]
write("english-locale.csv", ENGLISH, "utf-8", ",")

D = lambda i, **f: row(**dict({"ID Contrato": f"CO1.PCCNTR.800010{i}", "Valor del Contrato": "1000000"}, **f))
write("duplicates.csv", [D(1), D(2), D(1), D(3), D(1, **{"Valor del Contrato": "2000000"})], "utf-8", ",")

# soda-page-repeat.json: a later SODA page repeating the first row of soda-page-0.json.
import json
first = json.load(open("soda-page-0.json"))[0]
json.dump([first], open("soda-page-repeat.json", "w"), ensure_ascii=False, indent=1)
