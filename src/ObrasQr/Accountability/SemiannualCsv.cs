using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace ObrasQr.Accountability;

/// <summary>
/// The semiannual report as CSV for the auditors: UTF-8 with a byte-order mark and ";" (spreadsheets set to a Spanish
/// regional format), one row per figure (section, figure, value), then one row per open case. Only counts, dates,
/// ids and labels: no text anyone wrote, so no cell can start a formula.
/// </summary>
public static class SemiannualCsv
{
    public const string ContentType = "text/csv; charset=utf-8";

    public static byte[] Write(SemiannualReport report)
    {
        using var buffer = new MemoryStream();
        using (var text = new StreamWriter(buffer, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true))
        using (var csv = new CsvWriter(text, new CsvConfiguration(CultureInfo.InvariantCulture) { Delimiter = ";", NewLine = "\r\n" }))
        {
            void Row(string section, string figure, string value)
            {
                csv.WriteField(section);
                csv.WriteField(figure);
                csv.WriteField(value);
                csv.NextRecord();
            }
            static string N(int n) => n.ToString(CultureInfo.InvariantCulture);
            Row("sección", "indicador", "valor");
            Row("periodo", "semestre", report.Semester.Code);
            Row("periodo", "cifras al", report.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            Row("atención", "recibidos en el semestre", N(report.Received));
            Row("atención", "respondidos dentro del término", N(report.AnsweredOnTime));
            Row("atención", "respondidos fuera del término", N(report.AnsweredLate));
            Row("atención", "sin respuesta con el término vencido", N(report.UnansweredOverdue));
            Row("atención", "sin respuesta dentro del término", N(report.InTerm));
            Row("atención", "mediana de días hábiles para responder",
                report.MedianBusinessDays?.ToString("0.#", CultureInfo.GetCultureInfo("es-CO")) ?? "");
            Row("traslados", "trasladados a otra autoridad", N(report.Forwarded));
            Row("traslados", "trasladados dentro del término", N(report.ForwardedOnTime));
            Row("traslados", "autoridades", "no registradas en ObrasQr");
            Row("casos abiertos", "abiertos al corte", N(report.OpenAtEnd));
            Row("casos abiertos", "abiertos con el término vencido", N(report.OpenAtEndOverdue));
            foreach (var tally in report.ReceivedByCategory) Row("por categoría", tally.Label, N(tally.Count));
            foreach (var c in report.OpenCases)
                Row("caso abierto", $"{c.ReportId} · contrato {c.ContractId} · {c.Category} · recibido {c.ReceivedOn:yyyy-MM-dd}",
                    $"{c.Status}; término {c.Deadline:yyyy-MM-dd}{(c.Overdue ? " (vencido)" : "")}");
        }
        return buffer.ToArray();
    }
}
