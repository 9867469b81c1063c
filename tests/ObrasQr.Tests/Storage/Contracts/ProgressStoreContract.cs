
namespace ObrasQr.Tests.Storage;

// IProgressStore's promises: progress entries per work, newest first, and each work's place.
// SQLite runs it in SqliteStoreTests.cs, Azure in ObrasQr.Functions.Tests (which links this folder).

public abstract class ProgressStoreContract
{
    protected abstract ObrasQr.Progress.IProgressStore NewStore();

    static readonly DateTimeOffset T0 = new(2026, 11, 20, 15, 0, 0, TimeSpan.Zero);

    static ObrasQr.Progress.ProgressEntry Entry(string id, string contractId, DateOnly observed, decimal percent, DateTimeOffset at) => new()
    {
        EntryId = id, ContractId = contractId, ObservedOn = observed, Percent = percent, Note = "Vaciado de placa del segundo piso.",
        Photos = [$"progress/{id}/1.jpg"], Thumbnails = [$"progress/{id}/1.small.jpg"], Latitude = 10.3910, Longitude = -75.4794,
        RecordedBy = "Ana Pérez", RecordedAt = at,
    };

    [Fact]
    public async Task Entries_list_newest_observation_first_then_newest_recorded_and_only_for_their_contract()
    {
        var store = NewStore();
        await store.AddAsync(Entry("e1", "CO1.PCCNTR.1", new DateOnly(2026, 11, 10), 20, T0));
        await store.AddAsync(Entry("e2", "CO1.PCCNTR.1", new DateOnly(2026, 11, 18), 35.5m, T0.AddMinutes(1)));
        await store.AddAsync(Entry("e3", "CO1.PCCNTR.1", new DateOnly(2026, 11, 18), 36, T0.AddMinutes(2)));
        await store.AddAsync(Entry("e4", "CO1.PCCNTR.1", new DateOnly(2026, 11, 1), 10, T0.AddMinutes(3))); // recorded late
        await store.AddAsync(Entry("x1", "CO1.PCCNTR.2", new DateOnly(2026, 11, 19), 90, T0));

        var all = await store.ListAsync("CO1.PCCNTR.1", 10);
        var latestTwo = await store.ListAsync("CO1.PCCNTR.1", 2);

        Assert.Equal(["e3", "e2", "e1", "e4"], all.Select(e => e.EntryId));
        Assert.Equal(["e3", "e2"], latestTwo.Select(e => e.EntryId));
        Assert.Equal(4, await store.CountAsync("CO1.PCCNTR.1"));
        Assert.Equal(0, await store.CountAsync("CO1.PCCNTR.3"));
        Assert.Empty(await store.ListAsync("CO1.PCCNTR.3", 10));
    }

    [Fact]
    public async Task Entry_reads_back_whole_and_only_under_its_own_contract()
    {
        var store = NewStore();
        var entry = Entry("e9", "CO1.PCCNTR.9", new DateOnly(2026, 11, 19), 42.5m, T0);
        await store.AddAsync(entry);

        var found = await store.FindAsync("CO1.PCCNTR.9", "e9");

        Assert.NotNull(found);
        Assert.Equal(entry with { Photos = found.Photos, Thumbnails = found.Thumbnails, RemovedPhotos = found.RemovedPhotos }, found);
        Assert.Equal(entry.RemovedPhotos, found.RemovedPhotos);
        Assert.Equal(entry.Photos, found.Photos);
        Assert.Equal(entry.Thumbnails, found.Thumbnails);
        Assert.Null(await store.FindAsync("CO1.PCCNTR.8", "e9"));
        Assert.Null(await store.FindAsync("CO1.PCCNTR.9", "nope"));
    }

    [Fact]
    public async Task An_entry_keeps_its_source_and_one_added_without_a_source_is_the_offices()
    {
        var store = NewStore();
        await store.AddAsync(Entry("s1", "CO1.PCCNTR.S", new DateOnly(2026, 11, 18), 40, T0) with { Source = ObrasQr.Progress.ProgressSource.Secop, Latitude = null, Longitude = null });
        await store.AddAsync(Entry("s2", "CO1.PCCNTR.S", new DateOnly(2026, 11, 19), 45, T0));
        await store.AddAsync(Entry("s3", "CO1.PCCNTR.T", new DateOnly(2026, 11, 19), 45, T0) with { Source = ObrasQr.Progress.ProgressSource.Secop });

        Assert.Equal(ObrasQr.Progress.ProgressSource.Secop, (await store.FindAsync("CO1.PCCNTR.S", "s1"))!.Source);
        Assert.Equal(ObrasQr.Progress.ProgressSource.Office, (await store.FindAsync("CO1.PCCNTR.S", "s2"))!.Source);
        Assert.Equal([ObrasQr.Progress.ProgressSource.Office, ObrasQr.Progress.ProgressSource.Secop],
            (await store.ListAsync("CO1.PCCNTR.S", 10)).Select(e => e.Source));
        Assert.Equal(ObrasQr.Progress.ProgressSource.Secop, Assert.Single(await store.LatestLocatedAsync(), e => e.ContractId == "CO1.PCCNTR.T").Source);
    }

    [Fact]
    public async Task Each_contracts_newest_entry_with_coordinates_is_its_place_and_a_newer_entry_without_them_keeps_it()
    {
        var store = NewStore();
        static ObrasQr.Progress.ProgressEntry Unlocated(ObrasQr.Progress.ProgressEntry e) => e with { Latitude = null, Longitude = null };
        await store.AddAsync(Entry("a1", "CO1.PCCNTR.A", new DateOnly(2026, 11, 10), 20, T0) with { Latitude = 10.40, Longitude = -75.50 });
        await store.AddAsync(Entry("a2", "CO1.PCCNTR.A", new DateOnly(2026, 11, 18), 30, T0.AddMinutes(1)) with { Latitude = 10.41, Longitude = -75.51 });
        await store.AddAsync(Unlocated(Entry("a3", "CO1.PCCNTR.A", new DateOnly(2026, 11, 19), 35, T0.AddMinutes(2))));
        await store.AddAsync(Entry("a0", "CO1.PCCNTR.A", new DateOnly(2026, 11, 1), 10, T0.AddMinutes(3)) with { Latitude = 10.30, Longitude = -75.40 }); // recorded late, observed first
        await store.AddAsync(Entry("b2", "CO1.PCCNTR.B", new DateOnly(2026, 11, 18), 50, T0.AddMinutes(5)) with { Latitude = 10.42, Longitude = -75.52 });
        await store.AddAsync(Entry("b1", "CO1.PCCNTR.B", new DateOnly(2026, 11, 18), 50, T0.AddMinutes(4)) with { Latitude = 10.43, Longitude = -75.53 }); // same day, recorded before
        await store.AddAsync(Unlocated(Entry("c1", "CO1.PCCNTR.C", new DateOnly(2026, 11, 18), 5, T0)));

        var located = (await store.LatestLocatedAsync()).Where(e => e.ContractId.StartsWith("CO1.PCCNTR.", StringComparison.Ordinal))
            .OrderBy(e => e.ContractId, StringComparer.Ordinal).ToList();

        Assert.Equal(["a2", "b2"], located.Select(e => e.EntryId));
        Assert.Equal((10.41, -75.51), (located[0].Latitude!.Value, located[0].Longitude!.Value));
        Assert.Equal(new DateOnly(2026, 11, 18), located[0].ObservedOn);
        // The copy a store may keep of the place is not an entry of the work.
        Assert.Equal(["a3", "a2", "a1", "a0"], (await store.ListAsync("CO1.PCCNTR.A", 10)).Select(e => e.EntryId));
        Assert.Equal(4, await store.CountAsync("CO1.PCCNTR.A"));
    }

    [Fact]
    public async Task Located_entries_of_one_work_added_at_once_all_stay_and_the_newest_is_its_place()
    {
        var store = NewStore();
        var entries = Enumerable.Range(1, 4).Select(i => Entry($"p{i}", "CO1.PCCNTR.P", new DateOnly(2026, 11, 10 + i), 10 * i, T0.AddMinutes(i))
            with { Latitude = 10 + i / 100.0, Longitude = -75.5 }).ToList();

        await Task.WhenAll(entries.Select(e => store.AddAsync(e)));

        Assert.Equal(4, await store.CountAsync("CO1.PCCNTR.P"));
        Assert.Equal("p4", Assert.Single(await store.LatestLocatedAsync(), e => e.ContractId == "CO1.PCCNTR.P").EntryId);
    }

    [Fact]
    public async Task A_store_without_located_entries_has_no_places()
    {
        var store = NewStore();
        await store.AddAsync(Entry("n1", "CO1.PCCNTR.N", new DateOnly(2026, 11, 18), 5, T0) with { Latitude = null, Longitude = null });

        Assert.DoesNotContain(await store.LatestLocatedAsync(), e => e.ContractId == "CO1.PCCNTR.N");
    }
}
