using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using ObrasQr.Pages;

namespace ObrasQr.Functions.Pages;

/// <summary>The page a billboard's QR code opens.</summary>
public sealed class ContractPageFunctions(ContractPageHandlers handlers)
{
    [Function("ContractPage")]
    public Task<IResult> Show([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "o/{contractId}")] HttpRequest req, string contractId) =>
        handlers.Show(req, contractId);
}
