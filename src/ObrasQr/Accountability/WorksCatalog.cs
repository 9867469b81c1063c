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

    /// <summary>The current snapshot without asking the store, when it is fresh (most requests).</summary>
    public bool TryGetFresh(out Snapshot snapshot)
    {
        snapshot = current!;
        return snapshot is not null && clock.GetUtcNow() - checkedAt < Freshness && snapshot.Today == ColombiaTime.Today(clock);
    }

    public async Task<Snapshot> GetAsync(CancellationToken ct)
    {
        if (TryGetFresh(out var fresh)) return fresh;
        await refreshing.WaitAsync(ct);
        try
        {
            if (TryGetFresh(out fresh)) return fresh; // another request refreshed it meanwhile
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
