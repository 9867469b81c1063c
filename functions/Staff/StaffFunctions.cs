using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using ObrasQr.Http;

namespace ObrasQr.Functions.Staff;

/// <summary>The staff desk's sign-in and staff pages. Each function is the row of <see cref="HttpContract"/> with its name: the same path and
/// method here, its role, body limit and cache applied by <see cref="RouteInvoker"/>.</summary>
public sealed class StaffFunctions
{
    [Function(nameof(DeskHome))]
    public IResult DeskHome([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "escritorio")] HttpRequest req) => RouteInvoker.Run(nameof(DeskHome));
}
