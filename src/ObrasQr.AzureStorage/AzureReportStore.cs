using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using ObrasQr.Mail;
using ObrasQr.Reports;

namespace ObrasQr.AzureStorage;

/// <summary>
/// Table "reports": one partition per entity and UTC month of receipt (<see cref="ReportKeys"/>), RowKey = received
/// time newest first + report id, so the auditors' desk reads in order and filters on the service. Table "reportindex":
/// pointers by id, tracking hash and idempotency key, written before the report and never changed; the months that have
/// reports, per entity and for the whole store; and, written once the report is stored, a pointer per report in its
/// work's partition and a copy of it in the national partition of its month (kept when the report changes). The report row is the commit point: a pointer to a missing report is one whose add failed, and
/// reads treat it as not found. Report rows of concurrent submissions of one entity and month go out together as one
/// entity group transaction (<see cref="EntityGroupWriter"/>). Table "reporters": the reporter's identity, apart
/// (Ley 1581). Every query names its partition. Details in docs/azure-tables.md.
/// </summary>
public sealed partial class AzureReportStore(AzureStore store) : IReportStore
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    const string Pointer = "ptr";

    readonly TableClient reports = store.Table(AzureStore.Reports);
    readonly TableClient index = store.Table(AzureStore.ReportIndex);
    readonly TableClient reporters = store.Table(AzureStore.Reporters);
    readonly EntityGroupWriter reportRows = new(store.Table(AzureStore.Reports));
    readonly AzureMailOutbox outbox = new(store);
    readonly ConcurrentDictionary<string, bool> knownMonths = new(StringComparer.Ordinal);

    public async Task<Report> AddAsync(Report report, ReporterIdentity? identity, CancellationToken ct = default)
    {
        var at = LocationOf(report);
        if (report.IdempotencyKey is { } key)
        {
            (report, at, var earlier) = await ClaimAsync("idem_" + TableKeys.Digest(key), report, ct);
            if (earlier is not null)
            {
                // The retry's own code finds the earlier report too: its first answer, with the first code, may be lost.
                await Task.WhenAll(
                    AddPointerAsync("tracking_" + TableKeys.Encode(report.TrackingCodeHash), earlier.ReportId, at, ct),
                    // in case the first add died just after its commit point
                    AddWorkPointerAsync(earlier, at, ct),
                    AddNationalCopyAsync(earlier, at, ct));
                return earlier;
            }
        }

        // Each of these rows is in a partition of its own (the pointers' and the identity's keys are per report), so
        // they cannot share a transaction: they go out together, and all of them are stored before the report row.
        // Every attempt with one key writes its own tracking pointer to the claim's row before that row's commit, so
        // whichever attempt's row is stored, the code each attempt answered with finds it.
        await Task.WhenAll(
            AddPointerAsync("tracking_" + TableKeys.Encode(report.TrackingCodeHash), report.ReportId, at, ct),
            AddPointerAsync(IdPointer(report.ReportId), report.ReportId, at, ct),
            RememberMonthAsync(report.EntityNit, at.Partition, ct),
            StoreIdentityAsync(report.ReportId, identity, ct),
            // The auditors' notice: another table, so not in the report's transaction; before the commit point like
            // the rest. A crash before the report row leaves a notice about a report that does not exist: the sender
            // waits MailComposer.Grace for it, then drops it. So no stored report is ever left without its notice.
            outbox.AddAsync(OutboxMessage.ReportReceived(report), ct));
        // The commit point, grouped with the report rows of other submissions of the same entity and month. Attempts
        // with one key write the same row (same keys): one stores it, the others find it here.
        var stored = await reportRows.AddAsync(Row(report, at)).WaitAsync(ct)
            ? report
            : await ReadAsync(at, ct) ?? report;
        await Task.WhenAll(AddWorkPointerAsync(stored, at, ct), AddNationalCopyAsync(stored, at, ct));
        return stored;
    }

    /// <summary>
    /// After the commit point, so that the work's count never counts a report that was not stored. A crash between the
    /// two leaves a stored report that its work's page does not count yet: a retry with the same key, or the
    /// <see cref="Migrations.ReportKeysMigration"/> (which adds missing pointers), puts it back.
    /// </summary>
    async Task AddWorkPointerAsync(Report report, Location at, CancellationToken ct)
    {
        try
        {
            await index.AddEntityAsync(PointerRow(ReportKeys.Work(report.ContractId), TableKeys.Encode(report.ReportId), report.ReportId, at), ct);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // a rerun: the pointer is there
        }
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
    /// The month's row in the entity's months and in the national months are written once per process (per entity and
    /// month, and per month): rows there are never deleted, so rows that this process has written are still there, and
    /// the other submissions of the month skip the round trip.
    /// </summary>
    async Task RememberMonthAsync(string? entityNit, string partition, CancellationToken ct)
    {
        var month = ReportKeys.MonthOf(partition);
        await Task.WhenAll(
            RememberOnceAsync(partition, ReportKeys.EntityMonths(entityNit), month, ct),
            RememberOnceAsync(ReportKeys.NationalMonths + "/" + month, ReportKeys.NationalMonths, month, ct)); // "/" never is in a key
    }

    async Task RememberOnceAsync(string known, string partition, string month, CancellationToken ct)
    {
        if (knownMonths.ContainsKey(known)) return;
        await index.UpsertEntityAsync(new TableEntity(partition, month), TableUpdateMode.Merge, ct);
        knownMonths.TryAdd(known, true);
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

    public async Task<bool> UpdateAsync(Report report, int expectedVersion, CancellationToken ct = default)
    {
        if (await PointerAsync(IdPointer(report.ReportId), ct) is not { } at) return false;
        // The national copy's version and ETag are read with the row (no extra round trip), to keep it after the change.
        var copyRead = NationalCopyVersionAsync(at, ct);
        var current = await reports.GetEntityIfExistsAsync<TableEntity>(at.Partition, at.Row, select: ["Version"], cancellationToken: ct);
        var copy = await copyRead;
        if (!current.HasValue || current.Value!.GetInt32("Version") != expectedVersion) return false;
        // Before the change, for the same reason as a new report's notice; its id is the version the change makes, so
        // a change that loses the race leaves a notice that the winner's change (same version) fulfils.
        await outbox.AddAsync(OutboxMessage.ReportChanged(report), ct);
        try
        {
            await reports.UpdateEntityAsync(Row(report, at), current.Value.ETag, TableUpdateMode.Replace, ct);
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            return false; // changed by someone else since it was read
        }
        await KeepNationalCopyAsync(report, at, copy, ct);
        return true;
    }

    /// <summary>
    /// Claims an idempotency key for this report: the claim records where the report goes (its id, partition and row
    /// key, which holds its received time to the tick), and it is never taken over nor removed. Every attempt with the
    /// key stores the report there: the first to claim it under its own location; any other (a retry, or a rerun of the
    /// add) under the claim's, as received at the claimed time. Returns the report as this attempt stores it, where,
    /// and the report already stored there if there is one. An attempt that finds the claim and no report yet (its
    /// first attempt is still storing it, or died) does not wait: it writes the same row from its own content, and
    /// whichever row add comes second finds the first one's report (409). Nothing waits on a dead writer, and nothing
    /// is stored twice.
    /// </summary>
    async Task<(Report Report, Location At, Report? Earlier)> ClaimAsync(string partition, Report report, CancellationToken ct)
    {
        var at = LocationOf(report);
        try
        {
            await index.AddEntityAsync(PointerRow(partition, report.ReportId, at), ct);
            return (report, at, null);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
        }
        var claim = (await index.GetEntityAsync<TableEntity>(partition, Pointer, cancellationToken: ct)).Value;
        var claimed = LocationOf(claim);
        if (await ReadAsync(claimed, ct) is { } earlier) return (report, claimed, earlier);
        // A claim made before ids came from keys names a report id of its own: the row is that report's all the same.
        var mine = report.ReceivedOn(TableKeys.ReceivedAtOf(claimed.Row)) with { ReportId = claim.GetString("ReportId") };
        return (mine, claimed, null);
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

    static string IdPointer(string reportId) => "id_" + TableKeys.Encode(reportId);

    static TableEntity PointerRow(string partition, string reportId, Location at) => PointerRow(partition, Pointer, reportId, at);

    static TableEntity PointerRow(string partition, string rowKey, string reportId, Location at) => new(partition, rowKey)
    {
        ["ReportId"] = reportId,
        ["ReportPartition"] = at.Partition,
        ["ReportRow"] = at.Row,
    };

    static Location LocationOf(Report report) =>
        new(ReportKeys.Partition(report.EntityNit, report.ReceivedAt), TableKeys.ReportRow(report.ReceivedAt, report.ReportId));

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
