using System.Globalization;
using System.Text;

namespace ObrasQr.Bench;

/// <summary>
/// Writes a SECOP II "Contratos Electrónicos" CSV export as the portal does: all 89 display headers with accents, a
/// UTF-8 BOM, money as "$10,979,236,356" or plain digits, US dates with a time part, "No Definido" placeholders and
/// quoted free text with commas, quotes and line breaks. Deterministic for a given seed.
/// </summary>
public static class ExportGenerator
{
    public static readonly string[] Headers =
    [
        "Nombre Entidad", "Nit Entidad", "Departamento", "Ciudad", "Localización", "Orden", "Sector", "Rama", "Entidad Centralizada",
        "Proceso de Compra", "ID Contrato", "Referencia del Contrato", "Estado Contrato", "Codigo de Categoria Principal",
        "Descripcion del Proceso", "Tipo de Contrato", "Modalidad de Contratacion", "Justificacion Modalidad de Contratacion",
        "Fecha de Firma", "Fecha de Inicio del Contrato", "Fecha de Fin del Contrato", "Fecha de Inicio de Ejecucion",
        "Fecha de Fin de Ejecucion", "Condiciones de Entrega", "TipoDocProveedor", "Documento Proveedor", "Proveedor Adjudicado",
        "Es Grupo", "Es Pyme", "Habilita Pago Adelantado", "Liquidación", "Obligación Ambiental", "Obligaciones Postconsumo",
        "Reversion", "Origen de los Recursos", "Destino Gasto", "Valor del Contrato", "Valor de pago adelantado", "Valor Facturado",
        "Valor Pendiente de Pago", "Valor Pagado", "Valor Amortizado", "Valor Pendiente de Amortizacion",
        "Valor Pendiente de Ejecucion", "Estado BPIN", "Código BPIN", "Anno BPIN", "Saldo CDP", "Saldo Vigencia", "EsPostConflicto",
        "Dias adicionados", "Puntos del Acuerdo", "Pilares del Acuerdo", "URLProceso", "Nombre Representante Legal",
        "Nacionalidad Representante Legal", "Domicilio Representante Legal", "Tipo de Identificación Representante Legal",
        "Identificación Representante Legal", "Género Representante Legal", "Presupuesto General de la Nacion – PGN",
        "Sistema General de Participaciones", "Sistema General de Regalías",
        "Recursos Propios (Alcaldías, Gobernaciones y Resguardos Indígenas)", "Recursos de Credito", "Recursos Propios",
        "Ultima Actualizacion", "Codigo Entidad", "Codigo Proveedor", "Fecha Inicio Liquidacion", "Fecha Fin Liquidacion",
        "Objeto del Contrato", "Duración del contrato", "Nombre del banco", "Tipo de cuenta", "Número de cuenta",
        "El contrato puede ser prorrogado", "Fecha de notificación de prorrogación", "Nombre ordenador del gasto",
        "Tipo de documento Ordenador del gasto", "Número de documento Ordenador del gasto", "Nombre supervisor",
        "Tipo de documento supervisor", "Número de documento supervisor", "Nombre Ordenador de Pago",
        "Tipo de documento Ordenador de Pago", "Número de documento Ordenador de Pago", "Documentos Tipo", "Descripcion Documentos Tipo",
    ];

    static readonly string[] States = ["En ejecución", "Modificado", "terminado", "Cerrado", "cedido", "Suspendido", "Prorrogado", "Borrador", "Aprobado", "En aprobación", "enviado Proveedor", "Cancelado"];
    static readonly string[] Types = ["Obra", "Obra", "Interventoría", "Consultoría", "Prestación de servicios", "Suministros", "Compraventa", "Decreto 092 de 2017", "Otro"];
    static readonly string[] Modalities = ["Contratación directa", "Mínima cuantía", "Licitación pública", "Licitación pública Obra Publica", "Selección Abreviada de Menor Cuantía", "Concurso de méritos abierto", "Contratación régimen especial"];
    static readonly string[] Works = ["Pavimentación en concreto rígido de la calle", "Construcción del puente peatonal sobre el canal", "Rehabilitación del alcantarillado pluvial del barrio", "Mejoramiento de la institución educativa", "Adecuación del parque y la cancha múltiple de", "Construcción de andenes, bordillos y ciclorruta en"];
    static readonly string[] Places = ["Olaya Herrera", "Nelson Mandela", "El Pozón", "Bocagrande", "Manga", "San Fernando", "Chiquinquirá", "La Boquilla", "Getsemaní", "Torices"];
    static readonly string[] Names = ["ANDRÉS FELIPE MARTELO OSPINO", "MARÍA CLAUDIA PUELLO BARRIOS", "JOSÉ LUIS GÓMEZ PEÑA", "ÁNGELA MARÍA ZÚÑIGA", "NÉSTOR IVÁN MUÑOZ"];
    static readonly CultureInfo Us = CultureInfo.GetCultureInfo("en-US");

    public static void Write(string path, int rows, int seed = 20261122)
    {
        var random = new Random(seed);
        using var writer = new StreamWriter(path, false, new UTF8Encoding(true), 1 << 16);
        writer.Write(string.Join(',', Headers.Select(Quote)));
        writer.Write("\r\n");
        var fields = new string[Headers.Length];
        for (var i = 0; i < rows; i++)
        {
            Fill(fields, i, random);
            for (var f = 0; f < fields.Length; f++)
            {
                if (f > 0) writer.Write(',');
                writer.Write(Quote(fields[f]));
            }
            writer.Write("\r\n");
        }
    }

    static void Fill(string[] f, int i, Random r)
    {
        string Pick(string[] from) => from[r.Next(from.Length)];
        string Money(long value) => r.Next(3) == 0 ? value.ToString(CultureInfo.InvariantCulture) : "$" + value.ToString("#,0", Us);
        string Date(DateTime d) => d.ToString("MM/dd/yyyy hh:mm:ss tt", Us);
        var place = Pick(Places);
        var signed = new DateTime(2020, 1, 1).AddDays(r.Next(2400));
        var value = (long)r.Next(5_000, 3_000_000) * 10_000;
        var paid = value / r.Next(1, 6);
        Array.Fill(f, "No Definido");
        f[0] = "DISTRITO TURISTICO Y CULTURAL DE CARTAGENA DE INDIAS"; f[1] = "890480184"; f[2] = "Bolívar"; f[3] = "Cartagena de Indias";
        f[4] = "Colombia, Bolívar, Cartagena de Indias"; f[5] = "Territorial"; f[6] = "Servicio Público"; f[7] = "Ejecutivo"; f[8] = "Centralizada";
        f[9] = $"CO1.BDOS.{4_000_000 + i}"; f[10] = $"CO1.PCCNTR.{5_000_000 + i}"; f[11] = $"SIF-LP-{i % 999:000}-{signed.Year}";
        f[12] = Pick(States); f[13] = "V1.72121400";
        f[14] = $"{Pick(Works)} {place}, sector {r.Next(1, 40)}, con obras complementarias de drenaje, señalización y \"espacio público\"\nIncluye el plan de manejo ambiental y la socialización con la comunidad.";
        f[15] = Pick(Types); f[16] = Pick(Modalities); f[17] = "Ley 1150 de 2007";
        f[18] = Date(signed); f[19] = Date(signed.AddDays(10)); f[20] = Date(signed.AddDays(10 + r.Next(90, 900)));
        f[21] = r.Next(4) == 0 ? "" : Date(signed.AddDays(12)); f[22] = r.Next(4) == 0 ? "" : Date(signed.AddDays(400));
        f[24] = "NIT"; f[25] = (900_000_000 + r.Next(99_999_999)).ToString(CultureInfo.InvariantCulture);
        f[26] = $"CONSORCIO {place.ToUpperInvariant()} {signed.Year}";
        for (var k = 27; k <= 33; k++) f[k] = r.Next(2) == 0 ? "Si" : "No";
        f[34] = "Recursos Propios (Alcaldías, Gobernaciones y Resguardos Indígenas)"; f[35] = "Inversión";
        f[36] = Money(value); f[37] = Money(value / 10); f[38] = Money(paid); f[39] = Money(0); f[40] = Money(paid);
        f[41] = Money(value / 20); f[42] = Money(value / 30); f[43] = Money(value - paid);
        f[44] = "Válido"; f[45] = $"2024130010{i:00000}"; f[46] = signed.Year.ToString(CultureInfo.InvariantCulture); f[47] = "$0"; f[48] = "$0"; f[49] = "No";
        f[50] = r.Next(5) == 0 ? r.Next(1, 2000).ToString("#,0", Us) : "0";
        f[53] = $"https://community.secop.gov.co/Public/Tendering/OpportunityDetail/Index?noticeUID=CO1.NTC.{6_000_000 + i}";
        f[54] = Pick(Names); f[55] = "Colombia"; f[56] = $"Cra {r.Next(1, 90)} # {r.Next(1, 60)}-{r.Next(1, 99)}, Cartagena";
        f[57] = "Cédula de Ciudadanía"; f[58] = (1_000_000_000 + r.Next(99_999_999)).ToString(CultureInfo.InvariantCulture); f[59] = "Masculino";
        for (var k = 60; k <= 65; k++) f[k] = "$0";
        f[66] = Date(signed.AddDays(r.Next(30, 700))); f[67] = "702145813"; f[68] = (718_000_000 + r.Next(999_999)).ToString(CultureInfo.InvariantCulture);
        f[69] = ""; f[70] = "";
        f[71] = $"{Pick(Works)} {place}; tramo {r.Next(1, 9)}, según diseños aprobados por la Secretaría de Infraestructura\n(alcance: \"obra civil, redes y acabados\")";
        f[72] = $"{r.Next(2, 24)} Mes(es)"; f[73] = "Bancolombia"; f[74] = "Corriente"; f[75] = "No Definido"; f[76] = r.Next(2) == 0 ? "Si" : "No"; f[77] = "";
        f[78] = Pick(Names); f[79] = "Cédula de Ciudadanía"; f[80] = "73145822"; f[81] = Pick(Names); f[82] = "Cédula de Ciudadanía"; f[83] = "45598743";
        f[87] = "No"; f[88] = "No aplica";
    }

    static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
}
