using ObrasQr.Contracts;
using ObrasQr.Storage;

namespace ObrasQr.Secop;

/// <summary>
/// Imports rows into the contract store: a new contract becomes version 1, a changed one gets a new version, an
/// unchanged one is left alone. Each row is its own atomic write, so a crash leaves every contract either at its
/// old or its new version, and running the same import again completes it.
/// </summary>
public sealed class SecopImporter(IContractStore contracts, TimeProvider clock)
{
    public async Task<ImportResult> ImportAsync(Stream file, string source, CancellationToken ct = default)
    {
        int added = 0, changed = 0, unchanged = 0, rejected = 0;
        var errors = new List<RowError>();
        try
        {
            await foreach (var record in SecopFile.ReadAsync(file, ct))
            {
                var (contract, rowErrors) = record.ToContract();
                if (contract is null)
                {
                    rejected++;
                    errors.AddRange(rowErrors);
                    continue;
                }
                switch (await SaveAsync(contract, source, ct))
                {
                    case Outcome.New: added++; break;
                    case Outcome.Changed: changed++; break;
                    default: unchanged++; break;
                }
            }
        }
        catch (SecopFileRejected e)
        {
            return ImportResult.Rejected(e.Message);
        }
        return new ImportResult(new ImportCounts(added, changed, unchanged, rejected), errors, null);
    }

    enum Outcome { New, Changed, Unchanged }

    async Task<Outcome> SaveAsync(Contract contract, string source, CancellationToken ct)
    {
        // A concurrent writer may add a version between our read and write; then read again and retry.
        for (var attempt = 0; ; attempt++)
        {
            var current = await contracts.FindAsync(contract.ContractId, ct);
            var next = current is null
                ? ContractVersion.First(contract, clock.GetUtcNow(), source)
                : current.Next(contract, clock.GetUtcNow(), source);
            if (next is null) return Outcome.Unchanged;
            if (await contracts.AddVersionAsync(next, ct)) return current is null ? Outcome.New : Outcome.Changed;
            if (attempt >= 3) throw new InvalidOperationException($"Contract {contract.ContractId} keeps changing under this import.");
        }
    }
}
