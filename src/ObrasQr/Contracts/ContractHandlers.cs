using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using ObrasQr.Http;
using ObrasQr.Storage;

namespace ObrasQr.Contracts;

/// <summary>Published works as open data (JSON), for anyone.</summary>
public static class ContractHandlers
{
    const int DefaultPage = 50, MaxPage = 200;

    /// <summary>GET /api/contracts?after=&amp;limit=: keyset-paged by contract id.</summary>
    [Problem(StatusCodes.Status400BadRequest)]
    public static async Task<Results<Ok<ContractList>, ProblemHttpResult>> List(string? after, string? limit, IContractStore contracts,
        CancellationToken ct)
    {
        var take = DefaultPage;
        if (limit is not null && (!int.TryParse(limit, out take) || take is < 1 or > MaxPage))
            return Problems.Of("limit", $"Use un número entero de 1 a {MaxPage}.");
        var page = await contracts.ListPublishedAsync(string.IsNullOrEmpty(after) ? null : after, take, ct);
        return TypedResults.Ok(new ContractList(
            page.Select(v => v.Contract).ToList(),
            page.Count == take ? $"/api/contracts?after={Uri.EscapeDataString(page[^1].ContractId)}&limit={take}" : null));
    }

    /// <summary>GET /api/contracts/{contractId}: the contract with its synchronised versions and what changed.</summary>
    [Problem(StatusCodes.Status404NotFound)]
    public static async Task<Results<Ok<ContractDetail>, ProblemHttpResult>> Get(ContractId contractId, IContractStore contracts,
        CancellationToken ct)
    {
        var current = await contracts.FindAsync(contractId, ct);
        if (current is null || !current.Contract.IsPublishedWork)
            return Problems.NotFound("contractId", $"No hay una obra publicada con el número '{contractId}'.");
        var history = await contracts.HistoryAsync(contractId, ct);
        return TypedResults.Ok(new ContractDetail(current.Contract, current.SyncedAt,
            history.Select(v => new VersionSummary(v.Number, v.SyncedAt, v.Source)).ToList(), ContractChanges.Between(history)));
    }
}

public sealed record ContractList(IReadOnlyList<Contract> Items, string? Next);

public sealed record ContractDetail(Contract Contract, DateTimeOffset SyncedAt, IReadOnlyList<VersionSummary> Versions,
    IReadOnlyList<ContractChange> Changes);

public sealed record VersionSummary(int Number, DateTimeOffset SyncedAt, string Source);
