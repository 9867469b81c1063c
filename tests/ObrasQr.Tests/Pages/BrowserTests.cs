using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ObrasQr.Tests.Pages;

/// <summary>
/// The real server listening on 127.0.0.1 (Kestrel, free port) on a pinned day, and Debian's headless Chromium.
/// Playwright never downloads a browser here: a missing /usr/bin/chromium fails these tests (CI installs it).
/// </summary>
public sealed class LiveServer : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";

    readonly ObrasQrFactory factory = new() { Clock = ManualClock.AtNoonInColombia(2026, 11, 21) };
    IPlaywright? playwright;

    public string BaseUrl { get; private set; } = "";
    public IBrowser Browser { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(Chromium))
            throw new InvalidOperationException($"Browser tests need Debian's chromium at {Chromium} (apt-get install chromium; .ci/run installs it).");
        factory.UseKestrel(0);
        factory.StartServer();
        BaseUrl = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Single(a => a.StartsWith("http://127.0.0.1:", StringComparison.Ordinal) || a.StartsWith("http://localhost:", StringComparison.Ordinal))
            .Replace("localhost", "127.0.0.1");
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A phone: 390 x 844 CSS pixels, touch, Spanish.</summary>
    public async Task<IPage> PhoneAsync()
    {
        var context = await Browser.NewContextAsync(new()
        {
            ViewportSize = new() { Width = 390, Height = 844 }, DeviceScaleFactor = 1, IsMobile = true, HasTouch = true, Locale = "es-CO",
        });
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        playwright?.Dispose();
        await factory.DisposeAsync();
    }
}

public sealed class BrowserTests(LiveServer server) : IClassFixture<LiveServer>
{
    static readonly AxeRunOptions WcagAA = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    };

    [Theory]
    [InlineData("normal", "/o/CO1.PCCNTR.5361557", 200, "Faltan 199 días")]
    [InlineData("vencida-con-alertas", "/o/CO1.PCCNTR.4120988", 200, "Vencido hace 82 días")]
    [InlineData("modificada-valor-inicial-desconocido", "/o/CO1.PCCNTR.3987001", 200, "Valor inicial no disponible")]
    [InlineData("desconocida", "/o/CO1.PCCNTR.0000000", 404, "No encontramos esta obra")]
    public async Task Phone_sees_the_page_and_axe_finds_no_WCAG_21_AA_violations(string state, string path, int status, string text)
    {
        var page = await server.PhoneAsync();
        var requests = new List<string>();
        page.Request += (_, r) => requests.Add(r.Url);

        var response = await page.GotoAsync(server.BaseUrl + path, new() { WaitUntil = WaitUntilState.NetworkIdle });

        Assert.Equal(status, response!.Status);
        Assert.Equal([server.BaseUrl + path], requests); // one request: inline CSS, no scripts, images or icon
        if (status == 200) Assert.Equal("br", await response.HeaderValueAsync("content-encoding")); // Chromium asks for br
        Assert.Contains(text, await page.InnerTextAsync("main"));
        await Screenshots.TakeAsync(page, state);
        var axe = await page.RunAxe(WcagAA);
        Assert.Contains(axe.Passes, rule => rule.Id == "color-contrast"); // axe really ran the AA rules
        Assert.True(axe.Violations.Length == 0, string.Join("\n", axe.Violations.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Report_sent_through_the_form_shows_its_receipt()
    {
        var page = await server.PhoneAsync();
        await page.GotoAsync(server.BaseUrl + "/o/CO1.PCCNTR.4120988");

        await page.SelectOptionAsync("#category", "obra_paralizada");
        await page.FillAsync("#description", "La obra está detenida desde agosto y no hay trabajadores.");
        await page.FillAsync("#place", "Canal Calicanto, frente al parque de Olaya");
        await page.ClickAsync("button[type=submit]");

        await page.WaitForSelectorAsync("#tracking-code");
        Assert.EndsWith("/o/CO1.PCCNTR.4120988/reportes", page.Url);
        Assert.Contains("Recibimos su reporte", await page.InnerTextAsync("h1"));
        Assert.Matches(new Regex("^[A-Z0-9]{4}(-[A-Z0-9]{4})+$"), (await page.InnerTextAsync("#tracking-code")).Trim());
        await Screenshots.TakeAsync(page, "recibo");
        var axe = await page.RunAxe(WcagAA);
        Assert.NotEmpty(axe.Passes);
        Assert.Empty(axe.Violations);
        await page.Context.CloseAsync();
    }
}

/// <summary>Full-page phone screenshots: always into the test output; into docs/screenshots with OBRASQR_SCREENSHOTS=docs.</summary>
static class Screenshots
{
    public static async Task TakeAsync(IPage page, string name)
    {
        var png = await page.ScreenshotAsync(new() { FullPage = true });
        Assert.True(png.Length > 10_000, "The screenshot should show a rendered page.");
        var folder = Environment.GetEnvironmentVariable("OBRASQR_SCREENSHOTS") == "docs"
            ? Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "docs", "screenshots")
            : Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        await File.WriteAllBytesAsync(Path.Combine(folder, $"{name}.png"), png);
    }
}
