using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using ObrasQr.Secop;

namespace ObrasQr.AzureStorage;

/// <summary>
/// Table "exports": one partition (an office uploads a few files a week), RowKey = export id. The pending ones are a
/// filter on that partition, sorted by upload time.
/// </summary>
public sealed class AzureExportStore(AzureStore store) : IExportStore
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    const string Partition = "exports";
    readonly TableClient table = store.Table(AzureStore.Exports);

    public async Task AddAsync(SecopExport export, CancellationToken ct = default) =>
        await table.AddEntityAsync(Row(export), ct);

    public async Task<SecopExport?> FindAsync(string exportId, CancellationToken ct = default)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition, TableKeys.Encode(exportId), cancellationToken: ct);
        return row.HasValue ? Read(row.Value!) : null;
    }

    public async Task UpdateAsync(SecopExport export, CancellationToken ct = default)
    {
        try
        {
            await table.UpdateEntityAsync(Row(export), ETag.All, TableUpdateMode.Replace, ct);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Like the embedded store: updating an export that does not exist changes nothing.
        }
    }

    public async Task<IReadOnlyList<SecopExport>> ListPendingAsync(CancellationToken ct = default)
    {
        var pending = new List<SecopExport>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and Status eq {ExportStatus.Pending}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
            pending.Add(Read(row));
        return [.. pending.OrderBy(e => e.UploadedAt).ThenBy(e => e.ExportId, StringComparer.Ordinal)];
    }

    public async Task<IReadOnlyList<SecopExport>> ListAsync(string? entityNit, int skip, int take, CancellationToken ct = default)
    {
        // Tables sort by RowKey only, ascending: read the partition's keys and times (a few uploads a week), sort
        // newest first here, then read whole only the rows of the page asked for.
        var filter = entityNit is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {Partition}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and EntityNit eq {entityNit}");
        var keys = new List<(string RowKey, string UploadedAt)>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, select: ["RowKey", "UploadedAt"], cancellationToken: ct))
            keys.Add((row.RowKey, row.GetString("UploadedAt") ?? ""));
        var page = new List<SecopExport>();
        foreach (var (rowKey, _) in keys.OrderByDescending(k => k.UploadedAt, StringComparer.Ordinal)
                     .ThenByDescending(k => k.RowKey, StringComparer.Ordinal).Skip(Math.Max(0, skip)).Take(Math.Max(0, take)))
        {
            var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition, rowKey, cancellationToken: ct);
            if (row.HasValue) page.Add(Read(row.Value!));
        }
        return page;
    }

    static TableEntity Row(SecopExport export)
    {
        var row = new TableEntity(Partition, TableKeys.Encode(export.ExportId))
        {
            ["Status"] = export.Status,
            ["UploadedAt"] = export.UploadedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            ["EntityNit"] = export.EntityNit,
        };
        EntityJson.Write(row, JsonSerializer.Serialize(Fitting(export), Json));
        return row;
    }

    /// <summary>
    /// A file with tens of thousands of bad rows would not fit in a row: keep the first row errors and say how many
    /// more there were (the uploaded file itself is kept whole in the file store).
    /// </summary>
    internal static SecopExport Fitting(SecopExport export)
    {
        var kept = export;
        for (var n = export.Errors.Count / 2; !EntityJson.Fits(JsonSerializer.Serialize(kept, Json)) && n >= 0; n = n == 0 ? -1 : n / 2)
            kept = export with { Errors = [.. export.Errors.Take(n), new RowError(0, null, $"… y {export.Errors.Count - n} errores más que no se guardaron.")] };
        return kept;
    }

    static SecopExport Read(TableEntity row) =>
        JsonSerializer.Deserialize<SecopExport>(EntityJson.Read(row), Json) ?? throw new InvalidDataException("Empty export JSON.");
}
