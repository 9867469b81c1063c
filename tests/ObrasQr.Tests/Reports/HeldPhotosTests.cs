using ObrasQr.Reports;
using ObrasQr.Server.Storage;

namespace ObrasQr.Tests.Reports;

/// <summary>Held photos: named by the server, found only by the one they were held for, capped per holder and in all.</summary>
public sealed class HeldPhotosTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("held-").FullName;
    readonly ManualClock clock = new(new DateTimeOffset(2026, 6, 2, 17, 0, 0, TimeSpan.Zero));

    HeldPhotos Held(HeldPhotos.Limits limits) => new(new FolderFileStore(folder), clock, limits);

    static HeldPhotos.Photo Photo(int bytes) => new(new byte[bytes], "jpg");

    long BytesOnDisk() => Directory.EnumerateFiles(Path.Combine(folder, "held"), "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);

    [Fact]
    public async Task One_holder_can_hold_no_more_than_its_bytes_and_photos()
    {
        var held = Held(new HeldPhotos.Limits(PhotosPerHolder: 3, BytesPerHolder: 1_000, Photos: 100, Bytes: 100_000));

        var first = await held.HoldAsync("vecina", null, [Photo(600)], default);
        var overBytes = await held.HoldAsync("vecina", null, [Photo(600)], default);
        var overCount = await held.HoldAsync("vecina", null, [Photo(10), Photo(10), Photo(10)], default);
        var other = await held.HoldAsync("vecino", null, [Photo(600)], default);

        Assert.NotNull(first);
        Assert.Null(overBytes);
        Assert.Null(overCount);
        Assert.NotNull(other); // another address has its own share
        Assert.Equal(1_200, BytesOnDisk());
    }

    [Fact]
    public async Task Everyone_together_can_hold_no_more_than_the_total()
    {
        var held = Held(new HeldPhotos.Limits(PhotosPerHolder: 5, BytesPerHolder: 10_000, Photos: 100, Bytes: 2_500));

        var tokens = new List<string?>();
        for (var i = 0; i < 12; i++) tokens.Add(await held.HoldAsync($"dirección {i}", null, [Photo(1_000)], default));

        Assert.Equal(2, tokens.Count(t => t is not null));
        Assert.Equal((2, 2_000L), held.Total());
        Assert.Equal(2_000, BytesOnDisk());
    }

    [Fact]
    public async Task A_new_try_replaces_the_holders_earlier_photos_instead_of_adding_to_them()
    {
        var held = Held(HeldPhotos.Limits.Default);
        var first = await held.HoldAsync("vecina", null, [Photo(600)], default);
        var loaded = await held.LoadAsync(first, "vecina", default);

        var second = await held.HoldAsync("vecina", first, [.. loaded, Photo(400)], default);

        Assert.Empty(await held.LoadAsync(first, "vecina", default));
        Assert.Equal(2, (await held.LoadAsync(second, "vecina", default)).Count);
        Assert.Equal((2, 1_000L), held.Total());
    }

    [Fact]
    public async Task A_token_finds_nothing_for_another_holder_nor_one_the_client_made_up_nor_once_expired()
    {
        var held = Held(HeldPhotos.Limits.Default);
        var token = await held.HoldAsync("vecina", null, [Photo(600)], default);

        Assert.Empty(await held.LoadAsync(token, "otra dirección", default));
        Assert.Empty(await held.LoadAsync(new string('a', 32), "vecina", default));
        Assert.Single(await held.LoadAsync(token, "vecina", default));
        clock.Now += HeldPhotos.Lifetime + TimeSpan.FromMinutes(1);
        Assert.Empty(await held.LoadAsync(token, "vecina", default));
        Assert.Equal(0, BytesOnDisk());
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
