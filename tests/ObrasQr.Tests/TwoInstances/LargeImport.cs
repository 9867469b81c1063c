using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using ObrasQr.AzureStorage;
using ObrasQr.Contracts;
using ObrasQr.Http;
using ObrasQr.Jobs;
using ObrasQr.Secop;
using ObrasQr.Tests.Secop;

namespace ObrasQr.Tests.TwoInstances;

/// <summary>A large export sent to an instance, its import job's lease row as the store has it, the export's end.</summary>
static class LargeImport
{
    /// <summary>The demo export's rows repeated to <paramref name="rows"/>, each with its own new contract id
    /// (<see cref="GeneratedExport"/>), in a temp file; the ids of the rows the importer maps to a contract.</summary>
    public static async Task<(string Path, List<string> Accepted)> WriteAsync(int rows)
    {
        var path = Path.Combine(Path.GetTempPath(), $"obrasqr-{Guid.NewGuid():N}.csv");
        await using (var file = File.Create(path)) GeneratedExport.Write(file, rows);
        var accepted = new List<string>(rows);
        await using var read = File.OpenRead(path);
        await foreach (var row in SecopFile.ReadAsync(read))
            if (row.ToContract().Contract is { } contract) accepted.Add(contract.ContractId);
        return (path, accepted);
    }

    /// <summary>POST /api/exports with the file as the body (it fits in one request): the export's id.</summary>
    public static async Task<string> UploadAsync(HttpClient office, string path)
    {
        Assert.True(new FileInfo(path).Length < BodyLimit.Export, "The export no longer fits in one request: send it in chunks.");
        await using var file = File.OpenRead(path);
        var upload = await office.PostAsync("/api/exports", new StreamContent(file) { Headers = { ContentType = new("text/csv") } });
        Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
        return (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("exportId").GetString()!;
    }

    /// <summary>The import job's lease row: who holds it and how many rows its last checkpoint had done; null once the
    /// job is done (its row is deleted) or before it is first leased.</summary>
    public static async Task<(string Holder, int Rows)?> LeaseAsync(AzureStore store, string exportId)
    {
        var found = await store.Table(AzureStore.Jobs).GetEntityIfExistsAsync<TableEntity>("jobs", TableKeys.Encode(JobRef.Import(exportId).Key));
        if (!found.HasValue) return null;
        var row = found.Value!;
        var rows = row.ContainsKey("Json") ? ImportCheckpoint.FromJson(EntityJson.Read(row))?.Rows ?? 0 : 0;
        return (row.GetString("Holder") ?? "", rows);
    }

    /// <summary>The lease once a batch has recorded its checkpoint, polled until <paramref name="within"/>.</summary>
    public static async Task<(string Holder, int Rows)> CheckpointedAsync(AzureStore store, string exportId, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            if (await LeaseAsync(store, exportId) is { Holder.Length: > 0, Rows: > 0 } lease) return lease;
            await Task.Delay(200);
        }
        throw new TimeoutException($"No checkpoint of the import of {exportId} within {within}.");
    }

    /// <summary>Whether another worker than <paramref name="dead"/> holds the job (or has finished it) within
    /// <paramref name="within"/>.</summary>
    public static async Task<bool> TakenOverAsync(AzureStore store, string exportId, string dead, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            if (await LeaseAsync(store, exportId) is not { } lease || (lease.Holder.Length > 0 && lease.Holder != dead)) return true;
            await Task.Delay(500);
        }
        return false;
    }

    /// <summary>The export as GET /api/exports/{id} answers once it is no longer pending (or at the deadline).</summary>
    public static async Task<JsonElement> FinishedAsync(HttpClient office, string exportId, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        JsonElement export;
        do
        {
            export = await office.GetFromJsonAsync<JsonElement>($"/api/exports/{exportId}");
            if (export.GetProperty("status").GetString() != ExportStatus.Pending) return export;
            await Task.Delay(1000);
        } while (DateTime.UtcNow < deadline);
        return export;
    }

    /// <summary>The stored heads of <paramref name="ids"/>, read in batches as the importer reads them.</summary>
    public static async Task<Dictionary<string, ContractHead>> HeadsAsync(IContractStore contracts, IReadOnlyList<string> ids)
    {
        var heads = new Dictionary<string, ContractHead>(StringComparer.Ordinal);
        foreach (var chunk in ids.Chunk(1000))
            foreach (var (id, head) in await contracts.HeadsAsync(chunk))
                heads[id] = head;
        return heads;
    }
}
