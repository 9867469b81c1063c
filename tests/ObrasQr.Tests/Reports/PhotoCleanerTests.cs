using System.Buffers.Binary;
using System.Text;
using MetadataExtractor;
using MetadataExtractor.Formats.Exif;
using MetadataExtractor.Formats.Iptc;
using MetadataExtractor.Formats.Jpeg;
using MetadataExtractor.Formats.Png;
using MetadataExtractor.Formats.Xmp;
using ObrasQr.Reports;
using Directory = MetadataExtractor.Directory;

namespace ObrasQr.Tests.Reports;

// The test images under TestData/photos were made once with ImageMagick, cwebp and exiftool: a small gradient with
// GPS coordinates, camera make and model, author (EXIF, XMP, IPTC) and comments; and a progressive JPEG with restart
// markers and GPS. While writing PhotoCleaner, the cleaned output of these and of CMYK JPEG, palette PNG with alpha,
// lossless and alpha WebP was checked pixel for pixel against the original with ImageMagick's compare (0 pixels
// differ); the tests below check the structure, which needs no image library.
public sealed class PhotoCleanerTests
{
    public static byte[] Photo(string name) => File.ReadAllBytes(TestData.PathOf(Path.Combine("photos", name)));

    public static IReadOnlyList<Directory> Metadata(byte[] bytes) => ImageMetadataReader.ReadMetadata(new MemoryStream(bytes));

    /// <summary>Everything a reader finds that could say where, when or with what the photo was taken.</summary>
    public static List<string> Identifying(byte[] bytes) =>
        Metadata(bytes)
            .Where(d => d is GpsDirectory or ExifIfd0Directory or ExifSubIfdDirectory or XmpDirectory or IptcDirectory or JpegCommentDirectory
                || (d is PngDirectory && d.Tags.Any(t => t.Name.Contains("Textual") || t.Name.Contains("Last Modification"))))
            .Select(d => d.Name)
            .ToList();

    [Theory]
    [InlineData("gps.jpg")]
    [InlineData("gps.png")]
    [InlineData("gps.webp")]
    public void The_test_photos_do_carry_gps_before_cleaning(string name)
    {
        var gps = Metadata(Photo(name)).OfType<GpsDirectory>().Single();
        Assert.Equal(10.4236, gps.GetGeoLocation()!.Latitude, 3);
        Assert.Contains("Ana-Perez", Encoding.Latin1.GetString(Photo(name)));
        Assert.Contains(Identifying(Photo(name)), d => d.Contains("Exif") || d.Contains("GPS"));
        Assert.Contains(Identifying(Photo(name)), d => d.Contains("XMP"));
    }

    [Theory]
    [InlineData("gps.jpg", "jpg")]
    [InlineData("gps.png", "png")]
    [InlineData("gps.webp", "webp")]
    public void Cleaned_photo_has_no_gps_exif_xmp_iptc_or_comments(string name, string format)
    {
        var (cleaned, detected) = PhotoCleaner.Clean(Photo(name))!.Value;

        Assert.Equal(format, detected);
        Assert.Empty(Identifying(cleaned));
        var text = Encoding.Latin1.GetString(cleaned);
        Assert.DoesNotContain("Ana-Perez", text);
        Assert.DoesNotContain("ObrasQr-Phone", text);
        Assert.DoesNotContain("secreto", text);
        Assert.True(cleaned.Length < Photo(name).Length);
    }

    [Theory]
    [InlineData("gps.jpg", 48, 32)]
    [InlineData("progressive-restarts.jpg", 300, 200)] // several scans, restart markers in the entropy data
    public void Jpeg_keeps_its_frame_tables_and_scans_byte_for_byte(string name, int width, int height)
    {
        var original = Photo(name);
        var cleaned = PhotoCleaner.Clean(original)!.Value.Bytes;

        // From the first quantisation table to the end: the image itself, untouched.
        var dqt = original.AsSpan().IndexOf([(byte)0xFF, (byte)0xDB]);
        var cleanedDqt = cleaned.AsSpan().IndexOf([(byte)0xFF, (byte)0xDB]);
        Assert.True(original.AsSpan(dqt).SequenceEqual(cleaned.AsSpan(cleanedDqt)));
        Assert.Equal([0xFF, 0xD8, 0xFF, 0xE0], cleaned[..4]); // SOI then JFIF
        var jpeg = Metadata(cleaned).OfType<JpegDirectory>().Single();
        Assert.Equal(width, jpeg.GetImageWidth());
        Assert.Equal(height, jpeg.GetImageHeight());
        Assert.Empty(Identifying(cleaned));
    }

    [Fact]
    public void Png_keeps_header_and_image_data_and_drops_text_time_and_exif_chunks()
    {
        var chunks = PngChunks(PhotoCleaner.Clean(Photo("gps.png"))!.Value.Bytes);

        Assert.Equal("IHDR", chunks[0]);
        Assert.Equal("IEND", chunks[^1]);
        Assert.Contains("IDAT", chunks);
        Assert.DoesNotContain("tEXt", chunks);
        Assert.DoesNotContain("iTXt", chunks);
        Assert.DoesNotContain("zTXt", chunks);
        Assert.DoesNotContain("eXIf", chunks);
        Assert.DoesNotContain("tIME", chunks);
        Assert.Contains("IDAT", PngChunks(Photo("gps.png")));
        Assert.Contains("eXIf", PngChunks(Photo("gps.png")));
    }

    [Fact]
    public void Webp_drops_exif_and_xmp_chunks_clears_their_flags_and_fixes_the_riff_size()
    {
        var original = Photo("gps.webp");
        var cleaned = PhotoCleaner.Clean(original)!.Value.Bytes;

        var chunks = WebpChunks(cleaned);
        Assert.Equal(["VP8X", "VP8 "], chunks.Select(c => c.Type));
        Assert.Contains("EXIF", WebpChunks(original).Select(c => c.Type));
        Assert.Equal(0, cleaned[20] & 0x0C); // VP8X flags: EXIF (0x08) and XMP (0x04) cleared
        Assert.NotEqual(0, original[20] & 0x0C);
        Assert.Equal(cleaned.Length - 8, (int)BinaryPrimitives.ReadUInt32LittleEndian(cleaned.AsSpan(4)));
        var vp8 = WebpChunks(original).Single(c => c.Type == "VP8 ");
        Assert.True(original.AsSpan(vp8.Offset, vp8.Length).SequenceEqual(cleaned.AsSpan(chunks[1].Offset, chunks[1].Length)));
    }

    [Fact]
    public void Format_comes_from_the_bytes_not_the_name()
    {
        Assert.Equal("png", PhotoCleaner.FormatOf(Photo("gps.png")));
        Assert.Null(PhotoCleaner.FormatOf("GIF89a......"u8.ToArray()));
        Assert.Null(PhotoCleaner.FormatOf("<svg xmlns='http://www.w3.org/2000/svg'/>"u8.ToArray()));
        Assert.Null(PhotoCleaner.FormatOf("RIFF\0\0\0\0WAVEfmt "u8.ToArray()));
        Assert.Null(PhotoCleaner.FormatOf([0xFF, 0xD8]));
    }

    [Fact]
    public void Truncated_or_malformed_photos_are_refused()
    {
        var jpeg = Photo("gps.jpg");
        var png = Photo("gps.png");
        var webp = Photo("gps.webp");

        Assert.Null(PhotoCleaner.Clean(jpeg[..200])); // cut inside the metadata, before any image data
        Assert.Null(PhotoCleaner.Clean([0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xFF, 0x00]));
        Assert.Null(PhotoCleaner.Clean(png[..100])); // no IEND
        Assert.Null(PhotoCleaner.Clean(webp[..40])); // RIFF size beyond the data
        Assert.Null(PhotoCleaner.Clean("not a photo at all"u8.ToArray()));
    }

    [Fact]
    public void Bytes_after_the_end_of_the_image_are_dropped()
    {
        var withTrailer = Photo("gps.jpg").Concat("GPS 10.4236,-75.5478 Ana-Perez"u8.ToArray()).ToArray();

        var cleaned = PhotoCleaner.Clean(withTrailer)!.Value.Bytes;

        Assert.Equal([0xFF, 0xD9], cleaned[^2..]);
        Assert.DoesNotContain("Ana-Perez", Encoding.Latin1.GetString(cleaned));
    }

    static List<string> PngChunks(byte[] png)
    {
        var types = new List<string>();
        for (var i = 8; i + 8 <= png.Length; i += 12 + (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(i)))
            types.Add(Encoding.ASCII.GetString(png, i + 4, 4));
        return types;
    }

    static List<(string Type, int Offset, int Length)> WebpChunks(byte[] webp)
    {
        var chunks = new List<(string, int, int)>();
        for (var i = 12; i + 8 <= webp.Length;)
        {
            var size = (int)BinaryPrimitives.ReadUInt32LittleEndian(webp.AsSpan(i + 4));
            chunks.Add((Encoding.ASCII.GetString(webp, i, 4), i, 8 + size));
            i += 8 + size + (size & 1);
        }
        return chunks;
    }
}
