using ObrasQr.Contracts;
using ObrasQr.Reports;
using ObrasQr.Secop;

namespace ObrasQr.Storage;

// The storage the core needs, small enough to implement on SQLite + a folder and on Azure Tables + Blobs.
// One contract test suite (tests/ObrasQr.Tests/Storage) runs against every implementation.

public interface IContractStore
{
    /// <summary>The latest version of a contract, or null.</summary>
    Task<ContractVersion?> FindAsync(string contractId, CancellationToken ct = default);

    /// <summary>Every version of a contract, oldest first.</summary>
    Task<IReadOnlyList<ContractVersion>> HistoryAsync(string contractId, CancellationToken ct = default);

    /// <summary>Latest versions ordered by contract id, after <paramref name="afterContractId"/> (keyset paging).</summary>
    Task<IReadOnlyList<ContractVersion>> ListAsync(bool publishedOnly, string? afterContractId, int take, CancellationToken ct = default);

    /// <summary>
    /// Appends a version and makes it the current one, atomically. Returns false, changing nothing, when that
    /// version number already exists (another writer got there first, or a rerun of the same import).
    /// </summary>
    Task<bool> AddVersionAsync(ContractVersion version, CancellationToken ct = default);

    /// <summary>The current version number, content hash, SECOP update stamp and source of each contract that exists
    /// among <paramref name="contractIds"/> (at most 1000 per call), in one round trip. Imports compare hashes with it.</summary>
    Task<IReadOnlyDictionary<string, ContractHead>> HeadsAsync(IReadOnlyCollection<string> contractIds, CancellationToken ct = default);

    /// <summary>
    /// Appends versions in order (at most 1000 per call), each with the rule of <see cref="AddVersionAsync"/>: one
    /// result per version, false where that version did not follow the current one. Each version is atomic (a contract
    /// is left at its old or its new version); implementations may also make the whole call atomic (SQLite does).
    /// Two versions of the same contract may follow each other in one call.
    /// </summary>
    Task<IReadOnlyList<bool>> AddVersionsAsync(IReadOnlyList<ContractVersion> versions, CancellationToken ct = default);

    Task<int> CountAsync(CancellationToken ct = default);
}

/// <summary>
/// The first request with this idempotency key is still being stored (or its writer died and the claim has not yet
/// expired): the retry cannot be answered with the report yet, and nothing was stored for it. Hosts answer 503 with
/// Retry-After, never a 500.
/// </summary>
public sealed class ReportStillStoringException(TimeSpan retryAfter) : Exception("A report with this idempotency key is still being stored.")
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}

public interface IReportStore
{
    /// <summary>
    /// Stores a report durably, with the reporter's identity apart. When a report with the same idempotency key
    /// exists, stores nothing of the new one but its tracking-code hash, which from then on also finds the existing
    /// report (a retry whose first answer was lost still gets a working code), and returns the existing report.
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

public interface IExportStore
{
    Task AddAsync(SecopExport export, CancellationToken ct = default);
    Task<SecopExport?> FindAsync(string exportId, CancellationToken ct = default);
    Task UpdateAsync(SecopExport export, CancellationToken ct = default);
    /// <summary>Uploads not yet imported, oldest first.</summary>
    Task<IReadOnlyList<SecopExport>> ListPendingAsync(CancellationToken ct = default);
}

/// <summary>Files by relative path: raw exports, report photos.</summary>
public interface IFileStore
{
    Task SaveAsync(string path, Stream content, CancellationToken ct = default);
    Task<Stream?> OpenReadAsync(string path, CancellationToken ct = default);
    Task DeleteAsync(string path, CancellationToken ct = default);
}

/// <summary>Small named values the sync keeps between runs: the SODA watermark and resume point, fingerprints of
/// imported files.</summary>
public interface ISyncStateStore
{
    Task<string?> GetAsync(string key, CancellationToken ct = default);
    /// <summary>Creates or replaces the value, durably.</summary>
    Task SetAsync(string key, string value, CancellationToken ct = default);
}

public interface IStorageHealth
{
    /// <summary>True when the records and files can be reached now.</summary>
    Task<bool> IsReachableAsync(CancellationToken ct = default);
}
