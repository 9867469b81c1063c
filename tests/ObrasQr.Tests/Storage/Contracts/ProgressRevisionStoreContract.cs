using ObrasQr.AzureStorage;
using ObrasQr.Progress;
using ObrasQr.Server.Storage;

namespace ObrasQr.Tests.Storage;

/// <summary>Corrections and deletions of progress entries, the same on both stores: one write changes the entry and
/// keeps its earlier state; a stale version writes nothing; a deleted entry is gone from every read but its history.</summary>
public abstract class ProgressRevisionStoreContract
{
    protected abstract IProgressStore NewStore();

    static readonly DateTimeOffset T0 = new(2026, 11, 20, 15, 0, 0, TimeSpan.Zero);

    static ProgressEntry Entry(string id, string contractId, DateOnly observed, decimal percent, double? lat = null) => new()
    {
        EntryId = id, ContractId = contractId, ObservedOn = observed, Percent = percent, Note = "Vaciado de placa.",
        Photos = [$"progress/{id}/1.jpg", $"progress/{id}/2.jpg"], Thumbnails = [$"progress/{id}/1.small.jpg", $"progress/{id}/2.small.jpg"],
        Latitude = lat, Longitude = lat is null ? null : -75.5, RecordedBy = "Ana Pérez", RecordedAt = T0,
    };

    static ProgressRevision By(string who, ProgressEntry was, int minutes, bool deleted = false, string? reason = null) =>
        new() { Was = was, ChangedBy = who, ChangedAt = T0.AddMinutes(minutes), Deleted = deleted, Reason = reason };

    [Fact]
    public async Task A_correction_replaces_the_entry_and_its_history_keeps_what_it_was_who_changed_it_and_when()
    {
        var store = NewStore();
        var first = Entry("c1", "CO1.PCCNTR.C", new DateOnly(2026, 11, 18), 40);
        await store.AddAsync(first);
        var corrected = first with { Percent = 45, Note = "Cifra corregida.", Photos = [first.Photos[1]], Thumbnails = [first.Thumbnails[1]], Version = 2 };

        Assert.True(await store.CorrectAsync(corrected, By("Beto Ruiz", first, 5, reason: "Se digitó mal.")));

        var found = await store.FindAsync("CO1.PCCNTR.C", "c1");
        Assert.Equal(45, found!.Percent);
        Assert.Equal(2, found.Version);
        Assert.Equal(["progress/c1/2.jpg"], found.Photos);
        Assert.Equal([45m], (await store.ListAsync("CO1.PCCNTR.C", 10)).Select(e => e.Percent));
        var earlier = Assert.Single(await store.HistoryAsync("CO1.PCCNTR.C", "c1"));
        Assert.Equal((40m, 1, "Beto Ruiz", T0.AddMinutes(5), "Se digitó mal.", false),
            (earlier.Was.Percent, earlier.Was.Version, earlier.ChangedBy, earlier.ChangedAt, earlier.Reason, earlier.Deleted));
        Assert.Equal(first.Photos, earlier.Was.Photos);
        Assert.Empty(await store.HistoryAsync("CO1.PCCNTR.D", "c1"));
    }

    [Fact]
    public async Task A_correction_of_a_version_someone_already_corrected_writes_nothing()
    {
        var store = NewStore();
        var first = Entry("r1", "CO1.PCCNTR.R", new DateOnly(2026, 11, 18), 40);
        await store.AddAsync(first);
        Assert.True(await store.CorrectAsync(first with { Percent = 41, Version = 2 }, By("Ana", first, 1)));

        var late = await store.CorrectAsync(first with { Percent = 42, Version = 2 }, By("Beto", first, 2));
        var lateDelete = await store.DeleteAsync(By("Beto", first, 3, deleted: true, reason: "Duplicado."));

        Assert.False(late);
        Assert.False(lateDelete);
        Assert.Equal(41, (await store.FindAsync("CO1.PCCNTR.R", "r1"))!.Percent);
        Assert.Equal(["Ana"], (await store.HistoryAsync("CO1.PCCNTR.R", "r1")).Select(r => r.ChangedBy));
        Assert.False(await store.CorrectAsync(Entry("nope", "CO1.PCCNTR.R", new DateOnly(2026, 11, 18), 1) with { Version = 2 },
            By("Ana", Entry("nope", "CO1.PCCNTR.R", new DateOnly(2026, 11, 18), 1), 4)));
    }

    [Fact]
    public async Task A_deleted_entry_is_gone_from_every_read_but_its_history_and_the_map_falls_back_to_the_older_point()
    {
        var store = NewStore();
        var older = Entry("d1", "CO1.PCCNTR.DEL", new DateOnly(2026, 11, 10), 20, lat: 10.41);
        var newer = Entry("d2", "CO1.PCCNTR.DEL", new DateOnly(2026, 11, 18), 30, lat: 10.42);
        await store.AddAsync(older);
        await store.AddAsync(newer);

        Assert.True(await store.DeleteAsync(By("Ana", newer, 1, deleted: true, reason: "Era de otra obra.")));

        Assert.Null(await store.FindAsync("CO1.PCCNTR.DEL", "d2"));
        Assert.Equal(["d1"], (await store.ListAsync("CO1.PCCNTR.DEL", 10)).Select(e => e.EntryId));
        Assert.Equal(1, await store.CountAsync("CO1.PCCNTR.DEL"));
        Assert.Equal("d1", Assert.Single(await store.LatestLocatedAsync(), e => e.ContractId == "CO1.PCCNTR.DEL").EntryId);
        var last = Assert.Single(await store.HistoryAsync("CO1.PCCNTR.DEL", "d2"));
        Assert.True(last.Deleted);
        Assert.Equal(("Era de otra obra.", 30m, 10.42), (last.Reason, last.Was.Percent, last.Was.Latitude!.Value));

        Assert.True(await store.DeleteAsync(By("Ana", older, 2, deleted: true, reason: "También.")));
        Assert.DoesNotContain(await store.LatestLocatedAsync(), e => e.ContractId == "CO1.PCCNTR.DEL");
    }

    [Fact]
    public async Task Correcting_the_coordinates_of_the_newest_located_entry_moves_the_works_point()
    {
        var store = NewStore();
        var older = Entry("m1", "CO1.PCCNTR.MAP", new DateOnly(2026, 11, 10), 20, lat: 10.41);
        var newer = Entry("m2", "CO1.PCCNTR.MAP", new DateOnly(2026, 11, 18), 30, lat: 10.42);
        await store.AddAsync(older);
        await store.AddAsync(newer);

        Assert.True(await store.CorrectAsync(newer with { Latitude = 10.45, Version = 2 }, By("Ana", newer, 1)));
        Assert.Equal(10.45, Assert.Single(await store.LatestLocatedAsync(), e => e.ContractId == "CO1.PCCNTR.MAP").Latitude);

        var moved = (await store.FindAsync("CO1.PCCNTR.MAP", "m2"))!;
        Assert.True(await store.CorrectAsync(moved with { Latitude = null, Longitude = null, Version = 3 }, By("Ana", moved, 2)));
        Assert.Equal("m1", Assert.Single(await store.LatestLocatedAsync(), e => e.ContractId == "CO1.PCCNTR.MAP").EntryId);
    }
}

public sealed class SqliteProgressRevisionTests : ProgressRevisionStoreContract, IDisposable
{
    readonly TempDirectory temp = new();
    protected override IProgressStore NewStore() => new SqliteProgressStore(temp.Database());
    public void Dispose() => temp.Dispose();
}

public sealed class AzureProgressRevisionTests : ProgressRevisionStoreContract
{
    protected override IProgressStore NewStore() => new AzureProgressStore(Azurite.NewStore());
}
