using System.Buffers.Binary;
using System.Text;
using MetadataExtractor;
using MetadataExtractor.Formats.Exif;
using MetadataExtractor.Formats.Iptc;
using MetadataExtractor.Formats.Jpeg;
using MetadataExtractor.Formats.Png;
using MetadataExtractor.Formats.Xmp;
using ObrasQr.Reports;
using SkiaSharp;
using Directory = MetadataExtractor.Directory;

namespace ObrasQr.Tests.Reports;

// The test images under TestData/photos were made once with ImageMagick, cwebp and exiftool: a small gradient with
// GPS coordinates, camera make and model, author (EXIF, XMP, IPTC) and comments; and a progressive JPEG with restart
// markers and GPS. Photos are re-encoded, so the tests compare pixels (within JPEG's loss), not bytes.
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
    [InlineData("gps.jpg")]
    [InlineData("gps.png")]
    [InlineData("gps.webp")]
    public void Cleaned_photo_has_no_gps_exif_xmp_iptc_or_comments(string name)
    {
        var (cleaned, format) = PhotoCleaner.Clean(Photo(name))!.Value;

        Assert.Equal("jpg", format); // re-encoded: only pixels are written
        Assert.Empty(Identifying(cleaned));
        var text = Encoding.Latin1.GetString(cleaned);
        Assert.DoesNotContain("Ana-Perez", text);
        Assert.DoesNotContain("ObrasQr-Phone", text);
        Assert.DoesNotContain("secreto", text);
    }

    [Theory]
    [InlineData("gps.jpg", 48, 32)]
    [InlineData("gps.png", 48, 32)]
    [InlineData("gps.webp", 48, 32)]
    [InlineData("progressive-restarts.jpg", 300, 200)] // several scans, restart markers in the entropy data
    public void Photo_keeps_its_size_and_looks_the_same(string name, int width, int height)
    {
        var original = Photo(name);
        var cleaned = PhotoCleaner.Clean(original)!.Value.Bytes;

        using var before = SKBitmap.Decode(original);
        using var after = SKBitmap.Decode(cleaned);
        Assert.Equal((width, height), (after.Width, after.Height));
        Assert.True(MeanDifference(before, after) < 6, $"mean difference {MeanDifference(before, after):0.0} per channel");
    }

    [Fact]
    public void Only_a_plain_jfif_jpeg_is_written_with_no_application_segment_or_comment()
    {
        var markers = JpegMarkersBeforeScan(PhotoCleaner.Clean(Photo("gps.jpg"))!.Value.Bytes);

        Assert.DoesNotContain(markers, m => m is (>= 0xE1 and <= 0xEF) or 0xFE);
        Assert.Equal((byte)0xE0, markers[0]); // JFIF only
        Assert.Contains((byte)0xDB, markers); // quantisation tables
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
        Assert.Null(PhotoCleaner.Clean(jpeg[..(jpeg.Length / 2)])); // cut inside the image data: not decodable whole
        Assert.Null(PhotoCleaner.Clean([0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xFF, 0x00]));
        Assert.Null(PhotoCleaner.Clean(png[..100])); // no IEND
        Assert.Null(PhotoCleaner.Clean(webp[..40])); // RIFF size beyond the data
        Assert.Null(PhotoCleaner.Clean("not a photo at all"u8.ToArray()));
    }

    [Fact]
    public void An_iphone_heic_photo_is_recognised_by_its_brand_and_refused_because_skia_cannot_decode_it()
    {
        var heic = Photo("iphone.heic"); // made with libheif's heif-enc: "ftyp" box, major brand "heic"

        Assert.Null(SKCodec.Create(new MemoryStream(heic))); // the decoder in use has no HEIF support on this platform
        Assert.True(PhotoCleaner.IsHeif(heic));
        Assert.Equal(PhotoCleaner.Refusal.Heif, PhotoCleaner.Inspect(heic));
        Assert.Equal(PhotoCleaner.Refusal.Heif, PhotoCleaner.Process(heic).Why);
    }

    [Fact]
    public void Bytes_after_the_end_of_the_image_are_dropped()
    {
        var withTrailer = Photo("gps.jpg").Concat("GPS 10.4236,-75.5478 Ana-Perez"u8.ToArray()).ToArray();

        var cleaned = PhotoCleaner.Clean(withTrailer)!.Value.Bytes;

        Assert.Equal([0xFF, 0xD9], cleaned[^2..]);
        Assert.DoesNotContain("Ana-Perez", Encoding.Latin1.GetString(cleaned));
    }

    static double MeanDifference(SKBitmap a, SKBitmap b)
    {
        double sum = 0;
        for (var y = 0; y < a.Height; y++)
            for (var x = 0; x < a.Width; x++)
            {
                var (p, q) = (a.GetPixel(x, y), b.GetPixel(x, y));
                // Transparent pixels become white, as a viewer shows them.
                double Over(byte c) => p.Alpha / 255.0 * c + (1 - p.Alpha / 255.0) * 255;
                sum += Math.Abs(Over(p.Red) - q.Red) + Math.Abs(Over(p.Green) - q.Green) + Math.Abs(Over(p.Blue) - q.Blue);
            }
        return sum / (3.0 * a.Width * a.Height);
    }

    public static List<byte> JpegMarkersBeforeScan(byte[] jpeg)
    {
        var markers = new List<byte>();
        for (var i = 2; i + 4 <= jpeg.Length && jpeg[i] == 0xFF;)
        {
            var marker = jpeg[i + 1];
            markers.Add(marker);
            if (marker == 0xDA) break;
            i += 2 + BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(i + 2));
        }
        return markers;
    }
}
