using ObrasQr.Contracts;

namespace ObrasQr.Tests.Storage;

// The lists by entity and the catalog stamps (issue 27): what WorksCatalog and the office's works list rely on.

public abstract partial class ContractStoreContract
{
    static Contract WorkOf(string id, string? entityNit, string type = "Obra") =>
        Work(id, type: type) with { EntityNit = entityNit };

    [Fact]
    public async Task Lists_by_entity_page_one_entitys_contracts_all_or_only_its_published_works()
    {
        var store = NewStore();
        foreach (var (id, nit, type) in new[] { ("CO1.PCCNTR.20", "800", "Obra"), ("CO1.PCCNTR.21", "900", "Obra"),
                     ("CO1.PCCNTR.22", "800", "Interventoría"), ("CO1.PCCNTR.23", "800", "Obra"), ("CO1.PCCNTR.24", null, "Obra") })
            await store.AddVersionAsync(ContractVersion.First(WorkOf(id, nit, type), T0, "t"));

        var all = await store.ListByEntityAsync("800", publishedOnly: false, null, 10);
        var firstPublished = await store.ListByEntityAsync("800", publishedOnly: true, null, 1);
        var nextPublished = await store.ListByEntityAsync("800", publishedOnly: true, firstPublished[^1].ContractId, 10);
        var withoutEntity = await store.ListByEntityAsync("", publishedOnly: true, null, 10);

        Assert.Equal(["CO1.PCCNTR.20", "CO1.PCCNTR.22", "CO1.PCCNTR.23"], all.Select(v => v.ContractId));
        Assert.Equal(["CO1.PCCNTR.20"], firstPublished.Select(v => v.ContractId));
        Assert.Equal(["CO1.PCCNTR.23"], nextPublished.Select(v => v.ContractId));
        Assert.Equal(["CO1.PCCNTR.24"], withoutEntity.Select(v => v.ContractId));
    }

    [Fact]
    public async Task A_contract_moved_to_another_entity_or_out_of_publication_leaves_the_lists_it_no_longer_belongs_to()
    {
        var store = NewStore();
        var v1 = ContractVersion.First(WorkOf("CO1.PCCNTR.30", "800"), T0, "t");
        await store.AddVersionAsync(v1);
        await store.AddVersionAsync(v1.Next(WorkOf("CO1.PCCNTR.30", "900", type: "Interventoría"), T0.AddDays(1), "t")!);

        Assert.Empty(await store.ListByEntityAsync("800", publishedOnly: false, null, 10));
        Assert.Equal([2], (await store.ListByEntityAsync("900", publishedOnly: false, null, 10)).Select(v => v.Number));
        Assert.Empty(await store.ListByEntityAsync("900", publishedOnly: true, null, 10));
        Assert.Empty(await store.ListPublishedAsync(null, 10));
    }

    [Fact]
    public async Task A_version_moves_the_national_stamp_and_its_entitys_but_no_other_entitys()
    {
        var store = NewStore();
        await store.AddVersionAsync(ContractVersion.First(WorkOf("CO1.PCCNTR.40", "800"), T0, "t"));
        var v1 = ContractVersion.First(WorkOf("CO1.PCCNTR.41", "900"), T0, "t");
        await store.AddVersionAsync(v1);
        var before = await store.StampsAsync();
        Assert.Equal(before.National, await store.NationalStampAsync());

        await store.AddVersionAsync(v1.Next(WorkOf("CO1.PCCNTR.41", "900", type: "Interventoría"), T0.AddDays(1), "t")!);
        Assert.False(await store.AddVersionAsync(v1)); // refused: moves nothing
        var after = await store.StampsAsync();

        Assert.NotNull(before.National);
        Assert.NotEqual(before.National, after.National);
        Assert.Equal(after.National, await store.NationalStampAsync());
        Assert.Equal(before.Entities["800"], after.Entities["800"]);
        Assert.NotEqual(before.Entities["900"], after.Entities["900"]);
    }
}
