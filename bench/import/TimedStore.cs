using System.Diagnostics;
using ObrasQr.Contracts;

namespace ObrasQr.Bench;

/// <summary>The real store, timing what the importer asks of it, to tell reading time from writing time.</summary>
sealed class TimedStore(IContractStore inner) : IContractStore
{
    public TimeSpan Heads { get; private set; }
    public TimeSpan Writes { get; private set; }
    public int HeadCalls { get; private set; }
    public int WriteCalls { get; private set; }

    public async Task<IReadOnlyDictionary<string, ContractHead>> HeadsAsync(IReadOnlyCollection<string> ids, CancellationToken ct = default)
    {
        var started = Stopwatch.GetTimestamp();
        try { return await inner.HeadsAsync(ids, ct); }
        finally { lock (this) { Heads += Stopwatch.GetElapsedTime(started); HeadCalls++; Trace("heads", ids.Count, started); } } // read from both sides of the import
    }

    public async Task<IReadOnlyList<bool>> AddVersionsAsync(IReadOnlyList<ContractVersion> versions, CancellationToken ct = default)
    {
        var started = Stopwatch.GetTimestamp();
        try { return await inner.AddVersionsAsync(versions, ct); }
        finally { lock (this) { Writes += Stopwatch.GetElapsedTime(started); WriteCalls++; Trace("write", versions.Count, started); } }
    }

    /// <summary>Each call on stderr with BENCH_TRACE=1: whether a call slows down as the store grows.</summary>
    static void Trace(string what, int count, long started)
    {
        if (Environment.GetEnvironmentVariable("BENCH_TRACE") == "1")
            Console.Error.WriteLine($"{what} {count}: {Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0} ms");
    }

    public Task RepairIndexAsync(IReadOnlyCollection<string> ids, CancellationToken ct = default) => inner.RepairIndexAsync(ids, ct);
    public Task<ContractVersion?> FindAsync(string id, CancellationToken ct = default) => inner.FindAsync(id, ct);
    public Task<IReadOnlyList<ContractVersion>> HistoryAsync(string id, CancellationToken ct = default) => inner.HistoryAsync(id, ct);
    public Task<IReadOnlyList<ContractVersion>> ListPublishedAsync(string? after, int take, CancellationToken ct = default) => inner.ListPublishedAsync(after, take, ct);
    public Task<IReadOnlyList<ContractVersion>> ListAllAsync(string? after, int take, CancellationToken ct = default) => inner.ListAllAsync(after, take, ct);
    public Task<IReadOnlyList<ContractVersion>> ListByEntityAsync(string nit, bool publishedOnly, string? after, int take, CancellationToken ct = default) =>
        inner.ListByEntityAsync(nit, publishedOnly, after, take, ct);
    public Task<string?> NationalStampAsync(CancellationToken ct = default) => inner.NationalStampAsync(ct);
    public Task<CatalogStamps> StampsAsync(CancellationToken ct = default) => inner.StampsAsync(ct);
    public Task<bool> AddVersionAsync(ContractVersion version, CancellationToken ct = default) => inner.AddVersionAsync(version, ct);
    public Task<int> CountAsync(CancellationToken ct = default) => inner.CountAsync(ct);
    public Task<RecentHistory?> RecentAsync(string id, int take, CancellationToken ct = default) => inner.RecentAsync(id, take, ct);
    public Task KeepFactsSummaryAsync(string id, ContractFactsSummary summary, CancellationToken ct = default) => inner.KeepFactsSummaryAsync(id, summary, ct);
    public Task KeepRowFingerprintsAsync(IReadOnlyList<RowFingerprintKept> rows, CancellationToken ct = default) => inner.KeepRowFingerprintsAsync(rows, ct);
    public Task<IReadOnlyList<ContractVersion>> VersionsBeforeAsync(string id, int beforeNumber, int take, CancellationToken ct = default) => inner.VersionsBeforeAsync(id, beforeNumber, take, ct);
}
