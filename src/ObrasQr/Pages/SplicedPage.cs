using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace ObrasQr.Pages;

/// <summary>
/// A rendered page with one hole for a per-view value (the form's idempotency token), kept compressed in memory.
/// The text before the hole is deflated once and sync-flushed, the text after it is deflated once as a separate final
/// part; each view only adds the token as a stored deflate block and the gzip trailer. So every citizen gets a fresh
/// token while the server compresses the page once per version instead of once per request.
/// </summary>
public sealed class SplicedPage
{
    readonly byte[] prefix, suffix;          // UTF-8 around the hole
    readonly byte[] gzipPrefix, gzipSuffix;  // gzip header + deflated prefix (not final); deflated suffix (final)
    readonly byte[] brotliPrefix;            // brotli stream of the prefix, flushed to a byte boundary, not last
    readonly uint prefixCrc;                 // running CRC-32 state after the prefix

    SplicedPage(byte[] prefix, byte[] suffix)
    {
        this.prefix = prefix;
        this.suffix = suffix;
        prefixCrc = Crc32.Update(Crc32.Start, prefix);

        using var head = new MemoryStream();
        head.Write([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 255]); // gzip, deflate, no name, no time, best compression
        var deflate = new DeflateStream(head, CompressionLevel.SmallestSize, leaveOpen: true);
        deflate.Write(prefix);
        deflate.Flush(); // Z_SYNC_FLUSH: byte-aligned, not final, so more blocks can follow
        gzipPrefix = head.ToArray();
        deflate.Dispose(); // writes a final block into head, after the copy we keep

        using (var brotli = new BrotliEncoder(quality: 11, window: 22))
        {
            var buffer = new byte[BrotliEncoder.GetMaxCompressedLength(prefix.Length) + 64];
            brotli.Compress(prefix, buffer, out _, out var written, isFinalBlock: false);
            brotli.Flush(buffer.AsSpan(written), out var flushed);
            brotliPrefix = buffer[..(written + flushed)];
        }

        using var tail = new MemoryStream();
        using (var last = new DeflateStream(tail, CompressionLevel.SmallestSize, leaveOpen: true)) last.Write(suffix);
        gzipSuffix = tail.ToArray();
    }

    /// <summary>Splits <paramref name="html"/> at its one occurrence of <paramref name="hole"/>.</summary>
    public static SplicedPage From(string html, string hole)
    {
        var at = html.IndexOf(hole, StringComparison.Ordinal);
        if (at < 0 || html.IndexOf(hole, at + hole.Length, StringComparison.Ordinal) >= 0)
            throw new ArgumentException("The page must contain the hole exactly once.", nameof(hole));
        return new(Encoding.UTF8.GetBytes(html[..at]), Encoding.UTF8.GetBytes(html[(at + hole.Length)..]));
    }

    public int Length(int valueLength) => prefix.Length + valueLength + suffix.Length;

    public byte[] Plain(string value)
    {
        var middle = Encoding.ASCII.GetBytes(value);
        return [.. prefix, .. middle, .. suffix];
    }

    public byte[] Gzip(string value)
    {
        var middle = Encoding.ASCII.GetBytes(value);
        if (middle.Length > ushort.MaxValue) throw new ArgumentException("The value is too long for one stored block.", nameof(value));
        var output = new byte[gzipPrefix.Length + 5 + middle.Length + gzipSuffix.Length + 8];
        var span = output.AsSpan();
        gzipPrefix.CopyTo(span);
        var at = gzipPrefix.Length;
        // Stored block (RFC 1951 3.2.4): header bits BFINAL=0 BTYPE=00 padded to a byte, LEN, NLEN, the bytes.
        span[at++] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(span[at..], (ushort)middle.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(span[(at + 2)..], (ushort)~middle.Length);
        at += 4;
        middle.CopyTo(span[at..]);
        at += middle.Length;
        gzipSuffix.CopyTo(span[at..]);
        at += gzipSuffix.Length;
        var crc = Crc32.Finish(Crc32.Update(Crc32.Update(prefixCrc, middle), suffix));
        BinaryPrimitives.WriteUInt32LittleEndian(span[at..], crc);
        BinaryPrimitives.WriteUInt32LittleEndian(span[(at + 4)..], (uint)Length(middle.Length));
        return output;
    }

    /// <summary>
    /// The page as a brotli stream: the compressed prefix, then the value and the suffix as one uncompressed
    /// meta-block (RFC 7932 9.2: ISLAST=0, MNIBBLES=4, MLEN-1, ISUNCOMPRESSED=1, padded to a byte), then an empty
    /// last meta-block. The suffix is a few hundred bytes, so leaving it uncompressed costs little.
    /// </summary>
    public byte[] Brotli(string value)
    {
        var middle = Encoding.ASCII.GetBytes(value);
        var length = middle.Length + suffix.Length;
        if (length is 0 or > 65536) throw new ArgumentException("The value and the suffix must fit one meta-block.", nameof(value));
        var header = ((uint)(length - 1) << 3) | (1u << 19);
        return [.. brotliPrefix, (byte)header, (byte)(header >> 8), (byte)(header >> 16), .. middle, .. suffix, 0b11];
    }

    /// <summary>CRC-32 (IEEE, as gzip uses): the BCL keeps its own internal and System.IO.Hashing is a package.</summary>
    static class Crc32
    {
        public const uint Start = 0xFFFFFFFF;
        static readonly uint[] Table = Enumerable.Range(0, 256).Select(n =>
        {
            var c = (uint)n;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            return c;
        }).ToArray();

        public static uint Update(uint crc, ReadOnlySpan<byte> bytes)
        {
            foreach (var b in bytes) crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
            return crc;
        }

        public static uint Finish(uint crc) => crc ^ 0xFFFFFFFF;
    }
}
