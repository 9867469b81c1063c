using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using ObrasQr.Http;

namespace ObrasQr.Functions.Progress;

/// <summary>Physical progress of each work. Each function is the row of <see cref="HttpContract"/> with its name: the same path and
/// method here, its role, body limit and cache applied by <see cref="RouteInvoker"/>.</summary>
public sealed class ProgressFunctions
{
    [Function(nameof(ProgressRecord))]
    public IResult ProgressRecord([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/contracts/{contractId}/avances")] HttpRequest req) => RouteInvoker.Run(nameof(ProgressRecord));

    [Function(nameof(ProgressList))]
    public IResult ProgressList([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "api/contracts/{contractId}/avances")] HttpRequest req) => RouteInvoker.Run(nameof(ProgressList));

    [Function(nameof(ProgressCorrect))]
    public IResult ProgressCorrect([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "api/contracts/{contractId}/avances/{entryId}")] HttpRequest req) => RouteInvoker.Run(nameof(ProgressCorrect));

    [Function(nameof(ProgressDelete))]
    public IResult ProgressDelete([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/contracts/{contractId}/avances/{entryId}")] HttpRequest req) => RouteInvoker.Run(nameof(ProgressDelete));

    [Function(nameof(ProgressPhoto))]
    public IResult ProgressPhoto([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "o/{contractId}/avances/{entryId}/fotos/{n:int}")] HttpRequest req) => RouteInvoker.Run(nameof(ProgressPhoto));

    [Function(nameof(ProgressThumbnail))]
    public IResult ProgressThumbnail([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "o/{contractId}/avances/{entryId}/fotos/{n:int}/miniatura")] HttpRequest req) => RouteInvoker.Run(nameof(ProgressThumbnail));

    [Function(nameof(ProgressForm))]
    public IResult ProgressForm([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "escritorio/obras/{contractId}/avance")] HttpRequest req) => RouteInvoker.Run(nameof(ProgressForm));

    [Function(nameof(ProgressSubmit))]
    public IResult ProgressSubmit([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "escritorio/obras/{contractId}/avance")] HttpRequest req) => RouteInvoker.Run(nameof(ProgressSubmit));

    [Function(nameof(ProgressCorrectForm))]
    public IResult ProgressCorrectForm([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "escritorio/obras/{contractId}/avance/{entryId}")] HttpRequest req) => RouteInvoker.Run(nameof(ProgressCorrectForm));

    [Function(nameof(ProgressCorrectSubmit))]
    public IResult ProgressCorrectSubmit([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "escritorio/obras/{contractId}/avance/{entryId}")] HttpRequest req) => RouteInvoker.Run(nameof(ProgressCorrectSubmit));

    [Function(nameof(ProgressDeleteForm))]
    public IResult ProgressDeleteForm([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "escritorio/obras/{contractId}/avance/{entryId}/eliminar")] HttpRequest req) => RouteInvoker.Run(nameof(ProgressDeleteForm));

    [Function(nameof(ProgressDeleteSubmit))]
    public IResult ProgressDeleteSubmit([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "escritorio/obras/{contractId}/avance/{entryId}/eliminar")] HttpRequest req) => RouteInvoker.Run(nameof(ProgressDeleteSubmit));
}
