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

    [Fact]
    public async Task Office_records_progress_with_a_photo_from_the_desk_and_the_page_shows_it_in_its_gallery()
    {
        var page = await server.PhoneAsync(ObrasQrFactory.OfficeKey);

        await page.GotoAsync($"{server.BaseUrl}/escritorio/obras/{Work}/avance");
        await page.FillAsync("#percent", "abc");
        await page.ClickAsync("button[type=submit]:has-text('Registrar avance')");
        Assert.Contains("El porcentaje debe ser un número", await page.InnerTextAsync("#percent-error"));
        await Screenshots.TakeAsync(page, "escritorio-avance-error");
        await Accessibility.AssertNoViolationsAsync(page);

        await page.FillAsync("#percent", "47,5");
        await page.FillAsync("#note", "Estructura del segundo piso terminada.");
        await page.SetInputFilesAsync("#photos", new FilePayload { Name = "obra.jpg", MimeType = "image/jpeg", Buffer = Reports.PhotoCleanerTests.Photo("gps.jpg") });
        await page.ClickAsync("button[type=submit]:has-text('Registrar avance')");
        Assert.Contains("Avance registrado.", await page.InnerTextAsync("#registrado"));
        Assert.Contains("47,5 % ejecutado", await page.InnerTextAsync("#ultimo-avance"));
        await Accessibility.AssertNoViolationsAsync(page);

        await page.GotoAsync($"{server.BaseUrl}/o/{Work}");
        Assert.Contains("47,5 % ejecutado", await page.InnerTextAsync("#avance-fisico"));
        var thumbnail = page.Locator(".gallery img").First;
        await thumbnail.ScrollIntoViewIfNeededAsync();
        // Lazy: it loads once in view; a thumbnail that fails to load never gets a width and the wait times out.
        await page.WaitForFunctionAsync("() => { const i = document.querySelector('.gallery img'); return i.complete && i.naturalWidth > 0; }");
        await Screenshots.TakeAsync(page, "obra-con-avance");
        await Accessibility.AssertNoViolationsAsync(page);
        await page.Context.CloseAsync();
    }
}
