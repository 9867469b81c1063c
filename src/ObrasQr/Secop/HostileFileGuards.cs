using System.IO.Compression;
using System.Xml;

namespace ObrasQr.Secop;

/// <summary>
/// Checks on the raw file before any parser holds it: a cell larger than any SECOP II field (CSV, JSON, .xlsx) and an
/// .xlsx that unpacks to gigabytes are refused with a Spanish reason, instead of taking the server's memory.
/// </summary>
static class HostileFileGuards
{
    /// <summary>No SECOP II field comes near this; a larger cell is a damaged or hostile file.</summary>
    public const int MaxCellBytes = 1024 * 1024;

    /// <summary>Uncompressed size an .xlsx may unpack to: a 100 MB upload of repeated cells must not become gigabytes
    /// of XML in memory (the shared strings are held whole by the reader). Each cell is also checked against the
    /// CSV's limit before the reader runs (<see cref="SpreadsheetCells"/>).</summary>
    const long MaxUnpackedBytes = 400L * 1024 * 1024;
    const long MaxSharedStringsBytes = 64L * 1024 * 1024;

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

    /// <summary>Refuses an .xlsx (a zip) that unpacks too large or has a cell over <paramref name="maxCellChars"/>;
    /// an old .xls (a compound file) is read as it comes.</summary>
    public static void CheckUnpackedSize(Stream file, int maxCellChars)
    {
        Span<byte> magic = stackalloc byte[4];
        var read = file.ReadAtLeast(magic, 4, throwOnEndOfStream: false);
        file.Seek(-read, SeekOrigin.Current);
        if (read < 4 || !magic.SequenceEqual("PK\u0003\u0004"u8)) return; // .xls: a compound file, read as it comes
        try
        {
            using var zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
            long total = 0;
            foreach (var entry in zip.Entries)
            {
                total += entry.Length;
                if (entry.FullName.EndsWith("sharedStrings.xml", StringComparison.OrdinalIgnoreCase) && entry.Length > MaxSharedStringsBytes)
                    throw new SecopFileRejected("La hoja de cálculo tiene demasiado texto para importarla. Descargue los contratos de SECOP II en formato CSV.");
            }
            if (total > MaxUnpackedBytes)
                throw new SecopFileRejected("La hoja de cálculo descomprimida es demasiado grande. Descargue los contratos de SECOP II en formato CSV.");
            SpreadsheetCells.Check(zip, maxCellChars);
        }
        catch (Exception e) when (e is InvalidDataException or XmlException or IOException)
        {
            throw new SecopFileRejected(SpreadsheetExportReader.Unreadable, unsupportedFormat: true);
        }
    }
}
