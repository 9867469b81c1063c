using Microsoft.Extensions.Logging;

namespace ObrasQr.Jobs;

/// <summary>What running a job came to. Busy: another worker holds its key (the message was put back); Lost: this
/// worker's lease was taken over while it ran (the new holder finishes the job).</summary>
public enum JobOutcome { Done, Busy, Retry, Failed, Lost }

/// <summary>What a job does, by kind (<see cref="JobWork"/>), and what its final failure leaves behind.</summary>
public interface IJobWork
{
    Task RunAsync(JobRef job, JobContext context, CancellationToken ct);
    /// <summary>After the last attempt failed: record the failure where people see it (an export's page).</summary>
    Task FailedAsync(JobRef job, string reason, CancellationToken ct);
}

/// <summary>A running job's checkpoint from an earlier attempt, and how it saves a new one (which also renews its lease).</summary>
public sealed record JobContext(string? Checkpoint, Func<string, Task> SaveCheckpointAsync);

/// <summary>
/// Runs one job under a lease on its key: takes it (or puts the message back when another worker holds it), renews it
/// while the job runs, and releases it at the end. A job that fails <see cref="MaxAttempts"/> times ends as failed.
/// </summary>
public sealed class JobRunner(IJobStore store, IJobQueue queue, IJobWork work, TimeProvider clock, ILogger<JobRunner> log)
{
    public const int MaxAttempts = 5;
    /// <summary>A dead worker's job is taken over once this has passed since its last renewal (well within two minutes).</summary>
    public static readonly TimeSpan LeaseTime = TimeSpan.FromSeconds(60);
    static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(20);
    /// <summary>How often each host queues again the jobs whose lease ran out (IJobQueue.RequeueAbandonedAsync): a dead
    /// worker's job is taken over at most this long after <see cref="LeaseTime"/>, 80 s in all. Once a minute made
    /// that two minutes exactly, the promise's limit (measured 110 s in TwoInstancesTests).</summary>
    public static readonly TimeSpan AbandonedEvery = TimeSpan.FromSeconds(20);

    /// <summary>This worker, as its leases name it.</summary>
    public string Holder { get; init; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    /// <summary>Runs a job received from the queue.</summary>
    public async Task<JobOutcome> RunAsync(JobRef job, CancellationToken ct = default)
    {
        var outcome = await RunLeasedAsync(job, (context, token) => work.RunAsync(job, context, token), ct);
        // Put back rather than dropped: by the time it comes back the holder has finished (an import then finds its
        // export done and does nothing; a sync runs again and sees what changed meanwhile) or died (its job is taken
        // over and resumes from the checkpoint).
        if (outcome == JobOutcome.Busy) await queue.PutBackAsync(job, LeaseTime, ct);
        return outcome;
    }

    /// <summary>A queue message: a job that fails is thrown back to the queue, which delivers it again later; a
    /// message that is not a job is dropped.</summary>
    public async Task RunMessageAsync(string message, CancellationToken ct = default)
    {
        if (JobRef.FromMessage(message) is not { } job)
        {
            log.LogError("Dropped a queue message that is not a job: {Message}", message.Length > 200 ? message[..200] : message);
            return;
        }
        if (await RunAsync(job, ct) == JobOutcome.Retry) throw new InvalidOperationException($"Job {job.Key} failed; the queue delivers it again.");
    }

    /// <summary>Runs <paramref name="run"/> here under the job's lease, waiting while another worker holds it (the
    /// sync a caller waits for).</summary>
    public async Task<JobOutcome> RunHereAsync(JobRef job, Func<JobContext, CancellationToken, Task> run, CancellationToken ct = default)
    {
        while (true)
        {
            var outcome = await RunLeasedAsync(job, run, ct);
            if (outcome != JobOutcome.Busy) return outcome;
            await Task.Delay(TimeSpan.FromMilliseconds(250), clock, ct);
        }
    }

    /// <summary><see cref="RunHereAsync(JobRef, Func{JobContext, CancellationToken, Task}, CancellationToken)"/> of the job's own work.</summary>
    public Task<JobOutcome> RunHereAsync(JobRef job, CancellationToken ct = default) =>
        RunHereAsync(job, (context, token) => work.RunAsync(job, context, token), ct);

    async Task<JobOutcome> RunLeasedAsync(JobRef job, Func<JobContext, CancellationToken, Task> run, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var lease = await store.TryLeaseAsync(job, Holder, now, now + LeaseTime, ct);
        if (lease is null) return JobOutcome.Busy;

        var held = new HeldLease(store, lease, clock);
        using var lost = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var stopRenewing = new CancellationTokenSource();
        var renewing = KeepRenewingAsync(held, lost, stopRenewing.Token);
        Exception? error = null;
        try
        {
            await run(new JobContext(lease.Checkpoint, checkpoint => held.RenewAsync(checkpoint, lost.Token)), lost.Token);
        }
        catch (Exception e) { error = e; }
        await stopRenewing.CancelAsync();
        await renewing;

        if (held.Lost || error is JobLeaseLost)
        {
            log.LogWarning("Job {Kind} {Key}: its lease was taken over by another worker, which finishes it", job.Kind, job.Key);
            return JobOutcome.Lost;
        }
        if (error is null)
        {
            await held.ReleaseAsync(JobEnd.Done, null, ct);
            return JobOutcome.Done;
        }
        if (error is OperationCanceledException && ct.IsCancellationRequested)
        {
            // The host is stopping: not the job's fault, and its checkpoint lets the next attempt go on.
            await held.ReleaseAsync(JobEnd.Retry, "El servicio se detuvo durante el trabajo.", CancellationToken.None);
            return JobOutcome.Retry;
        }
        if (lease.Attempt >= MaxAttempts)
        {
            log.LogError(error, "Job failed: {Kind} {Key}", job.Kind, job.Key);
            await work.FailedAsync(job, FailedReason(job.Kind), ct);
            await held.ReleaseAsync(JobEnd.Failed, error.Message, ct);
            return JobOutcome.Failed;
        }
        log.LogWarning(error, "Job {Kind} {Key} failed on attempt {Attempt} of {MaxAttempts}; it runs again", job.Kind, job.Key, lease.Attempt, MaxAttempts);
        await held.ReleaseAsync(JobEnd.Retry, error.Message, ct);
        return JobOutcome.Retry;
    }

    public static string FailedReason(JobKind kind) => kind switch
    {
        JobKind.Import => $"La importación falló {MaxAttempts} veces seguidas por un error inesperado y se detuvo. " +
            "Vuelva a subir el archivo; si falla de nuevo, avise al administrador de ObrasQr.",
        JobKind.Sync => $"La sincronización falló {MaxAttempts} veces seguidas por un error inesperado; la próxima sincronización lo intenta de nuevo.",
        JobKind.SyncNow => $"La sincronización falló {MaxAttempts} veces seguidas por un error inesperado y se detuvo. " +
            "Vuelva a pedirla; si falla de nuevo, avise al administrador de ObrasQr.",
        JobKind.OpenData => $"La publicación de los datos abiertos falló {MaxAttempts} veces seguidas; se siguen sirviendo los archivos anteriores.",
    };

    async Task KeepRenewingAsync(HeldLease held, CancellationTokenSource lost, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(RenewEvery, clock, stop);
                await held.RenewAsync(null, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested) { return; }
            catch (JobLeaseLost)
            {
                await lost.CancelAsync();
                return;
            }
            catch (Exception e)
            {
                // The lease still has time: the next renewal tries again.
                log.LogWarning(e, "Renewing the lease of job {Key} failed", held.Job.Key);
            }
        }
    }

    /// <summary>The lease as last written: renewals and checkpoints go one at a time, each against the row the last
    /// one left (its ETag on Azure).</summary>
    sealed class HeldLease(IJobStore store, JobLease lease, TimeProvider clock)
    {
        readonly SemaphoreSlim one = new(1, 1);
        JobLease current = lease;
        public bool Lost { get; private set; }
        public JobRef Job => current.Job;

        public async Task RenewAsync(string? checkpoint, CancellationToken ct)
        {
            await one.WaitAsync(ct);
            try
            {
                if (Lost) throw new JobLeaseLost(current.Job);
                try { current = await store.RenewAsync(current, clock.GetUtcNow() + LeaseTime, checkpoint, ct); }
                catch (JobLeaseLost) { Lost = true; throw; }
            }
            finally { one.Release(); }
        }

        public async Task ReleaseAsync(JobEnd end, string? error, CancellationToken ct)
        {
            await one.WaitAsync(CancellationToken.None);
            try { await store.ReleaseAsync(current, end, error, clock.GetUtcNow(), ct); }
            finally { one.Release(); }
        }
    }
}
