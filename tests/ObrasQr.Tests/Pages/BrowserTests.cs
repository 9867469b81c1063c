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
public class LiveServer(StoreKind store) : IAsyncLifetime
{
    public sealed class OnSqlite() : LiveServer(StoreKind.Sqlite);
    public sealed class OnAzure() : LiveServer(StoreKind.Azure);

    public const string Chromium = "/usr/bin/chromium";

    readonly ObrasQrFactory factory = new(store) { Clock = ManualClock.AtNoonInColombia(2026, 11, 21) };
    IPlaywright? playwright;

    public string BaseUrl { get; private set; } = "";
    public IServiceProvider Services => factory.Services;
    /// <summary>The server's settings, for a fixture that sets some before it starts.</summary>
    protected Dictionary<string, string?> Settings => factory.Settings;
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
    /// <summary>A phone; with <paramref name="apiKey"/>, every request carries it, as a desk session's cookie would.</summary>
    public async Task<IPage> PhoneAsync(string? apiKey = null)
    {
        var context = await Browser.NewContextAsync(new()
        {
            ViewportSize = new() { Width = 390, Height = 844 }, DeviceScaleFactor = 1, IsMobile = true, HasTouch = true, Locale = "es-CO",
            ExtraHTTPHeaders = apiKey is null ? null : new Dictionary<string, string> { ["Authorization"] = $"Bearer {apiKey}" },
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

public abstract class BrowserTests(LiveServer server)
{
    public sealed class OnSqlite(LiveServer.OnSqlite store) : BrowserTests(store), IClassFixture<LiveServer.OnSqlite>;
    public sealed class OnAzure(LiveServer.OnAzure store) : BrowserTests(store), IClassFixture<LiveServer.OnAzure>;

    [Theory]
    [InlineData("normal", "/o/CO1.PCCNTR.5361557", 200, "Faltan 199 días")]
    [InlineData("vencida-con-alertas", "/o/CO1.PCCNTR.4120988", 200, "Vencido hace 82 días")]
    [InlineData("modificada-valor-inicial-desconocido", "/o/CO1.PCCNTR.4876512", 200, "Valor inicial no disponible")]
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
        var axe = await page.RunAxe(Accessibility.WcagAA);
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
        var axe = await page.RunAxe(Accessibility.WcagAA);
        Assert.NotEmpty(axe.Passes);
        Assert.Empty(axe.Violations);
        await page.Context.CloseAsync();
    }
}

public abstract class CitizenBrowserTests(LiveServer server)
{
    public sealed class OnSqlite(LiveServer.OnSqlite store) : CitizenBrowserTests(store), IClassFixture<LiveServer.OnSqlite>;
    public sealed class OnAzure(LiveServer.OnAzure store) : CitizenBrowserTests(store), IClassFixture<LiveServer.OnAzure>;

    const string Work = "/o/CO1.PCCNTR.4120988";

    static FilePayload Photo(string name) => new() { Name = name, MimeType = "image/jpeg", Buffer = ObrasQr.Tests.Reports.PhotoCleanerTests.Photo("gps.jpg") };

    [Fact]
    public async Task Refused_submission_returns_the_form_filled_in_with_the_received_photos_listed()
    {
        var page = await server.PhoneAsync();
        await page.GotoAsync(server.BaseUrl + Work);
        await page.SetInputFilesAsync("#photos", Enumerable.Range(1, 6).Select(n => Photo($"foto{n}.jpg")));
        Assert.Contains("hasta 5 fotos", await page.InnerTextAsync("#photos-check")); // the page's script, before upload

        await page.SelectOptionAsync("#category", "obra_paralizada");
        await page.FillAsync("#description", "La obra está detenida desde agosto y no hay trabajadores.");
        await page.SetInputFilesAsync("#photos", new[] { Photo("canal.jpg"), Photo("maquinas.jpg") });
        await page.CheckAsync("#anon-no");
        await page.FillAsync("#name", "Ana Pérez");
        await page.FillAsync("#email", "ana@example.com");
        await page.ClickAsync("button[type=submit]"); // without the authorisation: refused

        await page.WaitForSelectorAsync("#form-error");
        Assert.Contains("2 fotos ya recibidas", await page.InnerTextAsync("#held"));
        Assert.Equal("La obra está detenida desde agosto y no hay trabajadores.", await page.InputValueAsync("#description"));
        Assert.Equal("Ana Pérez", await page.InputValueAsync("#name"));
        Assert.Equal("obra_paralizada", await page.InputValueAsync("#category"));
        Assert.True(await page.IsVisibleAsync("#consent-error"));
        Assert.Equal("true", await page.GetAttributeAsync("#consent", "aria-invalid"));
        await Screenshots.TakeAsync(page, "formulario-rechazado");
        await Accessibility.AssertNoViolationsAsync(page);

        await page.CheckAsync("#consent");
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync("#tracking-code");
        Assert.Contains("2 fotos, sin datos de ubicación", await page.InnerTextAsync("main"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Contact_typed_then_switched_to_anonymous_is_hidden_and_the_receipt_says_it_was_not_kept()
    {
        var page = await server.PhoneAsync();
        await page.GotoAsync(server.BaseUrl + Work);
        Assert.False(await page.IsVisibleAsync("#datos")); // anonymous by default: no contact fields to fill by mistake
        await page.CheckAsync("#anon-no");
        Assert.True(await page.IsVisibleAsync("#datos"));
        await page.FillAsync("#name", "Ana Pérez");
        await page.FillAsync("#phone", "3105550000");
        await page.CheckAsync("#anon-si");
        Assert.False(await page.IsVisibleAsync("#datos"));

        await page.SelectOptionAsync("#category", "otro");
        await page.FillAsync("#description", "Los camiones cargan material de noche sin permiso.");
        await page.FillAsync("#place", "Portería del canal");
        await page.ClickAsync("button[type=submit]");

        await page.WaitForSelectorAsync("#tracking-code");
        Assert.Contains("No guardamos los datos de contacto que escribió", await page.InnerTextAsync("#contacto-no-guardado"));
        var code = (await page.InnerTextAsync("#tracking-code")).Trim();
        Assert.Matches(new Regex("^[A-Z0-9]{4}(-[A-Z0-9]{4}){4}$"), code);
        var box = await page.Locator("#tracking-code").BoundingBoxAsync();
        Assert.True(box!.Width <= 390, "The code stays within the phone's width.");
        await Screenshots.TakeAsync(page, "recibo-anonimo-con-datos");
        await Accessibility.AssertNoViolationsAsync(page);

        await page.GotoAsync(server.BaseUrl + "/seguimiento");
        await page.FillAsync("#code", code);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForSelectorAsync("#obra");
        Assert.Contains("Rehabilitación y revestimiento en concreto del canal pluvial Calicanto", await page.InnerTextAsync("#obra a"));
        Assert.Equal(Work, await page.GetAttributeAsync("#obra a", "href"));
        await Screenshots.TakeAsync(page, "seguimiento");
        await Accessibility.AssertNoViolationsAsync(page);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_pages_script_shrinks_a_big_photo_on_the_phone_before_upload()
    {
        var big = NoisyJpeg(3000, 2000); // camera-sized and hard to compress: several megabytes
        var page = await server.PhoneAsync();
        await page.GotoAsync(server.BaseUrl + Work);

        await page.SetInputFilesAsync("#photos", new FilePayload { Name = "camara.jpg", MimeType = "image/jpeg", Buffer = big });
        // A locator, not a JavaScript predicate: the page's CSP (rightly) forbids evaluating strings.
        await page.ExpectTextAsync("#photos-check", "lista");
        var sent = await page.EvaluateAsync<int[]>("() => { const f = document.getElementById('photos').files[0]; return [f.size, f.type === 'image/jpeg' ? 1 : 0]; }");

        Assert.True(big.Length > 2_000_000, $"{big.Length} bytes");
        Assert.True(sent[0] < big.Length / 2, $"{sent[0]} of {big.Length} bytes");
        Assert.Equal(1, sent[1]);
        await page.Context.CloseAsync();
    }

    static byte[] NoisyJpeg(int width, int height)
    {
        var random = new Random(17);
        using var bitmap = new SkiaSharp.SKBitmap(width, height);
        var pixels = new byte[width * height * 4];
        random.NextBytes(pixels);
        for (var i = 3; i < pixels.Length; i += 4) pixels[i] = 255;
        System.Runtime.InteropServices.Marshal.Copy(pixels, 0, bitmap.GetPixels(), pixels.Length);
        using var image = SkiaSharp.SKImage.FromBitmap(bitmap);
        return image.Encode(SkiaSharp.SKEncodedImageFormat.Jpeg, 95).ToArray();
    }

    [Theory]
    [InlineData("/privacidad", "privacidad", "Quién es responsable de sus datos")]
    [InlineData("/seguimiento", "seguimiento-vacio", "Código de seguimiento")]
    [InlineData("/datos", "datos-abiertos", "Política de publicación")]
    public async Task Page_has_no_WCAG_21_AA_violations(string path, string name, string text)
    {
        var page = await server.PhoneAsync();
        var response = await page.GotoAsync(server.BaseUrl + path);

        Assert.Equal("br", await response!.HeaderValueAsync("content-encoding"));
        Assert.Contains(text, await page.InnerTextAsync("main"));
        await Screenshots.TakeAsync(page, name);
        await Accessibility.AssertNoViolationsAsync(page);
        await page.Context.CloseAsync();
    }
}

/// <summary>Full-page phone screenshots: always into the test output; into docs/screenshots with OBRASQR_SCREENSHOTS=docs.</summary>
static class Navigation
{
    /// <summary>Waits until <paramref name="selector"/> shows <paramref name="text"/>. After a click that navigates, the
    /// old page's element is still there for a moment: reading it at once races the navigation (a flake under load).</summary>
    public static Task ExpectTextAsync(this IPage page, string selector, string text) =>
        Assertions.Expect(page.Locator(selector)).ToContainTextAsync(text, new() { Timeout = 30_000 });

    /// <summary>Waits until the page is at <paramref name="url"/>; if it never gets there, the failure says where the page
    /// stayed and what it showed (a refused sign-in, an error page), which a bare timeout does not.</summary>
    public static async Task ExpectUrlAsync(this IPage page, string url)
    {
        try { await page.WaitForURLAsync(url); }
        catch (TimeoutException e)
        {
            var shown = await page.Locator("h1, [role=alert]").AllInnerTextsAsync();
            throw new TimeoutException($"The page should have reached {url} but stayed at {page.Url}, showing: {string.Join(" | ", shown)}", e);
        }
    }
}

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
