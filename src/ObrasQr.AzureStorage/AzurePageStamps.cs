using Azure;
using Azure.Data.Tables;
using ObrasQr.Pages;

namespace ObrasQr.AzureStorage;

/// <summary>
/// Each work's page stamp: RowKey "page" of its partition in table "contracts" (outside the version range "v".."w"
/// and apart from "current"), property "Stamp", a new random value at every change. A new version moves it in the
/// version's own transaction; a progress change or a withdrawal act moves it right after its own write (another
/// table), so a reader that read the stamp before that write sees it move at its next check. Works stored before
/// stamps have no row: their page is read in full, and its reader starts the row (<see cref="StartAsync"/>).
/// </summary>
public sealed class AzurePageStamps(AzureStore store) : IPageStamps
{
    const string RowKey = "page";
    const string StampProperty = "Stamp";
    readonly TableClient table = store.Table(AzureStore.Contracts);

    public async Task<string?> ReadAsync(string contractId, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(contractId)) return null;
        var row = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Encode(contractId), RowKey, select: [StampProperty], cancellationToken: ct);
        return row.HasValue ? row.Value!.GetString(StampProperty) : null;
    }

    /// <summary>Adds the row only when none exists: a writer that created it meanwhile (its change perhaps missed by the
    /// reader's page) wins with a 409, and the reader keeps no stamp.</summary>
    public async Task<string?> StartAsync(string contractId, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(contractId)) return null;
        var row = Moved(TableKeys.Encode(contractId));
        try
        {
            await table.AddEntityAsync(row, ct);
            return row.GetString(StampProperty);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return null;
        }
    }

    /// <summary>Moves a work's stamp after a change written elsewhere (progress, withdrawals): an upsert, so it never
    /// conflicts with another writer's move, and it creates the row for a work that had none.</summary>
    public async Task MoveAsync(string contractId, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(contractId)) return;
        await table.UpsertEntityAsync(Moved(TableKeys.Encode(contractId)), TableUpdateMode.Replace, ct);
    }

    /// <summary>The move as one action of a transaction in the work's partition (a new version).</summary>
    public static TableTransactionAction MoveIn(string partition) => new(TableTransactionActionType.UpsertReplace, Moved(partition));

    static TableEntity Moved(string partition) => new(partition, RowKey) { [StampProperty] = Guid.NewGuid().ToString("N") };
}
