using Microsoft.Playwright;
using ObrasQr.Tests.Pages;
using ObrasQr.Tests.Secop;

namespace ObrasQr.Tests.Desk;

/// <summary>The uploads page's script in Debian's Chromium: a file larger than one chunk (64 KB on these servers) goes
/// through the chunked API with a progress line, then the browser lands on the upload's page and sees it imported.</summary>
public abstract class ChunkedUploadBrowserTests(LiveServer server)
{
    public sealed class SmallChunksOnSqlite : LiveServer
    {
        public SmallChunksOnSqlite() : base(StoreKind.Sqlite) => Settings["ObrasQr:ExportChunkBytes"] = "65536";
    }

    public sealed class SmallChunksOnAzure : LiveServer
    {
        public SmallChunksOnAzure() : base(StoreKind.Azure) => Settings["ObrasQr:ExportChunkBytes"] = "65536";
    }

    public sealed class OnSqlite(SmallChunksOnSqlite store) : ChunkedUploadBrowserTests(store), IClassFixture<SmallChunksOnSqlite>;
    public sealed class OnAzure(SmallChunksOnAzure store) : ChunkedUploadBrowserTests(store), IClassFixture<SmallChunksOnAzure>;

    [Fact]
    public async Task A_file_larger_than_a_chunk_is_sent_in_chunks_and_the_browser_goes_to_its_page()
    {
        var page = await server.PhoneAsync(ObrasQrFactory.OfficeKey);
        var file = Path.Combine(Path.GetTempPath(), $"secop-partes-{Guid.NewGuid():N}.csv");
        await File.WriteAllBytesAsync(file, GeneratedExport.Bytes(rows: 100));
        var chunks = new List<string>();
        page.Request += (_, request) => { if (request.Method == "PUT") chunks.Add(request.Url); };
        try
        {
            await page.GotoAsync(server.BaseUrl + "/escritorio/cargas");
            Assert.Contains("se envía por partes", await page.InnerTextAsync("main"));

            await page.SetInputFilesAsync("#file", file);
            await page.ClickAsync("form[action='/escritorio/cargas'] button[type=submit]");
            await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/escritorio/cargas/[0-9]{14}-"));

            Assert.Equal(3, chunks.Count);
            Assert.All(chunks, url => Assert.Contains("/api/exports/uploads/", url));
            for (var i = 0; i < 300 && (await page.InnerTextAsync("main")).Contains("Pendiente"); i++)
            {
                await Task.Delay(200);
                await page.ReloadAsync();
            }
            var main = await page.InnerTextAsync("main");
            Assert.Contains(Path.GetFileName(file), main);
            Assert.Contains("Importada", main);
        }
        finally
        {
            File.Delete(file);
            await page.Context.CloseAsync();
        }
    }
}
