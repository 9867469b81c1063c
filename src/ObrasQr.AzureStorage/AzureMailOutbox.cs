using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using ObrasQr.Mail;

namespace ObrasQr.AzureStorage;

/// <summary>
/// Table "mailoutbox": one partition, RowKey = the notice's id, Pending and DueAt for the sender's filter, the notice as
/// JSON. A row is added once (a second add of the same id is refused by the service: at most one notice per id).
/// </summary>
public sealed class AzureMailOutbox(AzureStore store) : IMailOutbox
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    const string Partition = "outbox";
    readonly TableClient table = store.Table(AzureStore.MailOutbox);

    public Task EnqueueAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken ct = default) =>
        Task.WhenAll(messages.Select(m => AddAsync(m, ct)));

    /// <summary>One notice; already there is fine (a rerun of the step that wrote it).</summary>
    public async Task AddAsync(OutboxMessage message, CancellationToken ct = default)
    {
        try { await table.AddEntityAsync(Row(message with { SentAt = null }), ct); }
        catch (RequestFailedException e) when (e.Status == 409) { }
    }

    public async Task<IReadOnlyList<OutboxMessage>> DueAsync(DateTimeOffset now, int take, CancellationToken ct = default)
    {
        var due = new List<OutboxMessage>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and Pending eq {true} and DueAt le {now.UtcDateTime}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
            due.Add(Read(row));
        return [.. due.OrderBy(m => m.DueAt).ThenBy(m => m.Id, StringComparer.Ordinal).Take(take)];
    }

    public async Task<OutboxMessage?> FindAsync(string id, CancellationToken ct = default)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition, TableKeys.Encode(id), cancellationToken: ct);
        return row.HasValue ? Read(row.Value!) : null;
    }

    public Task MarkSentAsync(string id, DateTimeOffset at, string? note = null, CancellationToken ct = default) =>
        ChangeAsync(id, m => m with { SentAt = at, LastError = note }, ct);

    public Task MarkFailedAsync(string id, int attempts, DateTimeOffset nextAttempt, string error, CancellationToken ct = default) =>
        ChangeAsync(id, m => m with { Attempts = attempts, DueAt = nextAttempt, LastError = error }, ct);

    async Task ChangeAsync(string id, Func<OutboxMessage, OutboxMessage> change, CancellationToken ct)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition, TableKeys.Encode(id), cancellationToken: ct);
        if (!row.HasValue || Read(row.Value!) is not { SentAt: null } message) return;
        await table.UpdateEntityAsync(Row(change(message)), row.Value!.ETag, TableUpdateMode.Replace, ct);
    }

    static TableEntity Row(OutboxMessage message)
    {
        var row = new TableEntity(Partition, TableKeys.Encode(message.Id))
        {
            ["Pending"] = message.SentAt is null,
            ["DueAt"] = message.DueAt.UtcDateTime,
        };
        EntityJson.Write(row, JsonSerializer.Serialize(message, Json));
        return row;
    }

    static OutboxMessage Read(TableEntity row) => JsonSerializer.Deserialize<OutboxMessage>(EntityJson.Read(row), Json)!;
}
