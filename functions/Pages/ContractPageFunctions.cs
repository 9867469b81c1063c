using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using ObrasQr.Http;

namespace ObrasQr.Functions.Pages;

/// <summary>The page a billboard's QR code opens, its share preview, the privacy notice and robots.txt. Each function is the row of <see cref="HttpContract"/> with its name: the same path and
/// method here, its role, body limit and cache applied by <see cref="RouteInvoker"/>.</summary>
public sealed class ContractPageFunctions
{
    [Function(nameof(ContractPage))]
    public IResult ContractPage([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "o/{contractId}")] HttpRequest req) => RouteInvoker.Run(nameof(ContractPage));

    [Function(nameof(ContractPreview))]
    public IResult ContractPreview([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "o/{contractId}/vista.png")] HttpRequest req) => RouteInvoker.Run(nameof(ContractPreview));

    [Function(nameof(ReportFormRedirect))]
    public IResult ReportFormRedirect([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "o/{contractId}/reportes")] HttpRequest req) => RouteInvoker.Run(nameof(ReportFormRedirect));

    [Function(nameof(Robots))]
    public IResult Robots([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "robots.txt")] HttpRequest req) => RouteInvoker.Run(nameof(Robots));

    [Function(nameof(Privacy))]
    public IResult Privacy([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "privacidad")] HttpRequest req) => RouteInvoker.Run(nameof(Privacy));
}
