using System.Net.Http.Json;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using ObrasQr.Tests.Pages;

namespace ObrasQr.Tests.Accountability;

/// <summary>The index, the statistics, the semiannual report and the map on a phone in Chromium: axe (WCAG 2.1 AA)
/// finds nothing, and each is photographed for docs/screenshots.</summary>
public abstract class AccountabilityBrowserTests(LiveServer server)
{
    public sealed class OnSqlite(LiveServer.OnSqlite store) : AccountabilityBrowserTests(store), IClassFixture<LiveServer.OnSqlite>;
    public sealed class OnAzure(LiveServer.OnAzure store) : AccountabilityBrowserTests(store), IClassFixture<LiveServer.OnAzure>;

    [Theory]
    [InlineData("obras", "/", "Obras públicas")]
    [InlineData("obras-con-alertas", "/?alerta=si&q=canal", "Solo obras con alertas")]
    [InlineData("estadisticas", "/estadisticas", "Respondidos dentro del término legal")]
    [InlineData("informe-semestral-publico", "/estadisticas/semestre/2026-2", "Casos abiertos al corte")]
    [InlineData("mapa-sin-coordenadas", "/mapa", "SECOP II publica el lugar de cada contrato como texto")]
    public async Task Phone_sees_the_public_page_without_scripts_and_axe_finds_no_violations(string name, string path, string text)
    {
        await ReportsExistAsync();
        var page = await server.PhoneAsync();
        var requests = new List<string>();
        page.Request += (_, r) => requests.Add(r.Url);

        var response = await page.GotoAsync(server.BaseUrl + path, new() { WaitUntil = WaitUntilState.NetworkIdle });

        Assert.Equal(200, response!.Status);
        Assert.Equal([server.BaseUrl + path], requests); // one request: no script, stylesheet or image to fetch
        Assert.Contains(text, await page.InnerTextAsync("main"));
        await Screenshots.TakeAsync(page, name);
        await Accessibility.AssertNoViolationsAsync(page);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Auditor_sees_the_printable_semiannual_report_and_axe_finds_no_violations()
    {
        await ReportsExistAsync();
        var page = await server.PhoneAsync(ObrasQrFactory.AuditorKey);

        var response = await page.GotoAsync(server.BaseUrl + "/escritorio/informe-semestral?semestre=2026-2");

        Assert.Equal(200, response!.Status);
        Assert.Contains("Casos abiertos al 21 de noviembre de 2026", await page.InnerTextAsync("main"));
        await Screenshots.TakeAsync(page, "informe-semestral-escritorio");
        await Accessibility.AssertNoViolationsAsync(page);
        // Printed on A4, the menu and the form are left out.
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        Assert.False(await page.IsVisibleAsync("nav.desk"));
        Assert.False(await page.IsVisibleAsync("form.noprint"));
        var pdf = await page.PdfAsync(new() { PreferCSSPageSize = true });
        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString(pdf, 0, 4));
        await page.Context.CloseAsync();
    }

    static readonly System.Runtime.CompilerServices.ConditionalWeakTable<LiveServer, Task> Posted = new();

    /// <summary>Two reports through the public API on the pinned day, once per server and before any page is read (the
    /// figures are kept while the pinned clock stands still), so the figures are not all zero.</summary>
    Task ReportsExistAsync()
    {
        lock (Posted) return Posted.GetValue(server, _ => PostAsync());
    }

    async Task PostAsync()
    {
        using var client = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        foreach (var category in new[] { "obra_paralizada", "mala_calidad" })
        {
            var sent = await client.PostAsJsonAsync("/api/contracts/CO1.PCCNTR.4120988/reports",
                new { category, description = "La obra está detenida y no hay trabajadores desde hace semanas.", location = new { text = "Canal Calicanto" } });
            sent.EnsureSuccessStatusCode();
        }
    }
}
