using System.Globalization;
using System.IO.Compression;
using System.Xml;

namespace ObrasQr.Secop;

/// <summary>
/// One streaming pass over an .xlsx's shared strings and sheets, before the spreadsheet reader sees them, refusing the
/// file when a cell's text is over the limit (the CSV's <see cref="HostileFileGuards.MaxCellBytes"/>), with the cell named.
/// Text is read in chunks (<see cref="XmlReader.ReadValueChunk"/>) and tags are measured as their bytes go by, so no
/// cell, string or attribute beyond the limit is ever held in memory: the spreadsheet reader materialises every cell
/// and the whole shared strings table, and a 300 MB cell cost it gigabytes.
/// </summary>
static class SpreadsheetCells
{
    public static void Check(ZipArchive zip, int maxChars)
    {
        var oversized = new HashSet<int>();
        if (zip.Entries.FirstOrDefault(e => e.FullName.Equals("xl/sharedStrings.xml", StringComparison.OrdinalIgnoreCase)) is { } strings)
            Scan(strings, maxChars, oversized, sheet: false);
        var sheets = zip.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.OrdinalIgnoreCase)
            && e.FullName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase)).ToList();
        foreach (var sheet in sheets) Scan(sheet, maxChars, oversized, sheet: true);
        if (oversized.Count > 0) throw TooLong(null, maxChars); // a string no cell uses is still read whole by the reader
    }

    static void Scan(ZipArchiveEntry entry, int maxChars, HashSet<int> oversized, bool sheet)
    {
        using var stream = new TagLimit(entry.Open(), maxChars);
        using var xml = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true });
        var buffer = new char[16 * 1024];
        string? cell = null;
        var sharedCell = false;
        var inValue = false;
        var index = -1;
        long chars = 0;
        while (xml.Read())
        {
            switch (xml.NodeType)
            {
                case XmlNodeType.Element when sheet && xml.LocalName == "c":
                    (cell, sharedCell, chars) = (xml.GetAttribute("r"), xml.GetAttribute("t") == "s", 0);
                    break;
                case XmlNodeType.Element when sheet && xml.LocalName == "v":
                    inValue = !xml.IsEmptyElement;
                    break;
                case XmlNodeType.EndElement when sheet && xml.LocalName == "v":
                    inValue = false;
                    break;
                case XmlNodeType.Element when !sheet && xml.LocalName == "si":
                    (index, chars) = (index + 1, 0);
                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace:
                    var first = 0;
                    int read;
                    while ((read = xml.ReadValueChunk(buffer, 0, buffer.Length)) > 0)
                    {
                        if (chars == 0) first = read;
                        chars += read;
                        if (chars <= maxChars) continue;
                        if (sheet) throw TooLong(cell, maxChars);
                        oversized.Add(index);
                        break;
                    }
                    if (sheet && sharedCell && inValue && chars <= 16 &&
                        int.TryParse(buffer.AsSpan(0, first), NumberStyles.None, CultureInfo.InvariantCulture, out var shared) && oversized.Contains(shared))
                        throw TooLong(cell, maxChars);
                    break;
            }
        }
    }

    static SecopFileRejected TooLong(string? cell, int maxChars) => new(
        $"{(cell is null ? "Una celda de la hoja" : $"La celda {cell} de la hoja")} trae un valor de más de {BodySize(maxChars)}; " +
        "ningún campo de SECOP II es así de largo. Revise que el archivo no esté dañado y descárguelo de nuevo.");

    static string BodySize(int chars) => chars >= 1024 * 1024 ? $"{chars / (1024 * 1024)} MB" : $"{chars / 1024} KB";

    /// <summary>Passes the entry's bytes on, refusing a tag (from '&lt;' to '&gt;') longer than the limit: an attribute
    /// the XML reader would otherwise read whole.</summary>
    sealed class TagLimit(Stream inner, int maxBytes) : Stream
    {
        long inTag = -1;

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = inner.Read(buffer, offset, count);
            for (var i = offset; i < offset + read; i++)
            {
                if (buffer[i] == (byte)'<') inTag = 0;
                else if (buffer[i] == (byte)'>') inTag = -1;
                else if (inTag >= 0 && ++inTag > maxBytes) throw TooLong(null, maxBytes);
            }
            return read;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
