using Microsoft.AspNetCore.Http;
using ObrasQr.Accountability;
using ObrasQr.Contracts;
using ObrasQr.Pages;
using ObrasQr.Progress;
using ObrasQr.Qr;
using ObrasQr.Tests.Secop;

namespace ObrasQr.Tests.Contracts;

/// <summary>The share image (vista.png) and the works catalog take their facts from the kept summary and the current
/// version (<see cref="RecentFacts"/>), as the page does: the same facts as the whole history, at a constant cost.</summary>
public sealed class LongHistoryFactsTests
{
    // The seeds of VariedHistories with at least this many versions: longer than the one version the image and the
    // catalog read, so their facts come from the kept summary, not from a history in hand.
    static readonly int[] LongSeeds = [.. Enumerable.Range(1, 40).Where(seed => VariedHistories.Of(seed).Count >= 30)];

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task The_share_image_and_the_works_catalog_state_the_facts_of_the_whole_history(StoreKind kind)
    {
        Assert.True(LongSeeds.Length >= 10, "too few long histories to compare");
        using var app = new ObrasQrFactory(kind) { Clock = ManualClock.AtNoonInColombia(VariedHistories.Today.Year, VariedHistories.Today.Month, VariedHistories.Today.Day) };
        var store = app.Service<IContractStore>();
        var histories = LongSeeds.Select(seed => VariedHistories.Of(seed, $"CO1.PCCNTR.95{seed:D3}")).ToList();
        foreach (var history in histories) await ContractHistoryApiTests.Store(store, history);
        var catalog = app.Service<WorksCatalog>();
        catalog.Forget(); // the warm-up's snapshot predates these works
        var works = (await catalog.GetAsync(default)).Works.ToDictionary(w => w.ContractId);
        var urls = app.Service<PublicUrls>();
        var client = app.CreateClient();

        foreach (var history in histories)
        {
            var id = history[0].ContractId;
            var whole = ContractFacts.Of(history, VariedHistories.Today);
            VariedHistories.AssertSameFacts(whole, works[id].Facts);
            Assert.Equal(history.Count, works[id].Version);
            var png = await client.GetByteArrayAsync($"/o/{id}/vista.png");
            Assert.Equal(SharePreview.Png(whole, id, urls.QrUrl(new DefaultHttpContext().Request, id)), png);
        }
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task The_works_catalog_reads_no_whole_history_when_each_work_keeps_its_facts_summary(StoreKind kind)
    {
        using var app = new ObrasQrFactory(kind);
        var store = app.Service<IContractStore>();
        var history = ContractHistoryApiTests.History("CO1.PCCNTR.9600001", 300);
        await ContractHistoryApiTests.Store(store, history);
        await ContractHistoryApiTests.Store(store, ContractHistoryApiTests.History("CO1.PCCNTR.9600002", 2));
        var counting = new CountingStore(store);

        var works = (await new WorksCatalog(counting, app.Service<IProgressStore>(), TimeProvider.System).GetAsync(default)).Works;

        var work = Assert.Single(works, w => w.ContractId == "CO1.PCCNTR.9600001");
        Assert.Equal(300, work.Version);
        VariedHistories.AssertSameFacts(ContractFacts.Of(history, ColombiaTime.Today(TimeProvider.System)), work.Facts);
        Assert.Equal(0, counting.HistoryReads);
    }
}
