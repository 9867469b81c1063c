using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using ObrasQr.Mail;
using ObrasQr.Reports;

namespace ObrasQr.AzureStorage;

/// <summary>
/// Table "reports": one partition per UTC month of receipt, RowKey = received time newest first + report id, so the
/// auditors' desk reads in order and filters on the service. Table "reportindex": pointers by id, tracking hash and
/// idempotency key, written before the report and never changed, plus the list of months. The report row is the
/// commit point: a pointer to a missing report is one whose add failed, and reads treat it as not found. Report rows of
/// concurrent submissions of one month go out together as one entity group transaction (<see cref="EntityGroupWriter"/>).
/// Table "reporters": the reporter's identity, apart (Ley 1581). Details in docs/azure-tables.md.
/// </summary>
public sealed class AzureReportStore(AzureStore store, TimeProvider clock) : IReportStore
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    const string Pointer = "ptr";
    const string Months = "months";
    /// <summary>An idempotency claim whose report never appeared after this long is taken over (its writer died).</summary>
    static readonly TimeSpan AbandonedClaim = TimeSpan.FromMinutes(1);

    readonly TableClient reports = store.Table(AzureStore.Reports);
    readonly TableClient index = store.Table(AzureStore.ReportIndex);
    readonly TableClient reporters = store.Table(AzureStore.Reporters);
    readonly EntityGroupWriter reportRows = new(store.Table(AzureStore.Reports));
    readonly AzureMailOutbox outbox = new(store);
    readonly ConcurrentDictionary<string, bool> knownMonths = new(StringComparer.Ordinal);

    public async Task<Report> AddAsync(Report report, ReporterIdentity? identity, CancellationToken ct = default)
    {
        var at = new Location(TableKeys.Month(report.ReceivedAt), TableKeys.ReportRow(report.ReceivedAt, report.ReportId));
        if (report.IdempotencyKey is { } key && await ClaimAsync("idem_" + TableKeys.Digest(key), report.ReportId, at, ct) is { } earlier)
        {
            // The retry's own code finds the earlier report too: its first answer, with the first code, may be lost.
            var earlierAt = new Location(TableKeys.Month(earlier.ReceivedAt), TableKeys.ReportRow(earlier.ReceivedAt, earlier.ReportId));
            await AddPointerAsync("tracking_" + TableKeys.Encode(report.TrackingCodeHash), earlier.ReportId, earlierAt, ct);
            return earlier;
        }

        // Each of these rows is in a partition of its own (the pointers' and the identity's keys are per report), so
        // they cannot share a transaction: they go out together, and all of them are stored before the report row.
        await Task.WhenAll(
            AddPointerAsync("tracking_" + TableKeys.Encode(report.TrackingCodeHash), report.ReportId, at, ct),
            AddPointerAsync(IdPointer(report.ReportId), report.ReportId, at, ct),
            RememberMonthAsync(at.Partition, ct),
            StoreIdentityAsync(report.ReportId, identity, ct),
            // The auditors' notice: another table, so not in the report's transaction; before the commit point like
            // the rest. A crash before the report row leaves a notice about a report that does not exist: the sender
            // waits MailComposer.Grace for it, then drops it. So no stored report is ever left without its notice.
            outbox.AddAsync(OutboxMessage.ReportReceived(report), ct));
        // The commit point, grouped with the report rows of other submissions of the same month (one partition).
        if (await reportRows.AddAsync(Row(report, at)).WaitAsync(ct)) return report;
        return await ReadAsync(at, ct) ?? report; // a rerun of an add that had already stored the report
    }

    /// <summary>Before the report, so that a stored report always has the identity it was given (sealed by the caller).</summary>
    async Task StoreIdentityAsync(string reportId, ReporterIdentity? identity, CancellationToken ct)
    {
        if (identity is null) return;
        var row = new TableEntity(TableKeys.Encode(reportId), "identity");
        EntityJson.Write(row, JsonSerializer.Serialize(identity, Json));
        await reporters.UpsertEntityAsync(row, TableUpdateMode.Replace, ct);
    }

    /// <summary>
    /// The month's row in "months" is written once per process and month: rows there are never deleted, so one that
    /// this process has written is still there, and the other submissions of the month skip a round trip.
    /// </summary>
    async Task RememberMonthAsync(string month, CancellationToken ct)
    {
        if (knownMonths.ContainsKey(month)) return;
        await index.UpsertEntityAsync(new TableEntity(Months, month), TableUpdateMode.Merge, ct);
        knownMonths.TryAdd(month, true);
    }

    public async Task<Report?> FindAsync(string reportId, CancellationToken ct = default) =>
        await FollowAsync(IdPointer(reportId), ct);

    public async Task<Report?> FindByTrackingHashAsync(string trackingCodeHash, CancellationToken ct = default) =>
        await FollowAsync("tracking_" + TableKeys.Encode(trackingCodeHash), ct);

    public async Task<ReporterIdentity?> FindIdentityAsync(string reportId, CancellationToken ct = default)
    {
        var row = await reporters.GetEntityIfExistsAsync<TableEntity>(TableKeys.Encode(reportId), "identity", cancellationToken: ct);
        return row.HasValue ? JsonSerializer.Deserialize<ReporterIdentity>(EntityJson.Read(row.Value!), Json) : null;
    }

    public async Task<IReadOnlyList<Report>> ListAsync(ReportQuery query, CancellationToken ct = default)
    {
        var (lowest, below) = TableKeys.ReportRange(query.From, query.To, query.ByDeadline ? null : query.After?.ReceivedAt);
        var conditions = new List<string>();
        if (lowest is not null) conditions.Add(TableClient.CreateQueryFilter($"RowKey ge {lowest}"));
        if (below is not null) conditions.Add(TableClient.CreateQueryFilter($"RowKey lt {below}"));
        if (query.EntityNit is { } entityNit) conditions.Add(TableClient.CreateQueryFilter($"EntityNit eq {entityNit}"));
        if (query.ContractId is { } contractId) conditions.Add(TableClient.CreateQueryFilter($"ContractId eq {contractId}"));
        if (query.Status is { } status) conditions.Add(TableClient.CreateQueryFilter($"Status eq {status}"));
        if (query.Category is { } category) conditions.Add(TableClient.CreateQueryFilter($"Category eq {category}"));
        if (query.Categories is { } categories)
            conditions.Add("(" + string.Join(" or ", categories.Select(c => TableClient.CreateQueryFilter($"Category eq {c}"))) + ")");
        if (query.Open is { } open)
            conditions.Add("(" + string.Join(" or ", ReportStatus.Where(open).Select(s => TableClient.CreateQueryFilter($"Status eq {s}"))) + ")");
        if (query.OverdueOn is { } today)
            conditions.Add(TableClient.CreateQueryFilter($"Deadline lt {Day(today)}") + " and " + OpenStatus);
        if (query.DueBy is { } dueBy)
            conditions.Add(TableClient.CreateQueryFilter($"Deadline le {Day(dueBy)}") + " and " + OpenStatus);
        if (query.DueBy is not null && query.DueFrom is { } dueFrom)
            conditions.Add(TableClient.CreateQueryFilter($"Deadline ge {Day(dueFrom)}"));
        if (query.AssignedTo is { } assignedTo) conditions.Add(TableClient.CreateQueryFilter($"AssignedTo eq {assignedTo}"));
        if (query.ByDeadline) return await ByDeadlineAsync(conditions, query, ct);

        // Rows come newest first; reports received in the same tick come in id order, so a page is cut only between
        // ticks and sorted at the end, as the keyset (ReceivedAt desc, ReportId desc) asks.
        var page = new List<Report>();
        string? lastTick = null;
        foreach (var month in await MonthsAsync(query, ct))
        {
            var filter = string.Join(" and ", conditions.Prepend(TableClient.CreateQueryFilter($"PartitionKey eq {month}")));
            await foreach (var row in reports.QueryAsync<TableEntity>(filter, maxPerPage: Math.Clamp(query.Take * 2, 10, 1000), cancellationToken: ct))
            {
                var report = Read(row);
                if (query.After is { } after && report.ReceivedAt == after.ReceivedAt && string.CompareOrdinal(report.ReportId, after.ReportId) >= 0)
                    continue;
                var tick = row.RowKey[..19];
                if (page.Count >= query.Take && tick != lastTick) return Sorted(page, query.Take);
                page.Add(report);
                lastTick = tick;
            }
        }
        return Sorted(page, query.Take);
    }

    /// <summary>
    /// Earliest deadline first. Rows are kept by date received, so this reads every row the filter matches (service-side
    /// filtered, but each one billed and sent: an entity's few thousand reports, some hundreds of KB, per page) and
    /// sorts them here. Kept because the desk asks it with its filters (often the open ones), not for bulk export.
    /// </summary>
    async Task<IReadOnlyList<Report>> ByDeadlineAsync(List<string> conditions, ReportQuery query, CancellationToken ct)
    {
        var after = query.After is { } position ? (Day(DateOnly.FromDateTime(position.ReceivedAt.UtcDateTime)), position.ReportId) : default((string, string)?);
        var matches = new List<Report>();
        var filter = conditions.Count == 0 ? null : string.Join(" and ", conditions);
        await foreach (var row in reports.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: ct))
        {
            var key = (Day: row.GetString("Deadline"), Id: row.GetString("ReportId"));
            if (after is { } a && (string.CompareOrdinal(key.Day, a.Item1) < 0 || (key.Day == a.Item1 && string.CompareOrdinal(key.Id, a.Item2) <= 0))) continue;
            matches.Add(Read(row));
        }
        return [.. matches.OrderBy(r => r.Deadline).ThenBy(r => r.ReportId, StringComparer.Ordinal).Take(query.Take)];
    }

    /// <summary>
    /// A service-side filter over the month partitions selecting only the key: a city's reports number in the
    /// thousands, and the citizen page caches the count, so a counter row (and keeping it in step) is not worth it.
    /// </summary>
    public async Task<int> CountForContractAsync(string contractId, CancellationToken ct = default)
    {
        var count = 0;
        await foreach (var _ in reports.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"ContractId eq {contractId}"),
            select: ["PartitionKey"], cancellationToken: ct))
            count++;
        return count;
    }

    /// <summary>One service-side scan selecting only status and deadline, as <see cref="CountForContractAsync"/>: an
    /// entity's reports number in the thousands, and counter rows kept in step with every change are not worth it yet.</summary>
    public async Task<ReportCounts> CountAsync(string? entityNit, DateOnly today, CancellationToken ct = default)
    {
        var filter = entityNit is null ? null : TableClient.CreateQueryFilter($"EntityNit eq {entityNit}");
        var counts = new Dictionary<string, int>();
        var overdue = 0;
        var due = Day(today);
        await foreach (var row in reports.QueryAsync<TableEntity>(filter, select: ["Status", "Deadline"], cancellationToken: ct))
        {
            var status = row.GetString("Status");
            counts[status] = counts.GetValueOrDefault(status) + 1;
            if (ReportStatus.IsOpen(status) && string.CompareOrdinal(row.GetString("Deadline"), due) < 0) overdue++;
        }
        return new ReportCounts(counts, overdue);
    }

    public async Task<bool> UpdateAsync(Report report, int expectedVersion, CancellationToken ct = default)
    {
        if (await PointerAsync(IdPointer(report.ReportId), ct) is not { } at) return false;
        var current = await reports.GetEntityIfExistsAsync<TableEntity>(at.Partition, at.Row, select: ["Version"], cancellationToken: ct);
        if (!current.HasValue || current.Value!.GetInt32("Version") != expectedVersion) return false;
        // Before the change, for the same reason as a new report's notice; its id is the version the change makes, so
        // a change that loses the race leaves a notice that the winner's change (same version) fulfils.
        await outbox.AddAsync(OutboxMessage.ReportChanged(report), ct);
        try
        {
            await reports.UpdateEntityAsync(Row(report, at), current.Value.ETag, TableUpdateMode.Replace, ct);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            return false; // changed by someone else since it was read
        }
    }

    /// <summary>
    /// Claims an idempotency key for this report. Returns the report stored earlier under that key, or null when the
    /// claim is ours (or was already ours: a rerun).
    /// </summary>
    async Task<Report?> ClaimAsync(string partition, string reportId, Location at, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                await index.AddEntityAsync(PointerRow(partition, reportId, at), ct);
                return null;
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
            }
            var claim = await index.GetEntityIfExistsAsync<TableEntity>(partition, Pointer, cancellationToken: ct);
            if (!claim.HasValue) continue; // taken over and removed meanwhile: claim again
            if (claim.Value!.GetString("ReportId") == reportId) return null;
            if (await ReadAsync(LocationOf(claim.Value), ct) is { } earlier) return earlier;
            if (claim.Value.Timestamp is { } claimedAt && clock.GetUtcNow() - claimedAt < AbandonedClaim)
                return await AwaitClaimedAsync(LocationOf(claim.Value), ct);
            try
            {
                await index.DeleteEntityAsync(partition, Pointer, claim.Value.ETag, ct);
            }
            catch (RequestFailedException e) when (e.Status is 404 or 412)
            {
            }
        }
        throw new ReportStillStoringException(TimeSpan.FromSeconds(2)); // claimed and released by others three times in a row
    }

    /// <summary>
    /// A retry that arrives while the first request with its key is still storing the report (a phone that resent
    /// after a timeout) waits for that report, as the SQLite store's transaction makes it wait, instead of failing.
    /// </summary>
    async Task<Report> AwaitClaimedAsync(Location claimed, CancellationToken ct)
    {
        for (var attempt = 1; attempt <= 20; attempt++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20 * Math.Min(attempt, 10)), ct);
            if (await ReadAsync(claimed, ct) is { } stored) return stored;
        }
        // Still missing after ~3 s: its writer most likely died (kill, crash, scale-in). The claim is taken over once it
        // is older than AbandonedClaim; until then the client is told to come back, and nothing is stored twice.
        throw new ReportStillStoringException(TimeSpan.FromSeconds(10));
    }

    async Task AddPointerAsync(string partition, string reportId, Location at, CancellationToken ct)
    {
        try
        {
            await index.AddEntityAsync(PointerRow(partition, reportId, at), ct);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            var existing = await index.GetEntityAsync<TableEntity>(partition, Pointer, cancellationToken: ct);
            if (existing.Value.GetString("ReportId") != reportId)
                throw new InvalidOperationException($"Index row {partition} already points to another report.");
        }
    }

    async Task<Report?> FollowAsync(string partition, CancellationToken ct) =>
        await PointerAsync(partition, ct) is { } at ? await ReadAsync(at, ct) : null;

    async Task<Location?> PointerAsync(string partition, CancellationToken ct)
    {
        var row = await index.GetEntityIfExistsAsync<TableEntity>(partition, Pointer, cancellationToken: ct);
        return row.HasValue ? LocationOf(row.Value!) : null;
    }

    async Task<Report?> ReadAsync(Location at, CancellationToken ct)
    {
        var row = await reports.GetEntityIfExistsAsync<TableEntity>(at.Partition, at.Row, cancellationToken: ct);
        return row.HasValue ? Read(row.Value!) : null;
    }

    /// <summary>The month partitions that may hold matches, newest first.</summary>
    async Task<List<string>> MonthsAsync(ReportQuery query, CancellationToken ct)
    {
        var newest = new[] { query.To, query.After?.ReceivedAt }.Where(t => t is not null).Select(t => TableKeys.Month(t!.Value)).Min(StringComparer.Ordinal);
        var oldest = query.From is { } from ? TableKeys.Month(from) : null;
        var months = new List<string>();
        await foreach (var row in index.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Months}"), select: ["RowKey"], cancellationToken: ct))
            if ((newest is null || string.CompareOrdinal(row.RowKey, newest) <= 0) && (oldest is null || string.CompareOrdinal(row.RowKey, oldest) >= 0))
                months.Add(row.RowKey);
        months.Sort((a, b) => string.CompareOrdinal(b, a));
        return months;
    }

    static List<Report> Sorted(List<Report> page, int take) =>
        [.. page.OrderByDescending(r => r.ReceivedAt).ThenByDescending(r => r.ReportId, StringComparer.Ordinal).Take(take)];

    /// <summary>"(Status eq 'recibido' or ...)": the domain's open statuses as a service-side filter.</summary>
    static readonly string OpenStatus = "(" + string.Join(" or ", ReportStatus.Open.Select(status => TableClient.CreateQueryFilter($"Status eq {status}"))) + ")";

    static string IdPointer(string reportId) => "id_" + TableKeys.Encode(reportId);

    static TableEntity PointerRow(string partition, string reportId, Location at) => new(partition, Pointer)
    {
        ["ReportId"] = reportId,
        ["ReportPartition"] = at.Partition,
        ["ReportRow"] = at.Row,
    };

    static Location LocationOf(TableEntity pointer) => new(pointer.GetString("ReportPartition"), pointer.GetString("ReportRow"));

    static TableEntity Row(Report report, Location at)
    {
        var row = new TableEntity(at.Partition, at.Row)
        {
            ["ReportId"] = report.ReportId,
            ["ContractId"] = report.ContractId,
            ["EntityNit"] = report.EntityNit,
            ["Category"] = report.Category,
            ["Status"] = report.Status,
            ["Deadline"] = Day(report.Deadline),
            ["Version"] = report.Version,
            ["AssignedTo"] = report.AssignedTo,
        };
        EntityJson.Write(row, JsonSerializer.Serialize(report, Json));
        return row;
    }

    static Report Read(TableEntity row) =>
        JsonSerializer.Deserialize<Report>(EntityJson.Read(row), Json) ?? throw new InvalidDataException("Empty report JSON.");

    static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    readonly record struct Location(string Partition, string Row);
}
