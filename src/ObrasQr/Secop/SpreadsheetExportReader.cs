using System.Globalization;
using System.Runtime.CompilerServices;
using ExcelDataReader;

namespace ObrasQr.Secop;

/// <summary>
/// An export opened and saved by a spreadsheet program (.xlsx, or old .xls), read with ExcelDataReader one row at a
/// time: the first sheet, its first row as headers, the same columns as the CSV.
/// </summary>
static class SpreadsheetExportReader
{
    // The reader's configuration asks for code page 1252 even for .xlsx; registered here too, so this reader works
    // when it is called before TextSniffing (as in its tests).
    static SpreadsheetExportReader() => System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);

    internal const string Unreadable = "El archivo parece una hoja de cálculo (.xlsx/.xls) pero no se puede leer. Guárdelo de nuevo como .xlsx o descargue los contratos de SECOP II en formato CSV o JSON.";

    /// <param name="maxCellChars">A cell's most characters: the CSV's limit; lower only in tests.</param>
    public static async IAsyncEnumerable<SecopRecord> ReadAsync(Stream file, [EnumeratorCancellation] CancellationToken ct,
        int maxCellChars = HostileFileGuards.MaxCellBytes)
    {
        await Task.Yield();
        var start = file.Position;
        HostileFileGuards.CheckUnpackedSize(file, maxCellChars);
        file.Seek(start, SeekOrigin.Begin);

        IExcelDataReader reader;
        try
        {
            reader = ExcelReaderFactory.CreateReader(file, new ExcelReaderConfiguration { LeaveOpen = true });
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new SecopFileRejected(Unreadable, unsupportedFormat: true);
        }
        using (reader)
        {
            if (!TryRead(reader))
                throw new SecopFileRejected("La hoja de cálculo está vacía.");
            var header = Enumerable.Range(0, reader.FieldCount).Select(i => Cell(reader, i)).ToArray();
            var positions = ExportHeader.ColumnPositions(header);
            var line = 1;
            while (TryRead(reader))
            {
                ct.ThrowIfCancellationRequested();
                line++;
                var values = new string?[positions.Length];
                for (var c = 0; c < positions.Length; c++)
                    if (positions[c] is var i and >= 0 && i < reader.FieldCount) values[c] = Cell(reader, i);
                var record = new SecopRecord(values, line);
                if (!record.IsBlank) yield return record;
            }
        }
    }

    // The reader throws its own exceptions on a damaged file; the office gets one clear reason instead.
    static bool TryRead(IExcelDataReader reader)
    {
        try { return reader.Read(); }
        catch (Exception e) when (e is not OperationCanceledException and not SecopFileRejected)
        {
            throw new SecopFileRejected(Unreadable, unsupportedFormat: true);
        }
    }

    // Cells come typed: dates as DateTime, numbers as double. Written back the way the text reader expects them.
    static string? Cell(IExcelDataReader reader, int i)
    {
        var value = reader.GetValue(i);
        var text = value switch
        {
            null => null,
            DateTime d => d.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
            double n when Math.Abs(n) < 7.9e27 && n == Math.Floor(n) => ((decimal)n).ToString(CultureInfo.InvariantCulture),
            double n => n.ToString("R", CultureInfo.InvariantCulture),
            bool b => b ? "Si" : "No",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString(),
        };
        return text is { Length: > SecopValues.MaxCellChars } ? text[..SecopValues.MaxCellChars] : text;
    }
}
