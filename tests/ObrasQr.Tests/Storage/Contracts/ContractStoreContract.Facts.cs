using ObrasQr.Contracts;
using ObrasQr.Tests.Contracts;

namespace ObrasQr.Tests.Storage;

// Facts summaries kept by the contract store: part of ContractStoreContract (ContractStoreContract.cs).
public abstract partial class ContractStoreContract
{
    static readonly DateOnly FactsDay = VariedHistories.Today;

    // Half the versions one by one, the rest in batches of seven: both write paths fold.
    static async Task Store(IContractStore store, List<ContractVersion> history)
    {
        var half = history.Count / 2;
        foreach (var version in history.Take(half)) Assert.True(await store.AddVersionAsync(version));
        foreach (var batch in history.Skip(half).Chunk(7)) Assert.All(await store.AddVersionsAsync(batch), Assert.True);
    }

    [Theory]
    [InlineData(1), InlineData(2), InlineData(5), InlineData(7), InlineData(11), InlineData(13), InlineData(18), InlineData(27), InlineData(33), InlineData(36)]
    public async Task The_kept_facts_summary_gives_the_facts_of_the_whole_history(int seed)
    {
        var store = NewStore();
        var history = VariedHistories.Of(seed, $"CO1.PCCNTR.8{seed}");
        var id = history[0].ContractId;
        await Store(store, history);

        var recent = (await store.RecentAsync(id, 5))!;

        Assert.Equal(history.TakeLast(5).Select(v => v.Number), recent.Latest.Select(v => v.Number));
        Assert.Equal(history.Count, recent.Count);
        if (history.Count > 1) Assert.True(recent.Summary!.IsCurrentFor(history.Count)); // kept from the second version on
        var facts = (await RecentFacts.LoadAsync(store, id, 5, FactsDay, default))!.Facts;
        VariedHistories.AssertSameFacts(ContractFacts.Of(await store.HistoryAsync(id), FactsDay), facts);
    }

    [Fact]
    public async Task Recent_versions_of_an_unknown_contract_are_null()
    {
        var store = NewStore();
        Assert.Null(await store.RecentAsync("CO1.PCCNTR.404", 5));
        Assert.Null(await RecentFacts.LoadAsync(store, "CO1.PCCNTR.404", 5, FactsDay, default));
    }

    [Fact]
    public async Task A_summary_folded_under_other_rules_is_rebuilt_from_the_history_kept_and_folded_on()
    {
        var store = NewStore();
        var history = VariedHistories.WithAtLeast(12, "CO1.PCCNTR.91");
        var id = history[0].ContractId;
        await Store(store, history[..^1]);
        var stale = (await store.RecentAsync(id, 3))!.Summary! with { Rules = "0/otra tabla de SMMLV", Extensions = 999 };
        await store.KeepFactsSummaryAsync(id, stale);
        Assert.Equal("0/otra tabla de SMMLV", (await store.RecentAsync(id, 3))!.Summary!.Rules);

        Assert.True(await store.AddVersionAsync(history[^1])); // not folded into a stale summary
        Assert.False((await store.RecentAsync(id, 3))!.Summary?.IsCurrentFor(history.Count) ?? false);

        var facts = (await RecentFacts.LoadAsync(store, id, 3, FactsDay, default))!.Facts; // rebuilt and kept
        VariedHistories.AssertSameFacts(ContractFacts.Of(history, FactsDay), facts);
        Assert.True((await store.RecentAsync(id, 3))!.Summary!.IsCurrentFor(history.Count));
    }

    [Fact]
    public async Task A_rebuilt_summary_of_a_version_no_longer_current_is_not_kept()
    {
        var store = NewStore();
        var history = VariedHistories.WithAtLeast(4, "CO1.PCCNTR.92");
        var id = history[0].ContractId;
        await Store(store, history);
        var kept = (await store.RecentAsync(id, 2))!.Summary!;

        await store.KeepFactsSummaryAsync(id, ContractFactsSummary.Of(history[..^1]) with { Extensions = 999 });
        await store.KeepFactsSummaryAsync("CO1.PCCNTR.404", kept with { Extensions = 999 });

        Assert.Equal(kept.ToJson(), (await store.RecentAsync(id, 2))!.Summary!.ToJson());
        Assert.Null(await store.RecentAsync("CO1.PCCNTR.404", 2));
    }
}
