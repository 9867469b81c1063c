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

# export.xlsx: the export as a spreadsheet program saves it: shared strings, numbers as numbers, dates as serials with
# a date style (so the reader gives dates), a lower-case id and a placeholder.
import zipfile
from xml.sax.saxutils import escape

XLSX_ROWS = [
    {"ID Contrato": "co1.pccntr.8000201", "Estado Contrato": "En ejecución", "Tipo de Contrato": "Obra",
     "Valor del Contrato": 31500000, "Valor Pagado": 12600000.5, "Nit Entidad": 890480184,
     "TipoDocProveedor": "Cédula de Ciudadanía", "Documento Proveedor": 13824219,
     "Fecha de Firma": ("date", 44811), "Fecha de Fin del Contrato": ("date", 44996),
     "Identificación Representante Legal": "Sin Descripcion", "URLProceso": "{'url': '" + URL + "'}",
     "Objeto del Contrato": "Pavimentación de la calle 5 <norte> & andenes"},
]
XLSX_HEADERS = ["ID Contrato", "Estado Contrato", "Tipo de Contrato", "Valor del Contrato", "Valor Pagado", "Nit Entidad",
                "TipoDocProveedor", "Documento Proveedor", "Fecha de Firma", "Fecha de Fin del Contrato",
                "Identificación Representante Legal", "URLProceso", "Objeto del Contrato"]

def col(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s

strings = []
def sst(text):
    if text not in strings: strings.append(text)
    return strings.index(text)

def cell(ref, value):
    if isinstance(value, tuple):
        return f'<c r="{ref}" s="1"><v>{value[1]}</v></c>'
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="s"><v>{sst(value)}</v></c>'

rows_xml = []
for r, values in enumerate([{h: h for h in XLSX_HEADERS}] + XLSX_ROWS, start=1):
    cells = "".join(cell(f"{col(i)}{r}", values[h]) for i, h in enumerate(XLSX_HEADERS) if h in values)
    rows_xml.append(f'<row r="{r}">{cells}</row>')
sheet = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
         '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' + "".join(rows_xml) + '</sheetData></worksheet>')
shared = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
          f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{len(strings)}" uniqueCount="{len(strings)}">'
          + "".join(f"<si><t>{escape(s)}</t></si>" for s in strings) + "</sst>")
with zipfile.ZipFile("export.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        '</Types>')
    z.writestr("_rels/.rels", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        '</Relationships>')
    z.writestr("xl/workbook.xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Contratos" sheetId="1" r:id="rId1"/></sheets></workbook>')
    z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
        '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
        '</Relationships>')
    z.writestr("xl/styles.xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>')
    z.writestr("xl/worksheets/sheet1.xml", sheet)
    z.writestr("xl/sharedStrings.xml", shared)
