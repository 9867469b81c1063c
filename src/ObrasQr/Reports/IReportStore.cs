namespace ObrasQr.Reports;

/// <summary>Where reports and, apart, their reporters' identities are kept (SQLite or Azure Tables; one contract test
/// suite in tests/ObrasQr.Tests/Storage runs against both).</summary>
public interface IReportStore
{
    /// <summary>
    /// Stores a report durably, with the reporter's identity apart. When a report with the same idempotency key
    /// exists, stores nothing of the new one but its tracking-code hash, which from then on also finds the existing
    /// report (a retry whose first answer was lost still gets a working code), and returns the existing report.
    /// Attempts with one key carry one report id (<see cref="ReportIntake.ReportIdOf"/>); when they store at once, one
    /// report is stored and every attempt is answered with it, whichever attempt's content it holds.
    /// </summary>
    Task<Report> AddAsync(Report report, ReporterIdentity? identity, CancellationToken ct = default);

    Task<Report?> FindAsync(string reportId, CancellationToken ct = default);

    /// <summary>The report whose own tracking-code hash, or the hash registered by one of its retries, is this one.</summary>
    Task<Report?> FindByTrackingHashAsync(string trackingCodeHash, CancellationToken ct = default);

    Task<ReporterIdentity?> FindIdentityAsync(string reportId, CancellationToken ct = default);

    /// <summary>Reports matching the query, newest first, keyset-paged by (ReceivedAt, ReportId).</summary>
    Task<IReadOnlyList<Report>> ListAsync(ReportQuery query, CancellationToken ct = default);

    /// <summary>How many reports citizens have filed about a contract (shown on its page).</summary>
    Task<int> CountForContractAsync(string contractId, CancellationToken ct = default);

    /// <summary>Replaces a report if its version is still <paramref name="expectedVersion"/>; false otherwise.</summary>
    Task<bool> UpdateAsync(Report report, int expectedVersion, CancellationToken ct = default);
}

/// <param name="ByStatus">Reports in each status; a status without reports may be missing.</param>
/// <param name="Overdue">Open reports whose deadline passed (<see cref="Report.IsOverdue"/>).</param>
public sealed record ReportCounts(IReadOnlyDictionary<string, int> ByStatus, int Overdue)
{
    public int Of(string status) => ByStatus.GetValueOrDefault(status);
    public int Total => ByStatus.Values.Sum();
}
