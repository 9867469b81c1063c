using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using ObrasQr.Tests.Pages;
using static ObrasQr.Tests.Desk.OfficeDesk;

namespace ObrasQr.Tests.Desk;

/// <summary>The office path on a phone in Debian's Chromium: upload -> grouped errors -> works -> panel, and a work
/// registered by hand; axe finds no WCAG 2.1 AA violation on any office page.</summary>
public abstract class OfficeBrowserTests(LiveServer server)
{
    public sealed class OnSqlite(LiveServer.OnSqlite store) : OfficeBrowserTests(store), IClassFixture<LiveServer.OnSqlite>;
    public sealed class OnAzure(LiveServer.OnAzure store) : OfficeBrowserTests(store), IClassFixture<LiveServer.OnAzure>;

    [Fact]
    public async Task Office_uploads_a_file_sees_its_errors_grouped_then_the_works_and_a_billboard_panel()
    {
        var page = await server.PhoneAsync(ObrasQrFactory.OfficeKey);
        var file = Path.Combine(Path.GetTempPath(), $"secop-oficina-{Guid.NewGuid():N}.csv");
        await File.WriteAllBytesAsync(file, Export(30, new HashSet<int> { 3, 5, 7, 9, 11, 20 }, idPrefix: "CO1.PCCNTR.66"));
        try
        {
            await page.GotoAsync(server.BaseUrl + "/escritorio/cargas");
            Assert.Contains("Subir una exportación", await page.InnerTextAsync("main"));
            await Accessibility.AssertNoViolationsAsync(page);

            await page.SetInputFilesAsync("#file", file);
            await page.ClickAsync("form[action='/escritorio/cargas'] button[type=submit]");
            await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/escritorio/cargas/[0-9]{14}-"));
            // The import runs in the background; the page says so, and a reload shows the result.
            // Up to a minute: the background import shares CI's two cores with a thousand other tests.
            for (var i = 0; i < 300 && (await page.InnerTextAsync("main")).Contains("Pendiente"); i++)
            {
                await Task.Delay(200);
                await page.ReloadAsync();
            }
            var main = await page.InnerTextAsync("main");
            Assert.Contains("Importada con avisos", main);
            Assert.Contains("no es un valor en pesos válido: filas 4, 6, 8, 10, 12, 21", main);
            await Screenshots.TakeAsync(page, "escritorio-carga-errores");
            await Accessibility.AssertNoViolationsAsync(page);

            await page.ClickAsync("text=Volver a las cargas");
            await page.ExpectTextAsync("main", "filas 4, 6, 8 (y 3 más)");
            await Screenshots.TakeAsync(page, "escritorio-cargas");
            await Accessibility.AssertNoViolationsAsync(page);

            await page.ClickAsync("nav.desk >> text=Obras y vallas");
            await page.ExpectTextAsync("main", "Descargar todas las vallas y QR (zip)");
            await Screenshots.TakeAsync(page, "escritorio-obras");
            await Accessibility.AssertNoViolationsAsync(page);

            var panel = await page.GetAttributeAsync("a:text('Valla (SVG)')", "href");
            Assert.NotNull(panel);
            var response = await page.GotoAsync(server.BaseUrl + panel);
            Assert.Equal("image/svg+xml", (await response!.HeaderValueAsync("content-type"))?.Split(';')[0]);
            var id = Uri.UnescapeDataString(panel!["/o/".Length..^"/valla.svg".Length]);
            Assert.Contains(id, await response.TextAsync());   // the panel prints the contract it is for
        }
        finally
        {
            File.Delete(file);
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Office_registers_a_work_not_in_SECOP_II_after_the_form_explains_what_was_wrong()
    {
        var page = await server.PhoneAsync(ObrasQrFactory.OfficeKey);
        try
        {
            await page.GotoAsync(server.BaseUrl + "/escritorio/obras/nueva");
            await Accessibility.AssertNoViolationsAsync(page);
            await page.FillAsync("#valor", "mucho");
            await page.ClickAsync("form[action='/escritorio/obras/nueva'] button[type=submit]");
            await page.ExpectTextAsync("main", "Escriba el objeto de la obra");
            await Screenshots.TakeAsync(page, "escritorio-obra-nueva-errores");
            await Accessibility.AssertNoViolationsAsync(page);

            await page.FillAsync("#objeto", "Construcción del puente peatonal sobre el caño Juan Angola");
            await page.FillAsync("#contratista", "Consorcio Puentes de Bolívar");
            await page.FillAsync("#valor", "845.000.000");
            await page.FillAsync("#inicio", "2026-02-01");
            await page.FillAsync("#fin", "2027-01-31");
            await page.FillAsync("#lugar", "Barrio Torices, Cartagena de Indias");
            await page.ClickAsync("form[action='/escritorio/obras/nueva'] button[type=submit]");
            await page.WaitForSelectorAsync("#registrada");
            await Accessibility.AssertNoViolationsAsync(page);

            var id = (await page.InnerTextAsync("#registrada strong")).Trim();
            await page.GotoAsync(server.BaseUrl + "/o/" + id);
            Assert.Contains("Esta obra no está publicada en SECOP II.", await page.InnerTextAsync("#no-secop"));
            await Screenshots.TakeAsync(page, "obra-registrada-sin-secop");
            await Accessibility.AssertNoViolationsAsync(page);

            await page.GotoAsync(server.BaseUrl + "/escritorio/cargas");
            await page.ClickAsync("form[action='/escritorio/sincronizar'] button[type=submit]");
            await page.ExpectTextAsync("h1", "Sincronización");
            await Accessibility.AssertNoViolationsAsync(page); // the run's page while it waits, or its result
            // The run's page shows the result by itself once the queued run is done (StatusScript), in a real browser.
            await page.WaitForSelectorAsync("#cargas-importadas", new() { Timeout = 120_000 });
            await Accessibility.AssertNoViolationsAsync(page);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
