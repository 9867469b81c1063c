using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using ObrasQr.Staff;

namespace ObrasQr.AzureStorage.Migrations;

/// <summary>
/// Moves the staff log kept the old way (table "staffchanges", every line in the partition "log") to its keys per
/// entity (<see cref="AzureStaffStore"/>, docs/azure-tables.md): each line in "all" and, when its account belongs to an
/// entity, in "e_{nit}", under the same RowKey (so its place in time is kept). Old lines do not say the account's
/// entity: it is the one the account has now (none when the account is gone). Each old row is deleted once its new
/// rows are written, so a second run finds nothing to move; a run cut short is finished by the next.
/// </summary>
public static class StaffLogPerEntityMigration
{
    const string OldPartition = "log";
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The rows written.</summary>
    public static async Task<int> RunAsync(AzureStore store, CancellationToken ct)
    {
        var table = store.Table(AzureStore.StaffChanges);
        var staff = new AzureStaffStore(store);
        var entities = new Dictionary<string, string?>(StringComparer.Ordinal);
        var written = 0;
        // A whole old partition, read once by this one-off job, never on a request.
        await foreach (var old in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {OldPartition}"), cancellationToken: ct))
        {
            var change = JsonSerializer.Deserialize<StaffChange>(EntityJson.Read(old), Json)!;
            if (change.EntityNit is null)
            {
                var key = StaffMember.EmailKey(change.MemberEmail);
                if (!entities.TryGetValue(key, out var entity))
                    entities[key] = entity = (await staff.FindByEmailAsync(change.MemberEmail, ct))?.EntityNit;
                change = change with { EntityNit = entity };
            }
            foreach (var partition in AzureStaffStore.LogPartitions(change))
            {
                await table.UpsertEntityAsync(AzureStaffStore.Row(partition, old.RowKey, change), TableUpdateMode.Replace, ct);
                written++;
            }
            try { await table.DeleteEntityAsync(old.PartitionKey, old.RowKey, ETag.All, ct); }
            catch (RequestFailedException e) when (e.Status == 404) { }
        }
        return written;
    }
}
