using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using ObrasQr.Secop;

namespace ObrasQr.Functions.Secop;

/// <summary>SECOP II exports uploaded by the contracting office.</summary>
public sealed class ExportFunctions(ExportHandlers handlers)
{
    [Function("ExportUpload")]
    public Task<IResult> Upload([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/exports")] HttpRequest req) =>
        handlers.Upload(req);

    [Function("ExportStatus")]
    public Task<IResult> Status([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "api/exports/{exportId}")] HttpRequest req, string exportId) =>
        handlers.Status(req, exportId);
}
