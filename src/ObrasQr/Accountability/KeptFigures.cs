using Microsoft.Extensions.Logging;
using ObrasQr.Reports;

namespace ObrasQr.Accountability;

/// <summary>
/// The figures about reports, kept as they change instead of recomputed from every report: facts per entity and month
/// (<see cref="IReportFigureStore"/>), written when a report is stored (<see cref="FigureKeepingReportStore"/>), and a
/// national roll-up (<see cref="NationalFigures"/>) rebuilt in the background when the facts changed or the day did.
/// </summary>
public sealed class KeptFigures(IReportFigureStore store, TimeProvider clock, ILogger<KeptFigures> log)
{
    /// <summary>How long an instance keeps the roll-up it read before reading it again (one small read).</summary>
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(30);

    /// <summary>How often the hosts' timers refresh the roll-up (Functions: FiguresTimer; server: FigureScheduler).</summary>
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromMinutes(5);

    const int RebuildPage = 500;

    readonly Lock gate = new();
    NationalFigures? national;
    DateTimeOffset nationalReadAt;
    Task refreshing = Task.CompletedTask;
    bool running;
    long changes;

    /// <summary>Keeps these reports' facts, then refreshes the roll-up in the background on this instance.</summary>
    public async Task RecordAsync(IReadOnlyCollection<Report> reports, CancellationToken ct)
    {
        await store.RecordAsync([.. reports.Select(ReportFact.Of)], ct);
        RefreshSoon();
    }

    /// <summary>The desk's counts: of one entity from its own facts (one partition), of all from the roll-up.</summary>
    public async Task<ReportCounts> CountsAsync(string? entityNit, DateOnly today, CancellationToken ct) =>
        entityNit is null ? ((await NationalAsync(ct))?.Counts ?? DeskCounts.Of([], today)) : DeskCounts.Of(await store.OfEntityAsync(entityNit, ct), today);

    /// <summary>One entity's facts, read now: its desk's semiannual report shows a change at once, on any instance.</summary>
    public Task<IReadOnlyList<ReportFact>> OfEntityAsync(string entityNit, CancellationToken ct) => store.OfEntityAsync(entityNit, ct);

    /// <summary>
    /// The national roll-up, or null while none was ever computed. A refresh started by a change on this instance is
    /// awaited first, so this instance shows its own changes; others' arrive within <see cref="RefreshEvery"/>.
    /// </summary>
    public async Task<NationalFigures?> NationalAsync(CancellationToken ct)
    {
        Task pending;
        lock (gate) pending = refreshing;
        await pending.WaitAsync(ct);
        if (national is { } kept && clock.GetUtcNow() - nationalReadAt < Freshness) return kept;
        return Keep(await store.ReadNationalAsync(ct));
    }

    /// <summary>
    /// The background job (timers, and after a change on this instance): computes the roll-up again when the facts
    /// changed since it was computed, or the day did. Reading every fact is allowed here, and only here: a background job.
    /// </summary>
    public async Task<bool> RefreshAsync(CancellationToken ct)
    {
        var stamp = await store.ChangeStampAsync(ct);
        var stored = await store.ReadNationalAsync(ct);
        var today = ColombiaTime.Today(clock);
        if (stored is not null && stored.Stamp == stamp && stored.Today == today)
        {
            Keep(stored);
            return false;
        }
        var figures = NationalFigures.Of(await store.AllAsync(ct), clock.GetUtcNow(), today, stamp);
        await store.SaveNationalAsync(figures, ct);
        Keep(figures);
        return true;
    }

    /// <summary>
    /// Repairs the facts from the reports themselves (a crash between storing a report and keeping its fact, or an
    /// installation that kept none yet), then the roll-up. Reads every report: a background job only.
    /// </summary>
    public async Task RebuildAsync(IReportStore reports, CancellationToken ct)
    {
        var query = new ReportQuery { Take = RebuildPage };
        while (true)
        {
            var page = await reports.ListAsync(query, ct);
            if (page.Count > 0) await store.RecordAsync([.. page.Select(ReportFact.Of)], ct);
            if (page.Count < RebuildPage) break;
            query = query with { After = (page[^1].ReceivedAt, page[^1].ReportId) };
        }
        await RefreshAsync(ct);
    }

    /// <summary>The timers' job: a first rebuild where no roll-up exists yet (an installation from before kept figures), then refreshes.</summary>
    public async Task RunAsync(IReportStore reports, CancellationToken ct)
    {
        if (await store.ReadNationalAsync(ct) is null) await RebuildAsync(reports, ct);
        else await RefreshAsync(ct);
    }

    /// <summary>Starts a refresh unless one runs; one running goes round again, so it ends after every change made meanwhile.</summary>
    void RefreshSoon()
    {
        lock (gate)
        {
            changes++;
            if (running) return;
            running = true;
            refreshing = Background.Start(RefreshUntilSettledAsync);
        }
    }

    async Task RefreshUntilSettledAsync()
    {
        while (true)
        {
            long seen;
            lock (gate) seen = changes;
            try
            {
                await RefreshAsync(CancellationToken.None);
            }
            catch (Exception e)
            {
                // The timer's next run computes it; the pages meanwhile show the figures they have and their age.
                log.LogError(e, "Refreshing the national figures failed");
            }
            lock (gate)
            {
                if (changes == seen)
                {
                    running = false;
                    return;
                }
            }
        }
    }

    NationalFigures? Keep(NationalFigures? figures)
    {
        lock (gate)
        {
            national = figures;
            nationalReadAt = clock.GetUtcNow();
        }
        return figures;
    }
}
