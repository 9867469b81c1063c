using Azure;
using Azure.Data.Tables;
using ObrasQr.Secop;

namespace ObrasQr.AzureStorage.Migrations;

/// <summary>
/// Moves the uploads kept the old way (table "exports", every one in the partition "exports", RowKey = export id) to
/// their keys per entity (<see cref="AzureExportStore"/>, docs/azure-tables.md): the row in "e_{nit}" or "all", its
/// pointers by id and in the national list, and one in "pending" while not imported. Each old row is deleted once
/// its new rows are written, so a second run finds nothing to move; a run cut short is finished by the next (the
/// writes are upserts of the same rows).
/// </summary>
public static class ExportsPerEntityMigration
{
    const string OldPartition = "exports";

    /// <summary>The rows written.</summary>
    public static async Task<int> RunAsync(AzureStore store, CancellationToken ct)
    {
        var table = store.Table(AzureStore.Exports);
        var written = 0;
        // A whole old partition, read once by this one-off job, never on a request.
        await foreach (var old in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {OldPartition}"), cancellationToken: ct))
        {
            var export = AzureExportStore.Read(old);
            List<TableEntity> rows =
            [
                AzureExportStore.Row(export),
                AzureExportStore.Pointer(AzureExportStore.ById, TableKeys.Encode(export.ExportId), export),
                AzureExportStore.Pointer(AzureExportStore.National, AzureExportStore.RowOf(export), export),
            ];
            if (export.Status == ExportStatus.Pending) rows.Add(AzureExportStore.PendingPointer(export));
            foreach (var row in rows) await table.UpsertEntityAsync(row, TableUpdateMode.Replace, ct);
            written += rows.Count;
            try { await table.DeleteEntityAsync(old.PartitionKey, old.RowKey, ETag.All, ct); }
            catch (RequestFailedException e) when (e.Status == 404) { }
        }
        return written;
    }
}
