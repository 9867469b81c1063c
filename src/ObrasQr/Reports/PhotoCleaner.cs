using SkiaSharp;

namespace ObrasQr.Reports;

/// <summary>
/// Turns an uploaded photo into a new JPEG that holds nothing but its pixels: the metadata that could identify the
/// reporter (EXIF with GPS and camera serials, XMP, IPTC, comments, anything hidden in a segment or after the end)
/// cannot survive because nothing of the original file is copied. Skia (SkiaSharp) reads and writes: a maintained
/// decoder of the formats phones send, fuzzed upstream, chosen over a hand-written parser for hostile files.
/// The format is recognised from the bytes (never the name); the dimensions are read from the header before any
/// pixel is decoded and refused beyond <see cref="MaxDimension"/> or <see cref="MaxPixels"/> (decompression bombs);
/// EXIF orientation is applied; the longest side is brought down to <see cref="MaxSide"/>.
/// </summary>
public static class PhotoCleaner
{
    public const int MaxBytes = 8 * 1024 * 1024;
    public const int MaxCount = 5;
    /// <summary>Widest or tallest photo accepted, and most pixels (a 48 MP phone photo is 8000 x 6000).</summary>
    public const int MaxDimension = 12_000;
    public const long MaxPixels = 50_000_000;
    /// <summary>Longest side of the stored photo: plenty for an auditor to see a crack or a sign.</summary>
    public const int MaxSide = 2048;
    const int Quality = 85;

    public enum Refusal { NotAPhoto, TooLarge, Heif }

    /// <summary>"jpg", "png" or "webp" from the magic bytes; null for anything else.</summary>
    public static string? FormatOf(ReadOnlySpan<byte> bytes) =>
        bytes is [0xFF, 0xD8, 0xFF, ..] ? "jpg"
        : bytes is [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, ..] ? "png"
        : bytes.Length >= 12 && bytes[..4].SequenceEqual("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8) ? "webp"
        : null;

    // HEIF's brands (ISO/IEC 23008-12): what iPhones send as .heic. Skia as shipped for servers has no HEIF decoder.
    static readonly string[] HeifBrands = ["heic", "heix", "heim", "heis", "hevc", "hevx", "hevm", "hevs", "mif1", "msf1"];

    /// <summary>An ISO media file ("ftyp" box first) whose major brand is HEIF's.</summary>
    public static bool IsHeif(ReadOnlySpan<byte> bytes) =>
        bytes.Length >= 12 && bytes[4..8].SequenceEqual("ftyp"u8) && HeifBrands.Contains(System.Text.Encoding.ASCII.GetString(bytes[8..12]));

    /// <summary>
    /// Null when the photo's format is one this cleaner re-encodes and its header's dimensions are within the limits;
    /// otherwise why not. Reads the header only: no pixel is decoded, so a refused form or a decompression bomb costs
    /// next to nothing.
    /// </summary>
    public static Refusal? Inspect(byte[] bytes)
    {
        if (FormatOf(bytes) is null) return IsHeif(bytes) ? Refusal.Heif : Refusal.NotAPhoto;
        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data);
        return Check(codec);
    }

    static Refusal? Check(SKCodec? codec)
    {
        if (codec is null) return Refusal.NotAPhoto;
        var (width, height) = (codec.Info.Width, codec.Info.Height);
        if (width <= 0 || height <= 0) return Refusal.NotAPhoto;
        return width > MaxDimension || height > MaxDimension || (long)width * height > MaxPixels ? Refusal.TooLarge : null;
    }

    public static string ContentType(string format) => format switch
    {
        "jpg" => "image/jpeg",
        "png" => "image/png",
        "webp" => "image/webp",
        _ => "application/octet-stream",
    };

    /// <summary>The photo re-encoded as JPEG ("jpg"); null when it is not a decodable JPEG, PNG or WebP within the limits.</summary>
    public static (byte[] Bytes, string Format)? Clean(byte[] bytes) => Process(bytes).Photo;

    /// <summary>The re-encoded photo, or why it was refused.</summary>
    /// <param name="maxSide">Longest side of the result: <see cref="MaxSide"/>, or less for a gallery's thumbnail.</param>
    public static ((byte[] Bytes, string Format)? Photo, Refusal? Why) Process(byte[] bytes, int maxSide = MaxSide)
    {
        if (FormatOf(bytes) is null) return (null, IsHeif(bytes) ? Refusal.Heif : Refusal.NotAPhoto);
        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data);
        if (Check(codec) is { } refused) return (null, refused);
        var (width, height) = (codec!.Info.Width, codec.Info.Height);

        // JPEG decodes straight to 1/2, 1/4 or 1/8 size when that is still at least the target: less memory and time.
        var scale = Math.Min(1f, (float)maxSide / Math.Max(width, height));
        var decoded = codec.GetScaledDimensions(scale);
        if (decoded.Width < width * scale || decoded.Height < height * scale) decoded = new SKSizeI(width, height);
        var info = new SKImageInfo(decoded.Width, decoded.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var pixels = new SKBitmap(info);
        if (codec.GetPixels(info, pixels.GetPixels()) != SKCodecResult.Success) return (null, Refusal.NotAPhoto);

        var origin = codec.EncodedOrigin;
        var turned = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var (uprightW, uprightH) = turned ? (height, width) : (width, height);
        var fit = Math.Min(1.0, (double)maxSide / Math.Max(uprightW, uprightH));
        var outW = Math.Max(1, (int)Math.Round(uprightW * fit));
        var outH = Math.Max(1, (int)Math.Round(uprightH * fit));

        using var output = new SKBitmap(new SKImageInfo(outW, outH, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using (var canvas = new SKCanvas(output))
        {
            canvas.Clear(SKColors.White); // transparent areas of a PNG or WebP: white, as a viewer shows them
            canvas.SetMatrix(Orientation(origin, outW, outH));
            var (drawW, drawH) = turned ? (outH, outW) : (outW, outH);
            using var image = SKImage.FromBitmap(pixels);
            canvas.DrawImage(image, new SKRect(0, 0, drawW, drawH), new SKSamplingOptions(SKCubicResampler.Mitchell));
        }
        using var encoded = output.Encode(SKEncodedImageFormat.Jpeg, Quality);
        return encoded is null ? (null, Refusal.NotAPhoto) : ((encoded.ToArray(), "jpg"), null);
    }

    /// <summary>The matrix that draws the stored (sensor-oriented) image upright into a w x h canvas (EXIF 1-8).</summary>
    static SKMatrix Orientation(SKEncodedOrigin origin, int w, int h) => origin switch
    {
        SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, w, 0, 1, 0, 0, 0, 1),       // 2: mirrored
        SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, w, 0, -1, h, 0, 0, 1),   // 3: 180°
        SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, h, 0, 0, 1),     // 4: flipped
        SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),         // 5: transposed
        SKEncodedOrigin.RightTop => new SKMatrix(0, -1, w, 1, 0, 0, 0, 0, 1),       // 6: 90° clockwise
        SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, w, -1, 0, h, 0, 0, 1),   // 7: transverse
        SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, h, 0, 0, 1),     // 8: 90° counter-clockwise
        _ => SKMatrix.Identity,
    };
}
