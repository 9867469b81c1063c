using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using ObrasQr.Http;

namespace ObrasQr.Functions.Contracts;

/// <summary>Published works as open data. Each function is the row of <see cref="HttpContract"/> with its name: the same path and
/// method here, its role, body limit and cache applied by <see cref="RouteInvoker"/>.</summary>
public sealed class ContractFunctions
{
    [Function(nameof(ContractsList))]
    public IResult ContractsList([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "api/contracts")] HttpRequest req) => RouteInvoker.Run(nameof(ContractsList));

    [Function(nameof(ContractsGet))]
    public IResult ContractsGet([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "api/contracts/{contractId}")] HttpRequest req) => RouteInvoker.Run(nameof(ContractsGet));
}
