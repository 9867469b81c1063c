using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using ObrasQr.Http;

namespace ObrasQr.Functions.Qr;

/// <summary>QR codes and billboard panels. Each function is the row of <see cref="HttpContract"/> with its name: the same path and
/// method here, its role, body limit and cache applied by <see cref="RouteInvoker"/>.</summary>
public sealed class QrFunctions
{
    [Function(nameof(QrPng))]
    public IResult QrPng([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "o/{contractId}/qr.png")] HttpRequest req) => RouteInvoker.Run(nameof(QrPng));

    [Function(nameof(QrSvg))]
    public IResult QrSvg([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "o/{contractId}/qr.svg")] HttpRequest req) => RouteInvoker.Run(nameof(QrSvg));

    [Function(nameof(BillboardPanel))]
    public IResult BillboardPanel([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "o/{contractId}/valla.svg")] HttpRequest req) => RouteInvoker.Run(nameof(BillboardPanel));

    [Function(nameof(BillboardsZip))]
    public IResult BillboardsZip([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "api/billboards.zip")] HttpRequest req) => RouteInvoker.Run(nameof(BillboardsZip));
}
