using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using ObrasQr.Http;
using ObrasQr.Jobs;

namespace ObrasQr.Functions.OpenData;

/// <summary>Open data (OC4IDS, Open311, CSV, /datos) and the auditors' publication decision. Each function is the row of
/// <see cref="HttpContract"/> with its name: the same path and method here, its rules applied by <see cref="RouteInvoker"/>.
/// The open-data files are built again each Colombian midnight (05:00 UTC), as the server's OpenDataScheduler does: the
/// timer queues the build's job.</summary>
public sealed class OpenDataFunctions(IJobQueue jobs)
{
    [Function("OpenDataTimer")]
    public Task BuildAtMidnight([TimerTrigger("0 0 5 * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        jobs.EnqueueAsync(JobRef.OpenData, cancellationToken);

    [Function(nameof(Oc4ids))]
    public IResult Oc4ids([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "api/oc4ids.json")] HttpRequest req) => RouteInvoker.Run(nameof(Oc4ids));

    [Function(nameof(ContractsCsv))]
    public IResult ContractsCsv([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "api/contracts.csv")] HttpRequest req) => RouteInvoker.Run(nameof(ContractsCsv));

    [Function(nameof(Open311Services))]
    public IResult Open311Services([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "open311/v2/services.{format}")] HttpRequest req) => RouteInvoker.Run(nameof(Open311Services));

    [Function(nameof(Open311Requests))]
    public IResult Open311Requests([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "open311/v2/requests.{format}")] HttpRequest req) => RouteInvoker.Run(nameof(Open311Requests));

    [Function(nameof(Open311Request))]
    public IResult Open311Request([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "open311/v2/requests/{reportId}.{format}")] HttpRequest req) => RouteInvoker.Run(nameof(Open311Request));

    [Function(nameof(Open311Media))]
    public IResult Open311Media([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "open311/v2/requests/{reportId}/media/{n:int}")] HttpRequest req) => RouteInvoker.Run(nameof(Open311Media));

    [Function(nameof(DataDictionary))]
    public IResult DataDictionary([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "datos")] HttpRequest req) => RouteInvoker.Run(nameof(DataDictionary));

    [Function(nameof(ReportPublishable))]
    public IResult ReportPublishable([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/reports/{reportId}/publicable")] HttpRequest req) => RouteInvoker.Run(nameof(ReportPublishable));
}
