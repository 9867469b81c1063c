using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using ObrasQr.Jobs;

namespace ObrasQr.AzureStorage;

/// <summary>
/// Jobs on Azure: the messages in the Storage queue "jobs" (the Functions queue trigger, or the server's worker, takes
/// them), the leases in table "jobs": PartitionKey "jobs", RowKey = the job key; a row per job queued or running with
/// its Holder, ExpiresAt, Attempts, Checkpoint (JSON, split like records) and LastError. A lease is claimed by a write
/// conditional on the row's ETag, so of two workers only one gets it (docs/azure-tables.md, "Jobs").
/// </summary>
public sealed class AzureJobs(AzureStore store, QueueServiceClient queues, JobSignal signal) : IJobStore, IJobQueue
{
    public const string Queue = "jobs";
    const string Partition = "jobs";
    readonly TableClient table = store.Table(AzureStore.Jobs);
    readonly QueueClient queue = queues.GetQueueClient(store.QueueName(Queue));
    Task? created;

    /// <summary>The queue is created on first use: infra-bicep declares it; Azurite starts empty.</summary>
    async Task<QueueClient> QueueAsync(CancellationToken ct)
    {
        await (created ??= queue.CreateIfNotExistsAsync(cancellationToken: ct));
        return queue;
    }

    public async Task EnqueueAsync(JobRef job, CancellationToken ct = default)
    {
        await (await QueueAsync(ct)).SendMessageAsync(job.ToMessage(), ct);
        signal.Wake();
    }

    public async Task PutBackAsync(JobRef job, TimeSpan delay, CancellationToken ct = default) =>
        await (await QueueAsync(ct)).SendMessageAsync(job.ToMessage(), visibilityTimeout: delay, cancellationToken: ct);

    public async Task<IReadOnlyList<QueuedJob>> ReceiveAsync(int max, CancellationToken ct = default)
    {
        var client = await QueueAsync(ct);
        // Hidden for one lease time: a job that runs longer may be delivered again, and then finds its key leased.
        var messages = await client.ReceiveMessagesAsync(max, JobRunner.LeaseTime, ct);
        var jobs = new List<QueuedJob>();
        foreach (var message in messages.Value)
        {
            if (JobRef.FromMessage(message.MessageText) is { } job) jobs.Add(new QueuedJob(job, message.MessageId, message.PopReceipt));
            else await client.DeleteMessageAsync(message.MessageId, message.PopReceipt, ct); // not a job: dropped
        }
        return jobs;
    }

    public async Task CompleteAsync(QueuedJob job, CancellationToken ct = default)
    {
        try { await (await QueueAsync(ct)).DeleteMessageAsync(job.MessageId, job.Receipt, ct); }
        catch (RequestFailedException e) when (e.Status == 404) { } // delivered again meanwhile: that delivery deletes it
    }

    public async Task RequeueAbandonedAsync(DateTimeOffset now, CancellationToken ct = default)
    {
        // A scan of the one partition, from a timer (never a request): rows are only the jobs queued or running now.
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and Holder ne {""} and ExpiresAt lt {now}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
            if (Enum.TryParse<JobKind>(row.GetString("Kind"), out var kind)) await EnqueueAsync(new JobRef(kind, row.GetString("Subject")), ct);
    }

    public async Task<JobLease?> TryLeaseAsync(JobRef job, string holder, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken ct = default)
    {
        var found = await table.GetEntityIfExistsAsync<TableEntity>(Partition, TableKeys.Encode(job.Key), cancellationToken: ct);
        try
        {
            if (!found.HasValue)
            {
                var lease = new JobLease(job, holder, expiresAt, 1, null);
                var added = await table.AddEntityAsync(Row(lease, null), ct);
                return lease with { Tag = added.Headers.ETag?.ToString() };
            }
            var row = found.Value!;
            if (row.GetString("Holder") is { Length: > 0 } && row.GetDateTimeOffset("ExpiresAt") > now) return null;
            var checkpoint = row.ContainsKey("Json") ? EntityJson.Read(row) : null;
            var taken = new JobLease(job, holder, expiresAt, (row.GetInt32("Attempts") ?? 0) + 1, checkpoint);
            var updated = await table.UpdateEntityAsync(Row(taken, row.GetString("LastError")), row.ETag, TableUpdateMode.Replace, ct);
            return taken with { Tag = updated.Headers.ETag?.ToString() };
        }
        // Another worker added or claimed the row first.
        catch (RequestFailedException e) when (e.Status is 409 or 412) { return null; }
    }

    public async Task<JobLease> RenewAsync(JobLease lease, DateTimeOffset expiresAt, string? checkpoint = null, CancellationToken ct = default)
    {
        var renewed = lease with { ExpiresAt = expiresAt, Checkpoint = checkpoint ?? lease.Checkpoint };
        try
        {
            var updated = await table.UpdateEntityAsync(Row(renewed, null), new ETag(lease.Tag!), TableUpdateMode.Replace, ct);
            return renewed with { Tag = updated.Headers.ETag?.ToString() };
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412) { throw new JobLeaseLost(lease.Job); }
    }

    public async Task ReleaseAsync(JobLease lease, JobEnd end, string? error, DateTimeOffset now, CancellationToken ct = default)
    {
        try
        {
            if (end == JobEnd.Retry)
                await table.UpdateEntityAsync(Row(lease with { Holder = "", ExpiresAt = now }, error), new ETag(lease.Tag!), TableUpdateMode.Replace, ct);
            else
                await table.DeleteEntityAsync(Partition, TableKeys.Encode(lease.Job.Key), new ETag(lease.Tag!), ct);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412) { } // taken over meanwhile: the new holder ends it
    }

    static TableEntity Row(JobLease lease, string? error)
    {
        var row = new TableEntity(Partition, TableKeys.Encode(lease.Job.Key))
        {
            ["Kind"] = lease.Job.Kind.ToString(),
            ["Subject"] = lease.Job.Subject,
            ["Holder"] = lease.Holder,
            ["ExpiresAt"] = lease.ExpiresAt,
            ["Attempts"] = lease.Attempt,
        };
        if (error is not null) row["LastError"] = error.Length > 4000 ? error[..4000] : error;
        if (lease.Checkpoint is not null) EntityJson.Write(row, lease.Checkpoint);
        return row;
    }
}
