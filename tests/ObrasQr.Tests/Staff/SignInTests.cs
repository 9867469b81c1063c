using System.Net;
using ObrasQr.Auth;
using ObrasQr.Staff;

namespace ObrasQr.Tests.Staff;

/// <summary>Signing in to the desk and out again, on both stores: sessions, their expiry, lockout, the per-address
/// limit and the anti-forgery tokens.</summary>
public sealed class SignInTests
{
    static readonly DateTimeOffset Start = new(2026, 11, 3, 14, 0, 0, TimeSpan.Zero);

    static string Location(HttpResponseMessage r) => r.Headers.Location?.OriginalString ?? "";

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task The_right_password_opens_the_desk_and_signing_out_closes_it(StoreKind store)
    {
        using var factory = new ObrasQrFactory(store);
        await DeskSession.AccountAsync(factory, "ana@alcaldia.gov.co", Roles.Admin);
        var desk = new DeskSession(factory);

        var signIn = await desk.SignInAsync("ANA@alcaldia.gov.co");
        Assert.Equal(HttpStatusCode.SeeOther, signIn.StatusCode);
        Assert.Equal("/escritorio", Location(signIn));
        var home = await desk.Client.GetAsync("/escritorio");
        Assert.Equal("/escritorio/personal", Location(home));
        var csrf = await desk.DeskCsrfAsync();

        var signOut = await desk.PostAsync("/escritorio/salir", new() { ["csrf"] = csrf });

        Assert.Equal(HttpStatusCode.SeeOther, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, (await desk.Client.GetAsync("/escritorio/personal")).StatusCode);
    }

    [Fact]
    public async Task An_anonymous_visitor_is_sent_to_sign_in_and_brought_back_after()
    {
        using var factory = new ObrasQrFactory();
        await DeskSession.AccountAsync(factory, "ana@alcaldia.gov.co", Roles.Admin);
        var desk = new DeskSession(factory);

        var asked = await desk.Client.GetAsync("/escritorio/personal?x=1");
        Assert.Equal(HttpStatusCode.SeeOther, asked.StatusCode);
        Assert.Equal("/escritorio/entrar?volver=%2Fescritorio%2Fpersonal%3Fx%3D1", Location(asked));

        var signIn = await desk.SignInAsync("ana@alcaldia.gov.co", back: "/escritorio/personal?x=1");
        Assert.Equal("/escritorio/personal?x=1", Location(signIn));
    }

    [Theory, InlineData("//evil.example/x"), InlineData("/\\evil.example"), InlineData("https://evil.example/"), InlineData("escritorio")]
    public async Task Volver_never_sends_anyone_to_another_site(string back)
    {
        using var factory = new ObrasQrFactory();
        await DeskSession.AccountAsync(factory, "ana@alcaldia.gov.co", Roles.Admin);

        var signIn = await new DeskSession(factory).SignInAsync("ana@alcaldia.gov.co", back: back);

        Assert.Equal("/escritorio", Location(signIn));
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_email_get_the_same_answer()
    {
        using var factory = new ObrasQrFactory();
        await DeskSession.AccountAsync(factory, "ana@alcaldia.gov.co", Roles.Admin);

        var wrong = await new DeskSession(factory).SignInAsync("ana@alcaldia.gov.co", "otra clave equivocada");
        var unknown = await new DeskSession(factory).SignInAsync("ana@alcaldia.gov.cx", "otra clave equivocada");

        Assert.Equal(wrong.StatusCode, unknown.StatusCode);
        var a = (await wrong.Content.ReadAsStringAsync()).Replace("ana@alcaldia.gov.co", "");
        var b = (await unknown.Content.ReadAsStringAsync()).Replace("ana@alcaldia.gov.cx", "");
        Assert.Equal(a.Replace(DeskSession.Csrf(a), ""), b.Replace(DeskSession.Csrf(b), ""));
        Assert.Contains("El correo o la contraseña no son correctos", a);
        Assert.Null(wrong.Headers.Location);
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task Five_wrong_passwords_shut_that_address_out_of_the_account_for_fifteen_minutes(StoreKind store)
    {
        var clock = new ManualClock(Start);
        using var factory = new ObrasQrFactory(store) { Clock = clock };
        await DeskSession.AccountAsync(factory, "ana@alcaldia.gov.co", Roles.Admin);
        var desk = new DeskSession(factory);
        for (var i = 0; i < SignInGate.MaxFailures; i++) await desk.SignInAsync("ana@alcaldia.gov.co", "no es la clave correcta");

        var whileLocked = await desk.SignInAsync("ana@alcaldia.gov.co");
        clock.Advance(TimeSpan.FromMinutes(14));
        var stillLocked = await desk.SignInAsync("ana@alcaldia.gov.co");
        clock.Advance(TimeSpan.FromMinutes(1));
        var after = await desk.SignInAsync("ana@alcaldia.gov.co");

        Assert.Equal(HttpStatusCode.TooManyRequests, whileLocked.StatusCode);
        Assert.Contains("Demasiados intentos fallidos desde esta conexión; intente de nuevo en 15 minutos", await whileLocked.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.TooManyRequests, stillLocked.StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, after.StatusCode);
    }

    [Fact]
    public async Task Four_wrong_passwords_then_the_right_one_start_the_count_again()
    {
        using var factory = new ObrasQrFactory();
        await DeskSession.AccountAsync(factory, "ana@alcaldia.gov.co", Roles.Admin);
        var desk = new DeskSession(factory);
        for (var i = 0; i < SignInGate.MaxFailures - 1; i++) await desk.SignInAsync("ana@alcaldia.gov.co", "no es la clave correcta");
        Assert.Equal(HttpStatusCode.SeeOther, (await desk.SignInAsync("ana@alcaldia.gov.co")).StatusCode);
        for (var i = 0; i < SignInGate.MaxFailures - 1; i++) await desk.SignInAsync("ana@alcaldia.gov.co", "no es la clave correcta");

        Assert.Equal(HttpStatusCode.SeeOther, (await desk.SignInAsync("ana@alcaldia.gov.co")).StatusCode);
    }

    [Fact]
    public async Task One_address_failing_with_many_emails_is_told_to_wait()
    {
        using var factory = new ObrasQrFactory();
        var desk = new DeskSession(factory);
        for (var i = 0; i < SignInGate.MaxFailuresPerAddress; i++)
            Assert.Equal(HttpStatusCode.OK, (await desk.SignInAsync($"persona{i}@alcaldia.gov.co", "no es la clave correcta")).StatusCode);

        var next = await desk.SignInAsync("otra@alcaldia.gov.co", "no es la clave correcta");

        Assert.Equal(HttpStatusCode.TooManyRequests, next.StatusCode);
        Assert.NotNull(next.Headers.RetryAfter);
        Assert.Contains("Demasiados intentos fallidos desde esta conexión", await next.Content.ReadAsStringAsync());
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task A_session_ends_after_thirty_idle_minutes(StoreKind store)
    {
        var clock = new ManualClock(Start);
        using var factory = new ObrasQrFactory(store) { Clock = clock };
        await DeskSession.AccountAsync(factory, "ana@alcaldia.gov.co", Roles.Admin);
        var desk = new DeskSession(factory);
        await desk.SignInAsync("ana@alcaldia.gov.co");

        clock.Advance(TimeSpan.FromMinutes(29));
        var inTime = await desk.Client.GetAsync("/escritorio/personal");
        clock.Advance(TimeSpan.FromMinutes(30));
        var idle = await desk.Client.GetAsync("/escritorio/personal");

        Assert.Equal(HttpStatusCode.OK, inTime.StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, idle.StatusCode);
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task A_session_ends_twelve_hours_after_sign_in_however_busy(StoreKind store)
    {
        var clock = new ManualClock(Start);
        using var factory = new ObrasQrFactory(store) { Clock = clock };
        await DeskSession.AccountAsync(factory, "ana@alcaldia.gov.co", Roles.Admin);
        var desk = new DeskSession(factory);
        await desk.SignInAsync("ana@alcaldia.gov.co");

        for (var minutes = 20; minutes < 12 * 60; minutes += 20)
        {
            clock.Now = Start.AddMinutes(minutes);
            Assert.Equal(HttpStatusCode.OK, (await desk.Client.GetAsync("/escritorio/personal")).StatusCode);
        }
        clock.Now = Start.AddHours(12);

        Assert.Equal(HttpStatusCode.SeeOther, (await desk.Client.GetAsync("/escritorio/personal")).StatusCode);
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task A_disabled_account_cannot_sign_in_and_its_open_session_stops_at_once(StoreKind store)
    {
        using var factory = new ObrasQrFactory(store);
        var ana = await DeskSession.AccountAsync(factory, "ana@alcaldia.gov.co", Roles.Admin);
        var desk = new DeskSession(factory);
        await desk.SignInAsync("ana@alcaldia.gov.co");

        await factory.Service<StaffAccounts>().ChangeAsync(ana, ana.Role, ana.EntityNit, disabled: true, "prueba");

        Assert.Equal(HttpStatusCode.SeeOther, (await desk.Client.GetAsync("/escritorio/personal")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await new DeskSession(factory).SignInAsync("ana@alcaldia.gov.co")).StatusCode);
    }

    [Fact]
    public async Task A_signed_in_post_without_the_sessions_token_is_refused_in_spanish()
    {
        using var factory = new ObrasQrFactory();
        await DeskSession.AccountAsync(factory, "ana@alcaldia.gov.co", Roles.Admin);
        var desk = new DeskSession(factory);
        await desk.SignInAsync("ana@alcaldia.gov.co");

        var none = await desk.PostAsync("/escritorio/salir", new());
        var wrong = await desk.PostAsync("/escritorio/personal", new() { ["csrf"] = "otra", ["name"] = "Beto", ["email"] = "beto@x.co", ["role"] = "auditor" });
        var header = new HttpRequestMessage(HttpMethod.Post, "/escritorio/salir") { Headers = { { "X-CSRF-Token", await desk.DeskCsrfAsync() } } };

        Assert.Equal(HttpStatusCode.Forbidden, none.StatusCode);
        Assert.Contains("no trae la clave del formulario", await none.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.Null(await factory.Service<IStaffStore>().FindByEmailAsync("beto@x.co"));
        Assert.Equal(HttpStatusCode.OK, (await desk.Client.GetAsync("/escritorio/personal")).StatusCode); // still signed in
        Assert.Equal(HttpStatusCode.SeeOther, (await desk.Client.SendAsync(header)).StatusCode);
    }

    [Fact]
    public async Task A_bearer_key_needs_no_form_token()
    {
        using var factory = new ObrasQrFactory();

        var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new("Bearer", ObrasQrFactory.OfficeKey);

        var response = await client.PostAsync("/escritorio/salir", null);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
    }

    [Fact]
    public async Task The_sign_in_form_refuses_a_post_without_its_own_cookie()
    {
        using var factory = new ObrasQrFactory();
        await DeskSession.AccountAsync(factory, "ana@alcaldia.gov.co", Roles.Admin);
        var form = await new DeskSession(factory).Client.GetStringAsync("/escritorio/entrar");
        var crossSite = new DeskSession(factory); // another browser: has the page's token, not its cookie

        var response = await crossSite.PostAsync("/escritorio/entrar", new()
            { ["email"] = "ana@alcaldia.gov.co", ["password"] = DeskSession.Password, ["csrf"] = DeskSession.Csrf(form) });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("El formulario venció", await response.Content.ReadAsStringAsync());
        Assert.DoesNotContain(response.Headers, h => h.Key == "Set-Cookie" && h.Value.Any(v => v.StartsWith("obrasqr-sesion=", StringComparison.Ordinal)));
    }

    [Theory, InlineData("http://localhost", "obrasqr-sesion", false), InlineData("https://localhost", "__Host-obrasqr-sesion", true)]
    public async Task The_session_cookie_is_http_only_strict_and_secure_over_https(string site, string name, bool secure)
    {
        using var factory = new ObrasQrFactory();
        await DeskSession.AccountAsync(factory, "ana@alcaldia.gov.co", Roles.Admin);

        var signIn = await new DeskSession(factory, site).SignInAsync("ana@alcaldia.gov.co");

        var cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(name + "=", StringComparison.Ordinal)).ToLowerInvariant();
        Assert.Contains("httponly", cookie);
        Assert.Contains("samesite=strict", cookie);
        Assert.Contains("path=/", cookie);
        Assert.Equal(secure, cookie.Contains("secure;") || cookie.EndsWith("secure", StringComparison.Ordinal));
        Assert.DoesNotContain("expires", cookie);
    }

    [Fact]
    public async Task Only_the_hash_of_the_session_token_is_stored()
    {
        using var factory = new ObrasQrFactory();
        await DeskSession.AccountAsync(factory, "ana@alcaldia.gov.co", Roles.Admin);
        var signIn = await new DeskSession(factory).SignInAsync("ana@alcaldia.gov.co");
        var token = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("obrasqr-sesion=", StringComparison.Ordinal)).Split(';')[0]["obrasqr-sesion=".Length..];

        var store = factory.Service<IStaffStore>();

        Assert.Null(await store.FindSessionAsync(token));
        Assert.NotNull(await store.FindSessionAsync(StaffSessions.Hash(token)));
        Assert.Equal(43, token.Length); // 32 random bytes, base64url
    }

    [Fact]
    public async Task A_person_without_the_pages_role_gets_a_spanish_403_page()
    {
        using var factory = new ObrasQrFactory();
        await DeskSession.AccountAsync(factory, "beto@alcaldia.gov.co", Roles.Auditor);
        var desk = new DeskSession(factory);
        await desk.SignInAsync("beto@alcaldia.gov.co");

        var response = await desk.Client.GetAsync("/escritorio/personal");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Esta página no es para su rol", await response.Content.ReadAsStringAsync());
    }
}
