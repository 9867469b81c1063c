using System.Runtime.CompilerServices;

namespace ObrasQr.Secop;

/// <summary>
/// Reads a "SECOP II - Contratos Electrónicos" export row by row, in constant memory: looks at its first bytes and
/// hands it to the reader of its format (<see cref="CsvExportReader"/>, <see cref="JsonExportReader"/>,
/// <see cref="SpreadsheetExportReader"/>), after <see cref="HostileFileGuards"/>.
/// </summary>
public static class SecopFile
{
    /// <summary>Rows of the file, in order. Throws <see cref="SecopFileRejected"/> before the first row when the
    /// file as a whole is not an export. The stream must be seekable (the raw file is kept before importing).</summary>
    public static IAsyncEnumerable<SecopRecord> ReadAsync(Stream file, CancellationToken ct = default) => ReadAsync(file, cutRowsOnBytes: true, ct);

    /// <param name="cutRowsOnBytes">False reads every CSV row with Sep alone, as UTF-16 files are: for the test that
    /// checks both ways read the same.</param>
    internal static async IAsyncEnumerable<SecopRecord> ReadAsync(Stream file, bool cutRowsOnBytes, [EnumeratorCancellation] CancellationToken ct)
    {
        var start = file.Position;
        var head = new byte[TextSniffing.SampleBytes];
        var length = await file.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
        file.Seek(start, SeekOrigin.Begin);
        var sample = head.AsSpan(0, length);

        var encoding = TextSniffing.DetectEncoding(sample, length < TextSniffing.SampleBytes);
        var text = encoding.GetString(sample[encoding.Preamble.Length..]);
        if (text.AsSpan().Trim(" \t\r\n\uFEFF\0").IsEmpty)
            throw new SecopFileRejected("El archivo está vacío.");
        if (sample.StartsWith("PK\u0003\u0004"u8) || sample.StartsWith(new byte[] { 0xD0, 0xCF, 0x11, 0xE0 }))
        {
            await foreach (var row in SpreadsheetExportReader.ReadAsync(file, ct)) yield return row;
            yield break;
        }
        if (text.Contains('\0'))
            throw new SecopFileRejected("El archivo no es de texto (parece binario). Exporte desde SECOP II en formato CSV o JSON.", unsupportedFormat: true);

        var json = text.TrimStart(" \t\r\n\uFEFF".ToCharArray()) is ['[' or '{', ..];
        var (delimiter, sepLine) = TextSniffing.Delimiter(text);
        await HostileFileGuards.CheckCellSizesAsync(file, json ? null : (byte)delimiter, ct);
        var rows = json ? JsonExportReader.ReadAsync(file, ct)
            : CsvExportReader.ReadAsync(file, encoding, delimiter, sepLine, cutRowsOnBytes, ct);
        await foreach (var row in rows) yield return row;
    }
}
