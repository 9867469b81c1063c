using System.Collections.Concurrent;
using ObrasQr.Contracts;
using ObrasQr.Progress;
using ObrasQr.Reports;

namespace ObrasQr.Pages;

/// <summary>
/// Contract pages rendered and compressed once per (version, report count, progress changes, day) and served from
/// memory. The store is asked again at most every <see cref="Freshness"/> per contract, so a new sync, report or
/// progress entry (or a correction or deletion of one, made on any instance) shows within seconds and the countdown moves at midnight in Colombia.
/// </summary>
public sealed class ContractPageCache(IContractStore contracts, IReportStore reports, IProgressStore progress, PageRenderer pages, TimeProvider clock)
{
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(10);

    /// <summary>The page lists this many of the latest changes and links to the full history: a contract with
    /// thousands of versions (careless or hostile uploads) must not make the page larger or slower to render.</summary>
    public const int ShownChanges = 20;

    /// <summary>How many of the latest versions are read to find those changes: a version may change only fields the page
    /// does not list, so a few more than <see cref="ShownChanges"/>; the facts come from the kept summary.</summary>
    public const int ReadVersions = 64;

    /// <summary>The page's gallery shows the latest entries; the rest are in the open data (JSON).</summary>
    public const int ShownProgress = 6;

    /// <summary>Rendered where the form's token goes, replaced per view. New and random for every render, so no
    /// text of a contract (which anyone can publish in SECOP) can contain it and split the page in the wrong place.</summary>
    static string NewTokenHole() => "tok-" + Guid.NewGuid().ToString("N");

    sealed record Entry(int Version, int Reports, long ProgressChanges, DateOnly Today, DateTimeOffset CheckedAt, string BaseUrl, SplicedPage Page);

    // One entry per published work (a city has hundreds or thousands): unknown ids are never kept.
    readonly ConcurrentDictionary<string, Entry> entries = new();

    /// <summary>The page of a published work, or null when there is none with that id. <paramref name="baseUrl"/> makes
    /// the absolute addresses Open Graph needs; a page rendered for another base is rendered again.</summary>
    public Task<SplicedPage?> FindAsync(string contractId, string baseUrl, CancellationToken ct) =>
        TryGetFresh(contractId, baseUrl, out var page) ? Task.FromResult<SplicedPage?>(page) : LoadAsync(contractId, baseUrl, ct);

    /// <summary>The kept page when it needs no look at the store (checked within <see cref="Freshness"/>, same day and
    /// base): most views, answered without a task or any other allocation.</summary>
    public bool TryGetFresh(string contractId, string baseUrl, out SplicedPage page)
    {
        if (entries.TryGetValue(contractId, out var entry) && entry.BaseUrl == baseUrl && clock.GetUtcNow() - entry.CheckedAt < Freshness
            && entry.Today == ColombiaTime.Today(clock))
        {
            page = entry.Page;
            return true;
        }
        page = null!;
        return false;
    }

    /// <summary>Drops a contract's kept page, so its next view is rendered from the store (a progress entry was just
    /// recorded, corrected or deleted here; other instances see it within <see cref="Freshness"/>).</summary>
    public void Forget(string contractId) => entries.TryRemove(contractId, out _);

    async Task<SplicedPage?> LoadAsync(string contractId, string baseUrl, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var today = ColombiaTime.Today(clock);
        entries.TryGetValue(contractId, out var entry);

        var current = await contracts.FindAsync(contractId, ct);
        if (current is null || !current.Contract.IsWork)
        {
            entries.TryRemove(contractId, out _);
            return null;
        }
        var count = await reports.CountForContractAsync(contractId, ct);
        // Not the entries' count: a deletion and a new entry would leave it as it was.
        var changes = await progress.ChangesAsync(contractId, ct);
        if (entry is not null && entry.Version == current.Number && entry.Reports == count && entry.ProgressChanges == changes && entry.Today == today
            && entry.BaseUrl == baseUrl)
        {
            entries[contractId] = entry with { CheckedAt = now };
            return entry.Page;
        }

        // A constant amount of stored data whatever the history's length (issue 16): the latest versions and the facts summary.
        if (await RecentFacts.LoadAsync(contracts, contractId, ReadVersions, today, ct) is not { } recent) return null;
        var recorded = changes == 0 ? 0 : await progress.CountAsync(contractId, ct);
        var hole = NewTokenHole();
        var html = await pages.RenderAsync<ContractPage>(new Dictionary<string, object?>
        {
            ["Facts"] = recent.Facts,
            ["Changes"] = ContractChanges.Latest(recent.History.Latest, ShownChanges + 1), // one more tells whether some are left out
            ["Versions"] = recent.History.Count,
            ["OlderLeftOut"] = recent.History.OlderLeftOut,
            ["SyncedAt"] = recent.History.Current.SyncedAt,
            ["ReportCount"] = count,
            ["Progress"] = recorded == 0 ? Array.Empty<ProgressEntry>() : await progress.ListAsync(contractId, ShownProgress, ct),
            ["ProgressCount"] = recorded,
            ["Token"] = hole,
            // The image's address changes with the version, so apps that keep previews fetch the new one.
            ["Share"] = new ShareCard(current.Contract.Name, $"{baseUrl}/o/{contractId}",
                $"{baseUrl}/o/{contractId}/vista.png?v={current.Number}", SharePreview.Alt),
        });
        var page = SplicedPage.From(html, hole);
        entries[contractId] = new Entry(current.Number, count, changes, today, now, baseUrl, page);
        return page;
    }
}
