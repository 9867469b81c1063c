using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using ObrasQr.Http;

namespace ObrasQr.Functions;

/// <summary>Whether the app and its storage answer. Each function is the row of <see cref="HttpContract"/> with its name: the same path and
/// method here, its role, body limit and cache applied by <see cref="RouteInvoker"/>.</summary>
public sealed class HealthFunctions
{
    [Function(nameof(Health))]
    public IResult Health([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "api/health")] HttpRequest req) => RouteInvoker.Run(nameof(Health));
}
