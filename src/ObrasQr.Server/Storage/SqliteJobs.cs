using System.Globalization;
using Microsoft.Data.Sqlite;
using ObrasQr.Jobs;

namespace ObrasQr.Server.Storage;

/// <summary>
/// The embedded database's jobs: the table is both the queue and the leases. A queued row is due at due_at; a running
/// row whose lease expired is due again (its worker died); an enqueue while a job runs marks it to run once more after.
/// Every statement checks the lease holder, so two workers (or two processes on one file) never run one key at once.
/// </summary>
public sealed class SqliteJobs(SqliteDatabase db, JobSignal signal, TimeProvider clock) : IJobStore, IJobQueue
{
    /// <summary>How long a failed attempt waits before the next, per attempt made.</summary>
    static readonly TimeSpan Backoff = TimeSpan.FromSeconds(15);

    static string At(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    public Task EnqueueAsync(JobRef job, CancellationToken ct = default)
    {
        Execute("""
            INSERT INTO jobs (job_key, kind, subject, status, due_at) VALUES ($key, $kind, $subject, 'queued', $now)
            ON CONFLICT (job_key) DO UPDATE SET
                requested_again = CASE WHEN status = 'running' THEN 1 ELSE requested_again END,
                due_at = CASE WHEN status = 'queued' AND due_at > $now THEN $now ELSE due_at END
            """, job, ("$now", At(clock.GetUtcNow())));
        signal.Wake();
        return Task.CompletedTask;
    }

    /// <summary>Nothing to do: the row itself comes up again when due or when its holder's lease expires.</summary>
    public Task PutBackAsync(JobRef job, TimeSpan delay, CancellationToken ct = default) => Task.CompletedTask;

    public Task<IReadOnlyList<QueuedJob>> ReceiveAsync(int max, CancellationToken ct = default)
    {
        using var connection = db.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT kind, subject FROM jobs
            WHERE (status = 'queued' AND due_at <= $now) OR (status = 'running' AND lease_expires <= $now)
            ORDER BY due_at LIMIT $max
            """;
        command.Parameters.AddWithValue("$now", At(clock.GetUtcNow()));
        command.Parameters.AddWithValue("$max", max);
        var due = new List<QueuedJob>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
            if (Enum.TryParse<JobKind>(reader.GetString(0), out var kind)) due.Add(new QueuedJob(new JobRef(kind, reader.GetString(1))));
        return Task.FromResult<IReadOnlyList<QueuedJob>>(due);
    }

    public Task CompleteAsync(QueuedJob job, CancellationToken ct = default) => Task.CompletedTask;

    /// <summary>Nothing to do: <see cref="ReceiveAsync"/> returns a dead worker's job once its lease expired.</summary>
    public Task RequeueAbandonedAsync(DateTimeOffset now, CancellationToken ct = default) => Task.CompletedTask;

    public Task<JobLease?> TryLeaseAsync(JobRef job, string holder, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken ct = default)
    {
        using var connection = db.Open();
        using var command = Command(connection, """
            INSERT INTO jobs (job_key, kind, subject, status, due_at, attempts, lease_holder, lease_expires)
            VALUES ($key, $kind, $subject, 'running', $now, 1, $holder, $expires)
            ON CONFLICT (job_key) DO UPDATE SET status = 'running', attempts = attempts + 1, lease_holder = $holder,
                lease_expires = $expires, requested_again = 0
            WHERE lease_holder IS NULL OR lease_expires <= $now
            RETURNING attempts, checkpoint
            """, job, ("$now", At(now)), ("$holder", holder), ("$expires", At(expiresAt)));
        using var reader = command.ExecuteReader();
        JobLease? lease = reader.Read()
            ? new JobLease(job, holder, expiresAt, reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetString(1))
            : null;
        return Task.FromResult(lease);
    }

    public Task<JobLease> RenewAsync(JobLease lease, DateTimeOffset expiresAt, string? checkpoint = null, CancellationToken ct = default)
    {
        var changed = Execute("""
            UPDATE jobs SET lease_expires = $expires, checkpoint = COALESCE($checkpoint, checkpoint)
            WHERE job_key = $key AND lease_holder = $holder
            """, lease.Job, ("$expires", At(expiresAt)), ("$checkpoint", (object?)checkpoint ?? DBNull.Value), ("$holder", lease.Holder));
        if (changed == 0) throw new JobLeaseLost(lease.Job);
        return Task.FromResult(lease with { ExpiresAt = expiresAt, Checkpoint = checkpoint ?? lease.Checkpoint });
    }

    public Task ReleaseAsync(JobLease lease, JobEnd end, string? error, DateTimeOffset now, CancellationToken ct = default)
    {
        (string, object?) holder = ("$holder", lease.Holder), lastError = ("$error", (object?)error ?? DBNull.Value);
        if (end == JobEnd.Retry)
            Execute("""
                UPDATE jobs SET status = 'queued', due_at = $due, lease_holder = NULL, lease_expires = NULL, last_error = $error
                WHERE job_key = $key AND lease_holder = $holder
                """, lease.Job, holder, lastError, ("$due", At(now + Backoff * lease.Attempt)));
        else
        {
            // Asked for again while it ran: it runs once more, from the start.
            Execute("""
                UPDATE jobs SET status = 'queued', due_at = $now, attempts = 0, lease_holder = NULL, lease_expires = NULL,
                    checkpoint = NULL, requested_again = 0, last_error = $error
                WHERE job_key = $key AND lease_holder = $holder AND requested_again = 1
                """, lease.Job, holder, lastError, ("$now", At(now)));
            Execute("DELETE FROM jobs WHERE job_key = $key AND lease_holder = $holder", lease.Job, holder);
        }
        return Task.CompletedTask;
    }

    int Execute(string sql, JobRef job, params (string Name, object? Value)[] parameters)
    {
        using var connection = db.Open();
        using var command = Command(connection, sql, job, parameters);
        return command.ExecuteNonQuery();
    }

    static SqliteCommand Command(SqliteConnection connection, string sql, JobRef job, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$key", job.Key);
        if (sql.Contains("$kind", StringComparison.Ordinal)) command.Parameters.AddWithValue("$kind", job.Kind.ToString());
        if (sql.Contains("$subject", StringComparison.Ordinal)) command.Parameters.AddWithValue("$subject", job.Subject);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }
}
