using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace ObrasQr.Pages;

/// <summary>
/// A rendered page with one hole for a per-view value (the form's idempotency token), kept compressed in memory.
/// The text before the hole is deflated once and sync-flushed, the text after it is deflated once as a separate final
/// part; each view only adds the token as a stored deflate block and the gzip trailer. So every citizen gets a fresh
/// token while the server compresses the page once per version instead of once per request.
/// A view writes the kept parts and the token straight into the response (<see cref="Write"/>): no per-view copy of
/// the page, which on the page bench was the largest cost of ours per request (a collection expression that concatenated
/// the parts byte by byte, plus the garbage collection of one page-sized array per view).
/// </summary>
public sealed class SplicedPage
{
    public enum Coding { Plain, Gzip, Brotli }

    readonly Task<IResult>[] views = new Task<IResult>[3];

    /// <summary>The HTTP answer for a view in <paramref name="coding"/>: made once per page and coding, each execution
    /// writes a fresh form token (<see cref="FormTokens"/>).</summary>
    public Task<IResult> View(Coding coding) => views[(int)coding] ??= Task.FromResult<IResult>(new PageView(this, coding));

    /// <summary>Writes the kept page with a fresh token straight into the response: nothing page-sized is allocated.</summary>
    sealed class PageView(SplicedPage page, Coding coding) : IResult
    {
        public Task ExecuteAsync(HttpContext context)
        {
            var response = context.Response;
            response.ContentType = "text/html; charset=utf-8";
            response.ContentLength = page.Length(coding, FormTokens.Length);
            // Headers first: bytes written before the response has started are kept aside by Kestrel and copied into
            // its output after the headers, a second copy of the page per view (seen in the page bench's profile).
            var started = response.StartAsync();
            if (!started.IsCompletedSuccessfully) return WriteAfterAsync(started, response);
            WriteWithToken(response);
            return Task.CompletedTask; // Kestrel flushes once when the request ends
        }

        async Task WriteAfterAsync(Task started, HttpResponse response)
        {
            await started;
            WriteWithToken(response);
        }

        void WriteWithToken(HttpResponse response)
        {
            Span<byte> token = stackalloc byte[FormTokens.Length];
            FormTokens.Next(token);
            page.Write(response.BodyWriter, coding, token);
        }
    }

    readonly byte[] prefix, suffix;          // UTF-8 around the hole
    readonly byte[] gzipPrefix, gzipSuffix;  // gzip header + deflated prefix (not final); deflated suffix (final)
    readonly byte[] brotliPrefix;            // brotli stream of the prefix, flushed to a byte boundary, not last
    readonly Crc32 prefixCrc = new();        // CRC-32 state after the prefix: each view continues a clone of it

    SplicedPage(byte[] prefix, byte[] suffix)
    {
        this.prefix = prefix;
        this.suffix = suffix;
        prefixCrc.Append(prefix);

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

    int Length(int valueLength) => prefix.Length + valueLength + suffix.Length;

    /// <summary>How many bytes <see cref="Write"/> writes for a value of <paramref name="valueLength"/> ASCII bytes.</summary>
    public int Length(Coding coding, int valueLength) => coding switch
    {
        Coding.Gzip => gzipPrefix.Length + 5 + valueLength + gzipSuffix.Length + 8,
        Coding.Brotli => brotliPrefix.Length + 3 + valueLength + suffix.Length + 1,
        _ => Length(valueLength),
    };

    /// <summary>The page with <paramref name="value"/> (ASCII) in the hole, in the coding asked, written in place: the
    /// kept prefix, then everything after it in one span (each write to Kestrel's pipe takes a lock).</summary>
    public void Write(IBufferWriter<byte> output, Coding coding, ReadOnlySpan<byte> value)
    {
        var head = coding switch { Coding.Gzip => gzipPrefix, Coding.Brotli => brotliPrefix, _ => prefix };
        var restLength = Length(coding, value.Length) - head.Length;
        if (coding == Coding.Gzip && value.Length > ushort.MaxValue)
            throw new ArgumentException("The value is too long for one stored block.", nameof(value));
        if (coding == Coding.Brotli && value.Length + suffix.Length is 0 or > 65536)
            throw new ArgumentException("The value and the suffix must fit one meta-block.", nameof(value));
        output.Write(head);
        var rest = output.GetSpan(restLength)[..restLength];
        var at = 0;
        switch (coding)
        {
            case Coding.Gzip:
                // Stored block (RFC 1951 3.2.4): BFINAL=0 BTYPE=00 padded to a byte, LEN, NLEN, the bytes.
                rest[at++] = 0;
                BinaryPrimitives.WriteUInt16LittleEndian(rest[at..], (ushort)value.Length);
                BinaryPrimitives.WriteUInt16LittleEndian(rest[(at + 2)..], (ushort)~value.Length);
                at += 4;
                at += Put(rest[at..], value);
                at += Put(rest[at..], gzipSuffix);
                var crc = prefixCrc.Clone(); // a page-sized prefix is hashed once, not per view
                crc.Append(value);
                crc.Append(suffix);
                BinaryPrimitives.WriteUInt32LittleEndian(rest[at..], crc.GetCurrentHashAsUInt32());
                BinaryPrimitives.WriteUInt32LittleEndian(rest[(at + 4)..], (uint)Length(value.Length));
                at += 8;
                break;
            case Coding.Brotli:
                // The value and the suffix as one uncompressed meta-block (RFC 7932 9.2: ISLAST=0, MNIBBLES=4, MLEN-1,
                // ISUNCOMPRESSED=1, padded to a byte), then an empty last meta-block. The suffix is a few hundred bytes,
                // so leaving it uncompressed costs little.
                var header = ((uint)(value.Length + suffix.Length - 1) << 3) | (1u << 19);
                (rest[0], rest[1], rest[2]) = ((byte)header, (byte)(header >> 8), (byte)(header >> 16));
                at = 3;
                at += Put(rest[at..], value);
                at += Put(rest[at..], suffix);
                rest[at++] = 0b11; // ISLAST=1, ISLASTEMPTY=1
                break;
            default:
                at += Put(rest, value);
                at += Put(rest[at..], suffix);
                break;
        }
        output.Advance(at);
    }

    static int Put(Span<byte> into, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(into);
        return bytes.Length;
    }
}
