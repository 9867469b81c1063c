using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using nietras.SeparatedValues;

namespace ObrasQr.Secop;

/// <summary>The whole file is not a SECOP II contracts export; nothing in it is imported.</summary>
/// <param name="unsupportedFormat">The file is not in a format ObrasQr reads at all (binary, old .xls), as opposed to
/// a readable file that is not a contracts export.</param>
public sealed class SecopFileRejected(string reason, bool unsupportedFormat = false) : Exception(reason)
{
    public bool UnsupportedFormat => unsupportedFormat;
}

/// <summary>
/// Reads a "SECOP II - Contratos Electrónicos" export, CSV (display headers) or SODA JSON (snake_case), row by row,
/// in constant memory.
/// </summary>
public static class SecopFile
{
    // Without these the file is not a contracts export, whatever else it has.
    static readonly string[] RequiredColumns = ["ID Contrato", "Estado Contrato", "Tipo de Contrato", "Valor del Contrato"];

    const int SampleBytes = 64 * 1024;

    static SecopFile() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>Rows of the file, in order. Throws <see cref="SecopFileRejected"/> before the first row when the
    /// file as a whole is not an export. The stream must be seekable (the raw file is kept before importing).</summary>
    public static IAsyncEnumerable<SecopRecord> ReadAsync(Stream file, CancellationToken ct = default) => ReadAsync(file, cutRowsOnBytes: true, ct);

    /// <param name="cutRowsOnBytes">False reads every CSV row with Sep alone, as UTF-16 files are: for the test that
    /// checks both ways read the same.</param>
    internal static async IAsyncEnumerable<SecopRecord> ReadAsync(Stream file, bool cutRowsOnBytes, [EnumeratorCancellation] CancellationToken ct)
    {
        var start = file.Position;
        var head = new byte[SampleBytes];
        var length = await file.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
        file.Seek(start, SeekOrigin.Begin);
        var sample = head.AsSpan(0, length);

        var encoding = DetectEncoding(sample, length < SampleBytes);
        var text = encoding.GetString(sample[encoding.Preamble.Length..]);
        if (text.AsSpan().Trim(" \t\r\n\uFEFF\0").IsEmpty)
            throw new SecopFileRejected("El archivo está vacío.");
        if (sample.StartsWith("PK\u0003\u0004"u8) || sample.StartsWith(new byte[] { 0xD0, 0xCF, 0x11, 0xE0 }))
        {
            await foreach (var row in SecopSpreadsheet.ReadAsync(file, ct)) yield return row;
            yield break;
        }
        if (text.Contains('\0'))
            throw new SecopFileRejected("El archivo no es de texto (parece binario). Exporte desde SECOP II en formato CSV o JSON.", unsupportedFormat: true);

        var json = text.TrimStart(" \t\r\n\uFEFF".ToCharArray()) is ['[' or '{', ..];
        var (delimiter, sepLine) = Delimiter(text);
        await CheckCellSizesAsync(file, json ? null : (byte)delimiter, ct);
        var rows = json ? ReadJson(file, ct)
            : encoding is UnicodeEncoding || !cutRowsOnBytes ? ReadCsv(file, encoding, delimiter, sepLine, ct)
            : SecopCsvRows.ReadAsync(file, encoding, delimiter, sepLine, ct);
        await foreach (var row in rows) yield return row;
    }

    /// <summary>No SECOP II field comes near this; a larger cell is a damaged or hostile file.</summary>
    public const int MaxCellBytes = 1024 * 1024;

    /// <summary>
    /// One pass over the raw bytes, before any parsing, refusing a file with a cell over <see cref="MaxCellBytes"/>.
    /// The parsers hold a whole cell (a JSON element, a CSV field) in memory, several times over while buffers grow;
    /// this keeps a 100 MB upload made of one huge cell from taking the server's memory. Written by hand because it
    /// only has to find quotes and separators, in constant memory. A CSV cell lies within one record, so records are
    /// measured first (jumping between quotes and line ends only); cells are measured one by one from the first record
    /// long enough to hold a cell over the limit, which no real export has.
    /// </summary>
    internal static async Task CheckCellSizesAsync(Stream file, byte? delimiter, CancellationToken ct)
    {
        var start = file.Position;
        var from = delimiter is null ? start : await FirstLongRecordAsync(file, ct);
        if (from is { } position)
        {
            file.Seek(position, SeekOrigin.Begin);
            await CheckCellsAsync(file, delimiter, position - start, position == start ? 0 : 1, ct);
        }
        file.Seek(start, SeekOrigin.Begin);
    }

    /// <summary>Where the first CSV record longer than <see cref="MaxCellBytes"/> (less one byte, the line end that
    /// <see cref="CheckCellsAsync"/> counts in the next cell) starts, or null. Every quote toggles quoting, as there.</summary>
    static async Task<long?> FirstLongRecordAsync(Stream file, CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        var quoted = false;
        long offset = file.Position, record = offset;
        int read;
        while ((read = await file.ReadAsync(buffer, ct)) > 0)
        {
            for (var i = 0; i < read; i++)
            {
                var run = buffer.AsSpan(i, read - i).IndexOfAny((byte)'"', (byte)'\n');
                if (run < 0) break;
                i += run;
                if (buffer[i] == (byte)'"') quoted = !quoted;
                else if (!quoted)
                {
                    if (offset + i - record >= MaxCellBytes - 1) return record;
                    record = offset + i + 1;
                }
            }
            offset += read;
        }
        return offset - record >= MaxCellBytes - 1 ? record : null;
    }

    /// <param name="offset">Where the stream is, from the start of the file (for the message).</param>
    /// <param name="cell">Bytes already counted in the cell the stream is in.</param>
    internal static async Task CheckCellsAsync(Stream file, byte? delimiter, long offset, long cell, CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        bool quoted = false, escaped = false;
        int read;
        while ((read = await file.ReadAsync(buffer, ct)) > 0)
        {
            for (var i = 0; i < read; i++)
            {
                if (delimiter is { } separator)
                {
                    // CSV: a field ends at the separator or the end of a line outside quotes ("" toggles twice). Only
                    // those three bytes matter: jump between them (vectorised) instead of looking at every byte.
                    var run = buffer.AsSpan(i, read - i).IndexOfAny((byte)'"', separator, (byte)'\n');
                    var plain = run < 0 ? read - i : run;
                    if (cell + plain > MaxCellBytes) throw TooLarge(offset + i + (MaxCellBytes - cell));
                    cell += plain;
                    i += plain;
                    if (run < 0) break;
                    if (buffer[i] == (byte)'"') quoted = !quoted;
                    else if (!quoted) cell = 0;
                    if (++cell > MaxCellBytes) throw TooLarge(offset + i);
                    continue;
                }
                var b = buffer[i];
                // JSON: only strings can be large; count their bytes.
                if (escaped) escaped = false;
                else if (quoted && b == (byte)'\\') escaped = true;
                else if (b == (byte)'"') { quoted = !quoted; cell = 0; }
                if (quoted) cell++;
                if (cell > MaxCellBytes) throw TooLarge(offset + i);
            }
            offset += read;
        }
    }

    static SecopFileRejected TooLarge(long near) => new(
        $"El archivo trae un valor de más de {MaxCellBytes / (1024 * 1024)} MB (cerca del byte {near:N0}); " +
        "ningún campo de SECOP II es así de largo. Revise que el archivo no esté dañado y descárguelo de nuevo.");

    /// <summary>Why the file cannot be an export, or null when its start reads as one: what the upload can tell at once.</summary>
    public static async Task<SecopFileRejected?> CheckAsync(Stream file, CancellationToken ct = default)
    {
        var start = file.Position;
        try
        {
            await using var rows = ReadAsync(file, ct).GetAsyncEnumerator(ct);
            await rows.MoveNextAsync();
            return null;
        }
        catch (SecopFileRejected rejected)
        {
            return rejected;
        }
        finally
        {
            file.Seek(start, SeekOrigin.Begin);
        }
    }

    static Encoding DetectEncoding(ReadOnlySpan<byte> sample, bool wholeFile)
    {
        if (sample.StartsWith(Encoding.UTF8.Preamble)) return Encoding.UTF8;
        // A spreadsheet's "Unicode text" is UTF-16 with a byte order mark.
        if (sample.StartsWith(Encoding.Unicode.Preamble)) return Encoding.Unicode;
        if (sample.StartsWith(Encoding.BigEndianUnicode.Preamble)) return Encoding.BigEndianUnicode;
        // Spreadsheet programs re-save exports as Windows-1252; valid UTF-8 is very unlikely to be that by accident.
        // The sample may end inside a multi-byte character: ignore a trailing partial one.
        var strict = new UTF8Encoding(false, throwOnInvalidBytes: true);
        for (var cut = 0; cut < 4 && cut < sample.Length; cut++)
        {
            try { strict.GetCharCount(sample[..^cut]); return new UTF8Encoding(false); }
            catch (DecoderFallbackException) { if (wholeFile) break; }
        }
        return Encoding.GetEncoding(1252);
    }

    // The separator is the one the header line uses most, outside quotes: ',' as published, ';' or tab from spreadsheets.
    // A first line "sep=;" (Excel writes it so the file opens in columns) names it outright, and is not the header.
    static (char Delimiter, bool SepLine) Delimiter(string sample)
    {
        var first = sample.AsSpan().TrimStart('\uFEFF');
        var end = first.IndexOfAny('\r', '\n');
        var line = end < 0 ? first : first[..end];
        if (line.Length == 5 && line.StartsWith("sep=", StringComparison.OrdinalIgnoreCase) && line[4] is ',' or ';' or '\t' or '|')
            return (line[4], true);
        int comma = 0, semicolon = 0, tab = 0;
        var quoted = false;
        foreach (var c in sample)
        {
            if (c == '"') quoted = !quoted;
            else if (quoted) continue;
            else if (c is '\n' or '\r') break;
            else if (c == ',') comma++;
            else if (c == ';') semicolon++;
            else if (c == '\t') tab++;
        }
        return (tab > comma && tab > semicolon ? '\t' : semicolon > comma ? ';' : ',', false);
    }

    /// <summary>
    /// CSV rows with Sep (the fastest CSV parser on the feed), for UTF-16 files (a spreadsheet's "Unicode text"); files
    /// in UTF-8 or Windows-1252 are cut into rows on their bytes by <see cref="SecopCsvRows"/>, which reads their cells
    /// with Sep under the same rules. Lenient as the files are: rows may have more or fewer cells than the header, blank
    /// lines are skipped, a stray quote is kept as text. Each row also gets <see cref="SecopRecord.RawRowHash"/>: the
    /// row exactly as written, with the header, so an importer can tell an unchanged row without reading its cells.
    /// </summary>
    static async IAsyncEnumerable<SecopRecord> ReadCsv(Stream file, Encoding encoding, char delimiter, bool sepLine,
        [EnumeratorCancellation] CancellationToken ct)
    {
        using var text = new StreamReader(file, encoding, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024, leaveOpen: true);
        using var reader = await CsvLayout.Options(delimiter).FromAsync(text, ct);

        var hasher = new XxHash128();
        CsvLayout? layout = null;
        while (await reader.MoveNextAsync(ct))
        {
            var row = reader.Current;
            if (layout is null)
            {
                if (sepLine && row.RowIndex == 0) continue;
                if (row.Span.IsWhiteSpace()) continue;
                layout = CsvLayout.Of(row, encoding, delimiter);
                continue;
            }
            if (row.Span.IsWhiteSpace()) continue;
            // Before any cell is read: unescaping rewrites the row's text in place.
            var rawRowHash = layout.RowHash(hasher, MemoryMarshal.AsBytes(row.Span));
            var values = new string?[SecopRecord.Columns.Length];
            layout.Fill(row, values);
            var record = new SecopRecord(values, row.LineNumberFrom) { RawRowHash = rawRowHash };
            if (!record.IsBlank) yield return record;
        }
        if (layout is null) throw new SecopFileRejected("El archivo no tiene encabezados.");
    }

    /// <summary>Where each column read is in a file with this header (the first of repeated headers wins); throws
    /// <see cref="SecopFileRejected"/> when a column every contracts export has is missing.</summary>
    internal static int[] ColumnPositions(IReadOnlyList<string?> header)
    {
        var keys = header.Select(h => SecopValues.Key(h ?? "")).ToArray();
        var missing = RequiredColumns.Where(c => !keys.Contains(SecopValues.Key(c))).ToList();
        if (missing.Count > 0)
            throw new SecopFileRejected(
                $"El archivo no es una exportación de contratos de SECOP II: faltan las columnas {string.Join(", ", missing)}. " +
                "Descargue el conjunto «SECOP II - Contratos Electrónicos» con sus encabezados.");
        var positions = Enumerable.Repeat(-1, SecopRecord.Columns.Length).ToArray();
        for (var i = keys.Length - 1; i >= 0; i--)
            if (SecopRecord.IndexOfKey(keys[i]) is var column and >= 0) positions[column] = i;
        return positions;
    }

    static async IAsyncEnumerable<SecopRecord> ReadJson(Stream file, [EnumeratorCancellation] CancellationToken ct)
    {
        // A file cut short or broken halfway would otherwise be half imported: check the whole list first.
        var start = file.Position;
        var count = 0;
        try
        {
            await foreach (var element in JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(file, cancellationToken: ct))
            {
                count++;
                if (element.ValueKind != JsonValueKind.Object)
                    throw new SecopFileRejected("El JSON debe ser una lista de contratos (objetos) de SECOP II.");
                if (count == 1) CheckFields(element);
            }
        }
        catch (JsonException e)
        {
            throw new SecopFileRejected(count == 0
                ? $"El archivo no es una lista JSON de contratos de SECOP II: {e.Message}"
                : $"El JSON está dañado después del registro {count} (¿archivo incompleto?): {e.Message}");
        }
        if (count == 0) throw new SecopFileRejected("La lista JSON está vacía: no trae contratos.");
        file.Seek(start, SeekOrigin.Begin);

        var index = 0;
        await foreach (var element in JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(file, cancellationToken: ct))
            yield return FromJson(element, ++index);
    }

    /// <summary>Rows of a SODA page already in memory (the sync's pages). Throws <see cref="SecopFileRejected"/> when
    /// the page is not a JSON list of contracts.</summary>
    public static IReadOnlyList<SecopRecord> ReadJsonPage(ReadOnlySpan<byte> page, int firstIndex = 1)
    {
        JsonElement list;
        try
        {
            var reader = new Utf8JsonReader(page);
            list = JsonElement.ParseValue(ref reader);
        }
        catch (JsonException e)
        {
            throw new SecopFileRejected($"La respuesta no es JSON válido: {e.Message}");
        }
        if (list.ValueKind != JsonValueKind.Array)
            throw new SecopFileRejected("La respuesta debe ser una lista JSON de contratos de SECOP II.");
        var rows = new List<SecopRecord>(list.GetArrayLength());
        foreach (var element in list.EnumerateArray())
        {
            if (element.ValueKind != JsonValueKind.Object)
                throw new SecopFileRejected("La respuesta debe ser una lista de contratos (objetos) de SECOP II.");
            if (rows.Count == 0) CheckFields(element);
            rows.Add(FromJson(element, firstIndex + rows.Count));
        }
        return rows;
    }

    // SODA leaves out fields without a value, so only the id and a few known fields are required of a row.
    static void CheckFields(JsonElement first)
    {
        var known = first.EnumerateObject().Count(f => SecopRecord.IndexOfKey(SecopValues.Key(f.Name)) >= 0);
        if (!first.TryGetProperty("id_contrato", out _) || known < 3)
            throw new SecopFileRejected("El JSON no es de contratos de SECOP II: falta el campo id_contrato (ID Contrato).");
    }

    static SecopRecord FromJson(JsonElement row, int index)
    {
        var values = new string?[SecopRecord.Columns.Length];
        string? unreadable = null;
        foreach (var field in row.EnumerateObject())
        {
            // JSON may carry text that is not Unicode (a lone surrogate escape like \ud800, or invalid UTF-8 bytes):
            // reading it throws. That row is rejected with its reason, the rest of the file or SODA page goes on;
            // before, the exception left an upload pending forever and made every SODA sync fail.
            string name;
            try { name = field.Name; }
            catch (InvalidOperationException) { unreadable ??= "(nombre de campo)"; continue; }
            if (SecopRecord.IndexOfKey(SecopValues.Key(name)) is not (var column and >= 0)) continue;
            try { values[column] ??= JsonText(field.Value); }
            catch (InvalidOperationException) { unreadable ??= SecopRecord.Columns[column]; }
        }
        return new SecopRecord(values, index) { UnreadableColumn = unreadable };
    }

    // A string longer than any cell is kept only to MaxCellChars: decoded from the start of its raw bytes, so a 50 MB
    // value never becomes a 100 MB string.
    static string? Cut(JsonElement value)
    {
        var raw = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(value); // with its quotes
        const int keep = SecopValues.MaxCellChars * 4;
        if (raw.Length <= keep + 2) return value.GetString();
        var cut = raw[1..(keep + 1)];
        // Do not end inside an escape (\uXXXX at most 6 bytes) or inside a multi-byte character.
        var slash = cut[^Math.Min(6, cut.Length)..].LastIndexOf((byte)'\\');
        if (slash >= 0) cut = cut[..(cut.Length - Math.Min(6, cut.Length) + slash)];
        while (cut.Length > 0 && (cut[^1] & 0xC0) == 0x80) cut = cut[..^1];
        if (cut.Length > 0 && cut[^1] >= 0xC0) cut = cut[..^1];
        var quoted = new byte[cut.Length + 2];
        quoted[0] = quoted[^1] = (byte)'"';
        cut.CopyTo(quoted.AsSpan(1));
        try { return JsonSerializer.Deserialize<string>(quoted); }
        catch (JsonException) { return null; }
    }

    // SODA gives urlproceso as {"url": "..."}; everything else as strings.
    static string? JsonText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => Cut(value),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        JsonValueKind.Object when value.TryGetProperty("url", out var url) && url.ValueKind == JsonValueKind.String => url.GetString(),
        _ => null,
    };
}
