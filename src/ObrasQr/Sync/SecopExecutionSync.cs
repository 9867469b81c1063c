using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ObrasQr.Contracts;
using ObrasQr.Progress;

namespace ObrasQr.Sync;

/// <summary>An execution row that gave no entry, and why (the contract id is SECOP's public id).</summary>
public sealed record ExecutionRefusal(string ContractId, string Reason);

/// <summary>What one execution pull did for an entity. Error is set when it stopped early; the next run reads again.</summary>
public sealed record ExecutionRun(int Works, int Rows, int Added, int Refused, int Ignored, IReadOnlyList<ExecutionRefusal> Refusals, string? Error);

/// <summary>
/// Reads SECOP II's contract execution dataset (mfmm-jqmq) for the entity's published works already in the store and
/// adds what it states as progress entries attributed to SECOP II (rules: <see cref="SecopExecution"/>). The dataset
/// has no documented entity or update column, so every run asks again by contract id, in chunks; entry ids come from
/// the rows, so rows already read add nothing. Rows of contracts that are not the entity's works are ignored.
/// </summary>
public sealed class SecopExecutionSync(SodaClient client, IContractStore contracts, IProgressStore progress,
    IOptions<ObrasQrOptions> options, TimeProvider clock, ILogger<SecopExecutionSync> log)
{
    /// <summary>Contract ids per query: keeps the URL near 2 KB, well under what servers accept.</summary>
    public const int IdsPerQuery = 50;
    const int StorePage = 500;
    const int MaxReportedRefusals = 100;

    public async Task<ExecutionRun> RunAsync(string entityNit, CancellationToken ct = default) =>
        await RunAsync(entityNit, (await WorksByEntityAsync([entityNit], ct))[entityNit.Trim()], ct);

    /// <param name="works">The entity's published works in the store (<see cref="WorksByEntityAsync"/>).</param>
    public async Task<ExecutionRun> RunAsync(string entityNit, IReadOnlySet<string> works, CancellationToken ct = default)
    {
        var nit = entityNit.Trim();
        int rows = 0, added = 0, refused = 0, ignored = 0;
        var refusals = new List<ExecutionRefusal>();
        var today = ColombiaTime.Today(clock);
        ExecutionRun Run(string? error) => new(works.Count, rows, added, refused, ignored, refusals, error);

        foreach (var chunk in works.Order(StringComparer.Ordinal).Chunk(IdsPerQuery))
        {
            for (var offset = 0; ; )
            {
                IReadOnlyList<ExecutionRow> page;
                try
                {
                    page = ExecutionRow.ReadPage(await client.GetExecutionPageAsync(chunk, offset, ct));
                }
                catch (Exception e) when (e is SodaUnavailable or JsonException)
                {
                    log.LogWarning("SECOP execution pull of entity {EntityNit} stopped: {Error}", nit, e.Message);
                    return Run($"La lectura de la ejecución de contratos (datos.gov.co {SodaClient.ExecutionDataset}) se detuvo: {e.Message} Se leerá de nuevo en la próxima sincronización.");
                }
                rows += page.Count;
                foreach (var row in page)
                {
                    if (!works.Contains(row.ContractId?.Trim() ?? "")) { ignored++; continue; }
                    var reading = SecopExecution.Read(row, today, clock.GetUtcNow());
                    if (reading.Entry is not { } entry)
                    {
                        refused++;
                        if (refusals.Count < MaxReportedRefusals) refusals.Add(new(row.ContractId!.Trim(), reading.Refusal!));
                        continue;
                    }
                    if (await progress.FindAsync(entry.ContractId, entry.EntryId, ct) is not null) continue;
                    // Pages show it within ContractPageCache.Freshness: the store moves the work's page stamp (IPageStamps).
                    await progress.AddAsync(entry, ct);
                    added++;
                }
                if (page.Count < options.Value.Sync.PageSize) break;
                offset += page.Count;
            }
        }
        return Run(null);
    }

    /// <summary>The ids of each entity's published works (those with a page) in the store, in one read of the store
    /// a page at a time: a departmental deployment pulls for many entities in each run.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlySet<string>>> WorksByEntityAsync(IEnumerable<string> entityNits, CancellationToken ct = default)
    {
        var works = entityNits.Select(n => n.Trim()).Distinct().ToDictionary(n => n, _ => new HashSet<string>(StringComparer.Ordinal));
        for (string? after = null; ;)
        {
            var page = await contracts.ListPublishedAsync(after, StorePage, ct);
            foreach (var version in page)
                if (version.Contract.EntityNit?.Trim() is { } nit && works.TryGetValue(nit, out var ids)) ids.Add(version.ContractId);
            if (page.Count < StorePage) return works.ToDictionary(w => w.Key, w => (IReadOnlySet<string>)w.Value);
            after = page[^1].ContractId;
        }
    }
}
