using ObrasQr.Contracts;
using ObrasQr.Progress;

namespace ObrasQr.Accountability;

/// <summary>
/// The published works with their facts, computed once per data version and day and shared by the index, the
/// statistics and the map. The store is asked again at most every <see cref="Freshness"/>, and then only for its
/// national catalog stamp (<see cref="IContractStore.NationalStampAsync"/>, one point read); when that changed, the
/// entity stamps tell which entities to re-read (one list each), and only works whose version changed have their facts
/// computed again (from the kept summary). The map's points (each work's newest progress entry with coordinates) are
/// read again only when their own stamp changed. A new day computes every work's facts again (overdue counts days).
/// </summary>
public sealed class WorksCatalog(IContractStore contracts, IProgressStore progress, TimeProvider clock)
{
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(30);
    const int PageSize = 1000;

    /// <summary>The works, flagged and overdue first, and the points of those the office located (by contract id);
    /// <paramref name="DataVersion"/> changes whenever any work, any point or the day does.</summary>
    public sealed record Snapshot(long DataVersion, DateOnly Today, IReadOnlyList<WorkSummary> Works, IReadOnlyDictionary<string, MapPoint> Points)
    {
        // Built on first use: most snapshots only serve lists. Two requests may build it at once; both results are equal.
        IReadOnlyDictionary<string, WorkSummary>? byId;

        /// <summary>The published work with this contract id, or null when the snapshot has none.</summary>
        public WorkSummary? Find(string contractId) =>
            (byId ??= Works.ToDictionary(w => w.ContractId, StringComparer.Ordinal)).GetValueOrDefault(contractId);
    }

    Snapshot? current;
    long generation;
    string? nationalStamp;
    CatalogStamps stamps = CatalogStamps.None;
    Dictionary<string, IReadOnlyList<WorkSummary>> byEntity = new(StringComparer.Ordinal);
    IReadOnlyList<ProgressEntry> located = [];
    DateTimeOffset checkedAt;
    readonly SemaphoreSlim refreshing = new(1, 1);

    int refreshingInBackground;
    volatile bool changed;

    /// <summary>Whether a snapshot was ever built (the start-up warm-up's result, and what its test asks).</summary>
    public bool IsBuilt => current is not null;

    /// <summary>
    /// Something this instance just stored changes what the catalog shows (a located progress entry): the next view
    /// waits for a refresh instead of serving the kept snapshot. Other instances see it within <see cref="Freshness"/>.
    /// </summary>
    public void Forget() => changed = true;

    /// <summary>
    /// The current snapshot without asking the store (most requests): fresh, or of today and older than
    /// <see cref="Freshness"/>, in which case it is refreshed in the background and this request is not kept waiting
    /// (a refresh that finds a change re-reads the entities it touched; a request need not wait for that).
    /// </summary>
    public bool TryGetFresh(out Snapshot snapshot)
    {
        snapshot = current!;
        if (snapshot is null || changed || snapshot.Today != ColombiaTime.Today(clock)) return false;
        if (clock.GetUtcNow() - checkedAt >= Freshness) RefreshInBackground();
        return true;
    }

    /// <summary>
    /// The kept snapshot of today even when this instance stored a change since (<see cref="Forget"/>), which is then
    /// refreshed in the background: for what a refresh's lag does not change, such as the name of a work a follow-up
    /// page shows, never for the index or the map.
    /// </summary>
    public bool TryGetKept(out Snapshot snapshot)
    {
        if (TryGetFresh(out snapshot)) return true;
        snapshot = current!;
        if (snapshot is null || snapshot.Today != ColombiaTime.Today(clock)) return false;
        RefreshInBackground();
        return true;
    }

    void RefreshInBackground()
    {
        if (Interlocked.Exchange(ref refreshingInBackground, 1) != 0) return;
        _ = Background.Start(async () =>
        {
            try { await GetAsync(CancellationToken.None); }
            catch (Exception) { } // the kept snapshot stays; the next view past Freshness tries again
            finally { Volatile.Write(ref refreshingInBackground, 0); }
        });
    }

    /// <summary>
    /// A work as the snapshot kept today holds it (no storage request: the desk's and Open311's lists name a page of
    /// works this way, whatever its size), else as stored (one point read: a withdrawn work, which the catalog does not
    /// list, or an instance whose catalog is not built yet). A sync's new name shows after the next refresh. Null for a
    /// contract that is not stored.
    /// </summary>
    public async Task<Contract?> FindWorkAsync(string contractId, CancellationToken ct) =>
        TryGetKept(out var snapshot) && snapshot.Find(contractId) is { } listed
            ? listed.Contract
            : (await contracts.FindAsync(contractId, ct))?.Contract;

    /// <summary>The snapshot to show now: the kept one (refreshed in the background when old), or a new one.</summary>
    public Task<Snapshot> CurrentAsync(CancellationToken ct) => TryGetFresh(out var kept) ? Task.FromResult(kept) : GetAsync(ct);

    bool IsFresh(out Snapshot snapshot)
    {
        snapshot = current!;
        return snapshot is not null && !changed && clock.GetUtcNow() - checkedAt < Freshness && snapshot.Today == ColombiaTime.Today(clock);
    }

    public async Task<Snapshot> GetAsync(CancellationToken ct)
    {
        if (IsFresh(out var fresh)) return fresh;
        await refreshing.WaitAsync(ct);
        try
        {
            if (IsFresh(out fresh)) return fresh; // another request refreshed it meanwhile
            changed = false; // before reading: what is stored from here on marks it again
            var today = ColombiaTime.Today(clock);
            var newDay = current is not { } old || old.Today != today;
            // Read before the stamps and the works it covers: a change made meanwhile moves it again for the next check.
            var national = await contracts.NationalStampAsync(ct);
            if (!newDay && national == nationalStamp)
            {
                checkedAt = clock.GetUtcNow();
                return current!;
            }
            var read = await contracts.StampsAsync(ct);
            var works = new Dictionary<string, IReadOnlyList<WorkSummary>>(byEntity, StringComparer.Ordinal);
            var worksChanged = false;
            foreach (var (entityNit, stamp) in read.Entities)
                if (newDay || !stamps.Entities.TryGetValue(entityNit, out var was) || was != stamp)
                {
                    works[entityNit] = await EntityWorksAsync(entityNit, newDay ? null : byEntity.GetValueOrDefault(entityNit), today, ct);
                    worksChanged = true;
                }
            var pointsChanged = newDay || read.Points != stamps.Points;
            if (pointsChanged) located = await progress.LatestLocatedAsync(ct);
            (nationalStamp, stamps, byEntity) = (national, read, works);
            checkedAt = clock.GetUtcNow();
            if (!worksChanged && !pointsChanged) return current!;
            var ordered = works.Values.SelectMany(w => w)
                .OrderByDescending(w => w.IsFlagged || w.IsOverdue).ThenByDescending(w => w.Facts.DaysOverdue ?? -1)
                .ThenByDescending(w => w.Facts.RedFlags.Count).ThenBy(w => w.ContractId, StringComparer.Ordinal).ToList();
            current = new Snapshot(++generation, today, ordered, Points(ordered, located));
            return current;
        }
        finally
        {
            refreshing.Release();
        }
    }

    /// <summary>An entity's published works, those whose version is the one <paramref name="kept"/> holds reused as they are.</summary>
    async Task<IReadOnlyList<WorkSummary>> EntityWorksAsync(string entityNit, IReadOnlyList<WorkSummary>? kept, DateOnly today, CancellationToken ct)
    {
        var known = kept?.ToDictionary(w => w.ContractId, StringComparer.Ordinal) ?? [];
        var works = new List<WorkSummary>();
        for (string? after = null; ;)
        {
            var page = await contracts.ListByEntityAsync(entityNit, publishedOnly: true, after, PageSize, ct);
            foreach (var latest in page)
                if (known.TryGetValue(latest.ContractId, out var same) && same.Version == latest.Number)
                    works.Add(same);
                // The kept facts summary and the current version: a constant amount of reading per work, however
                // many versions it has (the history is read once only when no summary fits it, then kept).
                else if (await RecentFacts.LoadAsync(contracts, latest.ContractId, 1, today, ct) is { } recent)
                    works.Add(new WorkSummary(recent.Facts, recent.History.Current.Number));
            if (page.Count < PageSize) return works;
            after = page[^1].ContractId;
        }
    }

    /// <summary>
    /// The published works' points: each one's newest progress entry with coordinates inside Colombia (entries are
    /// checked when recorded; this keeps one stored before that rule off the map). A newer entry without coordinates
    /// keeps the older point: the work has not moved.
    /// </summary>
    static Dictionary<string, MapPoint> Points(List<WorkSummary> works, IReadOnlyList<ProgressEntry> located)
    {
        var published = works.Select(w => w.ContractId).ToHashSet(StringComparer.Ordinal);
        var points = new Dictionary<string, MapPoint>(StringComparer.Ordinal);
        foreach (var entry in located)
            if (entry is { Latitude: { } lat, Longitude: { } lon } && published.Contains(entry.ContractId) && ColombiaBounds.Contains(lat, lon))
                points[entry.ContractId] = new MapPoint(lat, lon, entry.ObservedOn, entry.EntryId);
        return points;
    }
}
