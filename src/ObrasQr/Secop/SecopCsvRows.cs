using System.Buffers;
using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using nietras.SeparatedValues;

namespace ObrasQr.Secop;

/// <summary>
/// A CSV export in an encoding whose separators, quotes and line ends are single ASCII bytes (UTF-8, Windows-1252),
/// cut into rows on its raw bytes. Each row comes with its contract id and <see cref="SecopRecord.RawRowHash"/> (the
/// header and the row's bytes as written), and its cells are read (with Sep, as the rest of the file) only when
/// something asks for them: a re-import whose rows are unchanged tells them by their hash without reading their cells
/// or even decoding their text. Cutting rows is written by hand because no CSV library hands out a row's raw bytes;
/// it follows Sep's rules exactly (every quote toggles quoting; a line ends at \n, \r\n or \r outside quotes), and a
/// test reads the same files both ways.
/// </summary>
static class SecopCsvRows
{
    // Rows keep their chunk alive until the importer is done with their batch: chunks stay under the large object
    // heap's 85,000 bytes, or each would be collected only by a full collection (dozens of them on a 100k-row file).
    const int ChunkBytes = 64 * 1024;
    const int GroupRows = 1000;

    public static async IAsyncEnumerable<SecopRecord> ReadAsync(Stream file, Encoding encoding, char delimiter, bool sepLine,
        [EnumeratorCancellation] CancellationToken ct)
    {
        var chunk = new byte[ChunkBytes];
        var filled = await file.ReadAtLeastAsync(chunk, chunk.Length, throwOnEndOfStream: false, ct);
        var start = encoding.GetPreamble() is { Length: > 0 } bom && chunk.AsSpan(0, filled).StartsWith(bom) ? bom.Length : 0;
        var scan = start;        // where the search for the row's end goes on
        var quoted = false;
        var ended = filled < chunk.Length;
        int line = 1, lineAtStart = 1, rowIndex = 0;
        CsvLayout? layout = null;
        var hasher = new XxHash128();
        // Rows are handed out a group at a time: a row whose cells are asked for alone has them read with the rest of
        // its group (SecopRecord.ReadCells), one parser for a thousand rows, as the importer reads a batch.
        var rows = new List<SecopRecord>(GroupRows);

        while (true)
        {
            // The end of the row that starts at `start`: the first line end outside quotes.
            var end = -1;
            var terminator = 0;
            while (end < 0)
            {
                var hit = chunk.AsSpan(scan, filled - scan).IndexOfAny((byte)'"', (byte)'\n', (byte)'\r');
                if (hit < 0) { scan = filled; break; }
                var at = scan + hit;
                if (chunk[at] == (byte)'"') { quoted = !quoted; scan = at + 1; continue; }
                if (chunk[at] == (byte)'\r' && at + 1 == filled && !ended) { scan = at; break; }   // \r\n may be split
                var length = chunk[at] == (byte)'\r' && at + 1 < filled && chunk[at + 1] == (byte)'\n' ? 2 : 1;
                line++;
                scan = at + length;
                if (!quoted) (end, terminator) = (at, length);
            }
            if (end < 0 && !ended)
            {
                // Keep the row begun so far at the start of a new chunk (the old one stays with the rows read from it).
                var kept = filled - start;
                var next = new byte[Math.Max(ChunkBytes, kept * 2)];
                chunk.AsSpan(start, kept).CopyTo(next);
                (scan, filled, chunk, start) = (scan - start, kept, next, 0);
                var read = await file.ReadAtLeastAsync(chunk.AsMemory(filled), chunk.Length - filled, throwOnEndOfStream: false, ct);
                filled += read;
                ended = read == 0 || filled < chunk.Length;
                continue;
            }
            var rowEnd = end < 0 ? filled : end;
            if (rowEnd == start && end < 0) break;                                  // nothing after the last line end
            var row = new ReadOnlyMemory<byte>(chunk, start, rowEnd - start);
            var rowLine = lineAtStart;
            (start, lineAtStart) = (end < 0 ? filled : end + terminator, line);
            var index = rowIndex++;

            if (!(sepLine && index == 0) && !IsWhiteSpace(row.Span, encoding))
            {
                if (layout is null) layout = CsvLayout.Of(encoding.GetString(row.Span), encoding, delimiter);
                else if (layout.Record(row, rowLine, rows, hasher) is { } record) rows.Add(record);
                if (rows.Count == GroupRows)
                {
                    foreach (var done in rows) yield return done;
                    rows = new List<SecopRecord>(GroupRows);
                }
            }
            if (end < 0) break;
        }
        if (layout is null) throw new SecopFileRejected("El archivo no tiene encabezados.");
        foreach (var done in rows) yield return done;
    }

    // Sep's rows made of white space only are skipped; bytes other than ASCII may be white space once decoded.
    static bool IsWhiteSpace(ReadOnlySpan<byte> row, Encoding encoding) =>
        row.IndexOfAnyExcept((byte)' ', (byte)'\t') < 0
        || (row.IndexOfAnyInRange((byte)'!', (byte)0x7F) < 0 && encoding.GetString(row).AsSpan().IsWhiteSpace());
}

/// <summary>A file's header as the rows need it: where each column read is, and how to read a row's cells.</summary>
sealed class CsvLayout
{
    public required Encoding Encoding { get; init; }
    public required char Delimiter { get; init; }
    /// <summary>For each of <see cref="SecopRecord.Columns"/>, its position in the file, or -1.</summary>
    public required int[] Positions { get; init; }
    public required UInt128 HeaderHash { get; init; }
    int IdPosition => Positions[0];

    public static CsvLayout Of(string headerLine, Encoding encoding, char delimiter)
    {
        using var reader = Reader(headerLine, delimiter);
        reader.MoveNext();
        return Of(reader.Current, encoding, delimiter);
    }

    /// <summary>The layout of a file whose header is this row.</summary>
    public static CsvLayout Of(SepReader.Row row, Encoding encoding, char delimiter)
    {
        var header = new string[row.ColCount];
        for (var i = 0; i < header.Length; i++) header[i] = row[i].ToString();
        return new CsvLayout
        {
            Encoding = encoding,
            Delimiter = delimiter,
            Positions = ExportHeader.ColumnPositions(header),
            HeaderHash = XxHash128.HashToUInt128(MemoryMarshal.AsBytes(string.Join('\n', header).AsSpan())),
        };
    }

    public static SepReader Reader(string text, char delimiter) => Options(delimiter).FromText(text);

    public static SepReaderOptions Options(char delimiter) => Sep.Reader(o => o with
    {
        Sep = new Sep(delimiter),
        HasHeader = false,              // the header is read as a row: repeated or missing names are the file's, not an error
        DisableColCountCheck = true,
        Unescape = true,
        // Exports repeat the same short texts (entity, state, "No Definido") on every row: one string each.
        CreateToString = SepToString.PoolPerCol(maximumStringLength: 64),
    });

    /// <summary>The row as a record whose cells are read later; when its id cell is not plainly there, its cells are
    /// read now, and a row blank in every column read is left out (as the rest of the file reader does).</summary>
    public SecopRecord? Record(ReadOnlyMemory<byte> row, int line, List<SecopRecord> groupRows, XxHash128 hasher)
    {
        var id = IdCell(row.Span);
        var record = new SecopRecord(new CsvRow(this, row, groupRows), line, id) { RawRowHash = RowHash(hasher, row.Span) };
        return string.IsNullOrWhiteSpace(id) && record.IsBlank ? null : record;
    }

    /// <summary><see cref="SecopRecord.RawRowHash"/>: the header's hash, then the row as written (its bytes, or its
    /// UTF-16 text for a UTF-16 file). The hasher is the caller's, reused row after row.</summary>
    public UInt128 RowHash(XxHash128 hasher, ReadOnlySpan<byte> row)
    {
        var header = HeaderHash;
        hasher.Reset();
        hasher.Append(MemoryMarshal.AsBytes(new ReadOnlySpan<UInt128>(in header)));
        hasher.Append(row);
        return hasher.GetCurrentHashAsUInt128();
    }

    /// <summary>The id cell's text when it is plain (unquoted without quotes, or one quoted run without inner quotes);
    /// otherwise null, and the id is taken from the cells once read.</summary>
    string? IdCell(ReadOnlySpan<byte> row)
    {
        if (IdPosition < 0) return null;
        var separator = (byte)Delimiter;
        var quoted = false;
        var from = 0;
        for (var field = 0; field < IdPosition; field++)
        {
            // Skip a field: its end is the next separator outside quotes.
            while (true)
            {
                var hit = row[from..].IndexOfAny((byte)'"', separator);
                if (hit < 0) return null;                                               // fewer cells than the id's place
                from += hit + 1;
                if (row[from - 1] == (byte)'"') quoted = !quoted;
                else if (!quoted) break;
            }
        }
        var rest = row[from..];
        var next = rest.IndexOf(separator);
        var cell = next < 0 ? rest : rest[..next];
        if (cell.IndexOf((byte)'"') < 0) return Encoding.GetString(cell);
        if (cell.Length >= 2 && cell[0] == (byte)'"' && cell[^1] == (byte)'"' && cell[1..^1].IndexOf((byte)'"') < 0)
            return Encoding.GetString(cell[1..^1]);
        return null;
    }

    /// <summary>The cells of rows read as one text: one Sep reader for them all.</summary>
    public static void ReadCells(IReadOnlyList<(CsvRow Row, string?[] Values)> rows)
    {
        if (rows.Count == 0) return;
        var layout = rows[0].Row.Layout;
        // The rows' bytes joined by line ends, none after the last (a file's last row may end inside quotes, and its
        // cell ends with the file), in a pooled buffer decoded as the file is: one copy, one pass of Sep.
        var length = rows.Sum(r => r.Row.Bytes.Length) + rows.Count - 1;
        var joined = ArrayPool<byte>.Shared.Rent(length);
        var n = 0;
        try
        {
            var at = 0;
            foreach (var (row, _) in rows)
            {
                if (at > 0) joined[at++] = (byte)'\n';
                row.Bytes.Span.CopyTo(joined.AsSpan(at));
                at += row.Bytes.Length;
            }
            // Without a preamble: a StreamReader skips one at the start of its stream, and here that is a row's first cell.
            var encoding = layout.Encoding is UTF8Encoding ? new UTF8Encoding(false) : layout.Encoding;
            using var text = new StreamReader(new MemoryStream(joined, 0, length), encoding, detectEncodingFromByteOrderMarks: false);
            using var reader = Options(layout.Delimiter).From(text);
            foreach (var read in reader)
            {
                if (n == rows.Count) { n++; break; }
                layout.Fill(read, rows[n++].Values);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(joined);
        }
        // Rows are cut by Sep's own rules, so this does not happen; if it did, each row is read alone.
        if (n != rows.Count)
            foreach (var (row, values) in rows) row.ReadCells(values);
    }

    public void Fill(SepReader.Row row, string?[] values)
    {
        Array.Clear(values);
        var count = row.ColCount;
        for (var c = 0; c < Positions.Length; c++)
            if (Positions[c] is var i and >= 0 && i < count) values[c] = row[i].ToString();
    }
}

/// <summary>A row's raw bytes, the layout to read them with, and the rows handed out with it (read together when one
/// of them is read alone).</summary>
sealed record CsvRow(CsvLayout Layout, ReadOnlyMemory<byte> Bytes, IReadOnlyList<SecopRecord> GroupRows)
{
    public void ReadCells(string?[] values)
    {
        using var reader = CsvLayout.Reader(Layout.Encoding.GetString(Bytes.Span), Layout.Delimiter);
        if (reader.MoveNext()) Layout.Fill(reader.Current, values);
    }
}
