using ObrasQr.Pages;

namespace ObrasQr.Server.Storage;

/// <summary>
/// The page stamp computed in one query from what the writers already keep: the current version, the sum of the
/// progress entries' versions (it grows with every entry added, corrected or deleted) and the act that withdrew the
/// work, if any (each withdrawal is a new act). Nothing to keep, so nothing to start.
/// </summary>
public sealed class SqlitePageStamps(SqliteDatabase db) : IPageStamps
{
    public Task<string?> ReadAsync(string contractId, CancellationToken ct = default)
    {
        using var connection = db.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT c.version
                || '|' || (SELECT COALESCE(SUM(p.version), 0) FROM progress_entries p WHERE p.contract_id = c.contract_id)
                || '|' || COALESCE((SELECT w.act_id FROM withdrawals w WHERE w.contract_id = c.contract_id), '')
            FROM contracts c WHERE c.contract_id = $id
            """;
        command.Parameters.AddWithValue("$id", contractId);
        return Task.FromResult(command.ExecuteScalar() as string);
    }

    public Task<string?> StartAsync(string contractId, CancellationToken ct = default) => Task.FromResult<string?>(null);
}
