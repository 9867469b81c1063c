using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using ObrasQr.Tests.Pages;

namespace ObrasQr.Tests.Progress;

/// <summary>The office's path on a phone: the desk form with a photo, then the work's page with the gallery; axe on both.</summary>
public abstract class ProgressBrowserTests(LiveServer server)
{
    public sealed class OnSqlite(LiveServer.OnSqlite store) : ProgressBrowserTests(store), IClassFixture<LiveServer.OnSqlite>;
    public sealed class OnAzure(LiveServer.OnAzure store) : ProgressBrowserTests(store), IClassFixture<LiveServer.OnAzure>;

    const string Work = "CO1.PCCNTR.4920455";

    static readonly AxeRunOptions WcagAA = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    };

    static async Task NoViolationsAsync(IPage page)
    {
        var axe = await page.RunAxe(WcagAA);
        Assert.True(axe.Violations.Length == 0, string.Join("\n", axe.Violations.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")));
    }

    [Fact]
    public async Task Office_records_progress_with_a_photo_from_the_desk_and_the_page_shows_it_in_its_gallery()
    {
        var context = await server.Browser.NewContextAsync(new()
        {
            ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true, Locale = "es-CO",
            ExtraHTTPHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer " + ObrasQrFactory.OfficeKey },
        });
        var page = await context.NewPageAsync();

        await page.GotoAsync($"{server.BaseUrl}/escritorio/obras/{Work}/avance");
        await page.FillAsync("#percent", "abc");
        await page.ClickAsync("button[type=submit]:has-text('Registrar avance')");
        Assert.Contains("El porcentaje debe ser un número", await page.InnerTextAsync("#percent-error"));
        await Screenshots.TakeAsync(page, "escritorio-avance-error");
        await NoViolationsAsync(page);

        await page.FillAsync("#percent", "47,5");
        await page.FillAsync("#note", "Estructura del segundo piso terminada.");
        await page.SetInputFilesAsync("#photos", new FilePayload { Name = "obra.jpg", MimeType = "image/jpeg", Buffer = Reports.PhotoCleanerTests.Photo("gps.jpg") });
        await page.ClickAsync("button[type=submit]:has-text('Registrar avance')");
        Assert.Contains("Avance registrado.", await page.InnerTextAsync("#registrado"));
        Assert.Contains("47,5 % ejecutado", await page.InnerTextAsync("#ultimo-avance"));
        await NoViolationsAsync(page);

        await page.GotoAsync($"{server.BaseUrl}/o/{Work}");
        Assert.Contains("47,5 % ejecutado", await page.InnerTextAsync("#avance-fisico"));
        var thumbnail = page.Locator(".gallery img").First;
        await thumbnail.ScrollIntoViewIfNeededAsync();
        // Lazy: it loads once in view; a thumbnail that fails to load never gets a width and the wait times out.
        await page.WaitForFunctionAsync("() => { const i = document.querySelector('.gallery img'); return i.complete && i.naturalWidth > 0; }");
        await Screenshots.TakeAsync(page, "obra-con-avance");
        await NoViolationsAsync(page);
        await context.CloseAsync();
    }
}
