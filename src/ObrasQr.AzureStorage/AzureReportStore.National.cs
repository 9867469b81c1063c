using Azure;
using Azure.Data.Tables;
using ObrasQr.Reports;

namespace ObrasQr.AzureStorage;

/// <summary>
/// The national index (docs/azure-tables.md, "reports"): a full copy of each report in the national partition of its
/// month of receipt (<see cref="ReportKeys.National"/>), under the report's RowKey, so the lists of staff of every entity
/// and Open311 read one partition per month and show what they read, with no point read per report. A copy and not a
/// pointer because a page of pointers costs a point read per report (50 for the desk, up to 1,000 for Open311); the
/// price is a second write when a report changes.
/// </summary>
public sealed partial class AzureReportStore
{
    /// <summary>
    /// After the commit point, like the work's pointer and for the same reason: a copy written before would list a
    /// report that was never stored (a writer that died before its report row), and nothing could tell it apart without
    /// a point read per row. A crash between the two leaves a stored report that the national lists miss until a retry
    /// with the same key or <see cref="Migrations.NationalReportIndexMigration"/> adds it.
    /// </summary>
    async Task AddNationalCopyAsync(Report report, Location at, CancellationToken ct)
    {
        try
        {
            await index.AddEntityAsync(NationalRow(report, at), ct);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // a rerun, or a change already copied it
        }
    }

    async Task<(int Version, ETag ETag)?> NationalCopyVersionAsync(Location at, CancellationToken ct)
    {
        var copy = await index.GetEntityIfExistsAsync<TableEntity>(ReportKeys.National(ReportKeys.MonthOf(at.Partition)), at.Row, select: ["Version"], cancellationToken: ct);
        return copy.HasValue ? (copy.Value!.GetInt32("Version") ?? 0, copy.Value.ETag) : null;
    }

    /// <summary>
    /// After a change of the report row: the copy takes the new version unless it already holds a newer one. Two
    /// changes of one report that commit one after the other may write their copies in either order, so the copy is
    /// replaced only with the ETag of a version older than this one. A missing copy (a report stored before the index,
    /// or whose add died after its commit point) is added. A crash before this leaves the copy one change behind until
    /// the next change or a run of <see cref="Migrations.NationalReportIndexMigration"/>.
    /// </summary>
    async Task KeepNationalCopyAsync(Report report, Location at, (int Version, ETag ETag)? copy, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (copy is { } held && held.Version >= report.Version) return;
            try
            {
                if (copy is { } older) await index.UpdateEntityAsync(NationalRow(report, at), older.ETag, TableUpdateMode.Replace, ct);
                else await index.AddEntityAsync(NationalRow(report, at), ct);
                return;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412)
            {
                // another change wrote the copy meanwhile: read it again
            }
            copy = await NationalCopyVersionAsync(at, ct);
        }
    }

    /// <summary>The report's row as stored, in the national partition of its month.</summary>
    static TableEntity NationalRow(Report report, Location at)
    {
        var row = Row(report, at);
        row.PartitionKey = ReportKeys.National(ReportKeys.MonthOf(at.Partition));
        return row;
    }
}
