using ObrasQr.Contracts;
using ObrasQr.Secop;

namespace ObrasQr.Server.Bench;

/// <summary>
/// bench/open-data and bench/page only (ObrasQr__Bench__Works=N): before the server listens, stores N published works
/// copied from the demo contract, each with three versions (as signed, a value addition, an extension), so the OC4IDS
/// export is measured over N projects with modifications; every tenth is past its end date, so GET / has flagged works
/// to order first. With ObrasQr__Bench__WorksPerEntity=K, each K works belong to an entity of their own (NIT
/// 900000001, 900000002, …), as a country's works spread over its municipalities (bench/azure-ops).
/// </summary>
public sealed class BenchManyWorks(IContractStore contracts, IConfiguration configuration, ILogger<BenchManyWorks> log) : IHostedService
{
    public const string Prefix = "CO1.PCCNTR.BENCH";

    public async Task StartAsync(CancellationToken ct)
    {
        var count = configuration.GetValue<int>("ObrasQr:Bench:Works");
        var perEntity = configuration.GetValue<int>("ObrasQr:Bench:WorksPerEntity");
        if (count < 1 || await contracts.FindAsync($"{Prefix}00001", ct) is not null) return;
        var sample = await contracts.FindAsync(DemoData.SampleContractId, ct)
            ?? throw new InvalidOperationException("The bench works are copies of the demo contract: seed the demo data.");
        var batch = new List<ContractVersion>();
        for (var n = 1; n <= count; n++)
        {
            var signed = sample.Contract with
            {
                ContractId = $"{Prefix}{n:D5}", Status = "En ejecución", AddedDays = 0,
                Object = $"{sample.Contract.Object} (obra de prueba {n})",
                EndsOn = n % 10 == 0 ? new DateOnly(2025, 1, 31) : sample.Contract.EndsOn,
                EntityNit = perEntity > 0 ? EntityOf(n, perEntity) : sample.Contract.EntityNit,
            };
            var v1 = ContractVersion.First(signed, sample.SyncedAt.AddDays(-60), "bench");
            var v2 = v1.Next(signed with { Status = "Modificado", Value = signed.Value + 1_000_000 * n }, sample.SyncedAt.AddDays(-30), "bench")!;
            var v3 = v2.Next(v2.Contract with { Status = "Prorrogado", AddedDays = 30, EndsOn = signed.EndsOn?.AddDays(30) }, sample.SyncedAt, "bench")!;
            batch.AddRange([v1, v2, v3]);
            if (batch.Count >= 999) await AddAsync(batch, ct);
        }
        await AddAsync(batch, ct);
        log.LogWarning("Bench: {Count} works stored with three versions each", count);
    }

    /// <summary>The NIT of the entity work number <paramref name="n"/> (from 1) belongs to, K works per entity.</summary>
    public static string EntityOf(int n, int perEntity) => (900_000_000 + (n - 1) / perEntity + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);

    async Task AddAsync(List<ContractVersion> batch, CancellationToken ct)
    {
        if (batch.Count == 0) return;
        var added = await contracts.AddVersionsAsync(batch, ct);
        if (added.Any(ok => !ok)) throw new InvalidOperationException("The bench works could not be stored.");
        batch.Clear();
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
