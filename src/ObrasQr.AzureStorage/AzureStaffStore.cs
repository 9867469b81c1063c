using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using ObrasQr.Staff;

namespace ObrasQr.AzureStorage;

/// <summary>
/// Tables "staff" (accounts by id, and one row per e-mail that makes e-mails unique), "staffsessions" (by the token's
/// hash) and "staffchanges" (newest first). Design: docs/azure-tables.md.
/// </summary>
public sealed class AzureStaffStore(AzureStore store) : IStaffStore
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    const string Members = "member";
    const string Emails = "email";
    const string Log = "log";
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

    public async Task UpdateAsync(StaffMember member, CancellationToken ct = default)
    {
        try
        {
            await staff.UpdateEntityAsync(Row(Members, member.Id, member), ETag.All, TableUpdateMode.Replace, ct);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Like the embedded store: an unknown account changes nothing.
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

    public async Task LogAsync(StaffChange change, CancellationToken ct = default) =>
        await changes.AddEntityAsync(Row(Log, TableKeys.NewestFirst(change.At) + "_" + Guid.NewGuid().ToString("N"), change), ct);

    public async Task<IReadOnlyList<StaffChange>> ChangesAsync(int limit, CancellationToken ct = default)
    {
        var found = new List<StaffChange>();
        if (limit <= 0) return found;
        await foreach (var row in changes.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Log}"), maxPerPage: Math.Min(limit, 1000), cancellationToken: ct))
        {
            found.Add(JsonSerializer.Deserialize<StaffChange>(EntityJson.Read(row), Json)!);
            if (found.Count == limit) break;
        }
        return found;
    }

    static TableEntity Row<T>(string partition, string row, T value)
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
