namespace ObrasQr.Jobs;

/// <summary>
/// One row per job key that is queued or running: who holds its lease and until when, its attempts, its checkpoint and
/// last error. A lease is taken only when nobody holds it or its holder's expired (a dead worker's job is taken over).
/// </summary>
public interface IJobStore
{
    /// <summary>The lease, counting one more attempt; null when another holder's lease has not expired.</summary>
    Task<JobLease?> TryLeaseAsync(JobRef job, string holder, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken ct = default);

    /// <summary>Extends the lease (and keeps <paramref name="checkpoint"/> when given); throws <see cref="JobLeaseLost"/>
    /// when it is not this holder's any more.</summary>
    Task<JobLease> RenewAsync(JobLease lease, DateTimeOffset expiresAt, string? checkpoint = null, CancellationToken ct = default);

    /// <summary>Ends the lease. On retry the checkpoint and the attempts are kept, and the error with them.</summary>
    Task ReleaseAsync(JobLease lease, JobEnd end, string? error, DateTimeOffset now, CancellationToken ct = default);
}

/// <summary>Where jobs wait: an Azure Storage queue, or the jobs table of the embedded database.</summary>
public interface IJobQueue
{
    /// <summary>Asks for the job to run (again, if it is running now: what changed meanwhile is seen).</summary>
    Task EnqueueAsync(JobRef job, CancellationToken ct = default);

    /// <summary>A message for a key another worker holds: it comes back after <paramref name="delay"/>.</summary>
    Task PutBackAsync(JobRef job, TimeSpan delay, CancellationToken ct = default);

    /// <summary>Jobs due now, for a host that polls (the server); each is hidden from other pollers for a while.</summary>
    Task<IReadOnlyList<QueuedJob>> ReceiveAsync(int max, CancellationToken ct = default);

    /// <summary>The job ran (or was put back): its message is gone.</summary>
    Task CompleteAsync(QueuedJob job, CancellationToken ct = default);

    /// <summary>Queues again the jobs whose worker died holding their lease (the queue's own redelivery may come later
    /// than the two minutes allowed). Run by a timer, outside any request.</summary>
    Task RequeueAbandonedAsync(DateTimeOffset now, CancellationToken ct = default);
}

/// <summary>A job received from the queue. Receipt: what deletes its message (null where there is none).</summary>
public sealed record QueuedJob(JobRef Job, string? MessageId = null, string? Receipt = null);
