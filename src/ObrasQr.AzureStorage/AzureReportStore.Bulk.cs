using Azure.Data.Tables;
using ObrasQr.Reports;

namespace ObrasQr.AzureStorage;

public sealed partial class AzureReportStore
{
    /// <summary>
    /// Stores many reports at once for a benchmark (bench/azure-ops): report rows in transactions of up to 100 per
    /// entity-month partition, the works' pointers per work, the national copies per month and the month index rows. It writes no id, tracking-code
    /// or identity pointers (one partition each, a request per report): seeded reports are listed, counted and paged
    /// like any other, but not found by id or tracking code. Not for real data: <see cref="AddAsync"/> is.
    /// </summary>
    public async Task AddManyForBenchAsync(IReadOnlyList<Report> many, CancellationToken ct = default)
    {
        var rows = many.Select(r => Row(r, LocationOf(r))).GroupBy(r => r.PartitionKey);
        var pointers = many.GroupBy(r => ReportKeys.Work(r.ContractId), r => PointerRow(ReportKeys.Work(r.ContractId), TableKeys.Encode(r.ReportId), r.ReportId, LocationOf(r)));
        var copies = many.Select(r => NationalRow(r, LocationOf(r))).GroupBy(r => r.PartitionKey);
        var months = many.Select(r => (Entity: r.EntityNit, Month: TableKeys.Month(r.ReceivedAt))).Distinct()
            .Select(m => new TableEntity(ReportKeys.EntityMonths(m.Entity), m.Month))
            .Concat(many.Select(r => TableKeys.Month(r.ReceivedAt)).Distinct().Select(month => new TableEntity(ReportKeys.NationalMonths, month)))
            .GroupBy(r => r.PartitionKey);
        await InTransactionsAsync(reports, rows.Select(g => g.AsEnumerable()), ct);
        await InTransactionsAsync(index, pointers.Select(g => g.AsEnumerable()).Concat(copies.Select(g => g.AsEnumerable())).Concat(months.Select(g => g.AsEnumerable())), ct);
    }

    static async Task InTransactionsAsync(TableClient table, IEnumerable<IEnumerable<TableEntity>> partitions, CancellationToken ct) =>
        await Parallel.ForEachAsync(partitions.SelectMany(p => p.Chunk(100)), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct },
            async (chunk, token) => await table.SubmitTransactionAsync(chunk.Select(row => new TableTransactionAction(TableTransactionActionType.UpsertReplace, row)), token));
}
