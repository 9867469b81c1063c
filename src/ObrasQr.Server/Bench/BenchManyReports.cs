using ObrasQr.Accountability;
using ObrasQr.AzureStorage;
using ObrasQr.Reports;

namespace ObrasQr.Server.Bench;

/// <summary>
/// bench/azure-ops only (ObrasQr__Bench__Reports=N, Azure store, after <see cref="BenchManyWorks"/>): before the server
/// listens, stores N reports spread evenly over the bench works and over the twelve months before today, written in
/// bulk (<see cref="AzureReportStore.AddManyForBenchAsync"/>: one transaction per 100 rows of an entity-month) with
/// their kept figures (one write per entity-month), so that 200,000 reports take minutes, not hours.
/// </summary>
public sealed class BenchManyReports(AzureStore store, IReportFigureStore figures, IConfiguration configuration, TimeProvider clock,
    ILogger<BenchManyReports> log) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        var count = configuration.GetValue<int>("ObrasQr:Bench:Reports");
        var works = configuration.GetValue<int>("ObrasQr:Bench:Works");
        var perEntity = configuration.GetValue<int>("ObrasQr:Bench:WorksPerEntity");
        if (count < 1 || works < 1) return;
        var now = clock.GetUtcNow();
        var many = Enumerable.Range(0, count).Select(n =>
        {
            var work = n % works + 1;
            var received = now.AddDays(-(n / works % 360) - 1).AddMinutes(-(n % 997));
            return new Report
            {
                ReportId = $"bench-{n:D7}",
                ContractId = $"{BenchManyWorks.Prefix}{work:D5}",
                EntityNit = perEntity > 0 ? BenchManyWorks.EntityOf(work, perEntity) : null,
                Category = ReportFixtureCategories[n % ReportFixtureCategories.Length],
                Description = $"Reporte de prueba {n}: la obra no avanza.",
                ReceivedAt = received,
                Deadline = ColombiaTime.Today(clock).AddDays(15 - n % 30),
                Status = n % 3 == 0 ? ReportStatus.Received : ReportStatus.InReview,
                TrackingCodeHash = TrackingCode.Hash($"bench-{n}"),
            };
        }).ToList();
        var rows = new AzureReportStore(store);
        foreach (var chunk in many.Chunk(20_000)) await rows.AddManyForBenchAsync(chunk, ct);
        foreach (var month in many.GroupBy(r => (r.EntityNit, TableKeys.Month(r.ReceivedAt))))
            await figures.RecordAsync([.. month.Select(ReportFact.Of)], ct);
        log.LogWarning("Bench: {Count} reports stored", count);
    }

    static readonly string[] ReportFixtureCategories = ["obra_paralizada", "mala_calidad", "riesgo_comunidad", "otro"];

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
