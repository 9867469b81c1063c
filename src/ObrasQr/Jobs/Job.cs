using System.Text.Json;
using System.Text.Json.Serialization;

namespace ObrasQr.Jobs;

/// <summary>What a job does: import one export, sync one entity, build the open data, or run one "sync now" staff asked for.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<JobKind>))]
public enum JobKind { Import, Sync, OpenData, SyncNow }

/// <summary>
/// One job: its kind and what it works on (the export id, the entity's NIT, <see cref="National"/>, or the run id). Its
/// <see cref="Key"/> is what the lease is taken on: two workers never run the same key at once.
/// </summary>
public sealed record JobRef(JobKind Kind, string Subject)
{
    public const string National = "national";

    public static JobRef Import(string exportId) => new(JobKind.Import, exportId);
    public static JobRef Sync(string entityNit) => new(JobKind.Sync, entityNit);
    public static JobRef OpenData { get; } = new(JobKind.OpenData, National);
    public static JobRef SyncNow(string runId) => new(JobKind.SyncNow, runId);

    public string Key => $"{Kind.ToString().ToLowerInvariant()}:{Subject}";

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The queue message: {"kind":"Import","subject":"..."}.</summary>
    public string ToMessage() => JsonSerializer.Serialize(this, Json);

    /// <summary>Null for a message that is not a job (it is dropped, not retried).</summary>
    public static JobRef? FromMessage(string message)
    {
        try
        {
            return JsonSerializer.Deserialize<JobRef>(message, Json) is { Subject.Length: > 0 } job && Enum.IsDefined(job.Kind) ? job : null;
        }
        catch (JsonException) { return null; }
    }
}

/// <summary>A job's lease as its holder has it. Tag: what the store checks a later write against (the row's ETag on
/// Azure); Checkpoint: how far an earlier attempt got; Attempt: 1 for the first lease taken on this job.</summary>
public sealed record JobLease(JobRef Job, string Holder, DateTimeOffset ExpiresAt, int Attempt, string? Checkpoint, string? Tag = null);

/// <summary>How a lease ends: done (the job is forgotten), retry (the attempt failed; the job runs again later),
/// failed (after <see cref="JobRunner.MaxAttempts"/> attempts: forgotten, its failure recorded by the job itself).</summary>
public enum JobEnd { Done, Retry, Failed }

/// <summary>The lease is no longer this holder's (it expired and another worker took the job over).</summary>
public sealed class JobLeaseLost(JobRef job) : Exception($"The lease of job {job.Key} was taken over by another worker.");
