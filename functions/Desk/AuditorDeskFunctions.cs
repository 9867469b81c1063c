using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using ObrasQr.Http;

namespace ObrasQr.Functions.Desk;

/// <summary>The auditors' desk pages. Each function is the row of <see cref="HttpContract"/> with its name: the same path and
/// method here, its role, body limit and cache applied by <see cref="RouteInvoker"/>.</summary>
public sealed class AuditorDeskFunctions
{
    [Function(nameof(DeskReports))]
    public IResult DeskReports([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "escritorio/reportes")] HttpRequest req) => RouteInvoker.Run(nameof(DeskReports));

    [Function(nameof(DeskReport))]
    public IResult DeskReport([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "escritorio/reportes/{reportId}")] HttpRequest req) => RouteInvoker.Run(nameof(DeskReport));

    [Function(nameof(DeskReportIdentity))]
    public IResult DeskReportIdentity([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "escritorio/reportes/{reportId}/identidad")] HttpRequest req) => RouteInvoker.Run(nameof(DeskReportIdentity));

    [Function(nameof(DeskReportStatus))]
    public IResult DeskReportStatus([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "escritorio/reportes/{reportId}/estado")] HttpRequest req) => RouteInvoker.Run(nameof(DeskReportStatus));

    [Function(nameof(DeskReportPublishable))]
    public IResult DeskReportPublishable([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "escritorio/reportes/{reportId}/publicable")] HttpRequest req) => RouteInvoker.Run(nameof(DeskReportPublishable));

    [Function(nameof(DeskReportAssign))]
    public IResult DeskReportAssign([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "escritorio/reportes/{reportId}/asignar")] HttpRequest req) => RouteInvoker.Run(nameof(DeskReportAssign));

    [Function(nameof(DeskReportsBulk))]
    public IResult DeskReportsBulk([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "escritorio/reportes/lote")] HttpRequest req) => RouteInvoker.Run(nameof(DeskReportsBulk));
}
