using ObrasQr.Contracts;
using ObrasQr.Secop;

namespace ObrasQr.Server.Bench;

/// <summary>
/// bench/page/run.sh only (ObrasQr__Bench__Works=N): before the server listens, stores N published works copied from
/// the demo contract (one version each; every tenth past its end date, so the index has flagged works to order first),
/// so the bench measures GET / for a city-sized catalogue.
/// </summary>
public sealed class BenchManyWorks(IContractStore contracts, IConfiguration configuration, ILogger<BenchManyWorks> log) : IHostedService
{
    public const string IdPrefix = "CO1.PCCNTR.98";

    public async Task StartAsync(CancellationToken ct)
    {
        var count = configuration.GetValue<int>("ObrasQr:Bench:Works");
        if (count < 1 || await contracts.FindAsync(Id(0), ct) is not null) return;
        var sample = await contracts.FindAsync(DemoData.SampleContractId, ct)
            ?? throw new InvalidOperationException("The bench works are copies of the demo contract: seed the demo data.");
        var batch = new List<ContractVersion>();
        for (var n = 0; n < count; n++)
        {
            var contract = sample.Contract with
            {
                ContractId = Id(n),
                Object = $"{sample.Contract.Object} (obra de prueba {n})",
                EndsOn = n % 10 == 0 ? new DateOnly(2025, 1, 31) : sample.Contract.EndsOn,
            };
            batch.Add(ContractVersion.First(contract, sample.SyncedAt, "bench"));
            if (batch.Count == 1000) await AddAsync(batch, ct);
        }
        await AddAsync(batch, ct);
        log.LogWarning("{Count} bench works stored", count);
    }

    static string Id(int n) => IdPrefix + n.ToString("D5", System.Globalization.CultureInfo.InvariantCulture);

    async Task AddAsync(List<ContractVersion> batch, CancellationToken ct)
    {
        if (batch.Count == 0) return;
        var added = await contracts.AddVersionsAsync(batch, ct);
        if (added.Any(ok => !ok)) throw new InvalidOperationException("The bench works could not be stored.");
        batch.Clear();
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
