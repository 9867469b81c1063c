using Microsoft.Extensions.Options;
using ObrasQr.Reports;

namespace ObrasQr.Server;

/// <summary>The server's counterpart of the Functions held-photo timer: on ObrasQr__Reports__HeldPhotoSweep (UTC)
/// deletes the held photos past their lifetime in the file store, those of other and earlier instances included.</summary>
public sealed class HeldPhotoScheduler(HeldPhotos heldPhotos, IOptions<ObrasQrOptions> options, TimeProvider clock, ILogger<HeldPhotoScheduler> log)
    : ServerTimer(clock, log)
{
    readonly Func<DateTimeOffset, TimeSpan> untilNext = Cron(options.Value.Reports.HeldPhotoSweep);

    protected override string RunName => "Held photo sweep";

    protected override TimeSpan UntilNext(DateTimeOffset now) => untilNext(now);

    protected override async Task RunOnceAsync(CancellationToken ct)
    {
        var swept = await heldPhotos.SweepStoreAsync(ct);
        if (swept > 0) log.LogInformation("Deleted {Count} expired held photo folders", swept);
    }
}
