using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ObrasQr.Contracts;
using ObrasQr.Secop;
using ObrasQr.Storage;

namespace ObrasQr.Tests.TwoInstances;

public sealed partial class TwoInstancesTests
{
    [Fact]
    public async Task Sync_now_on_both_instances_at_once_imports_a_pending_upload_once()
    {
        const int Rows = 300;
        var csv = Desk.OfficeDesk.Export(Rows, new HashSet<int>(), idPrefix: "CO1.PCCNTR.66");
        var ids = Enumerable.Range(1, Rows).Select(i => $"CO1.PCCNTR.66{i:D5}").ToList();
        using var services = servers.Store();
        // Stored as an upload stores it, but with no job queued: only a "sync now" imports it.
        var exportId = ExportIntake.NewExportId(TimeProvider.System);
        await services.GetRequiredService<IFileStore>().SaveAsync($"exports/{exportId}", new MemoryStream(csv));
        await services.GetRequiredService<IExportStore>().AddAsync(new SecopExport
        {
            ExportId = exportId, FileName = "cartagena.csv", ContentType = "text/csv", Size = csv.Length, FilePath = $"exports/{exportId}",
            UploadedAt = DateTimeOffset.UtcNow, UploadedBy = "oficina-contratacion",
        });

        var offices = new[] { servers.A, servers.B }.Select(s => s.ClientWithKey(ObrasQrFactory.OfficeKey)).ToList();
        var answers = await Task.WhenAll(offices.Select(o => o.PostAsync("/api/sync", null)));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Accepted, a.StatusCode));
        var runs = await Task.WhenAll(offices.Zip(answers).Select(async pair =>
            await ObrasQrFactory.FinishedSyncAsync(pair.First, (await pair.Second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("statusUrl").GetString()!)));
        Assert.All(runs, r => Assert.Equal("done", r.GetProperty("status").GetString()));
        var export = await offices[0].GetFromJsonAsync<JsonElement>($"/api/exports/{exportId}");
        Assert.Equal(ExportStatus.Imported, export.GetProperty("status").GetString());
        var counts = export.GetProperty("counts");
        Assert.Equal((Rows, 0, 0, 0), (counts.GetProperty("new").GetInt32(), counts.GetProperty("changed").GetInt32(),
            counts.GetProperty("unchanged").GetInt32(), counts.GetProperty("rejected").GetInt32()));
        var heads = await LargeImport.HeadsAsync(services.GetRequiredService<IContractStore>(), ids);
        Assert.Equal(Rows, heads.Count);
        Assert.All(heads, h => Assert.Equal((1, $"export:{exportId}"), (h.Value.Number, h.Value.Source)));
    }
}
