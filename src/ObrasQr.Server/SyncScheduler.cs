using Microsoft.Extensions.Options;
using ObrasQr.Sync;

namespace ObrasQr.Server;

/// <summary>The server's counterpart of the Functions timer: queues the sync's jobs on ObrasQr__Sync__Schedule (UTC).
/// What a failed run did not queue, the next one queues.</summary>
public sealed class SyncScheduler(SyncJob job, IOptions<ObrasQrOptions> options, TimeProvider clock, ILogger<SyncScheduler> log)
    : ServerTimer(clock, log)
{
    readonly Func<DateTimeOffset, TimeSpan> untilNext = Cron(options.Value.Sync.Schedule);

    protected override string RunName => "Sync run";

    protected override TimeSpan UntilNext(DateTimeOffset now) => untilNext(now);

    protected override Task RunOnceAsync(CancellationToken ct) => job.EnqueueAllAsync(ct);
}
