using Microsoft.Azure.Functions.Worker;
using ObrasQr.Reports;

namespace ObrasQr.Functions.Reports;

/// <summary>Deletes held photos past their lifetime on the timer of app setting ObrasQr__Reports__HeldPhotoSweep
/// (6-field NCRONTAB, UTC; named with colons, as SyncFunctions explains), whichever instance held them: Flex recycles
/// instances, and each instance only remembers its own. The storage account's lifecycle rule on "held/" is a second net.</summary>
public sealed class HeldPhotoFunctions(HeldPhotos heldPhotos)
{
    [Function("HeldPhotoSweepTimer")]
    public Task RunOnSchedule([TimerTrigger("%ObrasQr:Reports:HeldPhotoSweep%")] TimerInfo timer, CancellationToken cancellationToken) =>
        heldPhotos.SweepStoreAsync(cancellationToken);
}
