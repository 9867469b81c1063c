using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using CsvHelper;
using CsvHelper.Configuration;

namespace ObrasQr.Secop;

/// <summary>The whole file is not a SECOP II contracts export; nothing in it is imported.</summary>
public sealed class SecopFileRejected(string reason) : Exception(reason);

/// <summary>
/// Reads a "SECOP II - Contratos Electrónicos" export, CSV (display headers) or SODA JSON (snake_case), row by row.
/// </summary>
public static class SecopFile
{
    // Without these the file is not a contracts export, whatever else it has.
    static readonly string[] RequiredColumns = ["ID Contrato", "Estado Contrato", "Tipo de Contrato", "Valor del Contrato"];

    static SecopFile() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>Rows of the file, in order. Throws <see cref="SecopFileRejected"/> before the first row when the
    /// file as a whole is not an export. The stream must be seekable (the raw file is kept before importing).</summary>
    public static async IAsyncEnumerable<SecopRecord> ReadAsync(Stream file, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var head = new byte[64 * 1024];
        var length = await file.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
        file.Seek(0, SeekOrigin.Begin);
        var sample = head.AsSpan(0, length);

        if (length == 0 || sample.Trim(" \t\r\n\uFEFF"u8).IsEmpty)
            throw new SecopFileRejected("El archivo está vacío.");
        if (sample.Contains((byte)0))
            throw new SecopFileRejected("El archivo no es de texto (parece binario, p. ej. una hoja .xlsx). Exporte desde SECOP II en formato CSV o JSON.");

        var encoding = DetectEncoding(sample);
        var rows = FirstNonBlank(sample) is (byte)'[' or (byte)'{' ? ReadJson(file, ct) : ReadCsv(file, encoding, sample.ToArray(), ct);
        await foreach (var row in rows) yield return row;
    }

    static Encoding DetectEncoding(ReadOnlySpan<byte> sample)
    {
        if (sample.StartsWith("\uFEFF"u8)) return new UTF8Encoding(false);
        // Spreadsheet programs re-save exports as Windows-1252; valid UTF-8 is very unlikely to be that by accident.
        // The sample may end inside a multi-byte character: ignore a trailing partial one.
        var strict = new UTF8Encoding(false, throwOnInvalidBytes: true);
        for (var cut = 0; cut < 4 && cut < sample.Length; cut++)
        {
            try { strict.GetCharCount(sample[..^cut]); return new UTF8Encoding(false); }
            catch (DecoderFallbackException) { if (sample.Length < 64 * 1024) break; }
        }
        return Encoding.GetEncoding(1252);
    }

    static byte FirstNonBlank(ReadOnlySpan<byte> sample)
    {
        var trimmed = sample.StartsWith("\uFEFF"u8) ? sample[3..] : sample;
        trimmed = trimmed.TrimStart(" \t\r\n"u8);
        return trimmed.IsEmpty ? (byte)0 : trimmed[0];
    }

    static async IAsyncEnumerable<SecopRecord> ReadCsv(Stream file, Encoding encoding, byte[] sampleBytes, [EnumeratorCancellation] CancellationToken ct)
    {
        var sample = encoding.GetString(sampleBytes);
        var firstLine = sample.Split('\n', 2)[0];
        var delimiter = firstLine.Count(c => c == ';') > firstLine.Count(c => c == ',') ? ";" : ",";

        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = delimiter,
            BadDataFound = null,
            MissingFieldFound = null,
            HeaderValidated = null,
            DetectColumnCountChanges = false,
        };
        using var reader = new StreamReader(file, encoding, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        using var csv = new CsvReader(reader, config);

        if (!await csv.ReadAsync() || !csv.ReadHeader() || csv.HeaderRecord is not { Length: > 0 } header)
            throw new SecopFileRejected("El archivo no tiene encabezados.");
        var keys = header.Select(SecopValues.Key).ToArray();
        var missing = RequiredColumns.Where(c => !keys.Contains(SecopValues.Key(c))).ToList();
        if (missing.Count > 0)
            throw new SecopFileRejected(
                $"El archivo no es una exportación de contratos de SECOP II: faltan las columnas {string.Join(", ", missing)}.");

        var line = LineBreaks(csv.Parser.RawRecord); // lines read so far
        while (await csv.ReadAsync())
        {
            ct.ThrowIfCancellationRequested();
            var start = line + 1;
            line += LineBreaks(csv.Parser.RawRecord);
            var values = new Dictionary<string, string?>(keys.Length);
            for (var i = 0; i < keys.Length && i < csv.Parser.Count; i++)
                values.TryAdd(keys[i], csv.Parser[i]);
            if (values.Values.All(string.IsNullOrWhiteSpace)) continue;
            yield return new SecopRecord(values, start);
        }
    }

    static int LineBreaks(string raw)
    {
        var count = raw.Count(c => c == '\n');
        return count == 0 ? 1 : count; // the last line may have no line break
    }

    static async IAsyncEnumerable<SecopRecord> ReadJson(Stream file, [EnumeratorCancellation] CancellationToken ct)
    {
        var index = 0;
        IAsyncEnumerable<JsonElement> elements;
        try { elements = JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(file, cancellationToken: ct); }
        catch (JsonException e) { throw new SecopFileRejected($"El JSON no es válido: {e.Message}"); }

        var checkedColumns = false;
        await using var rows = elements.GetAsyncEnumerator(ct);
        while (true)
        {
            try { if (!await rows.MoveNextAsync()) break; }
            catch (JsonException e) when (index == 0)
            {
                throw new SecopFileRejected($"El archivo no es una lista JSON de contratos de SECOP II: {e.Message}");
            }
            index++;
            if (rows.Current.ValueKind != JsonValueKind.Object)
                throw new SecopFileRejected("El JSON debe ser una lista de contratos (objetos) de SECOP II.");
            var values = new Dictionary<string, string?>();
            foreach (var field in rows.Current.EnumerateObject())
                values.TryAdd(SecopValues.Key(field.Name), JsonText(field.Value));
            if (!checkedColumns)
            {
                var missing = RequiredColumns.Where(c => !values.ContainsKey(SecopValues.Key(c))).ToList();
                if (missing.Count > 0)
                    throw new SecopFileRejected(
                        $"El JSON no es de contratos de SECOP II: faltan los campos {string.Join(", ", missing)}.");
                checkedColumns = true;
            }
            yield return new SecopRecord(values, index);
        }
    }

    // SODA gives urlproceso as {"url": "..."}; everything else as strings.
    static string? JsonText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        JsonValueKind.Object when value.TryGetProperty("url", out var url) => url.GetString(),
        _ => null,
    };
}
