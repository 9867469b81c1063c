using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using ObrasQr.Sync;

namespace ObrasQr.Functions.Sync;

/// <summary>The sync: on the ObrasQr__Sync__Schedule timer (6-field NCRONTAB, UTC) and on demand.</summary>
public sealed class SyncFunctions(SyncHandlers handlers, SyncJob job)
{
    [Function("SyncNow")]
    public Task<IResult> RunNow([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/sync")] HttpRequest req) =>
        handlers.RunNow(req);

    [Function("SyncTimer")]
    public Task RunOnSchedule([TimerTrigger("%ObrasQr__Sync__Schedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        job.RunAsync(cancellationToken);
}
