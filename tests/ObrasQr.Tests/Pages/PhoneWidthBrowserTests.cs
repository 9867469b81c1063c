using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ObrasQr.Contracts;

namespace ObrasQr.Tests.Pages;

/// <summary>No public page is wider than a phone: at 320, 360, 390 and 414 CSS pixels the document is no wider than the
/// window, for normal, suspended, overdue and long-named works too; the receipt's code breaks only between groups.</summary>
public abstract class PhoneWidthBrowserTests(LiveServer server)
{
    public sealed class OnSqlite(LiveServer.OnSqlite store) : PhoneWidthBrowserTests(store), IClassFixture<LiveServer.OnSqlite>;
    public sealed class OnAzure(LiveServer.OnAzure store) : PhoneWidthBrowserTests(store), IClassFixture<LiveServer.OnAzure>;

    static readonly int[] Widths = [320, 360, 390, 414];

    const string LongNamed = "CO1.PCCNTR.9500001";

    /// <summary>A work whose SECOP text has words longer than any phone: a contractor and an object with no space to break at.</summary>
    async Task StoreLongNamedWorkAsync()
    {
        var word = string.Concat(Enumerable.Repeat("CONSTRUCCIÓN", 12));
        var work = new Contract
        {
            ContractId = LongNamed, Type = "Obra", Status = "En ejecución", Value = 987_654_321_012m,
            Object = $"{word} DEL_SISTEMA_DE_ALCANTARILLADO_PLUVIAL_Y_SANITARIO_DEL_BARRIO_{word}",
            ProcessDescription = word, Reference = "REF-" + word,
            EntityName = "ALCALDIA_DISTRITAL_DE_CARTAGENA_DE_INDIAS_SECRETARIA_DE_INFRAESTRUCTURA_Y_OBRAS_PUBLICAS",
            EntityNit = "890480184", ContractorName = "CONSORCIO_" + word + "_2026", ContractorDocumentType = "NIT", ContractorDocument = "901234567",
            Location = "Calle_" + word, City = "Cartagena", Department = "Bolívar", Modality = "Licitación pública",
            SignedOn = new DateOnly(2026, 1, 10), StartsOn = new DateOnly(2026, 2, 1), EndsOn = new DateOnly(2027, 2, 1),
            ProcessUrl = "https://community.secop.gov.co/Public/Tendering/OpportunityDetail/Index?noticeUID=CO1.NTC." + new string('9', 120),
        };
        await server.Services.GetRequiredService<IContractStore>().AddVersionAsync(ContractVersion.First(work, DateTimeOffset.UtcNow, "test"));
    }

    static async Task<List<string>> OverflowsAsync(IPage page, string name)
    {
        var found = new List<string>();
        foreach (var width in Widths)
        {
            await page.SetViewportSizeAsync(width, 800);
            var sizes = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
            if (sizes[0] > sizes[1]) found.Add($"{name} at {width} px: {sizes[0]} px wide");
        }
        return found;
    }

    [Fact]
    public async Task No_public_page_is_wider_than_a_phone()
    {
        await StoreLongNamedWorkAsync();
        var page = await server.PhoneAsync();
        var overflows = new List<string>();
        foreach (var path in new[] { "/", "/o/CO1.PCCNTR.5361557", "/o/CO1.PCCNTR.4567820", "/o/CO1.PCCNTR.4120988", $"/o/{LongNamed}",
                     "/?q=CONSTRUCCION", "/estadisticas", "/estadisticas/semestre/2026-2", "/mapa", "/seguimiento", "/privacidad", "/datos",
                     "/o/CO1.PCCNTR.0000000" })
        {
            await page.GotoAsync(server.BaseUrl + path);
            overflows.AddRange(await OverflowsAsync(page, path));
        }

        await page.GotoAsync(server.BaseUrl + $"/o/{LongNamed}");
        await page.SelectOptionAsync("#category", "mala_calidad");
        await page.FillAsync("#description", "El " + string.Concat(Enumerable.Repeat("andén", 30)) + " ya tiene grietas.");
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync("#tracking-code");
        overflows.AddRange(await OverflowsAsync(page, "recibo"));
        var code = (await page.InnerTextAsync("#tracking-code")).Trim();

        await page.GotoAsync(server.BaseUrl + "/seguimiento");
        await page.FillAsync("#code", code);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync("#obra");
        overflows.AddRange(await OverflowsAsync(page, "seguimiento con reporte"));

        Assert.True(overflows.Count == 0, string.Join("\n", overflows));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_receipts_code_breaks_only_between_its_groups()
    {
        var page = await server.PhoneAsync();
        await page.GotoAsync(server.BaseUrl + "/o/CO1.PCCNTR.5361557");
        await page.SelectOptionAsync("#category", "otro");
        await page.FillAsync("#description", "Los camiones dejan barro en toda la calle.");
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync("#tracking-code");

        foreach (var width in Widths)
        {
            await page.SetViewportSizeAsync(width, 800);
            // Each group is one box on one line: a group cut in two would have two.
            var lines = await page.EvaluateAsync<int[]>("() => [...document.querySelectorAll('#tracking-code span')].map(s => s.getClientRects().length)");
            Assert.Equal(5, lines.Length);
            Assert.All(lines, n => Assert.Equal(1, n));
        }
        await page.Context.CloseAsync();
    }
}
