using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using ObrasQr.Http;
using ObrasQr.Sync;

namespace ObrasQr.Functions.Sync;

/// <summary>
/// The sync: on demand (the row of <see cref="HttpContract"/> with its name), and on the timer of app setting
/// ObrasQr__Sync__Schedule (6-field NCRONTAB, UTC). The binding expression names it with colons: the host resolves
/// %...% through configuration, where the environment's "__" became ":", and it does not resolve names with "__"
/// (azure-functions-host#10246).
/// </summary>
public sealed class SyncFunctions(SyncJob job)
{
    [Function(nameof(SyncNow))]
    public IResult SyncNow([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/sync")] HttpRequest req) => RouteInvoker.Run(nameof(SyncNow));

    [Function("SyncTimer")]
    public Task RunOnSchedule([TimerTrigger("%ObrasQr:Sync:Schedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        job.RunAsync(cancellationToken);
}
