using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using ObrasQr.Secop;

namespace ObrasQr.AzureStorage;

/// <summary>
/// Table "exports", keyed by the questions asked (docs/azure-tables.md): the uploads of one entity in its partition
/// "e_{nit}" ("all" for unscoped uploaders), newest first, so an office's list reads one partition; pointer rows by
/// export id ("id"), for the national list ("national", newest first) and for the sync ("pending", oldest first,
/// removed once imported).
/// </summary>
public sealed class AzureExportStore(AzureStore store) : IExportStore
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    internal const string Unscoped = "all";
    internal const string ById = "id";
    internal const string National = "national";
    internal const string Pending = "pending";
    readonly TableClient table = store.Table(AzureStore.Exports);

    /// <summary>The partition of an upload's own row.</summary>
    internal static string PartitionOf(string? entityNit) => entityNit is null ? Unscoped : TableKeys.Encode("e_" + entityNit);

    /// <summary>Newest first by upload time, then by id.</summary>
    internal static string RowOf(SecopExport export) => TableKeys.NewestFirst(export.UploadedAt) + "_" + TableKeys.Encode(export.ExportId);

    /// <summary>Oldest first by upload time, then by id: the order the sync imports them in.</summary>
    static string PendingRowOf(SecopExport export) =>
        TableKeys.Ticks(export.UploadedAt.UtcTicks) + "_" + TableKeys.Encode(export.ExportId);

    public async Task AddAsync(SecopExport export, CancellationToken ct = default)
    {
        // The pointers after the row they point at, the pending one last: whatever a reader finds resolves.
        await table.AddEntityAsync(Row(export), ct);
        await table.UpsertEntityAsync(Pointer(ById, TableKeys.Encode(export.ExportId), export), TableUpdateMode.Replace, ct);
        await table.UpsertEntityAsync(Pointer(National, RowOf(export), export), TableUpdateMode.Replace, ct);
        if (export.Status == ExportStatus.Pending)
            await table.UpsertEntityAsync(PendingPointer(export), TableUpdateMode.Replace, ct);
    }

    public async Task<SecopExport?> FindAsync(string exportId, CancellationToken ct = default)
    {
        var pointer = await table.GetEntityIfExistsAsync<TableEntity>(ById, TableKeys.Encode(exportId), cancellationToken: ct);
        return pointer.HasValue ? await ResolveAsync(pointer.Value!, ct) : null;
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
            return;
        }
        if (export.Status != ExportStatus.Pending)
        {
            try { await table.DeleteEntityAsync(Pending, PendingRowOf(export), ETag.All, ct); }
            catch (RequestFailedException e) when (e.Status == 404) { }
        }
    }

    public async Task<IReadOnlyList<SecopExport>> ListPendingAsync(CancellationToken ct = default)
    {
        var pending = new List<SecopExport>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Pending}");
        await foreach (var pointer in table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
            if (await ResolveAsync(pointer, ct) is { Status: ExportStatus.Pending } export) pending.Add(export);
        return pending;
    }

    public async Task<IReadOnlyList<SecopExport>> ListAsync(string? entityNit, int skip, int take, CancellationToken ct = default)
    {
        var page = new List<SecopExport>();
        if (take <= 0) return page;
        skip = Math.Max(0, skip);
        if (entityNit is not null)
        {
            // One entity: its own partition, already newest first.
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {PartitionOf(entityNit)}");
            var seen = 0;
            await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(skip + take, 1000), cancellationToken: ct))
            {
                if (seen++ < skip) continue;
                page.Add(Read(row));
                if (page.Count == take) break;
            }
            return page;
        }
        // Every upload: the national pointers, newest first; the page's own rows are then read one by one.
        var pointers = new List<TableEntity>();
        var national = TableClient.CreateQueryFilter($"PartitionKey eq {National}");
        await foreach (var pointer in table.QueryAsync<TableEntity>(national, maxPerPage: Math.Min(skip + take, 1000), cancellationToken: ct))
        {
            pointers.Add(pointer);
            if (pointers.Count == skip + take) break;
        }
        foreach (var pointer in pointers.Skip(skip))
            if (await ResolveAsync(pointer, ct) is { } export) page.Add(export);
        return page;
    }

    async Task<SecopExport?> ResolveAsync(TableEntity pointer, CancellationToken ct)
    {
        if (pointer.GetString("Partition") is not { } partition || pointer.GetString("Row") is not { } rowKey) return null;
        var row = await table.GetEntityIfExistsAsync<TableEntity>(partition, rowKey, cancellationToken: ct);
        return row.HasValue ? Read(row.Value!) : null;
    }

    internal static TableEntity Pointer(string partition, string rowKey, SecopExport export) => new(partition, rowKey)
    {
        ["Partition"] = PartitionOf(export.EntityNit),
        ["Row"] = RowOf(export),
    };

    internal static TableEntity Row(SecopExport export)
    {
        var row = new TableEntity(PartitionOf(export.EntityNit), RowOf(export))
        {
            ["Status"] = export.Status,
            ["UploadedAt"] = export.UploadedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            ["EntityNit"] = export.EntityNit,
        };
        EntityJson.Write(row, JsonSerializer.Serialize(Fitting(export), Json));
        return row;
    }

    internal static TableEntity PendingPointer(SecopExport export) => Pointer(Pending, PendingRowOf(export), export);

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

    internal static SecopExport Read(TableEntity row) =>
        JsonSerializer.Deserialize<SecopExport>(EntityJson.Read(row), Json) ?? throw new InvalidDataException("Empty export JSON.");
}
