using System.Buffers.Binary;
using System.Text;

namespace ObrasQr.Reports;

/// <summary>
/// Recognises report photos by their bytes (never by name or declared type) and removes the metadata that could
/// identify the reporter (EXIF with GPS and camera serials, XMP, IPTC, comments, timestamps) at the container
/// level: the image data is copied untouched, so nothing is re-encoded and no image library is needed.
/// Anything not known to be needed for decoding is dropped; a malformed file is refused, not passed through.
/// </summary>
public static class PhotoCleaner
{
    public const int MaxBytes = 8 * 1024 * 1024;
    public const int MaxCount = 5;

    /// <summary>"jpg", "png" or "webp" from the magic bytes; null for anything else.</summary>
    public static string? FormatOf(ReadOnlySpan<byte> bytes) =>
        bytes is [0xFF, 0xD8, 0xFF, ..] ? "jpg"
        : bytes is [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, ..] ? "png"
        : bytes.Length >= 12 && bytes[..4].SequenceEqual("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8) ? "webp"
        : null;

    public static string ContentType(string format) => format switch
    {
        "jpg" => "image/jpeg",
        "png" => "image/png",
        "webp" => "image/webp",
        _ => "application/octet-stream",
    };

    /// <summary>The photo without metadata, and its format; null when it is not a well-formed JPEG, PNG or WebP.</summary>
    public static (byte[] Bytes, string Format)? Clean(byte[] bytes)
    {
        var format = FormatOf(bytes);
        var cleaned = format switch
        {
            "jpg" => CleanJpeg(bytes),
            "png" => CleanPng(bytes),
            "webp" => CleanWebp(bytes),
            _ => null,
        };
        return cleaned is null ? null : (cleaned, format!);
    }

    // JPEG: a sequence of marker segments up to the first scan. Keep the segments decoding needs (tables, frame,
    // restart interval) plus APP0 (JFIF) and APP14 (Adobe colour transform); drop every other APPn (APP1 Exif/XMP,
    // APP2 ICC/FlashPix, APP13 IPTC, maker data) and COM. Entropy-coded data is copied as is; bytes after EOI
    // (where some phones append their own metadata) are dropped.
    static byte[]? CleanJpeg(byte[] b)
    {
        using var output = new MemoryStream(b.Length);
        output.Write([0xFF, 0xD8]);
        var i = 2;
        var sawScan = false;
        while (i < b.Length)
        {
            if (b[i] != 0xFF) return null;
            while (i < b.Length && b[i] == 0xFF) i++; // fill bytes
            if (i >= b.Length) return null;
            var marker = b[i++];
            if (marker == 0xD9) { output.Write([0xFF, 0xD9]); return sawScan ? output.ToArray() : null; }
            if (marker is 0xD8 or 0x01 or (>= 0xD0 and <= 0xD7)) return null; // not expected between segments
            if (i + 2 > b.Length) return null;
            var length = BinaryPrimitives.ReadUInt16BigEndian(b.AsSpan(i));
            if (length < 2 || i + length > b.Length) return null;
            var segment = b.AsSpan(i + 2, length - 2);
            var keep = marker switch
            {
                0xE0 => segment.StartsWith("JFIF\0"u8),
                0xEE => segment.StartsWith("Adobe"u8),
                (>= 0xE1 and <= 0xEF) or 0xFE => false,
                _ => true,
            };
            if (keep)
            {
                output.Write([0xFF, marker]);
                output.Write(b, i, length);
            }
            i += length;
            if (marker != 0xDA) continue;

            // Start of scan: copy entropy-coded data up to the next marker that is not a stuffed byte or a restart.
            sawScan = true;
            var start = i;
            while (i + 1 < b.Length && !(b[i] == 0xFF && b[i + 1] != 0x00 && b[i + 1] is not (>= 0xD0 and <= 0xD7) && b[i + 1] != 0xFF))
                i++;
            if (i + 1 >= b.Length) i = b.Length; // truncated after the scan: keep what there is
            output.Write(b, start, i - start);
        }
        // No EOI: common in truncated uploads; acceptable only once image data was seen.
        return sawScan ? output.ToArray() : null;
    }

    // PNG chunks that carry pixels or how to show them; everything else (tEXt, zTXt, iTXt, eXIf, tIME, private
    // ancillary chunks) is dropped. Unknown critical chunks are kept: a decoder needs them or refuses the file anyway.
    static readonly HashSet<string> PngAncillaryKept =
        ["tRNS", "gAMA", "cHRM", "sRGB", "iCCP", "sBIT", "bKGD", "pHYs", "cICP", "acTL", "fcTL", "fdAT"];

    static byte[]? CleanPng(byte[] b)
    {
        using var output = new MemoryStream(b.Length);
        output.Write(b, 0, 8);
        var i = 8;
        while (i + 12 <= b.Length)
        {
            var length = BinaryPrimitives.ReadUInt32BigEndian(b.AsSpan(i));
            if (length > int.MaxValue || i + 12 + (long)length > b.Length) return null;
            var type = Encoding.ASCII.GetString(b, i + 4, 4);
            var critical = char.IsAsciiLetterUpper(type[0]);
            if (critical || PngAncillaryKept.Contains(type)) output.Write(b, i, 12 + (int)length);
            i += 12 + (int)length;
            if (type == "IEND") return output.ToArray(); // trailing bytes dropped
        }
        return null; // no IEND: truncated or not a PNG
    }

    // WebP: a RIFF container of chunks. Keep the image chunks, drop EXIF and XMP (and anything unknown), clear the
    // EXIF and XMP flags of VP8X, and rewrite the RIFF size.
    static readonly HashSet<string> WebpKept = ["VP8 ", "VP8L", "VP8X", "ALPH", "ANIM", "ANMF", "ICCP"];
    const byte VP8XExifFlag = 0x08, VP8XXmpFlag = 0x04;

    static byte[]? CleanWebp(byte[] b)
    {
        var riffEnd = 8L + BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(4));
        if (riffEnd > b.Length) return null;
        using var output = new MemoryStream(b.Length);
        output.Write(b, 0, 12);
        var i = 12;
        var sawImage = false;
        while (i + 8 <= riffEnd)
        {
            var type = Encoding.ASCII.GetString(b, i, 4);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(i + 4));
            var padded = size + (size & 1);
            if (i + 8 + (long)size > riffEnd) return null;
            var total = (int)Math.Min(8 + padded, riffEnd - i);
            if (WebpKept.Contains(type))
            {
                var chunk = b.AsSpan(i, total).ToArray();
                if (type == "VP8X" && size >= 1) chunk[8] &= unchecked((byte)~(VP8XExifFlag | VP8XXmpFlag));
                output.Write(chunk);
                sawImage |= type is "VP8 " or "VP8L" or "ANMF";
            }
            i += total;
        }
        if (!sawImage) return null;
        var result = output.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(4), (uint)(result.Length - 8));
        return result;
    }
}
