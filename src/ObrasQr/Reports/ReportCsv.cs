using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace ObrasQr.Reports;

/// <summary>
/// The auditors' export: UTF-8 with a byte-order mark (so spreadsheet programs read the accents right), one row
/// per report, Spanish headers. Cells that a spreadsheet would run as a formula (starting with = + - @, tab or
/// carriage return) are prefixed with an apostrophe: report text is written by anyone. Done by hand for text
/// only, because CsvHelper's own guard would also mangle the (negative) longitudes of Colombia.
/// </summary>
public static class ReportCsv
{
    public const string ContentType = "text/csv; charset=utf-8";

    /// <summary>
    /// Semicolon by default: the auditors open it in a spreadsheet program set to a Colombian (Spanish) regional format,
    /// whose list separator is ";" and which would otherwise put each row in one cell. <paramref name="semicolon"/>
    /// false gives RFC 4180 commas (like datos.gov.co) for programs and open-data tools.
    /// </summary>
    /// <param name="workNames">The works' names by contract id (<see cref="WorkName"/>); a missing one leaves its cell empty.</param>
    public static byte[] Write(IEnumerable<Report> reports, DateOnly today, bool semicolon = true, IReadOnlyDictionary<string, string>? workNames = null)
    {
        using var buffer = new MemoryStream();
        var rows = reports.Select(r => (r, workNames?.GetValueOrDefault(r.ContractId)));
        WriteAsync(buffer, rows.ToAsyncEnumerable(), today, semicolon).GetAwaiter().GetResult();
        return buffer.ToArray();
    }

    /// <summary>Streams the rows as they come, so an export of any size holds one page of reports in memory.</summary>
    public static async Task WriteAsync(Stream output, IAsyncEnumerable<(Report Report, string? WorkName)> reports, DateOnly today, bool semicolon = true, CancellationToken ct = default)
    {
        await using var text = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 1 << 16, leaveOpen: true);
        await using var csv = new CsvWriter(text, Config(semicolon));
        foreach (var header in Headers) csv.WriteField(header);
        await csv.NextRecordAsync();
        await foreach (var (r, workName) in reports.WithCancellation(ct))
        {
            csv.WriteField(r.ReportId);
            csv.WriteField(Safe(r.ContractId));
            csv.WriteField(Safe(workName ?? ""));
            csv.WriteField(ReportCategory.Labels.GetValueOrDefault(r.Category, r.Category));
            csv.WriteField(ReportStatus.Labels.GetValueOrDefault(r.Status, r.Status));
            csv.WriteField(r.ReceivedAt.ToOffset(ColombiaTime.Offset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
            csv.WriteField(r.Deadline.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            csv.WriteField(r.IsOverdue(today) ? "sí" : "no");
            csv.WriteField(r.Anonymous ? "sí" : "no");
            csv.WriteField(r.LacksEvidence ? "sí" : "no");
            csv.WriteField(r.Photos.Count);
            csv.WriteField(Safe(r.Location?.Text ?? ""));
            csv.WriteField(r.Location?.Lat?.ToString(CultureInfo.InvariantCulture) ?? "");
            csv.WriteField(r.Location?.Lon?.ToString(CultureInfo.InvariantCulture) ?? "");
            csv.WriteField(Safe(r.Description));
            csv.WriteField(Safe(r.PublicAnswer ?? ""));
            csv.WriteField(Safe(r.ForwardedTo ?? ""));
            csv.WriteField(r.History.LastOrDefault(h => h.To == ReportStatus.Answered && h.From != h.To) is { } answered
                ? answered.At.ToOffset(ColombiaTime.Offset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "");
            await csv.NextRecordAsync();
        }
        await csv.FlushAsync();
    }

    /// <summary>A download's <c>?sep=</c>, for every CSV: ";" by default and with "semicolon" (a spreadsheet set to
    /// Colombian Spanish), "comma" for RFC 4180; null for anything else, refused with <see cref="SeparatorProblem"/>.</summary>
    public static bool? Semicolon(string? sep) => sep switch { null or "" or "semicolon" => true, "comma" => false, _ => null };

    public static readonly Http.FieldProblem SeparatorProblem =
        new("sep", "Use sep=semicolon (el predeterminado, para hojas de cálculo en español) o sep=comma.");

    internal static CsvConfiguration Config(bool semicolon) => new(CultureInfo.InvariantCulture)
    {
        NewLine = "\r\n",
        Delimiter = semicolon ? ";" : ",",
        // CsvHelper quotes only fields holding the configured NewLine ("\r\n"): a bare LF or CR went out unquoted,
        // split the row, and the next line's first cell escaped the formula guard. Quote any line break.
        ShouldQuote = args => args.Field is { } f && (f.AsSpan().IndexOfAny(LineBreaksAndQuote) >= 0
            || f.Contains(args.Row.Configuration.Delimiter, StringComparison.Ordinal) || (f.Length > 0 && (f[0] == ' ' || f[^1] == ' '))),
    };

    static readonly System.Buffers.SearchValues<char> LineBreaksAndQuote = System.Buffers.SearchValues.Create("\r\n\"");

    /// <summary>A text cell as a spreadsheet will show it, never run it.</summary>
    public static string Safe(string text) => text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;

    static readonly string[] Headers =
    [
        "id_reporte", "contrato", "obra", "categoria", "estado", "recibido", "fecha_limite", "vencido", "anonimo", "sin_pruebas",
        "fotos", "lugar", "latitud", "longitud", "descripcion", "respuesta_publica", "trasladado_a", "respondido",
    ];
}
