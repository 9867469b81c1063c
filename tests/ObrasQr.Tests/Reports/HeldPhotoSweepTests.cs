using ObrasQr.Reports;
using ObrasQr.Storage;

namespace ObrasQr.Tests.Reports;

/// <summary>The sweep of held photos (HeldPhotos.SweepStoreAsync, run by the server's scheduler and the Functions timer)
/// on both stores: it goes by the store's own time, so it deletes what an instance since recycled held.</summary>
public sealed class HeldPhotoSweepTests
{
    const string Path = "held/0123456789abcdef0123456789abcdef/1.jpg";

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task A_photo_another_instance_held_stays_within_the_lifetime_and_is_deleted_past_it(StoreKind store)
    {
        var clock = new ObrasQr.Tests.ManualClock(DateTimeOffset.UtcNow);
        using var app = new ObrasQrFactory(store) { Clock = clock };
        var files = app.Service<IFileStore>();
        // Written straight into the store, as another instance did: this one's register never heard of it.
        await files.SaveAsync(Path, new MemoryStream([0xFF, 0xD8, 0xFF]));
        var heldPhotos = app.Service<HeldPhotos>();

        clock.Advance(HeldPhotos.Lifetime / 2);
        Assert.Equal(0, await heldPhotos.SweepStoreAsync(default));
        await using (var fresh = await files.OpenReadAsync(Path)) Assert.NotNull(fresh);

        clock.Advance(HeldPhotos.Lifetime);
        Assert.Equal(1, await heldPhotos.SweepStoreAsync(default));
        Assert.Null(await files.OpenReadAsync(Path));
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task The_sweep_leaves_every_other_folder_of_the_store_alone(StoreKind store)
    {
        var clock = new ObrasQr.Tests.ManualClock(DateTimeOffset.UtcNow);
        using var app = new ObrasQrFactory(store) { Clock = clock };
        var files = app.Service<IFileStore>();
        await files.SaveAsync("heldover/a/1.jpg", new MemoryStream([1]));
        await files.SaveAsync("photos/r1/1.jpg", new MemoryStream([1]));

        clock.Advance(HeldPhotos.Lifetime * 3);
        Assert.Equal(0, await app.Service<HeldPhotos>().SweepStoreAsync(default));
        await using (var other = await files.OpenReadAsync("heldover/a/1.jpg")) Assert.NotNull(other);
        await using (var photo = await files.OpenReadAsync("photos/r1/1.jpg")) Assert.NotNull(photo);
    }
}
