using System.Net.Http.Json;
using Microsoft.Playwright;
using ObrasQr.Tests.Pages;
using SkiaSharp;

namespace ObrasQr.Tests.Accountability;

/// <summary>/mapa on a phone with Leaflet drawing the works the office located: one marker per located work, each
/// opening a link to the work's page; axe (WCAG 2.1 AA) finds nothing with the map drawn.</summary>
public abstract class MapBrowserTests(LiveServer server)
{
    public sealed class OnSqlite(LiveServer.OnSqlite store) : MapBrowserTests(store), IClassFixture<LiveServer.OnSqlite>;
    public sealed class OnAzure(LiveServer.OnAzure store) : MapBrowserTests(store), IClassFixture<LiveServer.OnAzure>;

    /// <summary>Three works of Cartagena with a place recorded by the office; the other demo works have none.</summary>
    static readonly (string ContractId, double Lat, double Lon)[] Located =
    [
        ("CO1.PCCNTR.4120988", 10.4141, -75.4939), // canal Calicanto, Olaya Herrera
        ("CO1.PCCNTR.5361557", 10.3628, -75.4829), // sede educativa, Nelson Mandela
        ("CO1.PCCNTR.3987001", 10.4512, -75.5051), // Vía Perimetral
    ];

    [Fact]
    public async Task Phone_sees_one_marker_per_located_work_each_linking_to_its_page_and_axe_finds_no_violations()
    {
        await LocatedAsync();
        var page = await server.PhoneAsync();
        // The tile server of the configuration is not reachable from here: the test answers its requests with a blank
        // tile, so the map draws as it would and nothing leaves this machine.
        await page.RouteAsync("https://tile.openstreetmap.org/**", route => route.FulfillAsync(new() { ContentType = "image/png", BodyBytes = BlankTile.Value }));

        var response = await page.GotoAsync(server.BaseUrl + "/mapa", new() { WaitUntil = WaitUntilState.NetworkIdle });
        await page.WaitForSelectorAsync("#mapa path.leaflet-interactive");

        Assert.Equal(200, response!.Status);
        Assert.Equal(Located.Length, await page.Locator("#mapa path.leaflet-interactive").CountAsync());
        Assert.Contains("3 obras de", await page.InnerTextAsync("main"));
        // With the markers drawn. (With a popup open axe cannot tell the contrast of Leaflet's "×" over the map and
        // reports it as needing review, not as a violation.)
        await Accessibility.AssertNoViolationsAsync(page);
        await page.Locator("#mapa path.leaflet-interactive").First.ClickAsync(new() { Force = true });
        var popup = page.Locator(".leaflet-popup-content");
        await popup.WaitForAsync();
        var href = await popup.Locator("a").GetAttributeAsync("href");
        Assert.Contains(href, Located.Select(w => "/o/" + w.ContractId));
        Assert.Contains("Ubicación registrada por la oficina en el avance del 18 de noviembre de 2026", await popup.InnerTextAsync());
        await Screenshots.TakeAsync(page, "mapa");
        await page.Context.CloseAsync();
    }

    static readonly Lazy<byte[]> BlankTile = new(() =>
    {
        using var bitmap = new SKBitmap(256, 256);
        bitmap.Erase(new SKColor(0xEE, 0xF1, 0xF4));
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    });

    static readonly System.Runtime.CompilerServices.ConditionalWeakTable<LiveServer, Task> Done = new();

    /// <summary>The office records the three places once per server, on the pinned day's week.</summary>
    Task LocatedAsync()
    {
        lock (Done) return Done.GetValue(server, _ => RecordAsync());
    }

    async Task RecordAsync()
    {
        using var office = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        office.DefaultRequestHeaders.Authorization = new("Bearer", ObrasQrFactory.OfficeKey);
        foreach (var (id, lat, lon) in Located)
        {
            var sent = await office.PostAsJsonAsync($"/api/contracts/{id}/avances", new { date = "2026-11-18", percent = 40, location = new { lat, lon } });
            sent.EnsureSuccessStatusCode();
        }
    }
}
