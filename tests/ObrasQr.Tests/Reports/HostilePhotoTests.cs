using System.Buffers.Binary;
using System.IO.Compression;
using System.Net;
using System.Text;
using Directory = System.IO.Directory;
using MetadataExtractor;
using MetadataExtractor.Formats.Exif;
using ObrasQr.Reports;
using SkiaSharp;
using static ObrasQr.Tests.Reports.ReportKit;

namespace ObrasQr.Tests.Reports;

/// <summary>Photos from the attack run: bombs, hidden markup, sideways phones, and what a crash leaves behind.</summary>
public abstract class HostilePhotoTests(ObrasQrFactory factory)
{
    public sealed class OnSqlite(ObrasQrFactory.OnSqlite store) : HostilePhotoTests(store), IClassFixture<ObrasQrFactory.OnSqlite>;
    public sealed class OnAzure(ObrasQrFactory.OnAzure store) : HostilePhotoTests(store), IClassFixture<ObrasQrFactory.OnAzure>;

    readonly ObrasQrFactory factory = factory.Unlimited();

    [Theory]
    [InlineData(30_000, 30_000)]
    [InlineData(int.MaxValue, int.MaxValue)]
    [InlineData(12_001, 10)]
    public void Png_declaring_too_many_pixels_is_refused_from_its_header(int width, int height)
    {
        var bomb = Png(width, height);
        Assert.True(bomb.Length < 64 * 1024); // small on the wire, huge once decoded

        var (photo, why) = PhotoCleaner.Process(bomb);

        Assert.Null(photo);
        // libpng itself rejects a header beyond its own limits (2^31 - 1 is one); within them, our limit says why.
        Assert.Equal(width > 1_000_000 ? PhotoCleaner.Refusal.NotAPhoto : PhotoCleaner.Refusal.TooLarge, why);
    }

    [Fact]
    public async Task A_png_bomb_is_refused_over_http_and_nothing_is_stored()
    {
        var description = Unique("Foto bomba de descompresión.");
        var response = await factory.CreateClient().PostAsync($"/api/contracts/{ContractId}/reports",
            Form([("category", "otro"), ("description", description)], ("foto.png", Png(30_000, 30_000))));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("píxeles", await response.Content.ReadAsStringAsync());
        Assert.DoesNotContain(await factory.AllAsAuditor(), i => i.GetProperty("description").GetString() == description);
    }

    [Fact]
    public void Html_hidden_in_a_jfif_segment_does_not_survive()
    {
        var jpeg = PhotoCleanerTests.Photo("gps.jpg");
        var payload = "JFIF\0\u0001\u0002\0\0\u0001\0\u0001\0\0<html><script>alert(document.cookie)</script></html>"u8.ToArray();
        var segment = new byte[4 + payload.Length];
        segment[0] = 0xFF; segment[1] = 0xE0;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(payload.Length + 2));
        payload.CopyTo(segment, 4);
        var hostile = jpeg[..2].Concat(segment).Concat(jpeg[2..]).ToArray();
        Assert.Contains("<script>", Encoding.Latin1.GetString(hostile));

        var cleaned = PhotoCleaner.Clean(hostile)!.Value.Bytes;

        Assert.DoesNotContain("<script>", Encoding.Latin1.GetString(cleaned));
        Assert.DoesNotContain("html", Encoding.Latin1.GetString(cleaned));
    }

    [Fact]
    public void Exif_orientation_is_applied_and_dropped()
    {
        // Stored sideways, as a phone held upright writes it: red on the left, blue on the right, orientation 6
        // (rotate 90° clockwise to view). Upright, red is on top.
        var sideways = WithOrientation(Jpeg(80, 40, (x, _) => x < 40 ? SKColors.Red : SKColors.Blue), 6);
        Assert.Equal(6, MetadataExtractor.ImageMetadataReader.ReadMetadata(new MemoryStream(sideways)).OfType<ExifIfd0Directory>().Single().GetInt32(ExifDirectoryBase.TagOrientation));

        var upright = PhotoCleaner.Clean(sideways)!.Value.Bytes;

        using var bitmap = SKBitmap.Decode(upright);
        Assert.Equal((40, 80), (bitmap.Width, bitmap.Height));
        Assert.True(bitmap.GetPixel(20, 10).Red > 200 && bitmap.GetPixel(20, 10).Blue < 60);
        Assert.True(bitmap.GetPixel(20, 70).Blue > 200 && bitmap.GetPixel(20, 70).Red < 60);
        Assert.Empty(MetadataExtractor.ImageMetadataReader.ReadMetadata(new MemoryStream(upright)).OfType<ExifIfd0Directory>());
    }

    [Theory]
    [InlineData(3000, 1000, 2048, 683)]
    [InlineData(1000, 4096, 500, 2048)]
    [InlineData(2048, 10, 2048, 10)]
    public void Longest_side_is_brought_down_to_2048(int width, int height, int expectedWidth, int expectedHeight)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(SKColors.Gray);
        var png = bitmap.Encode(SKEncodedImageFormat.Png, 100).ToArray();

        using var cleaned = SKBitmap.Decode(PhotoCleaner.Clean(png)!.Value.Bytes);

        Assert.Equal((expectedWidth, expectedHeight), (cleaned.Width, cleaned.Height));
    }

    [Fact]
    public async Task Orphan_photo_folders_and_part_files_are_removed_after_the_first_answer_and_real_photos_kept()
    {
        using var fresh = new ObrasQrFactory().Unlimited();
        var files = Path.Combine(fresh.DataDirectory, "files");
        var orphan = Path.Combine(files, "photos", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(orphan);
        File.WriteAllBytes(Path.Combine(orphan, "1.jpg"), PhotoCleanerTests.Photo("gps.jpg"));
        File.WriteAllBytes(Path.Combine(orphan, "2.jpg.part"), [1, 2, 3]);
        Directory.CreateDirectory(Path.Combine(files, "exports"));
        File.WriteAllBytes(Path.Combine(files, "exports", "x.csv.part"), [1, 2, 3]);

        var client = fresh.CreateClient(); // starts the server
        var sweeper = fresh.Service<ObrasQr.Server.Storage.OrphanFileSweeper>();
        Assert.True(Directory.Exists(orphan)); // nothing read before the first answer
        (await client.GetAsync("/api/health")).EnsureSuccessStatusCode();
        await sweeper.ExecuteTask!;
        Assert.False(Directory.Exists(orphan));
        // Only the parts planted before the start: a job of this very server may be writing its own right now.
        Assert.False(File.Exists(Path.Combine(files, "exports", "x.csv.part")));

        var description = Unique("Foto que debe sobrevivir al barrido.");
        var response = await client.PostAsync($"/api/contracts/{ContractId}/reports",
            Form([("category", "otro"), ("description", description)], ("foto.jpg", PhotoCleanerTests.Photo("gps.jpg"))));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await fresh.FindAsAuditor(description)).GetProperty("reportId").GetString()!;

        Assert.Equal(0, await sweeper.SweepAsync());

        // A photo folder written after the sweep's cutoff may belong to a report being filed right now: it stays.
        var inFlight = Path.Combine(files, "photos", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(inFlight);
        File.WriteAllBytes(Path.Combine(inFlight, "1.jpg"), PhotoCleanerTests.Photo("gps.jpg"));
        Assert.Equal(0, await sweeper.SweepAsync(DateTime.UtcNow.AddMinutes(-1)));
        Assert.True(Directory.Exists(inFlight));
        Assert.Equal(HttpStatusCode.OK, (await fresh.ClientWithKey(ObrasQrFactory.AuditorKey).GetAsync($"/api/reports/{id}/photos/1")).StatusCode);
    }

    /// <summary>A valid PNG header declaring the size, and a few rows of real (deflated) image data.</summary>
    internal static byte[] Png(int width, int height)
    {
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; header[9] = 2; // 8-bit RGB
        Chunk(png, "IHDR", header);
        using var rows = new MemoryStream();
        using (var z = new ZLibStream(rows, CompressionLevel.SmallestSize, leaveOpen: true))
            z.Write(new byte[Math.Min(4_000_000, (long)Math.Min(width, 100_000) * 3 + 1)]);
        Chunk(png, "IDAT", rows.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    static void Chunk(Stream png, string type, byte[] data)
    {
        var buffer = new byte[8 + data.Length + 4];
        BinaryPrimitives.WriteInt32BigEndian(buffer, data.Length);
        Encoding.ASCII.GetBytes(type).CopyTo(buffer, 4);
        data.CopyTo(buffer, 8);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(8 + data.Length), Crc32(buffer.AsSpan(4, 4 + data.Length)));
        png.Write(buffer);
    }

    static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }

    static byte[] Jpeg(int width, int height, Func<int, int, SKColor> color)
    {
        using var bitmap = new SKBitmap(width, height);
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
                bitmap.SetPixel(x, y, color(x, y));
        return bitmap.Encode(SKEncodedImageFormat.Jpeg, 95).ToArray();
    }

    /// <summary>The JPEG with an APP1 Exif segment holding only the orientation tag, right after SOI.</summary>
    static byte[] WithOrientation(byte[] jpeg, ushort orientation)
    {
        byte[] tiff = [(byte)'M', (byte)'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, (byte)(orientation >> 8), (byte)orientation, 0, 0, 0, 0, 0, 0];
        var payload = "Exif\0\0"u8.ToArray().Concat(tiff).ToArray();
        var segment = new byte[4 + payload.Length];
        segment[0] = 0xFF; segment[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(payload.Length + 2));
        payload.CopyTo(segment, 4);
        return jpeg[..2].Concat(segment).Concat(jpeg[2..]).ToArray();
    }
}
