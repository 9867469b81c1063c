using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using ObrasQr.Contracts;

namespace ObrasQr.Functions.Contracts;

/// <summary>Open data: the published works as JSON.</summary>
public sealed class ContractFunctions(ContractHandlers handlers)
{
    [Function("ContractsList")]
    public Task<IResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "api/contracts")] HttpRequest req) =>
        handlers.List(req);

    [Function("ContractsGet")]
    public Task<IResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "api/contracts/{contractId}")] HttpRequest req, string contractId) =>
        handlers.Get(req, contractId);
}
