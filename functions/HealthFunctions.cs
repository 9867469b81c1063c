using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ObrasQr.Functions;

public sealed class HealthFunctions(HealthHandlers handlers)
{
    [Function("Health")]
    public Task<IResult> Check([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "api/health")] HttpRequest req) =>
        handlers.Check(req);
}
