using System.Text;

namespace ObrasQr.Secop;

/// <summary>What a text export's first bytes tell before it is parsed: its encoding and its separator.</summary>
static class TextSniffing
{
    /// <summary>How much of the file's start is looked at.</summary>
    public const int SampleBytes = 64 * 1024;

    static TextSniffing() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <param name="wholeFile">The sample is the whole file: its last bytes are not cut off mid-character.</param>
    public static Encoding DetectEncoding(ReadOnlySpan<byte> sample, bool wholeFile)
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
    public static (char Delimiter, bool SepLine) Delimiter(string sample)
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
}
