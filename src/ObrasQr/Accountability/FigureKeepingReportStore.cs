using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ObrasQr.Reports;

namespace ObrasQr.Accountability;

/// <summary>
/// The report store of both hosts, keeping each stored report's fact (<see cref="KeptFigures"/>) right after the report
/// is stored, whoever stores it (the desk, the citizens' form and API, demo data). A failure in between loses no report:
/// the figures' rebuild (<see cref="KeptFigures.RebuildAsync"/>) repairs the fact.
/// </summary>
public sealed class FigureKeepingReportStore(IReportStore reports, KeptFigures figures, ILogger<FigureKeepingReportStore> log) : IReportStore
{
    public async Task<Report> AddAsync(Report report, ReporterIdentity? identity, CancellationToken ct = default)
    {
        var stored = await reports.AddAsync(report, identity, ct);
        await KeepAsync(stored);
        return stored;
    }

    public async Task<bool> UpdateAsync(Report report, int expectedVersion, CancellationToken ct = default)
    {
        if (!await reports.UpdateAsync(report, expectedVersion, ct)) return false;
        await KeepAsync(report);
        return true;
    }

    /// <summary>Not cancelled with the request: the report is stored, its fact should be too.</summary>
    async Task KeepAsync(Report report)
    {
        try
        {
            await figures.RecordAsync([report], CancellationToken.None);
        }
        catch (Exception e)
        {
            log.LogError(e, "Keeping the figures of report {ReportId} failed; the figures' rebuild repairs them", report.ReportId);
        }
    }

    public Task<Report?> FindAsync(string reportId, CancellationToken ct = default) => reports.FindAsync(reportId, ct);

    public Task<Report?> FindByTrackingHashAsync(string trackingCodeHash, CancellationToken ct = default) => reports.FindByTrackingHashAsync(trackingCodeHash, ct);

    public Task<ReporterIdentity?> FindIdentityAsync(string reportId, CancellationToken ct = default) => reports.FindIdentityAsync(reportId, ct);

    public Task<IReadOnlyList<Report>> ListAsync(ReportQuery query, CancellationToken ct = default) => reports.ListAsync(query, ct);

    public Task<int> CountForContractAsync(string contractId, CancellationToken ct = default) => reports.CountForContractAsync(contractId, ct);
}

public static class FigureKeepingRegistration
{
    /// <summary>The host's report store <typeparamref name="TStore"/>, and the figures kept as its reports change.</summary>
    public static IServiceCollection AddReportStore<TStore>(this IServiceCollection services) where TStore : class, IReportStore
    {
        services.AddSingleton<TStore>();
        services.AddSingleton<IReportStore>(sp => new FigureKeepingReportStore(sp.GetRequiredService<TStore>(), sp.GetRequiredService<KeptFigures>(),
            sp.GetRequiredService<ILogger<FigureKeepingReportStore>>()));
        return services;
    }
}
