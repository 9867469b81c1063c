using Microsoft.AspNetCore.Http;
using ObrasQr.Storage;

namespace ObrasQr.Contracts;

/// <summary>Published works as open data (JSON).</summary>
public sealed class ContractHandlers(IContractStore contracts)
{
    const int MaxPage = 200;

    /// <summary>GET /api/contracts?after=&amp;limit=</summary>
    public async Task<IResult> List(HttpRequest request)
    {
        var limit = 50;
        if (request.Query.TryGetValue("limit", out var raw) && (!int.TryParse(raw, out limit) || limit < 1 || limit > MaxPage))
            return Problems.Field("limit", $"Must be a whole number from 1 to {MaxPage}.");
        var after = request.Query["after"].ToString();
        var page = await contracts.ListPublishedAsync(string.IsNullOrEmpty(after) ? null : after, limit, request.HttpContext.RequestAborted);
        return Results.Ok(new
        {
            items = page.Select(v => v.Contract),
            next = page.Count == limit ? $"/api/contracts?after={Uri.EscapeDataString(page[^1].ContractId)}&limit={limit}" : null,
        });
    }

    /// <summary>GET /api/contracts/{contractId}: the contract with its synchronised versions.</summary>
    public async Task<IResult> Get(HttpRequest request, string contractId)
    {
        contractId = ContractIds.Normalize(contractId);
        var current = await contracts.FindAsync(contractId, request.HttpContext.RequestAborted);
        if (current is null || !current.Contract.IsPublishedWork) return Problems.NotFound($"No published work with id '{contractId}'.");
        var history = await contracts.HistoryAsync(contractId, request.HttpContext.RequestAborted);
        return Results.Ok(new
        {
            contract = current.Contract,
            syncedAt = current.SyncedAt,
            versions = history.Select(v => new { v.Number, v.SyncedAt, v.Source }),
            changes = ContractChanges.Between(history),
        });
    }
}
