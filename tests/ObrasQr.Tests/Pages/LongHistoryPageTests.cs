using System.Net;
using System.Text.RegularExpressions;
using ObrasQr.Contracts;

namespace ObrasQr.Tests.Pages;

/// <summary>A contract with hundreds of versions (careless or hostile uploads): the page lists the latest changes only,
/// links to the full history, and its size does not grow with the history; the facts still count every version.</summary>
public abstract class LongHistoryPageTests(ObrasQrFactory factory)
{
    public sealed class OnSqlite(ObrasQrFactory.OnSqlite store) : LongHistoryPageTests(store), IClassFixture<ObrasQrFactory.OnSqlite>;
    public sealed class OnAzure(ObrasQrFactory.OnAzure store) : LongHistoryPageTests(store), IClassFixture<ObrasQrFactory.OnAzure>;

    static readonly DateTimeOffset Synced = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Stores <paramref name="count"/> versions; each one after the first adds a day to the term, or from
    /// version <paramref name="quietFrom"/> on changes only a field the page does not list.</summary>
    async Task<string> PageWithVersions(string id, int count, int quietFrom = int.MaxValue)
    {
        var contract = new Contract
        {
            ContractId = id, Type = "Obra", Status = "En ejecución", Value = 2_000_000_000m, Object = "Pavimentación de la calle 5",
            SignedOn = new DateOnly(2026, 2, 1), StartsOn = new DateOnly(2026, 3, 1), EndsOn = new DateOnly(2027, 3, 1), AddedDays = 0,
        };
        var version = ContractVersion.First(contract, Synced, "test");
        var versions = new List<ContractVersion> { version };
        for (var n = 2; n <= count; n++)
        {
            contract = n >= quietFrom ? contract with { Reference = $"R{n}" }
                : contract with { AddedDays = contract.AddedDays + 1, EndsOn = contract.EndsOn!.Value.AddDays(1) };
            version = version.Next(contract, Synced.AddMinutes(n), "test")!;
            versions.Add(version);
        }
        var store = factory.Service<IContractStore>();
        foreach (var batch in versions.Chunk(1000))
            Assert.All(await store.AddVersionsAsync(batch), Assert.True);

        var response = await factory.CreateClient().GetAsync($"/o/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    static int ListedChanges(string html) =>
        Regex.Matches(Regex.Match(html, "<ul class=\"changes\">(.*?)</ul>", RegexOptions.Singleline).Groups[1].Value, "<li>").Count;

    [Fact]
    public async Task Page_of_a_long_history_lists_the_latest_changes_and_links_to_the_full_history()
    {
        var html = await PageWithVersions("CO1.PCCNTR.9300001", 300);

        Assert.Equal(ContractPageCacheShown, ListedChanges(html));
        Assert.Contains("Se muestran los 20 cambios más recientes. ObrasQr sincronizó 300 versiones de este contrato", html);
        Assert.Contains("<a href=\"/api/contracts/CO1.PCCNTR.9300001\">ver el historial completo", html);
        // The newest change is listed, the oldest is not.
        Assert.Contains("Días adicionados pasó de «298» a «299»", html);
        Assert.DoesNotContain("Días adicionados pasó de «0» a «1»", html);
        // The facts still come from every version: 299 extensions, not the 20 listed.
        Assert.Contains("299 ampliaciones registradas", html);
    }

    [Fact]
    public async Task Page_size_does_not_grow_with_the_number_of_versions()
    {
        // Both past the red flag for days added beyond half the term, so the same sentences show.
        var shorter = await PageWithVersions("CO1.PCCNTR.9300002", 250);
        var longer = await PageWithVersions("CO1.PCCNTR.9300003", 2500);

        Assert.Equal(ListedChanges(shorter), ListedChanges(longer));
        // Only figures differ (versions, days, dates): a few dozen bytes, not one row per version.
        Assert.InRange(longer.Length - shorter.Length, -100, 100);
    }

    [Fact]
    public async Task Short_history_is_listed_whole_without_the_full_history_line()
    {
        var html = await PageWithVersions("CO1.PCCNTR.9300004", 5);

        Assert.Equal(8, ListedChanges(html)); // each of the 4 steps changed the end date and the added days
        Assert.DoesNotContain("historial-completo", html);
    }

    [Fact]
    public async Task Latest_versions_that_change_no_listed_field_are_not_told_as_no_changes_at_all()
    {
        // 29 extensions, then 70 versions that change only the reference: more than the page reads for its changes.
        var html = await PageWithVersions("CO1.PCCNTR.9300005", 100, quietFrom: 31);

        Assert.Equal(0, ListedChanges(html));
        Assert.DoesNotContain("Sin cambios desde que empezamos", html);
        Assert.Contains($"Se muestran los cambios de las {ObrasQr.Pages.ContractPageCache.ReadVersions} versiones más recientes. ObrasQr sincronizó 100 versiones de este contrato", html);
        Assert.Contains("29 ampliaciones registradas", html); // the facts still count every version
    }

    const int ContractPageCacheShown = ObrasQr.Pages.ContractPageCache.ShownChanges;
}
