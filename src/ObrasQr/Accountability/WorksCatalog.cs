using ObrasQr.Contracts;

namespace ObrasQr.Accountability;

/// <summary>
/// The published works with their facts, computed once per data version and day and shared by the index, the
/// statistics and the map. The store is asked again at most every <see cref="Freshness"/>: its list of (id, version)
/// is the data version; only works whose version changed have their history read and their facts computed again.
/// </summary>
public sealed class WorksCatalog(IContractStore contracts, TimeProvider clock)
{
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(30);
    const int PageSize = 1000;

    /// <summary>The works, flagged and overdue first; <paramref name="DataVersion"/> changes whenever any work or the day does.</summary>
    public sealed record Snapshot(long DataVersion, DateOnly Today, IReadOnlyList<WorkSummary> Works);

    Snapshot? current;
    long generation;
    int fingerprint;
    DateTimeOffset checkedAt;
    readonly SemaphoreSlim refreshing = new(1, 1);

    int refreshingInBackground;

    /// <summary>
    /// The current snapshot without asking the store (most requests): fresh, or of today and older than
    /// <see cref="Freshness"/>, in which case it is refreshed in the background and this request is not kept waiting
    /// (with 5,000 works a refresh reads them all; requests that waited for it made the index's slowest answers).
    /// </summary>
    public bool TryGetFresh(out Snapshot snapshot)
    {
        snapshot = current!;
        if (snapshot is null || snapshot.Today != ColombiaTime.Today(clock)) return false;
        if (clock.GetUtcNow() - checkedAt >= Freshness && Interlocked.Exchange(ref refreshingInBackground, 1) == 0)
            _ = Task.Run(async () =>
            {
                try { await GetAsync(CancellationToken.None); }
                catch (Exception) { } // the kept snapshot stays; the next view past Freshness tries again
                finally { Volatile.Write(ref refreshingInBackground, 0); }
            });
        return true;
    }

    /// <summary>The snapshot to show now: the kept one (refreshed in the background when old), or a new one.</summary>
    public Task<Snapshot> CurrentAsync(CancellationToken ct) => TryGetFresh(out var kept) ? Task.FromResult(kept) : GetAsync(ct);

    bool IsFresh(out Snapshot snapshot)
    {
        snapshot = current!;
        return snapshot is not null && clock.GetUtcNow() - checkedAt < Freshness && snapshot.Today == ColombiaTime.Today(clock);
    }

    public async Task<Snapshot> GetAsync(CancellationToken ct)
    {
        if (IsFresh(out var fresh)) return fresh;
        await refreshing.WaitAsync(ct);
        try
        {
            if (IsFresh(out fresh)) return fresh; // another request refreshed it meanwhile
            var today = ColombiaTime.Today(clock);
            var known = current is { } old && old.Today == today ? old.Works.ToDictionary(w => w.ContractId, StringComparer.Ordinal) : new Dictionary<string, WorkSummary>();
            var works = new List<WorkSummary>();
            var version = new HashCode();
            version.Add(today);
            string? after = null;
            while (true)
            {
                var page = await contracts.ListPublishedAsync(after, PageSize, ct);
                foreach (var latest in page)
                {
                    version.Add(latest.ContractId, StringComparer.Ordinal);
                    version.Add(latest.Number);
                    works.Add(known.TryGetValue(latest.ContractId, out var kept) && kept.Version == latest.Number
                        ? kept
                        : new WorkSummary(ContractFacts.Of(await contracts.HistoryAsync(latest.ContractId, ct), today), latest.Number));
                }
                if (page.Count < PageSize) break;
                after = page[^1].ContractId;
            }
            var data = version.ToHashCode();
            if (current is { } same && same.Today == today && fingerprint == data)
            {
                checkedAt = clock.GetUtcNow();
                return same;
            }
            var ordered = works.OrderByDescending(w => w.IsFlagged || w.IsOverdue).ThenByDescending(w => w.Facts.DaysOverdue ?? -1)
                .ThenByDescending(w => w.Facts.RedFlags.Count).ThenBy(w => w.ContractId, StringComparer.Ordinal).ToList();
            current = new Snapshot(++generation, today, ordered);
            fingerprint = data;
            checkedAt = clock.GetUtcNow();
            return current;
        }
        finally
        {
            refreshing.Release();
        }
    }
}
