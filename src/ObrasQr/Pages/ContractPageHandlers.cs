using Microsoft.AspNetCore.Http;
using ObrasQr.Contracts;
using ObrasQr.Storage;

namespace ObrasQr.Pages;

public sealed class ContractPageHandlers(IContractStore contracts, PageRenderer pages)
{
    /// <summary>GET /o/{contractId}</summary>
    public async Task<IResult> Show(HttpRequest request, string contractId)
    {
        var ct = request.HttpContext.RequestAborted;
        var current = await contracts.FindAsync(contractId, ct);
        if (current is null || !current.Contract.IsPublishedWork)
            return await pages.PageAsync<NotFoundPage>(new Dictionary<string, object?> { ["ContractId"] = contractId }, StatusCodes.Status404NotFound);

        var history = await contracts.HistoryAsync(contractId, ct);
        return await pages.PageAsync<ContractPage>(new Dictionary<string, object?>
        {
            ["Contract"] = current.Contract,
            ["Changes"] = ContractChanges.Between(history),
            ["SyncedAt"] = current.SyncedAt,
        });
    }
}
