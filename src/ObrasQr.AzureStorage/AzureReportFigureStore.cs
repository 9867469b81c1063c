using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using ObrasQr.Accountability;

namespace ObrasQr.AzureStorage;

/// <summary>
/// Table "figures" (docs/azure-tables.md): PartitionKey the entity's NIT, RowKey "m{yyyyMM}" (month of receipt), the
/// month's facts as one JSON object by report id (split like <see cref="EntityJson"/>), replaced only on the ETag read.
/// Partition "_nacional", row "cambio": the change stamp. The national roll-up is the blob figures/national.json.
/// </summary>
public sealed class AzureReportFigureStore(AzureStore store) : IReportFigureStore
{
    const string National = "_nacional";
    const string StampRow = "cambio";
    const string NoEntity = "_sin-entidad";
    const int Attempts = 8;
    readonly TableClient table = store.Table(AzureStore.Figures);
    BlobClient NationalBlob => store.Files.GetBlobClient("figures/national.json");

    public static string PartitionOf(string? entityNit) => string.IsNullOrEmpty(entityNit) ? NoEntity : TableKeys.Encode(entityNit);

    public async Task RecordAsync(IReadOnlyCollection<ReportFact> facts, CancellationToken ct = default)
    {
        var changed = false;
        foreach (var month in facts.GroupBy(f => (Partition: PartitionOf(f.EntityNit), Row: "m" + f.Month)))
            changed |= await RecordMonthAsync(month.Key.Partition, month.Key.Row, [.. month], ct);
        if (changed)
        {
            var stamp = new TableEntity(National, StampRow) { ["Stamp"] = Guid.NewGuid().ToString("N") };
            await table.UpsertEntityAsync(stamp, TableUpdateMode.Replace, ct);
        }
    }

    /// <summary>Read, merge, write on the ETag read; another writer in between (412, or 409 for a new row) means again.</summary>
    async Task<bool> RecordMonthAsync(string partition, string row, IReadOnlyList<ReportFact> facts, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = await table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: ct);
            var month = current.HasValue ? Parse(current.Value!) : new Dictionary<string, ReportFact>(StringComparer.Ordinal);
            var changed = false;
            foreach (var fact in facts)
                if (!month.TryGetValue(fact.ReportId, out var kept) || kept.Version < fact.Version)
                {
                    month[fact.ReportId] = fact;
                    changed = true;
                }
            if (!changed) return false;
            var entity = new TableEntity(partition, row);
            EntityJson.Write(entity, JsonSerializer.Serialize(month.Values, FigureJson.Options));
            try
            {
                if (current.HasValue) await table.UpdateEntityAsync(entity, current.Value!.ETag, TableUpdateMode.Replace, ct);
                else await table.AddEntityAsync(entity, ct);
                return true;
            }
            catch (RequestFailedException e) when (e.Status is 412 or 409 && attempt < Attempts)
            {
            }
        }
    }

    /// <summary>One partition: the entity's months.</summary>
    public async Task<IReadOnlyList<ReportFact>> OfEntityAsync(string? entityNit, CancellationToken ct = default)
    {
        var facts = new List<ReportFact>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {PartitionOf(entityNit)}"), cancellationToken: ct))
            facts.AddRange(Parse(row).Values);
        return facts;
    }

    /// <summary>Every entity's months: a scan, allowed because only the roll-up's background job calls it.</summary>
    public async Task<IReadOnlyList<ReportFact>> AllAsync(CancellationToken ct = default)
    {
        var facts = new List<ReportFact>();
        await foreach (var row in table.QueryAsync<TableEntity>("RowKey ge 'm' and RowKey lt 'n'", cancellationToken: ct))
            facts.AddRange(Parse(row).Values);
        return facts;
    }

    public async Task<string?> ChangeStampAsync(CancellationToken ct = default)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(National, StampRow, cancellationToken: ct);
        return row.HasValue ? row.Value!.GetString("Stamp") : null;
    }

    public async Task<NationalFigures?> ReadNationalAsync(CancellationToken ct = default)
    {
        try
        {
            var content = await NationalBlob.DownloadContentAsync(ct);
            return content.Value.Content.ToObjectFromJson<NationalFigures>(FigureJson.Options);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task SaveNationalAsync(NationalFigures figures, CancellationToken ct = default) =>
        await NationalBlob.UploadAsync(BinaryData.FromObjectAsJson(figures, FigureJson.Options), overwrite: true, ct);

    static Dictionary<string, ReportFact> Parse(TableEntity row) =>
        (JsonSerializer.Deserialize<List<ReportFact>>(EntityJson.Read(row), FigureJson.Options) ?? []).ToDictionary(f => f.ReportId, StringComparer.Ordinal);
}
