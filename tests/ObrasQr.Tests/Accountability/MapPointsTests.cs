using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ObrasQr.Accountability;
using ObrasQr.Contracts;

namespace ObrasQr.Tests.Accountability;

/// <summary>The works map's points come from the office's progress entries; each test has its own server, since the
/// catalog it reads is kept per server.</summary>
public class MapPointsTests
{
    const string Located = "CO1.PCCNTR.4120988";
    const string NotLocated = "CO1.PCCNTR.5361557";

    static DateOnly DaysAgo(int days) => ColombiaTime.Today(TimeProvider.System).AddDays(-days);

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task A_work_the_office_located_in_a_progress_entry_is_a_point_on_the_map_that_says_where_it_comes_from(StoreKind store)
    {
        using var factory = new ObrasQrFactory(store);
        var client = factory.CreateClient();
        var before = await client.GetStringAsync("/mapa");

        var sent = await factory.ClientWithKey(ObrasQrFactory.OfficeKey).PostAsJsonAsync($"/api/contracts/{Located}/avances",
            new { date = DaysAgo(3).ToString("yyyy-MM-dd"), percent = 40, location = new { lat = 10.4215, lon = -75.5342 } });
        var after = await client.GetStringAsync("/mapa");

        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        Assert.DoesNotContain("data-lat", Item(before, Located));
        Assert.DoesNotContain("id=\"mapa\"", before); // no map at all while no work has a point
        var item = Item(after, Located);
        Assert.Contains("data-lat=\"10.4215\" data-lon=\"-75.5342\"", item); // what /mapa/mapa.js reads
        Assert.Contains($"Ubicación registrada por la oficina en el avance del {ContractChanges.Date(DaysAgo(3))}.", item);
        Assert.DoesNotContain("data-lat", Item(after, NotLocated)); // still listed under its place, not a point
        Assert.Contains("id=\"mapa\"", after);
        Assert.Contains("<script src=\"/mapa/mapa.js\" defer></script>", after);
        Assert.Contains("1 obra de", after);
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task A_newer_entry_without_coordinates_keeps_the_point_of_the_older_one(StoreKind store)
    {
        using var factory = new ObrasQrFactory(store);
        var office = factory.ClientWithKey(ObrasQrFactory.OfficeKey);

        (await office.PostAsJsonAsync($"/api/contracts/{Located}/avances",
            new { date = DaysAgo(5).ToString("yyyy-MM-dd"), percent = 40, location = new { lat = 10.4215, lon = -75.5342 } })).EnsureSuccessStatusCode();
        (await office.PostAsJsonAsync($"/api/contracts/{Located}/avances",
            new { date = DaysAgo(1).ToString("yyyy-MM-dd"), percent = 45 })).EnsureSuccessStatusCode();
        var item = Item(await factory.CreateClient().GetStringAsync("/mapa"), Located);

        Assert.Contains("data-lat=\"10.4215\" data-lon=\"-75.5342\"", item);
        Assert.Contains($"en el avance del {ContractChanges.Date(DaysAgo(5))}.", item);
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task The_works_catalog_is_built_after_the_first_answer_before_anyone_asks_for_a_page(StoreKind store)
    {
        using var factory = new ObrasQrFactory(store);
        var warmer = factory.Services.GetServices<IHostedService>().OfType<ObrasQr.Server.CatalogWarmer>().Single();
        Assert.False(factory.Services.GetRequiredService<WorksCatalog>().IsBuilt); // the first scan is not kept waiting

        (await factory.CreateClient().GetAsync("/api/health")).EnsureSuccessStatusCode();
        await warmer.ExecuteTask!;

        Assert.True(factory.Services.GetRequiredService<WorksCatalog>().IsBuilt);
    }

    /// <summary>The list item of a work on /mapa: from its opening tag to its end.</summary>
    static string Item(string html, string contractId)
    {
        var match = Regex.Match(html, $"<li[^>]*>\\s*<a href=\"/o/{Regex.Escape(contractId)}\">.*?</li>", RegexOptions.Singleline);
        Assert.True(match.Success, $"{contractId} is not listed on /mapa.");
        return match.Value;
    }
}
