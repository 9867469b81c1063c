using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace ObrasQr.Tests.Secop;

/// <summary>
/// A national export's size through the chunked upload, with the chunk size a host announces (8 MB): on the server
/// store only, where the import is fast enough for every CI run. The file is generated into the temp folder and
/// deleted after; the test reads and sends it a chunk at a time, as a browser does.
/// </summary>
public sealed class LargeChunkedUploadTests : IDisposable
{
    const int Rows = 104_000;   // a little over 150 MB of CSV

    readonly ObrasQrFactory factory = new(StoreKind.Sqlite);
    readonly string path = Path.Combine(Path.GetTempPath(), $"obrasqr-nacional-{Guid.NewGuid():N}.csv");

    public void Dispose()
    {
        factory.Dispose();
        File.Delete(path);
    }

    [Fact]
    public async Task A_150_MB_export_is_imported_through_chunks()
    {
        await using (var file = File.Create(path)) GeneratedExport.Write(file, Rows);
        var size = new FileInfo(path).Length;
        Assert.True(size > 150 * 1000 * 1000, $"{size} bytes");
        Assert.True(size > ObrasQr.Http.BodyLimit.Export);
        var office = factory.ClientWithKey(ObrasQrFactory.OfficeKey);

        var started = await ChunkedUploadTests.StartAsync(office, size, "nacional.csv");
        var chunkSize = started.GetProperty("chunkSize").GetInt32();
        Assert.Equal(ObrasQr.Http.BodyLimit.ExportChunk, chunkSize);
        var buffer = new byte[chunkSize];
        await using (var file = File.OpenRead(path))
        {
            for (var n = 1; n <= started.GetProperty("chunkCount").GetInt32(); n++)
            {
                var read = await file.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false);
                var url = started.GetProperty("chunkUrl").GetString()!.Replace("{n}", n.ToString());
                Assert.Equal(HttpStatusCode.NoContent, (await office.PutAsync(url, new ByteArrayContent(buffer, 0, read))).StatusCode);
            }
        }
        var completed = await office.PostAsync(started.GetProperty("completeUrl").GetString(), null);
        Assert.Equal(HttpStatusCode.Accepted, completed.StatusCode);
        var exportId = (await completed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("exportId").GetString()!;

        var status = await ChunkedUploadTests.ImportedAsync(office, exportId);
        Assert.Equal("imported", status.GetProperty("status").GetString());
        Assert.Equal(size, status.GetProperty("size").GetInt64());
        Assert.True(status.GetProperty("counts").GetProperty("new").GetInt32() == Rows, status.GetProperty("counts").ToString());
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().GetAsync($"/o/CO1.PCCNTR.7{Rows:D7}")).StatusCode);
    }
}
