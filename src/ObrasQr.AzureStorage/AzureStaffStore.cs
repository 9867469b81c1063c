using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using ObrasQr.Staff;

namespace ObrasQr.AzureStorage;

/// <summary>
/// Tables "staff" (accounts by id, and one row per e-mail that makes e-mails unique), "staffsessions" (by the token's
/// hash) and "staffchanges" (newest first, the whole log and each entity's). Design: docs/azure-tables.md.
/// </summary>
public sealed class AzureStaffStore(AzureStore store) : IStaffStore
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    const string Members = "member";
    const string Emails = "email";
    const string Failures = "signinfailures";
    readonly TableClient staff = store.Table(AzureStore.Staff);
    readonly TableClient sessions = store.Table(AzureStore.StaffSessions);
    readonly TableClient changes = store.Table(AzureStore.StaffChanges);

    public async Task<bool> AddAsync(StaffMember member, CancellationToken ct = default)
    {
        try
        {
            // The e-mail row first: its insert is what refuses a taken address.
            await staff.AddEntityAsync(new TableEntity(Emails, TableKeys.Encode(member.Key)) { ["MemberId"] = member.Id }, ct);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
        await staff.UpsertEntityAsync(Row(Members, member.Id, member), TableUpdateMode.Replace, ct);
        return true;
    }

    public async Task<StaffMember?> FindAsync(string id, CancellationToken ct = default) =>
        await ReadAsync<StaffMember>(staff, Members, TableKeys.Encode(id), ct);

    public async Task<StaffMember?> FindByEmailAsync(string email, CancellationToken ct = default)
    {
        var key = StaffMember.EmailKey(email);
        if (key.Length == 0) return null;
        var row = await staff.GetEntityIfExistsAsync<TableEntity>(Emails, TableKeys.Encode(key), cancellationToken: ct);
        return row.HasValue && row.Value!.GetString("MemberId") is { } id ? await FindAsync(id, ct) : null;
    }

    public async Task<IReadOnlyList<StaffMember>> ListAsync(CancellationToken ct = default)
    {
        var all = new List<StaffMember>();
        await foreach (var row in staff.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Members}"), cancellationToken: ct))
            all.Add(JsonSerializer.Deserialize<StaffMember>(EntityJson.Read(row), Json)!);
        return [.. all.OrderBy(m => m.Key, StringComparer.Ordinal)];
    }

    public async Task<(StaffMember Member, string Version)?> FindForChangeAsync(string id, CancellationToken ct = default)
    {
        var found = await staff.GetEntityIfExistsAsync<TableEntity>(Members, TableKeys.Encode(id), cancellationToken: ct);
        return found.HasValue ? (JsonSerializer.Deserialize<StaffMember>(EntityJson.Read(found.Value!), Json)!, found.Value!.ETag.ToString()) : null;
    }

    public async Task<bool> ReplaceAsync(StaffMember member, string version, CancellationToken ct = default)
    {
        try
        {
            await staff.UpdateEntityAsync(Row(Members, member.Id, member), new ETag(version), TableUpdateMode.Replace, ct);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            return false; // changed by someone else since it was read, or gone
        }
    }

    public async Task AddSessionAsync(StaffSession session, CancellationToken ct = default) =>
        await sessions.AddEntityAsync(Row(session.TokenHash, "", session), ct);

    public async Task<StaffSession?> FindSessionAsync(string tokenHash, CancellationToken ct = default) =>
        tokenHash.Length == 0 ? null : await ReadAsync<StaffSession>(sessions, TableKeys.Encode(tokenHash), "", ct);

    public async Task TouchSessionAsync(string tokenHash, DateTimeOffset lastSeenAt, CancellationToken ct = default)
    {
        if (await FindSessionAsync(tokenHash, ct) is not { } session) return;
        try
        {
            await sessions.UpdateEntityAsync(Row(tokenHash, "", session with { LastSeenAt = lastSeenAt }), ETag.All, TableUpdateMode.Replace, ct);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Signed out meanwhile: it stays ended.
        }
    }

    public async Task EndSessionAsync(string tokenHash, CancellationToken ct = default)
    {
        if (tokenHash.Length > 0) await sessions.DeleteEntityAsync(TableKeys.Encode(tokenHash), "", ETag.All, ct);
    }

    /// <summary>Read, then a write conditional on the read's ETag (an insert when there was none), again on a 412 or 409:
    /// a failure counted meanwhile by another request is never overwritten.</summary>
    public async Task<SignInFailures> CountFailureAsync(string key, DateTimeOffset at, TimeSpan window, CancellationToken ct = default)
    {
        var row = TableKeys.Encode(key);
        while (true)
        {
            var found = await staff.GetEntityIfExistsAsync<TableEntity>(Failures, row, cancellationToken: ct);
            try
            {
                if (!found.HasValue)
                {
                    await staff.AddEntityAsync(new TableEntity(Failures, row) { ["Count"] = 1, ["LastAt"] = at }, ct);
                    return new SignInFailures(1, at);
                }
                var current = found.Value!;
                var last = current.GetDateTimeOffset("LastAt") ?? at;
                var count = last <= at - window ? 1 : (current.GetInt32("Count") ?? 0) + 1;
                await staff.UpdateEntityAsync(new TableEntity(Failures, row) { ["Count"] = count, ["LastAt"] = at }, current.ETag, TableUpdateMode.Merge, ct);
                return new SignInFailures(count, at);
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412)
            {
                // Another failure was counted between the read and the write: count on top of it.
            }
        }
    }

    public async Task<SignInFailures?> FailuresAsync(string key, CancellationToken ct = default)
    {
        var found = await staff.GetEntityIfExistsAsync<TableEntity>(Failures, TableKeys.Encode(key), cancellationToken: ct);
        return found.HasValue && found.Value!.GetDateTimeOffset("LastAt") is { } last
            ? new SignInFailures(found.Value.GetInt32("Count") ?? 0, last) : null;
    }

    public async Task ClearFailuresAsync(string key, CancellationToken ct = default)
    {
        try { await staff.DeleteEntityAsync(Failures, TableKeys.Encode(key), ETag.All, ct); }
        catch (RequestFailedException e) when (e.Status == 404) { }
    }

    public async Task LogAsync(StaffChange change, CancellationToken ct = default)
    {
        // Every line in the whole log ("all", what unscoped admins read), and a line about an entity's account also in
        // that entity's log: each reading is one partition.
        var row = TableKeys.NewestFirst(change.At) + "_" + Guid.NewGuid().ToString("N");
        foreach (var partition in LogPartitions(change))
            await changes.AddEntityAsync(Row(partition, row, change), ct);
    }

    /// <summary>The log partitions a line belongs in: "all", and "e_{nit}" of the account's entity.</summary>
    internal static IEnumerable<string> LogPartitions(StaffChange change) =>
        change.EntityNit is null ? [WholeLog] : [WholeLog, EntityLog(change.EntityNit)];

    internal const string WholeLog = "all";

    internal static string EntityLog(string entityNit) => "e_" + entityNit;

    public async Task<IReadOnlyList<StaffChange>> ChangesAsync(int limit, string? entityNit = null, CancellationToken ct = default)
    {
        var found = new List<StaffChange>();
        if (limit <= 0) return found;
        var partition = TableKeys.Encode(entityNit is null ? WholeLog : EntityLog(entityNit));
        await foreach (var row in changes.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), maxPerPage: Math.Min(limit, 1000), cancellationToken: ct))
        {
            found.Add(JsonSerializer.Deserialize<StaffChange>(EntityJson.Read(row), Json)!);
            if (found.Count == limit) break;
        }
        return found;
    }

    internal static TableEntity Row<T>(string partition, string row, T value)
    {
        var entity = new TableEntity(TableKeys.Encode(partition), row.Length == 0 ? "" : TableKeys.Encode(row));
        EntityJson.Write(entity, JsonSerializer.Serialize(value, Json));
        return entity;
    }

    static async Task<T?> ReadAsync<T>(TableClient table, string partition, string row, CancellationToken ct) where T : class
    {
        var found = await table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: ct);
        return found.HasValue ? JsonSerializer.Deserialize<T>(EntityJson.Read(found.Value!), Json) : null;
    }
}
