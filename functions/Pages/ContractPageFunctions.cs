using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using ObrasQr.Pages;

namespace ObrasQr.Functions.Pages;

/// <summary>The page a billboard's QR code opens, its share preview, and the privacy notice.</summary>
public sealed class ContractPageFunctions(ContractPageHandlers handlers)
{
    [Function("ContractPage")]
    public Task<IResult> Show([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "o/{contractId}")] HttpRequest req, string contractId) =>
        handlers.Show(req, contractId);

    [Function("ContractPreview")]
    public Task<IResult> Preview([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "o/{contractId}/vista.png")] HttpRequest req, string contractId) =>
        handlers.Preview(req, contractId);

    [Function("ReportFormRedirect")]
    public IResult ToForm([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "o/{contractId}/reportes")] HttpRequest req, string contractId) =>
        handlers.ToForm(contractId);

    [Function("Privacy")]
    public Task<IResult> Privacy([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "privacidad")] HttpRequest req) =>
        handlers.Privacy(req);
}
