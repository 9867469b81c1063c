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

    static readonly AxeRunOptions WcagAA = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    };

    static async Task NoViolationsAsync(IPage page)
    {
        var axe = await page.RunAxe(WcagAA);
        Assert.Contains(axe.Passes, rule => rule.Id == "color-contrast");   // axe really ran the AA rules
        Assert.True(axe.Violations.Length == 0, page.Url + "\n" + string.Join("\n", axe.Violations.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")));
    }

    /// <summary>A phone whose every request carries the office's key, as a desk session's cookie would.</summary>
    async Task<IPage> OfficePhoneAsync()
    {
        var context = await server.Browser.NewContextAsync(new()
        {
            ViewportSize = new() { Width = 390, Height = 844 }, DeviceScaleFactor = 1, IsMobile = true, HasTouch = true, Locale = "es-CO",
            ExtraHTTPHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {ObrasQrFactory.OfficeKey}" },
        });
        return await context.NewPageAsync();
    }

    [Fact]
    public async Task Office_uploads_a_file_sees_its_errors_grouped_then_the_works_and_a_billboard_panel()
    {
        var page = await OfficePhoneAsync();
        var file = Path.Combine(Path.GetTempPath(), $"secop-oficina-{Guid.NewGuid():N}.csv");
        await File.WriteAllBytesAsync(file, Export(30, new HashSet<int> { 3, 5, 7, 9, 11, 20 }, idPrefix: "CO1.PCCNTR.66"));
        try
        {
            await page.GotoAsync(server.BaseUrl + "/escritorio/cargas");
            Assert.Contains("Subir una exportación", await page.InnerTextAsync("main"));
            await NoViolationsAsync(page);

            await page.SetInputFilesAsync("#file", file);
            await page.ClickAsync("form[action='/escritorio/cargas'] button[type=submit]");
            await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/escritorio/cargas/[0-9]{14}-"));
            // The import runs in the background; the page says so, and a reload shows the result.
            for (var i = 0; i < 50 && (await page.InnerTextAsync("main")).Contains("Pendiente"); i++)
            {
                await Task.Delay(200);
                await page.ReloadAsync();
            }
            var main = await page.InnerTextAsync("main");
            Assert.Contains("Importada con avisos", main);
            Assert.Contains("no es un valor en pesos válido: filas 4, 6, 8, 10, 12, 21", main);
            await Screenshots.TakeAsync(page, "escritorio-carga-errores");
            await NoViolationsAsync(page);

            await page.ClickAsync("text=Volver a las cargas");
            Assert.Contains("filas 4, 6, 8 (y 3 más)", await page.InnerTextAsync("main"));
            await Screenshots.TakeAsync(page, "escritorio-cargas");
            await NoViolationsAsync(page);

            await page.ClickAsync("nav.desk >> text=Obras y vallas");
            Assert.Contains("Descargar todas las vallas y QR (zip)", await page.InnerTextAsync("main"));
            await Screenshots.TakeAsync(page, "escritorio-obras");
            await NoViolationsAsync(page);

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
        var page = await OfficePhoneAsync();
        try
        {
            await page.GotoAsync(server.BaseUrl + "/escritorio/obras/nueva");
            await NoViolationsAsync(page);
            await page.FillAsync("#valor", "mucho");
            await page.ClickAsync("form[action='/escritorio/obras/nueva'] button[type=submit]");
            Assert.Contains("Escriba el objeto de la obra", await page.InnerTextAsync("main"));
            await Screenshots.TakeAsync(page, "escritorio-obra-nueva-errores");
            await NoViolationsAsync(page);

            await page.FillAsync("#objeto", "Construcción del puente peatonal sobre el caño Juan Angola");
            await page.FillAsync("#contratista", "Consorcio Puentes de Bolívar");
            await page.FillAsync("#valor", "845.000.000");
            await page.FillAsync("#inicio", "2026-02-01");
            await page.FillAsync("#fin", "2027-01-31");
            await page.FillAsync("#lugar", "Barrio Torices, Cartagena de Indias");
            await page.ClickAsync("form[action='/escritorio/obras/nueva'] button[type=submit]");
            await page.WaitForSelectorAsync("#registrada");
            await NoViolationsAsync(page);

            var id = (await page.InnerTextAsync("#registrada strong")).Trim();
            await page.GotoAsync(server.BaseUrl + "/o/" + id);
            Assert.Contains("Esta obra no está publicada en SECOP II.", await page.InnerTextAsync("#no-secop"));
            await Screenshots.TakeAsync(page, "obra-registrada-sin-secop");
            await NoViolationsAsync(page);

            await page.GotoAsync(server.BaseUrl + "/escritorio/cargas");
            await page.ClickAsync("form[action='/escritorio/sincronizar'] button[type=submit]");
            Assert.Contains("Sincronización", await page.InnerTextAsync("h1"));
            await NoViolationsAsync(page);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
