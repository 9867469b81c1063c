using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using ObrasQr.Qr;

namespace ObrasQr.Functions.Qr;

public sealed class QrFunctions(QrHandlers handlers)
{
    [Function("QrPng")]
    public Task<IResult> Png([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "o/{contractId}/qr.png")] HttpRequest req, string contractId) =>
        handlers.Png(req, contractId);

    [Function("QrSvg")]
    public Task<IResult> Svg([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "o/{contractId}/qr.svg")] HttpRequest req, string contractId) =>
        handlers.Svg(req, contractId);

    [Function("BillboardPanel")]
    public Task<IResult> Panel([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "o/{contractId}/valla.svg")] HttpRequest req, string contractId) =>
        handlers.Panel(req, contractId);

    [Function("BillboardsZip")]
    public Task<IResult> BillboardsZip([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "api/billboards.zip")] HttpRequest req) =>
        handlers.BillboardsZip(req);
}
