using ObrasQr.Jobs;

namespace ObrasQr.Server;

/// <summary>
/// The server's job worker (the Functions app has its queue trigger instead): takes the due jobs from the queue (the
/// jobs table, or the Azure queue when the server runs on the Azure store), runs them, and waits for the next poll or
/// for this process to enqueue. Every <see cref="JobRunner.AbandonedEvery"/> it queues again the jobs of a worker that died.
/// </summary>
public sealed class JobWorker(IJobQueue queue, JobRunner runner, JobSignal signal, TimeProvider clock, ILogger<JobWorker> log) : BackgroundService
{
    static readonly TimeSpan Poll = TimeSpan.FromSeconds(5);
    /// <summary>Jobs run at once: an import of a large export does not hold up the others; the machine is shared with requests.</summary>
    const int AtOnce = 2;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var abandonedAt = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (clock.GetUtcNow() - abandonedAt >= JobRunner.AbandonedEvery)
                {
                    abandonedAt = clock.GetUtcNow();
                    await queue.RequeueAbandonedAsync(abandonedAt, stoppingToken);
                }
                var due = await queue.ReceiveAsync(AtOnce, stoppingToken);
                await Task.WhenAll(due.Select(job => RunAsync(job, stoppingToken)));
                if (due.Count == 0) await signal.WaitAsync(Poll, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception e)
            {
                log.LogError(e, "The job worker could not read the queue; it tries again");
                await Task.Delay(Poll, clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    async Task RunAsync(QueuedJob job, CancellationToken ct)
    {
        JobOutcome outcome;
        try { outcome = await runner.RunAsync(job.Job, ct); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The store failed around the job (taking or releasing its lease): the message comes back.
            log.LogError(e, "Running job {Key} failed", job.Job.Key);
            outcome = JobOutcome.Retry;
        }
        // A failed attempt keeps its message: the queue delivers it again once it is visible.
        if (outcome != JobOutcome.Retry) await queue.CompleteAsync(job, ct);
    }
}
