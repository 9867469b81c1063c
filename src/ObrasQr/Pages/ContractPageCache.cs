using Microsoft.Extensions.Options;
using ObrasQr.Caching;
using ObrasQr.Contracts;
using ObrasQr.Progress;
using ObrasQr.Reports;
using ObrasQr.Withdrawals;

namespace ObrasQr.Pages;

/// <summary>
/// Contract pages rendered and compressed once per (version, report count, progress changes, day) and served from
/// memory. The store is asked again at most every <see cref="Freshness"/> per contract, so a new sync, report or
/// progress entry (or a correction or deletion of one, made on any instance) shows within seconds and the countdown
/// moves at midnight in Colombia. The pages kept are bounded by bytes (ObrasQr__Cache__PageBytes), the least recently
/// viewed dropped first, and a page that is missing or due for a look at the store is loaded once however many views
/// wait for it.
/// </summary>
public sealed class ContractPageCache(IContractStore contracts, IReportStore reports, IProgressStore progress, IWithdrawalStore withdrawals,
    PageRenderer pages, TimeProvider clock, IOptions<ObrasQrOptions> options)
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

    // What a kept page costs besides its bytes: the entry, its key and the cache's bookkeeping.
    const long EntryOverhead = 512;

    sealed record Entry(int Version, int Reports, long ProgressChanges, DateTimeOffset? WithdrawnAt, DateOnly Today, DateTimeOffset CheckedAt,
        string BaseUrl, CacheablePage Page);

    // Published works only: unknown ids are never kept.
    readonly BoundedCache<Entry> entries = new(options.Value.Cache.PageBytes, e => e.Page.Size + EntryOverhead);

    /// <summary>The page of a published work, or null when there is none with that id. <paramref name="baseUrl"/> makes
    /// the absolute addresses Open Graph needs; a page rendered for another base is rendered again.</summary>
    public async Task<CacheablePage?> FindAsync(string contractId, string baseUrl, CancellationToken ct)
    {
        if (TryGetFresh(contractId, baseUrl, out var page)) return page;
        return (await entries.LoadOnceAsync($"{contractId}|{baseUrl}", () => LoadAsync(contractId, baseUrl), ct))?.Page;
    }

    /// <summary>The kept page when it needs no look at the store (checked within <see cref="Freshness"/>, same day and
    /// base): most views, answered without a task or any other allocation.</summary>
    public bool TryGetFresh(string contractId, string baseUrl, out CacheablePage page)
    {
        if (entries.TryGet(contractId, out var entry) && entry.BaseUrl == baseUrl && clock.GetUtcNow() - entry.CheckedAt < Freshness
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
    public void Forget(string contractId) => entries.Remove(contractId);

    /// <summary>Not cancelled by the view that started it: other views may be waiting for it.</summary>
    async Task<Entry?> LoadAsync(string contractId, string baseUrl)
    {
        var ct = CancellationToken.None;
        var now = clock.GetUtcNow();
        var today = ColombiaTime.Today(clock);
        entries.TryGet(contractId, out var entry);

        var current = await contracts.FindAsync(contractId, ct);
        if (current is null || !current.Contract.IsWork)
        {
            entries.Remove(contractId);
            return null;
        }
        var count = await reports.CountForContractAsync(contractId, ct);
        // Not the entries' count: a deletion and a new entry would leave it as it was.
        var changes = await progress.ChangesAsync(contractId, ct);
        var withdrawal = await withdrawals.FindAsync(contractId, ct);
        if (entry is not null && entry.Version == current.Number && entry.Reports == count && entry.ProgressChanges == changes
            && entry.WithdrawnAt == withdrawal?.At && entry.Today == today && entry.BaseUrl == baseUrl)
        {
            entry = entry with { CheckedAt = now };
            entries.Set(contractId, entry);
            return entry;
        }

        if (withdrawal is not null)
        {
            var withdrawn = new Entry(current.Number, count, changes, withdrawal.At, today, now, baseUrl,
                new CacheablePage(await pages.RenderAsync<WithdrawnPage>(new Dictionary<string, object?>
                {
                    ["Contract"] = current.Contract,
                    ["Withdrawal"] = withdrawal,
                })));
            entries.Set(contractId, withdrawn);
            return withdrawn;
        }

        // A constant amount of stored data whatever the history's length (issue 16): the latest versions and the facts summary.
        if (await RecentFacts.LoadAsync(contracts, contractId, ReadVersions, today, ct) is not { } recent) return null;
        var recorded = changes == 0 ? 0 : await progress.CountAsync(contractId, ct);
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
            // The image's address changes with the version, so apps that keep previews fetch the new one.
            ["Share"] = new ShareCard(current.Contract.Name, $"{baseUrl}/o/{contractId}",
                $"{baseUrl}/o/{contractId}/vista.png?v={current.Number}", SharePreview.Alt),
        });
        var fresh = new Entry(current.Number, count, changes, null, today, now, baseUrl, new CacheablePage(html));
        entries.Set(contractId, fresh);
        return fresh;
    }
}
