using ObrasQr.Contracts;
using ObrasQr.Secop;

namespace ObrasQr.Server.Bench;

/// <summary>
/// bench/page/run.sh only (ObrasQr__Bench__LongHistory=N): before the server listens, copies the demo contract under
/// <see cref="ContractId"/> with N synchronised versions, each changing what careless or hostile re-uploads change
/// (paid value, value, end date, added days), so the bench can show that the page does not grow with the history.
/// </summary>
public sealed class BenchLongHistory(IContractStore contracts, IConfiguration configuration, ILogger<BenchLongHistory> log) : IHostedService
{
    public const string ContractId = "CO1.PCCNTR.9920000";

    public async Task StartAsync(CancellationToken ct)
    {
        var count = configuration.GetValue<int>("ObrasQr:Bench:LongHistory");
        if (count < 1 || await contracts.FindAsync(ContractId, ct) is not null) return;
        var sample = await contracts.FindAsync(DemoData.SampleContractId, ct)
            ?? throw new InvalidOperationException("The long-history bench contract is a copy of the demo contract: seed the demo data.");
        var contract = sample.Contract with { ContractId = ContractId, AddedDays = 0 };
        var at = sample.SyncedAt.AddMinutes(-count); // one version a minute, the last one when the demo was synced
        var version = ContractVersion.First(contract, at, "bench");
        var batch = new List<ContractVersion> { version };
        for (var n = 2; n <= count; n++)
        {
            contract = (n % 4) switch
            {
                0 => contract with { Value = contract.Value + 1_000_000 },
                1 => contract with { AddedDays = (contract.AddedDays ?? 0) + 1, EndsOn = contract.EndsOn?.AddDays(1) },
                _ => contract with { PaidValue = (contract.PaidValue ?? 0) + 1_000 },
            };
            version = version.Next(contract, at.AddMinutes(n), "bench")!;
            batch.Add(version);
            if (batch.Count == 1000) await AddAsync(batch, ct);
        }
        await AddAsync(batch, ct);
        log.LogWarning("Bench contract {ContractId} stored with {Count} versions", ContractId, count);
    }

    async Task AddAsync(List<ContractVersion> batch, CancellationToken ct)
    {
        if (batch.Count == 0) return;
        var added = await contracts.AddVersionsAsync(batch, ct);
        if (added.Any(ok => !ok)) throw new InvalidOperationException("The long-history bench contract could not be stored.");
        batch.Clear();
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
