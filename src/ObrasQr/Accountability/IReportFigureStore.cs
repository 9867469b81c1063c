namespace ObrasQr.Accountability;

/// <summary>
/// The figures kept per entity and month of receipt: one <see cref="ReportFact"/> per report, so that the statistics,
/// the semiannual report and the desk's counts never read every report (issue 27). SQLite or Azure Tables; both run
/// the same tests.
/// </summary>
public interface IReportFigureStore
{
    /// <summary>
    /// Sets each report's fact in its entity's month, keyed by report id, unless that month already holds the report at
    /// the same or a newer version: a retried or late write changes nothing. When something changed, the change stamp
    /// changes too (after the facts).
    /// </summary>
    Task RecordAsync(IReadOnlyCollection<ReportFact> facts, CancellationToken ct = default);

    /// <summary>Every fact of one entity, all its months (reports with no entity under null).</summary>
    Task<IReadOnlyList<ReportFact>> OfEntityAsync(string? entityNit, CancellationToken ct = default);

    /// <summary>Every fact of every entity: a scan, for background jobs only (the national roll-up).</summary>
    Task<IReadOnlyList<ReportFact>> AllAsync(CancellationToken ct = default);

    /// <summary>A value that changes whenever a fact does; null before the first.</summary>
    Task<string?> ChangeStampAsync(CancellationToken ct = default);

    /// <summary>The national roll-up last saved, or null before the first.</summary>
    Task<NationalFigures?> ReadNationalAsync(CancellationToken ct = default);

    Task SaveNationalAsync(NationalFigures figures, CancellationToken ct = default);
}
