using Microsoft.Extensions.Options;
using ObrasQr.Caching;
using ObrasQr.Contracts;
using ObrasQr.Progress;
using ObrasQr.Reports;
using ObrasQr.Withdrawals;

namespace ObrasQr.Pages;

/// <summary>
/// Contract pages rendered and compressed once per (page stamp, report count, day) and served from memory. The store is
/// asked again at most every <see cref="Freshness"/> per contract, and then only for the work's page stamp
/// (<see cref="IPageStamps"/>: it moves with a new version, a progress entry added, corrected or deleted, a withdrawal)
/// and its report count, so a new sync, report or progress entry made on any instance shows within seconds and the
/// countdown moves at midnight in Colombia. A new report count alone renders the page again from what was read for it;
/// a moved stamp reads the page in full. The pages kept are bounded by bytes (ObrasQr__Cache__PageBytes), the least
/// recently viewed dropped first, and a page that is missing or due for a look at the store is loaded once however
/// many views wait for it.
/// </summary>
public sealed class ContractPageCache(IContractStore contracts, IReportStore reports, IProgressStore progress, IWithdrawalStore withdrawals,
    IPageStamps stamps, PageRenderer pages, TimeProvider clock, IOptions<ObrasQrOptions> options)
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

    // What a kept page costs besides its bytes: the entry, its key and the cache's bookkeeping; and, for a work's page,
    // what it was rendered from (facts, the shown changes and progress entries), kept to render a new report count.
    const long EntryOverhead = 512;
    const long InputsOverhead = 16 * 1024;

    /// <param name="Stamp">The page stamp read before the page's data; null when none is kept, so the next check reads
    /// the page in full.</param>
    /// <param name="Inputs">What <see cref="ContractPage"/> was rendered from but its report count; null for a withdrawn
    /// work's page, which shows no count.</param>
    sealed record Entry(string? Stamp, int Reports, DateOnly Today, DateTimeOffset CheckedAt, string BaseUrl, CacheablePage Page,
        IReadOnlyDictionary<string, object?>? Inputs);

    // Published works only: unknown ids are never kept.
    readonly BoundedCache<Entry> entries = new(options.Value.Cache.PageBytes, e => e.Page.Size + EntryOverhead + (e.Inputs is null ? 0 : InputsOverhead));

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
        var today = ColombiaTime.Today(clock);
        if (entries.TryGet(contractId, out var entry) && entry is { Stamp: not null } && entry.Today == today && entry.BaseUrl == baseUrl)
        {
            // The check: two reads side by side; the stamp is still read before anything the page would read again.
            var stampRead = stamps.ReadAsync(contractId, ct);
            var countRead = reports.CountForContractAsync(contractId, ct);
            var (stamp, count) = (await stampRead, await countRead);
            if (stamp == entry.Stamp) return await RecountedAsync(contractId, entry, count);
            return await ReadAsync(contractId, baseUrl, stamp, count, today);
        }
        return await ReadAsync(contractId, baseUrl, await stamps.ReadAsync(contractId, ct), null, today);
    }

    /// <summary>The kept page, rendered again from its inputs when only its report count changed.</summary>
    async Task<Entry> RecountedAsync(string contractId, Entry entry, int count)
    {
        var page = entry.Page;
        if (count != entry.Reports && entry.Inputs is { } inputs)
            page = new CacheablePage(await pages.RenderAsync<ContractPage>(new Dictionary<string, object?>(inputs) { ["ReportCount"] = count }));
        var checkedNow = entry with { Reports = count, CheckedAt = clock.GetUtcNow(), Page = page };
        entries.Set(contractId, checkedNow);
        return checkedNow;
    }

    /// <summary>Reads and renders the page in full, under <paramref name="stamp"/> read before it (started here when
    /// the work has none yet). <paramref name="count"/> is the report count when the check read it already.</summary>
    async Task<Entry?> ReadAsync(string contractId, string baseUrl, string? stamp, int? count, DateOnly today)
    {
        var ct = CancellationToken.None;
        var now = clock.GetUtcNow();
        // A constant amount of stored data whatever the history's length (issue 16): the latest versions and the facts
        // summary; the current version among them says whether this is a work at all.
        if (await RecentFacts.LoadAsync(contracts, contractId, ReadVersions, today, ct) is not { } recent || !recent.History.Current.Contract.IsWork)
        {
            entries.Remove(contractId);
            return null;
        }
        var current = recent.History.Current;
        var reportCount = count ?? await reports.CountForContractAsync(contractId, ct);
        var withdrawal = await withdrawals.FindAsync(contractId, ct);
        CacheablePage page;
        Dictionary<string, object?>? inputs = null;
        if (withdrawal is not null)
            page = new CacheablePage(await pages.RenderAsync<WithdrawnPage>(new Dictionary<string, object?>
            {
                ["Contract"] = current.Contract,
                ["Withdrawal"] = withdrawal,
            }));
        else
        {
            var recorded = await progress.CountAsync(contractId, ct);
            inputs = new Dictionary<string, object?>
            {
                ["Facts"] = recent.Facts,
                ["Changes"] = ContractChanges.Latest(recent.History.Latest, ShownChanges + 1), // one more tells whether some are left out
                ["Versions"] = recent.History.Count,
                ["OlderLeftOut"] = recent.History.OlderLeftOut,
                ["SyncedAt"] = current.SyncedAt,
                ["Progress"] = recorded == 0 ? Array.Empty<ProgressEntry>() : await progress.ListAsync(contractId, ShownProgress, ct),
                ["ProgressCount"] = recorded,
                // The image's address changes with the version, so apps that keep previews fetch the new one.
                ["Share"] = new ShareCard(current.Contract.Name, $"{baseUrl}/o/{contractId}",
                    $"{baseUrl}/o/{contractId}/vista.png?v={current.Number}", SharePreview.Alt),
            };
            page = new CacheablePage(await pages.RenderAsync<ContractPage>(new Dictionary<string, object?>(inputs) { ["ReportCount"] = reportCount }));
        }
        // After the page's data, never before: a writer that came meanwhile has set the stamp, and this page keeps none.
        stamp ??= await stamps.StartAsync(contractId, ct);
        var fresh = new Entry(stamp, reportCount, today, now, baseUrl, page, inputs);
        entries.Set(contractId, fresh);
        return fresh;
    }
}
