using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using ObrasQr.Http;

namespace ObrasQr.Functions.Secop;

/// <summary>The office's SECOP II uploads. Each function is the row of <see cref="HttpContract"/> with its name: the same path and
/// method here, its role, body limit and cache applied by <see cref="RouteInvoker"/>.</summary>
public sealed class ExportFunctions
{
    [Function(nameof(ExportUpload))]
    public IResult ExportUpload([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/exports")] HttpRequest req) => RouteInvoker.Run(nameof(ExportUpload));

    [Function(nameof(ExportUploadStart))]
    public IResult ExportUploadStart([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/exports/uploads")] HttpRequest req) => RouteInvoker.Run(nameof(ExportUploadStart));

    [Function(nameof(ExportUploadChunk))]
    public IResult ExportUploadChunk([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/exports/uploads/{uploadId}/chunks/{n:int}")] HttpRequest req) => RouteInvoker.Run(nameof(ExportUploadChunk));

    [Function(nameof(ExportUploadComplete))]
    public IResult ExportUploadComplete([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/exports/uploads/{uploadId}/complete")] HttpRequest req) => RouteInvoker.Run(nameof(ExportUploadComplete));

    [Function(nameof(ExportStatus))]
    public IResult ExportStatus([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "api/exports/{exportId}")] HttpRequest req) => RouteInvoker.Run(nameof(ExportStatus));
}
