using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using ObrasQr.Http;
using ObrasQr.Jobs;
using ObrasQr.Sync;

namespace ObrasQr.Functions.Sync;

/// <summary>
/// The sync: on demand (the row of <see cref="HttpContract"/> with its name), and on the timer of app setting
/// ObrasQr__Sync__Schedule (6-field NCRONTAB, UTC), which queues its jobs. The binding expression names it with colons:
/// the host resolves %...% through configuration, where the environment's "__" became ":", and it does not resolve
/// names with "__" (azure-functions-host#10246).
/// </summary>
public sealed class SyncFunctions(SyncJob job)
{
    [Function(nameof(SyncNow))]
    public IResult SyncNow([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/sync")] HttpRequest req) => RouteInvoker.Run(nameof(SyncNow));

    [Function(nameof(SyncStatus))]
    public IResult SyncStatus([HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "api/sync/{runId}")] HttpRequest req) => RouteInvoker.Run(nameof(SyncStatus));

    [Function("SyncTimer")]
    public Task RunOnSchedule([TimerTrigger("%ObrasQr:Sync:Schedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        job.EnqueueAllAsync(cancellationToken);
}

/// <summary>
/// The jobs (<see cref="JobRunner"/>): each message of queue "jobs" on the data account (connection
/// ObrasQr__Storage__Queues__queueServiceUri, or __connectionString for Azurite); host.json gives a message 5 deliveries
/// before it goes to "jobs-poison". Every 20 s (JobRunner.AbandonedEvery) the jobs of an instance that died holding their lease are queued again.
/// </summary>
public sealed class JobFunctions(JobRunner runner, IJobQueue queue, TimeProvider clock)
{
    [Function("JobQueue")]
    public Task Run([QueueTrigger("jobs", Connection = "ObrasQr:Storage:Queues")] string message, CancellationToken cancellationToken) =>
        runner.RunMessageAsync(message, cancellationToken);

    [Function("JobsAbandoned")]
    public Task RequeueAbandoned([TimerTrigger("*/20 * * * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        queue.RequeueAbandonedAsync(clock.GetUtcNow(), cancellationToken);
}
