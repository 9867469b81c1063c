using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ObrasQr.Server.Storage;

namespace ObrasQr.Tests.Secop;

/// <summary>An upload in chunks lives a day: after that its id answers 404 on both stores, and the server's sweep
/// removes what it left (on Azure the service discards uncommitted blocks: docs/azure-tables.md).</summary>
public sealed class AbandonedUploadTests
{
    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task An_upload_older_than_a_day_is_404(StoreKind store)
    {
        var clock = ManualClock.AtNoonInColombia(2026, 11, 21);
        using var factory = new ObrasQrFactory(store) { Clock = clock };
        factory.Settings["ObrasQr:ExportChunkBytes"] = "65536";
        var office = factory.ClientWithKey(ObrasQrFactory.OfficeKey);
        var file = GeneratedExport.Bytes(rows: 30);
        var started = await ChunkedUploadTests.StartAsync(office, file.Length, "tarde.csv");
        var chunk = started.GetProperty("chunkUrl").GetString()!.Replace("{n}", "1");

        clock.Advance(TimeSpan.FromHours(25));

        var late = await office.PutAsync(chunk, new ByteArrayContent(file));
        Assert.Equal(HttpStatusCode.NotFound, late.StatusCode);
        Assert.Equal("application/problem+json", late.Content.Headers.ContentType?.MediaType);
        var reason = (await late.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("uploadId")[0].GetString();
        Assert.Contains("más de un día", reason);
    }

    [Fact]
    public async Task The_servers_sweep_removes_the_record_and_chunks_of_an_upload_never_completed_after_a_day()
    {
        using var factory = new ObrasQrFactory(StoreKind.Sqlite);
        factory.Settings["ObrasQr:ExportChunkBytes"] = "65536";
        var office = factory.ClientWithKey(ObrasQrFactory.OfficeKey);
        var file = GeneratedExport.Bytes(rows: 100);
        var started = await ChunkedUploadTests.StartAsync(office, file.Length, "abandonada.csv");
        var put = await office.PutAsync(started.GetProperty("chunkUrl").GetString()!.Replace("{n}", "1"), new ByteArrayContent(file, 0, 65536));
        Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        var files = Path.Combine(factory.DataDirectory, "files");
        var uploadId = started.GetProperty("uploadId").GetString()!;
        var record = Path.Combine(files, "uploads", $"{uploadId}.json");
        var chunks = Path.Combine(files, "exports", $"{uploadId}.chunks");
        Assert.True(File.Exists(record));
        Assert.True(Directory.Exists(chunks));
        var sweeper = factory.Service<OrphanFileSweeper>();

        Assert.Equal(0, sweeper.SweepExpiredUploads(DateTime.UtcNow.AddHours(23)));   // still within its day
        Assert.Equal(2, sweeper.SweepExpiredUploads(DateTime.UtcNow.AddHours(25)));

        Assert.False(File.Exists(record));
        Assert.False(Directory.Exists(chunks));
    }
}
