using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using nietras.SeparatedValues;

namespace ObrasQr.Secop;

/// <summary>
/// A CSV export (display headers), in the encoding and with the separator <see cref="TextSniffing"/> found. Files in
/// UTF-8 or Windows-1252 are cut into rows on their bytes by <see cref="SecopCsvRows"/>; UTF-16 files (a spreadsheet's
/// "Unicode text") are read with Sep alone, under the same rules.
/// </summary>
static class CsvExportReader
{
    /// <param name="cutRowsOnBytes">False reads every file with Sep alone, as UTF-16 files are: for the test that
    /// checks both ways read the same.</param>
    public static IAsyncEnumerable<SecopRecord> ReadAsync(Stream file, Encoding encoding, char delimiter, bool sepLine,
        bool cutRowsOnBytes, CancellationToken ct) =>
        encoding is UnicodeEncoding || !cutRowsOnBytes
            ? ReadWithSepAsync(file, encoding, delimiter, sepLine, ct)
            : SecopCsvRows.ReadAsync(file, encoding, delimiter, sepLine, ct);

    /// <summary>
    /// CSV rows with Sep (the fastest CSV parser on the feed). Lenient as the files are: rows may have more or fewer cells than the header, blank
    /// lines are skipped, a stray quote is kept as text. Each row also gets <see cref="SecopRecord.RawRowHash"/>: the
    /// row exactly as written, with the header, so an importer can tell an unchanged row without reading its cells.
    /// </summary>
    static async IAsyncEnumerable<SecopRecord> ReadWithSepAsync(Stream file, Encoding encoding, char delimiter, bool sepLine,
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
}
