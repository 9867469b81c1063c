using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Builder;
using ObrasQr.AzureStorage;
using ObrasQr.Contracts;
using ObrasQr.Pages;
using ObrasQr.Tests.Storage;
using ObrasQr.Withdrawals;

namespace ObrasQr.Tests.Pages;

/// <summary>
/// Issue 27, point 7: a kept page is checked with the work's page stamp and its report count. What another instance
/// stores (straight in the store here, so this instance's cache is not told) shows once the page is checked again;
/// a report alone renders the kept page again without reading it in full.
/// </summary>
public sealed class ContractPageRefreshTests
{
    const string Work = "CO1.PCCNTR.5361557";

    static (ManualClock Clock, ObrasQrFactory Factory) Start(StoreKind store)
    {
        var clock = ManualClock.AtNoonInColombia(2026, 12, 4);
        return (clock, new ObrasQrFactory(store) { Clock = clock });
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task A_new_version_stored_by_another_instance_shows_once_the_page_is_checked_again(StoreKind store)
    {
        var (clock, factory) = Start(store);
        await using var _ = factory;
        var anyone = factory.CreateClient();
        Assert.DoesNotContain("Objeto corregido por otra instancia", await anyone.GetStringAsync($"/o/{Work}"));

        var contracts = factory.Service<IContractStore>();
        var current = (await contracts.FindAsync(Work))!;
        var next = current.Next(current.Contract with { Object = "Objeto corregido por otra instancia" }, clock.GetUtcNow(), "otra")!;
        Assert.True(await contracts.AddVersionAsync(next));
        var stillKept = await anyone.GetStringAsync($"/o/{Work}");
        clock.Advance(ContractPageCache.Freshness);

        Assert.DoesNotContain("Objeto corregido por otra instancia", stillKept);
        Assert.Contains("Objeto corregido por otra instancia", await anyone.GetStringAsync($"/o/{Work}"));
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task A_withdrawal_and_a_publication_again_by_another_instance_show_once_the_page_is_checked_again(StoreKind store)
    {
        var (clock, factory) = Start(store);
        await using var _ = factory;
        var anyone = factory.CreateClient();
        Assert.DoesNotContain("Retirada de la publicación", await anyone.GetStringAsync($"/o/{Work}"));
        var withdrawals = factory.Service<IWithdrawalStore>();
        var nit = (await factory.Service<IContractStore>().FindAsync(Work))!.Contract.EntityNit;

        Assert.True(await withdrawals.RecordAsync(new WithdrawalAct(Work, WithdrawalActKind.Withdrawn, clock.GetUtcNow(),
            "Publicada por error.", "otra", "Otra instancia", nit)));
        clock.Advance(ContractPageCache.Freshness);
        var withdrawn = await anyone.GetStringAsync($"/o/{Work}");
        Assert.True(await withdrawals.RecordAsync(new WithdrawalAct(Work, WithdrawalActKind.Republished, clock.GetUtcNow(),
            null, "otra", "Otra instancia", nit)));
        clock.Advance(ContractPageCache.Freshness);
        var republished = await anyone.GetStringAsync($"/o/{Work}");

        Assert.Contains("Retirada de la publicación", withdrawn);
        Assert.DoesNotContain("Retirada de la publicación", republished);
        Assert.Contains("reportes ciudadanos recibidos", republished);
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task A_report_filed_on_another_instance_moves_the_count_of_the_kept_page_and_nothing_else(StoreKind store)
    {
        var (clock, factory) = Start(store);
        await using var _ = factory;
        var anyone = factory.CreateClient();
        var before = await anyone.GetStringAsync($"/o/{Work}");
        var count = Count(before);

        var filed = await anyone.PostAsJsonAsync($"/api/contracts/{Work}/reports",
            new { category = "otro", description = "La obra lleva dos semanas sin trabajadores." });
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        clock.Advance(ContractPageCache.Freshness);
        var after = await anyone.GetStringAsync($"/o/{Work}");

        Assert.Equal(count + 1, Count(after));
        Assert.Equal(WithoutCount(before), WithoutCount(after));
    }

    static readonly Regex CountLine = new("<p id=\"conteo\">(\\d+) [^<]*</p>");

    static int Count(string page) => int.Parse(CountLine.Match(page) is { Success: true } found ? found.Groups[1].Value : "-1");

    static string WithoutCount(string page) => CountLine.Replace(page, "");

    /// <summary>The budget of issue 27: the first view of a kept page after a report reads the stamp and the count and
    /// renders from what it kept. The work's data is from before stamps (its row deleted), so its first view reads it
    /// in full and starts the stamp.</summary>
    [Fact]
    public async Task The_first_view_after_a_report_makes_at_most_three_storage_requests_even_for_a_work_stored_before_stamps()
    {
        var (clock, factory) = Start(StoreKind.Azure);
        await using var _ = factory;
        var flows = new RequestFlows();
        var app = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IStartupFilter>(flows)));
        var anyone = app.CreateClient();
        await app.Services.GetRequiredService<AzureStore>().Table(AzureStore.Contracts).DeleteEntityAsync(Work, "page");
        var before = await anyone.GetStringAsync($"/o/{Work}");

        var filed = await anyone.PostAsJsonAsync($"/api/contracts/{Work}/reports",
            new { category = "otro", description = "Reporte para medir la página refrescada." });
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        clock.Advance(ContractPageCache.Freshness);
        var after = await anyone.GetStringAsync($"/o/{Work}");

        Assert.Equal(Count(before) + 1, Count(after));
        var views = flows.Of($"GET /o/{Work}").ToList();
        Assert.Equal(2, views.Count);
        Assert.True(views[0].Requests.Count > 3, "the first view reads the page in full"); // and starts the stamp
        Assert.InRange(views[1].Requests.Count, 1, 3);
    }
}
