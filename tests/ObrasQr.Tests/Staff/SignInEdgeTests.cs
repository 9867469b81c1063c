using System.Net;
using ObrasQr.Auth;

namespace ObrasQr.Tests.Staff;

/// <summary>Odd "volver" values, and the session cookie behind a TLS proxy.</summary>
public sealed class SignInEdgeTests
{
    const string Email = "ana@alcaldia.gov.co";

    public static TheoryData<string> OddBacks => new()
    {
        "/escritorio/obras?buscar=Cañaveral", "/escritorio/é𝄞", "//evil.example/x", "\\\\evil.example", "/\\evil.example", "javascript:alert(1)",
        "/%2F%2Fevil.example", "/%5Cevil.example", "/%2", "/" + new string('a', 5000), "/%00x",
    };

    [Fact]
    public async Task A_volver_with_a_nul_character_gets_no_500_and_never_leaves_the_site()
    {
        using var factory = new ObrasQrFactory();
        await DeskSession.AccountAsync(factory, Email, Roles.Admin);
        var desk = new DeskSession(factory);

        var form = await desk.Client.GetAsync("/escritorio/entrar?volver=" + Uri.EscapeDataString("/escritorio\0x"));
        var csrf = DeskSession.Csrf(await form.Content.ReadAsStringAsync());
        var signIn = await desk.PostAsync("/escritorio/entrar", new() { ["email"] = Email, ["password"] = DeskSession.Password, ["csrf"] = csrf, ["volver"] = "/escritorio\0x" });

        Assert.True((int)form.StatusCode < 500 && (int)signIn.StatusCode < 500, $"{form.StatusCode} {signIn.StatusCode}");
        if (signIn.StatusCode == HttpStatusCode.SeeOther) Assert.Equal("/escritorio", signIn.Headers.Location!.OriginalString);
    }

    [Theory, MemberData(nameof(OddBacks))]
    public async Task An_odd_volver_never_gives_a_500_nor_leaves_the_site(string back)
    {
        using var factory = new ObrasQrFactory();
        await DeskSession.AccountAsync(factory, Email, Roles.Admin);
        var desk = new DeskSession(factory);

        var form = await desk.Client.GetAsync("/escritorio/entrar?volver=" + Uri.EscapeDataString(back));
        var csrf = DeskSession.Csrf(await form.Content.ReadAsStringAsync());
        var signIn = await desk.PostAsync("/escritorio/entrar", new() { ["email"] = Email, ["password"] = DeskSession.Password, ["csrf"] = csrf, ["volver"] = back });

        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, signIn.StatusCode);
        var location = signIn.Headers.Location!.OriginalString;
        Assert.StartsWith("/", location);
        Assert.False(location.Length > 1 && location[1] is '/' or '\\', location);
        Assert.DoesNotContain("%2F%2F", location, StringComparison.OrdinalIgnoreCase);
        Assert.True(location.All(c => c is > ' ' and < '\u007f'), location);
    }

    [Fact]
    public async Task A_non_ascii_volver_comes_back_percent_encoded()
    {
        using var factory = new ObrasQrFactory();
        await DeskSession.AccountAsync(factory, Email, Roles.Admin);

        var signIn = await new DeskSession(factory).SignInAsync(Email, back: "/escritorio/obras?buscar=Cañaveral");

        Assert.Equal("/escritorio/obras?buscar=Ca%C3%B1averal", signIn.Headers.Location!.OriginalString);
    }

    [Theory, InlineData("10.0.0.5", "__Host-obrasqr-sesion", true), InlineData("203.0.113.9", "obrasqr-sesion", false)]
    public async Task Behind_a_trusted_tls_proxy_the_session_cookie_is_host_prefixed_and_secure(string peer, string name, bool secure)
    {
        using var factory = new ObrasQrFactory { PeerFromHeader = true };
        factory.Settings["ObrasQr:Reports:TrustedProxies:0"] = "10.0.0.5";
        await DeskSession.AccountAsync(factory, Email, Roles.Admin);
        var client = factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add("X-Test-Peer", peer);
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");

        var form = await client.GetAsync("/escritorio/entrar");
        var formCookie = form.Headers.GetValues("Set-Cookie").Single();
        var post = new HttpRequestMessage(HttpMethod.Post, "/escritorio/entrar")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
                { ["email"] = Email, ["password"] = DeskSession.Password, ["csrf"] = DeskSession.Csrf(await form.Content.ReadAsStringAsync()) }),
        };
        post.Headers.Add("Cookie", formCookie[..formCookie.IndexOf(';')]);
        var signIn = await client.SendAsync(post);

        Assert.Equal(HttpStatusCode.SeeOther, signIn.StatusCode);
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(name + "=", StringComparison.Ordinal)).ToLowerInvariant();
        Assert.Equal(secure, cookie.Contains("; secure"));
        Assert.Contains("path=/", cookie);
        Assert.DoesNotContain("domain", cookie);
    }
}

/// <summary>A scoped admin sees only their entity's accounts, and cannot tell in which entity an e-mail has one.</summary>
public sealed class ScopedAdminAccountsTests
{
    [Fact]
    public async Task A_scoped_admin_cannot_tell_an_email_of_another_entity_from_one_of_their_own()
    {
        using var factory = new ObrasQrFactory();
        await DeskSession.AccountAsync(factory, "admin@cartagena.gov.co", Roles.Admin, "890480184");
        await DeskSession.AccountAsync(factory, "clara@cartagena.gov.co", Roles.Auditor, "890480184");
        await DeskSession.AccountAsync(factory, "luis@manizales.gov.co", Roles.Auditor, "890801053");
        var desk = new DeskSession(factory);
        await desk.SignInAsync("admin@cartagena.gov.co");
        var csrf = await desk.DeskCsrfAsync();

        var list = await desk.Client.GetStringAsync("/escritorio/personal");
        async Task<string> AddAsync(string email) => await (await desk.PostAsync("/escritorio/personal",
            new() { ["name"] = "Otra Persona", ["email"] = email, ["role"] = "auditor", ["csrf"] = csrf })).Content.ReadAsStringAsync();
        var other = await AddAsync("luis@manizales.gov.co");
        var own = await AddAsync("clara@cartagena.gov.co");

        Assert.DoesNotContain("luis@manizales.gov.co", list);
        Assert.Contains("clara@cartagena.gov.co", list);
        Assert.Contains("ese correo no se puede usar para una cuenta nueva", other);
        Assert.DoesNotContain("Ya hay una cuenta", other);
        Assert.Contains("ese correo no se puede usar para una cuenta nueva", own);
    }
}
