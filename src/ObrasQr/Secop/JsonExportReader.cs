using System.Runtime.CompilerServices;
using System.Text.Json;

namespace ObrasQr.Secop;

/// <summary>
/// A SODA JSON export (snake_case fields): an uploaded file streamed element by element, or a page of the sync already
/// in memory.
/// </summary>
public static class JsonExportReader
{
    internal static async IAsyncEnumerable<SecopRecord> ReadAsync(Stream file, [EnumeratorCancellation] CancellationToken ct)
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
    public static IReadOnlyList<SecopRecord> ReadPage(ReadOnlySpan<byte> page, int firstIndex = 1)
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
