using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using ObrasQr.Http;
using ObrasQr.Storage;
using ObrasQr.Withdrawals;

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

    /// <summary>
    /// GET /api/contracts/{contractId}?antes=&amp;limit=: the contract with a page of its synchronised versions (the latest
    /// <c>limit</c>, or those before version <c>antes</c>) and what changed into each of them, so that a history of any
    /// length answers at the same cost. <see cref="ContractDetail.Next"/> links to the older page.
    /// </summary>
    [Problem(StatusCodes.Status400BadRequest), Problem(StatusCodes.Status404NotFound)]
    public static async Task<Results<Ok<ContractDetail>, ProblemHttpResult>> Get(ContractId contractId, string? antes, string? limit,
        IContractStore contracts, IWithdrawalStore withdrawals, CancellationToken ct)
    {
        var take = DefaultPage;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out take) || take is < 1 or > MaxPage))
            return Problems.Of("limit", $"Use un número entero de 1 a {MaxPage}.");
        int? before = null;
        if (antes is not null)
        {
            if (!int.TryParse(antes, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
                return Problems.Of("antes", "Use el número de una versión: un entero positivo.");
            before = number;
        }
        var current = await contracts.FindAsync(contractId, ct);
        if (current is null || !current.Contract.IsWork)
            return Problems.NotFound("contractId", $"No hay una obra publicada con el número '{contractId}'.");
        // One version more than the page: its predecessor, so the change into the page's oldest version is listed here
        // and consecutive pages join with no change lost or repeated.
        var window = await contracts.VersionsBeforeAsync(contractId, Math.Min(before ?? int.MaxValue, current.Number + 1), take + 1, ct);
        var page = window.Count > take ? window.Skip(1).ToList() : window;
        var next = page.Count > 0 && page[0].Number > 1
            ? $"/api/contracts/{Uri.EscapeDataString(current.ContractId)}?antes={page[0].Number.ToString(CultureInfo.InvariantCulture)}&limit={take}"
            : null;
        return TypedResults.Ok(new ContractDetail(current.Contract, current.SyncedAt,
            page.Select(v => new VersionSummary(v.Number, v.SyncedAt, v.Source)).ToList(), ContractChanges.Between(window),
            current.Number, next, await withdrawals.FindAsync(current.ContractId, ct) is { } withdrawn ? WithdrawalNotice.Of(withdrawn) : null));
    }
}

public sealed record ContractList(IReadOnlyList<Contract> Items, string? Next);

/// <summary>A contract and one page of its history: <paramref name="Versions"/> oldest first, <paramref name="Changes"/>
/// (newest first) into each of those versions from its predecessor, <paramref name="VersionCount"/> versions in all
/// (numbered 1 to VersionCount), <paramref name="Next"/> the older page (null on the page with the first version), and
/// <paramref name="Withdrawal"/> when and why the entity withdrew the work from publication (null while it is published).</summary>
public sealed record ContractDetail(Contract Contract, DateTimeOffset SyncedAt, IReadOnlyList<VersionSummary> Versions,
    IReadOnlyList<ContractChange> Changes, int VersionCount, string? Next, WithdrawalNotice? Withdrawal = null);

public sealed record VersionSummary(int Number, DateTimeOffset SyncedAt, string Source);
