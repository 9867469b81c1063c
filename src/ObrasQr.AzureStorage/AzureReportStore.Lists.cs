using Azure.Data.Tables;
using ObrasQr.Reports;

namespace ObrasQr.AzureStorage;

/// <summary>
/// Lists and counts. Each first finds the partitions that may hold matches (a work's pointers, an entity's months or
/// the national months: one partition query), then queries those partitions only, with every filter on the service:
/// an entity's month partitions of "reports", or for staff of every entity the national copies in "reportindex", one
/// partition per month whatever the number of entities.
/// </summary>
public sealed partial class AzureReportStore
{
    /// <summary>Partition queries in flight at once when a list or a count spans many entity-months.</summary>
    const int ParallelQueries = 16;

    public async Task<IReadOnlyList<Report>> ListAsync(ReportQuery query, CancellationToken ct = default)
    {
        var conditions = Conditions(query);
        var (table, months) = await PartitionsAsync(query, ct);
        if (query.ByDeadline) return await ByDeadlineAsync(table, months.SelectMany(m => m.Partitions), conditions, query, ct);

        // Months newest first; within a month each entity's partition gives its newest rows and they are merged.
        var page = new List<Report>();
        foreach (var (_, partitions) in months)
        {
            var need = query.Take - page.Count;
            var found = await EachAsync(partitions, (partition, token) => NewestAsync(table, partition, conditions, query, need, token), ct);
            page.AddRange(Sorted([.. found.SelectMany(rows => rows)], need));
            if (page.Count >= query.Take) break;
        }
        return page;
    }

    /// <summary>
    /// The partition's newest <paramref name="need"/> matches after the keyset position. Rows come newest first; reports
    /// received in the same tick come in id order, so the read is cut only between ticks and sorted by the caller.
    /// </summary>
    async Task<List<Report>> NewestAsync(TableClient table, string partition, IReadOnlyList<string> conditions, ReportQuery query, int need, CancellationToken ct)
    {
        var (lowest, below) = TableKeys.ReportRange(query.From, query.To, query.After?.ReceivedAt);
        var filter = new List<string> { TableClient.CreateQueryFilter($"PartitionKey eq {partition}") };
        if (lowest is not null) filter.Add(TableClient.CreateQueryFilter($"RowKey ge {lowest}"));
        if (below is not null) filter.Add(TableClient.CreateQueryFilter($"RowKey lt {below}"));
        var rows = new List<Report>();
        string? lastTick = null;
        await foreach (var row in table.QueryAsync<TableEntity>(string.Join(" and ", filter.Concat(conditions)),
            maxPerPage: Math.Clamp(need * 2, 10, 1000), cancellationToken: ct))
        {
            var report = Read(row);
            if (query.After is { } after && report.ReceivedAt == after.ReceivedAt && string.CompareOrdinal(report.ReportId, after.ReportId) >= 0)
                continue;
            var tick = row.RowKey[..19];
            if (rows.Count >= need && tick != lastTick) break;
            rows.Add(report);
            lastTick = tick;
        }
        return rows;
    }

    /// <summary>
    /// Earliest deadline first. Rows are kept by date received, so this reads every row the filter matches in the
    /// partitions named (service-side filtered, but each one billed and sent: an entity's few thousand reports, some
    /// hundreds of KB, per page) and sorts them here. Kept because the desk asks it with its filters (often the open
    /// ones), not for bulk export.
    /// </summary>
    async Task<IReadOnlyList<Report>> ByDeadlineAsync(TableClient table, IEnumerable<string> partitions, IReadOnlyList<string> conditions, ReportQuery query, CancellationToken ct)
    {
        var after = query.After is { } position ? (Day(DateOnly.FromDateTime(position.ReceivedAt.UtcDateTime)), position.ReportId) : default((string, string)?);
        var found = await EachAsync(partitions, async (partition, token) =>
        {
            var matches = new List<Report>();
            var filter = string.Join(" and ", conditions.Prepend(TableClient.CreateQueryFilter($"PartitionKey eq {partition}")));
            await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: token))
            {
                var key = (Day: row.GetString("Deadline"), Id: row.GetString("ReportId"));
                if (after is { } a && (string.CompareOrdinal(key.Day, a.Item1) < 0 || (key.Day == a.Item1 && string.CompareOrdinal(key.Id, a.Item2) <= 0))) continue;
                matches.Add(Read(row));
            }
            return matches;
        }, ct);
        return [.. found.SelectMany(m => m).OrderBy(r => r.Deadline).ThenBy(r => r.ReportId, StringComparer.Ordinal).Take(query.Take)];
    }

    /// <summary>One query of the work's partition of pointers, selecting only the keys.</summary>
    public async Task<int> CountForContractAsync(string contractId, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(contractId)) return 0;
        var count = 0;
        await foreach (var _ in index.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {ReportKeys.Work(contractId)}"),
            select: ["RowKey"], cancellationToken: ct))
            count++;
        return count;
    }

    /// <summary>
    /// The partitions that may hold matches, by month newest first, and their table: a work's come from its pointers
    /// and an entity's from its months (partitions of "reports"); for every entity, the national months give the
    /// national copies' partitions (one per month, in "reportindex"). Months outside the query's dates are left out.
    /// </summary>
    async Task<(TableClient Table, List<(string Month, List<string> Partitions)> Months)> PartitionsAsync(ReportQuery query, CancellationToken ct)
    {
        var table = reports;
        var partitions = new HashSet<string>(StringComparer.Ordinal);
        if (query.ContractId is { } contractId)
        {
            if (contractId.Length == 0) return (table, []);
            await foreach (var row in index.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {ReportKeys.Work(contractId)}"),
                select: ["ReportPartition"], cancellationToken: ct))
                if (query.EntityNit is null || ReportKeys.EntityOf(row.GetString("ReportPartition")) == ReportKeys.Entity(query.EntityNit))
                    partitions.Add(row.GetString("ReportPartition"));
        }
        else if (query.EntityNit is { } entityNit)
        {
            await foreach (var month in RowKeysAsync(ReportKeys.EntityMonths(entityNit), ct))
                partitions.Add(ReportKeys.InMonth(ReportKeys.Entity(entityNit), month));
        }
        else
        {
            table = index;
            await foreach (var month in RowKeysAsync(ReportKeys.NationalMonths, ct))
                partitions.Add(ReportKeys.National(month));
        }

        var newest = new[] { query.To, query.ByDeadline ? null : query.After?.ReceivedAt }
            .Where(t => t is not null).Select(t => TableKeys.Month(t!.Value)).Min(StringComparer.Ordinal);
        var oldest = query.From is { } from ? TableKeys.Month(from) : null;
        return (table, [.. partitions
            .GroupBy(ReportKeys.MonthOf)
            .Where(m => (newest is null || string.CompareOrdinal(m.Key, newest) <= 0) && (oldest is null || string.CompareOrdinal(m.Key, oldest) >= 0))
            .OrderByDescending(m => m.Key, StringComparer.Ordinal)
            .Select(m => (m.Key, m.Order(StringComparer.Ordinal).ToList()))]);
    }

    async IAsyncEnumerable<string> RowKeysAsync(string partition, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var row in index.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), select: ["RowKey"], cancellationToken: ct))
            yield return row.RowKey;
    }

    /// <summary>The service-side filters of the query, besides the partition and the received-time range.</summary>
    static List<string> Conditions(ReportQuery query)
    {
        // The entity is the partition's; a work's reports are in partitions with other works' reports.
        var conditions = new List<string>();
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
        return conditions;
    }

    /// <summary>Runs the read on each partition, a bounded number at a time, and gives the results in partition order.</summary>
    static async Task<T[]> EachAsync<T>(IEnumerable<string> partitions, Func<string, CancellationToken, Task<T>> read, CancellationToken ct)
    {
        var list = partitions.ToList();
        var results = new T[list.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, list.Count), new ParallelOptions { MaxDegreeOfParallelism = ParallelQueries, CancellationToken = ct },
            async (i, token) => results[i] = await read(list[i], token));
        return results;
    }

    static List<Report> Sorted(List<Report> page, int take) =>
        [.. page.OrderByDescending(r => r.ReceivedAt).ThenByDescending(r => r.ReportId, StringComparer.Ordinal).Take(take)];

    /// <summary>"(Status eq 'recibido' or ...)": the domain's open statuses as a service-side filter.</summary>
    static readonly string OpenStatus = "(" + string.Join(" or ", ReportStatus.Open.Select(status => TableClient.CreateQueryFilter($"Status eq {status}"))) + ")";
}
