using ObrasQr.Contracts;

namespace ObrasQr.Tests.Storage;

// IContractStore's promises, the same on every store: versions and history, heads, row fingerprints, lists by id.
// The lists by entity, the facts summaries and the importer's row fingerprints are in ContractStoreContract.*.cs.
// SQLite runs it in SqliteStoreTests.cs, Azure in ObrasQr.Functions.Tests (which links this folder).

public abstract partial class ContractStoreContract
{
    protected abstract IContractStore NewStore();

    static Contract Work(string id, decimal value = 1_000_000, string status = "En ejecución", string type = "Obra") =>
        new() { ContractId = id, Value = value, Status = status, Type = type, Object = "Pavimentación de la calle 30" };

    static readonly DateTimeOffset T0 = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task First_version_becomes_the_current_contract()
    {
        var store = NewStore();
        Assert.True(await store.AddVersionAsync(ContractVersion.First(Work("CO1.PCCNTR.1"), T0, "test")));

        var current = await store.FindAsync("CO1.PCCNTR.1");
        Assert.NotNull(current);
        Assert.Equal(1, current.Number);
        Assert.Equal(1_000_000m, current.Contract.Value);
        Assert.Equal(T0, current.SyncedAt);
        Assert.Equal(1, await store.CountAsync());
    }

    [Fact]
    public async Task Next_version_keeps_the_previous_one_in_history()
    {
        var store = NewStore();
        var v1 = ContractVersion.First(Work("CO1.PCCNTR.2"), T0, "a");
        await store.AddVersionAsync(v1);
        var v2 = v1.Next(Work("CO1.PCCNTR.2", value: 1_600_000), T0.AddDays(30), "b")!;
        Assert.True(await store.AddVersionAsync(v2));

        Assert.Equal(2, (await store.FindAsync("CO1.PCCNTR.2"))!.Number);
        var history = await store.HistoryAsync("CO1.PCCNTR.2");
        Assert.Equal([1, 2], history.Select(v => v.Number));
        Assert.Equal([1_000_000m, 1_600_000m], history.Select(v => v.Contract.Value));
    }

    [Fact]
    public async Task Adding_an_existing_or_out_of_order_version_changes_nothing()
    {
        var store = NewStore();
        var v1 = ContractVersion.First(Work("CO1.PCCNTR.3"), T0, "a");
        await store.AddVersionAsync(v1);

        Assert.False(await store.AddVersionAsync(v1 with { Contract = Work("CO1.PCCNTR.3", value: 5) }));
        Assert.False(await store.AddVersionAsync(v1 with { Number = 3 }));
        Assert.Equal(1_000_000m, (await store.FindAsync("CO1.PCCNTR.3"))!.Contract.Value);
        Assert.Single(await store.HistoryAsync("CO1.PCCNTR.3"));
    }

    [Fact]
    public async Task Lists_page_by_contract_id_the_published_works_or_every_contract()
    {
        var store = NewStore();
        foreach (var (id, type) in new[] { ("CO1.PCCNTR.10", "Obra"), ("CO1.PCCNTR.11", "Interventoría"), ("CO1.PCCNTR.12", "Obra"), ("CO1.PCCNTR.13", "Obra") })
            await store.AddVersionAsync(ContractVersion.First(Work(id, type: type), T0, "t"));

        var firstPage = await store.ListPublishedAsync(null, 2);
        var secondPage = await store.ListPublishedAsync(firstPage[^1].ContractId, 2);
        var all = await store.ListAllAsync(null, 10);
        var allAfter = await store.ListAllAsync("CO1.PCCNTR.10", 2);

        Assert.Equal(["CO1.PCCNTR.10", "CO1.PCCNTR.12"], firstPage.Select(v => v.ContractId));
        Assert.Equal(["CO1.PCCNTR.13"], secondPage.Select(v => v.ContractId));
        Assert.Equal(["CO1.PCCNTR.10", "CO1.PCCNTR.11", "CO1.PCCNTR.12", "CO1.PCCNTR.13"], all.Select(v => v.ContractId));
        Assert.Equal(["CO1.PCCNTR.11", "CO1.PCCNTR.12"], allAfter.Select(v => v.ContractId));
    }

    [Fact]
    public async Task Heads_tell_number_hash_stamp_and_source_of_the_existing_contracts_only()
    {
        var store = NewStore();
        var stamped = Work("CO1.PCCNTR.20") with { UpdatedInSecop = new DateTime(2026, 6, 18, 9, 30, 0) };
        var v1 = ContractVersion.First(stamped, T0, "export:a");
        await store.AddVersionAsync(v1);
        await store.AddVersionAsync(v1.Next(stamped with { Value = 2_000_000 }, T0.AddDays(1), "export:b")!);
        await store.AddVersionAsync(ContractVersion.First(Work("CO1.PCCNTR.21"), T0, "export:a"));

        var heads = await store.HeadsAsync(["CO1.PCCNTR.20", "CO1.PCCNTR.21", "CO1.PCCNTR.404"]);

        Assert.Equal(2, heads.Count);
        var head = heads["CO1.PCCNTR.20"];
        Assert.Equal(2, head.Number);
        Assert.Equal((stamped with { Value = 2_000_000 }).ContentHash(), head.ContentHash);
        Assert.Equal(new DateTime(2026, 6, 18, 9, 30, 0), head.UpdatedInSecop);
        Assert.Equal("export:b", head.Source);
        Assert.Null(heads["CO1.PCCNTR.21"].UpdatedInSecop);
        Assert.Empty(await store.HeadsAsync([]));
    }

    [Fact]
    public async Task A_version_stored_with_the_legacy_hash_keeps_it_and_the_same_facts_make_no_next_version()
    {
        var store = NewStore();
        var contract = Work("CO1.PCCNTR.22");
        await store.AddVersionAsync(new ContractVersion(contract.ContractId, 1, contract, LegacyContentHash.Of(contract), T0, "export:a"));

        var head = (await store.HeadsAsync([contract.ContractId]))[contract.ContractId];
        var current = await store.FindAsync(contract.ContractId);

        Assert.Equal(LegacyContentHash.Of(contract), head.ContentHash);
        Assert.True(contract.HasContentHash(head.ContentHash, contract.ContentHash()));
        Assert.Null(current!.Next(contract, T0.AddDays(1), "export:b"));
    }

    [Fact]
    public async Task Add_versions_applies_each_in_order_and_refuses_only_those_out_of_turn()
    {
        var store = NewStore();
        var a1 = ContractVersion.First(Work("CO1.PCCNTR.30"), T0, "x");
        var a2 = a1.Next(Work("CO1.PCCNTR.30", value: 2), T0, "x")!;
        var b1 = ContractVersion.First(Work("CO1.PCCNTR.31"), T0, "x");
        var c3 = ContractVersion.First(Work("CO1.PCCNTR.32"), T0, "x") with { Number = 3 };
        await store.AddVersionAsync(b1);

        var results = await store.AddVersionsAsync([a1, b1 with { Contract = Work("CO1.PCCNTR.31", value: 9) }, a2, c3]);

        Assert.Equal([true, false, true, false], results);
        Assert.Equal([1, 2], (await store.HistoryAsync("CO1.PCCNTR.30")).Select(v => v.Number));
        Assert.Equal(2m, (await store.FindAsync("CO1.PCCNTR.30"))!.Contract.Value);
        Assert.Equal(1_000_000m, (await store.FindAsync("CO1.PCCNTR.31"))!.Contract.Value);
        Assert.Null(await store.FindAsync("CO1.PCCNTR.32"));
        Assert.Equal(2, await store.CountAsync());
    }

    [Fact]
    public async Task Add_versions_of_a_thousand_contracts_in_one_call()
    {
        var store = NewStore();
        var versions = Enumerable.Range(0, 1000).Select(i => ContractVersion.First(Work($"CO1.PCCNTR.{100_000 + i}"), T0, "bulk")).ToList();

        Assert.All(await store.AddVersionsAsync(versions), Assert.True);
        Assert.Equal(1000, (await store.HeadsAsync(versions.Select(v => v.ContractId).ToList())).Count);
        Assert.Equal(1000, await store.CountAsync());
    }

    [Fact]
    public async Task Heads_tell_the_row_fingerprint_of_the_current_version_only()
    {
        var store = NewStore();
        var v1 = ContractVersion.First(Work("CO1.PCCNTR.40"), T0, "export:a") with { RowFingerprint = "f1" };
        await store.AddVersionsAsync([v1, ContractVersion.First(Work("CO1.PCCNTR.41"), T0, "export:a") with { RowFingerprint = "f2" }]);
        Assert.Equal("f1", (await store.HeadsAsync(["CO1.PCCNTR.40"]))["CO1.PCCNTR.40"].RowFingerprint);

        await store.AddVersionAsync(v1.Next(Work("CO1.PCCNTR.40", value: 7), T0.AddDays(1), "soda:b")!);   // written without one
        await store.AddVersionsAsync([ContractVersion.First(Work("CO1.PCCNTR.41"), T0, "x") with { Number = 2, RowFingerprint = "f3" }]);

        var heads = await store.HeadsAsync(["CO1.PCCNTR.40", "CO1.PCCNTR.41"]);
        Assert.Null(heads["CO1.PCCNTR.40"].RowFingerprint);
        Assert.Equal("f3", heads["CO1.PCCNTR.41"].RowFingerprint);
    }

    [Fact]
    public async Task A_kept_row_fingerprint_goes_on_the_current_version_and_leaves_its_facts_alone()
    {
        var store = NewStore();
        var v1 = ContractVersion.First(Work("CO1.PCCNTR.42"), T0, "export:a");
        await store.AddVersionAsync(v1);

        await store.KeepRowFingerprintsAsync([new RowFingerprintKept("CO1.PCCNTR.42", 1, "k1")]);

        var head = (await store.HeadsAsync(["CO1.PCCNTR.42"]))["CO1.PCCNTR.42"];
        Assert.Equal(("k1", 1, v1.ContentHash, "export:a"), (head.RowFingerprint, head.Number, head.ContentHash, head.Source));
        Assert.Single(await store.HistoryAsync("CO1.PCCNTR.42"));
    }

    [Fact]
    public async Task A_kept_row_fingerprint_is_ignored_when_the_version_moved_on()
    {
        var store = NewStore();
        var v1 = ContractVersion.First(Work("CO1.PCCNTR.43"), T0, "export:a");
        await store.AddVersionAsync(v1);
        await store.AddVersionAsync(v1.Next(Work("CO1.PCCNTR.43", value: 7), T0.AddDays(1), "export:b")! with { RowFingerprint = "f2" });

        await store.KeepRowFingerprintsAsync([new RowFingerprintKept("CO1.PCCNTR.43", 1, "late")]);

        var head = (await store.HeadsAsync(["CO1.PCCNTR.43"]))["CO1.PCCNTR.43"];
        Assert.Equal(("f2", 2), (head.RowFingerprint, head.Number));
    }

    [Fact]
    public async Task A_kept_row_fingerprint_of_a_missing_contract_is_ignored_and_the_others_are_kept()
    {
        var store = NewStore();
        await store.AddVersionAsync(ContractVersion.First(Work("CO1.PCCNTR.44"), T0, "export:a"));

        await store.KeepRowFingerprintsAsync(
            [new RowFingerprintKept("CO1.PCCNTR.404", 1, "ghost"), new RowFingerprintKept("CO1.PCCNTR.44", 1, "k4")]);

        var heads = await store.HeadsAsync(["CO1.PCCNTR.404", "CO1.PCCNTR.44"]);
        Assert.Equal("k4", Assert.Single(heads).Value.RowFingerprint);
        Assert.Null(await store.FindAsync("CO1.PCCNTR.404"));
        Assert.Equal(1, await store.CountAsync());
    }

    [Fact]
    public async Task The_next_version_written_without_a_fingerprint_clears_a_kept_one()
    {
        var store = NewStore();
        var v1 = ContractVersion.First(Work("CO1.PCCNTR.45"), T0, "export:a");
        await store.AddVersionAsync(v1);
        await store.KeepRowFingerprintsAsync([new RowFingerprintKept("CO1.PCCNTR.45", 1, "k5")]);

        await store.AddVersionAsync(v1.Next(Work("CO1.PCCNTR.45", value: 7), T0.AddDays(1), "soda:b")!);

        var head = (await store.HeadsAsync(["CO1.PCCNTR.45"]))["CO1.PCCNTR.45"];
        Assert.Equal((null, 2), (head.RowFingerprint, head.Number));
    }

    [Fact]
    public async Task Unknown_contract_is_null_with_empty_history()
    {
        var store = NewStore();
        Assert.Null(await store.FindAsync("CO1.PCCNTR.404"));
        Assert.Empty(await store.HistoryAsync("CO1.PCCNTR.404"));
    }

    [Fact]
    public async Task Versions_before_a_number_are_the_newest_of_that_window_oldest_first()
    {
        var store = NewStore();
        var version = ContractVersion.First(Work("CO1.PCCNTR.20"), T0, "a");
        var versions = new List<ContractVersion> { version };
        for (var n = 2; n <= 12; n++)
            versions.Add(version = version.Next(Work("CO1.PCCNTR.20", value: n * 1_000_000), T0.AddDays(n), "a")!);
        Assert.All(await store.AddVersionsAsync(versions), Assert.True);
        await store.AddVersionAsync(ContractVersion.First(Work("CO1.PCCNTR.21"), T0, "b")); // a neighbour's versions stay out

        Assert.Equal([6, 7, 8, 9], (await store.VersionsBeforeAsync("CO1.PCCNTR.20", 10, 4)).Select(v => v.Number));
        Assert.Equal([7_000_000m, 8_000_000m], (await store.VersionsBeforeAsync("CO1.PCCNTR.20", 9, 2)).Select(v => v.Contract.Value));
        Assert.Equal([1, 2], (await store.VersionsBeforeAsync("CO1.PCCNTR.20", 3, 50)).Select(v => v.Number));
        Assert.Equal([10, 11, 12], (await store.VersionsBeforeAsync("CO1.PCCNTR.20", int.MaxValue, 3)).Select(v => v.Number));
        Assert.Equal(versions.Select(v => v.Number), (await store.VersionsBeforeAsync("CO1.PCCNTR.20", 13, 200)).Select(v => v.Number));
        Assert.Empty(await store.VersionsBeforeAsync("CO1.PCCNTR.20", 1, 50));
        Assert.Empty(await store.VersionsBeforeAsync("CO1.PCCNTR.404", 10, 50));
    }
}
