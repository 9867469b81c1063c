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

    public sealed record Read(long Version, IReadOnlyList<Report> Reports);

    Read? current;
    DateTimeOffset readAt;
    readonly SemaphoreSlim reading = new(1, 1);

    public async Task<Read> GetAsync(CancellationToken ct)
    {
        if (current is { } fresh && clock.GetUtcNow() - readAt < Freshness) return fresh;
        await reading.WaitAsync(ct);
        try
        {
            if (current is { } again && clock.GetUtcNow() - readAt < Freshness) return again;
            var all = new List<Report>();
            var query = new ReportQuery { Take = PageSize };
            while (true)
            {
                var page = await reports.ListAsync(query, ct);
                all.AddRange(page);
                if (page.Count < PageSize) break;
                query = query with { After = (page[^1].ReceivedAt, page[^1].ReportId) };
            }
            current = new Read((current?.Version ?? 0) + 1, all);
            readAt = clock.GetUtcNow();
            return current;
        }
        finally
        {
            reading.Release();
        }
    }
}
