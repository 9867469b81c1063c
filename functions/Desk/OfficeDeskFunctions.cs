using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using ObrasQr.Http;

namespace ObrasQr.Functions.Desk;

/// <summary>The office desk's pages. Each function is the row of <see cref="HttpContract"/> with its name: the same path and
/// method here, its role, body limit and cache applied by <see cref="RouteInvoker"/>.</summary>
public sealed class OfficeDeskFunctions
{
    [Function(nameof(DeskUploads))]
    public IResult DeskUploads([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "escritorio/cargas")] HttpRequest req) => RouteInvoker.Run(nameof(DeskUploads));

    [Function(nameof(DeskUpload))]
    public IResult DeskUpload([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "escritorio/cargas")] HttpRequest req) => RouteInvoker.Run(nameof(DeskUpload));

    [Function(nameof(DeskUploadDetail))]
    public IResult DeskUploadDetail([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "escritorio/cargas/{exportId}")] HttpRequest req) => RouteInvoker.Run(nameof(DeskUploadDetail));

    [Function(nameof(DeskWorks))]
    public IResult DeskWorks([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "escritorio/obras")] HttpRequest req) => RouteInvoker.Run(nameof(DeskWorks));

    [Function(nameof(DeskNewWork))]
    public IResult DeskNewWork([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "escritorio/obras/nueva")] HttpRequest req) => RouteInvoker.Run(nameof(DeskNewWork));

    [Function(nameof(DeskRegisterWork))]
    public IResult DeskRegisterWork([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "escritorio/obras/nueva")] HttpRequest req) => RouteInvoker.Run(nameof(DeskRegisterWork));

    [Function(nameof(DeskSyncNow))]
    public IResult DeskSyncNow([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "escritorio/sincronizar")] HttpRequest req) => RouteInvoker.Run(nameof(DeskSyncNow));

    [Function(nameof(DeskSyncRun))]
    public IResult DeskSyncRun([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "escritorio/sincronizar/{runId}")] HttpRequest req) => RouteInvoker.Run(nameof(DeskSyncRun));
}
