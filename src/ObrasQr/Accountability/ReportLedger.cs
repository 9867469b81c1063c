using ObrasQr.Reports;

namespace ObrasQr.Accountability;

/// <summary>
/// Every report, read from the store at most every <see cref="Freshness"/>, for the figures: counting needs them all
/// (a city receives thousands a year, a few hundred bytes each without photos). <see cref="Read.Version"/> grows with
/// each reading, so pages kept from an older reading are rendered again.
/// </summary>
public sealed class ReportLedger(IReportStore reports, TimeProvider clock)
{
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(30);
    const int PageSize = 500;

    /// <param name="ReadAt">When the store was read: the desk's report states the figures' age from it.</param>
    public sealed record Read(long Version, IReadOnlyList<Report> Reports, DateTimeOffset ReadAt = default);

    Read? current;
    DateTimeOffset readAt;
    volatile bool changed;
    readonly SemaphoreSlim reading = new(1, 1);

    /// <summary>A report changed on this instance (an answer, a forwarding): the next reading goes to the store, so the
    /// desk's semiannual report shows it at once. Other instances catch up within <see cref="Freshness"/>.</summary>
    public void Forget() => changed = true;

    public async Task<Read> GetAsync(CancellationToken ct)
    {
        if (current is { } fresh && !changed && clock.GetUtcNow() - readAt < Freshness) return fresh;
        await reading.WaitAsync(ct);
        try
        {
            if (current is { } again && !changed && clock.GetUtcNow() - readAt < Freshness) return again;
            changed = false; // a change during this reading asks for the next one
            var startedAt = clock.GetUtcNow();
            var all = new List<Report>();
            var query = new ReportQuery { Take = PageSize };
            while (true)
            {
                var page = await reports.ListAsync(query, ct);
                all.AddRange(page);
                if (page.Count < PageSize) break;
                query = query with { After = (page[^1].ReceivedAt, page[^1].ReportId) };
            }
            current = new Read((current?.Version ?? 0) + 1, all, startedAt);
            readAt = startedAt;
            return current;
        }
        finally
        {
            reading.Release();
        }
    }
}
