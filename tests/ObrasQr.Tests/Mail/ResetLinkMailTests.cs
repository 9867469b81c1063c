using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using ObrasQr.Auth;
using ObrasQr.Mail;
using ObrasQr.Staff;
using ObrasQr.Tests.Staff;

namespace ObrasQr.Tests.Mail;

/// <summary>
/// An admin's reset by e-mail end to end, on both stores: the admin's page, the outbox, a real SMTP server
/// (<see cref="MailDev"/>), the link's page and sign-in with the password chosen there. The clock is pinned.
/// </summary>
public sealed partial class ResetLinkMailTests
{
    const string NewPassword = "otra clave larga y buena", Beto = "beto@alcaldia.gov.co";
    const string NotValid = "El enlace no es válido o ya venció; pida otro al administrador.";

    static ManualClock Clock() => new(new DateTimeOffset(2026, 11, 3, 14, 0, 0, TimeSpan.Zero));

    static async Task<(ObrasQrFactory Factory, DeskSession Admin, StaffMember Beto)> DeskAsync(StoreKind store, MailDev mail, ManualClock clock)
    {
        var factory = mail.Configure(new ObrasQrFactory(store) { Clock = clock });
        await DeskSession.AccountAsync(factory, "admin@alcaldia.gov.co", Roles.Admin, name: "Admin Uno");
        var beto = await DeskSession.AccountAsync(factory, Beto, Roles.Auditor, name: "Beto Gómez");
        var admin = new DeskSession(factory);
        await admin.SignInAsync("admin@alcaldia.gov.co");
        return (factory, admin, beto);
    }

    static async Task<HttpResponseMessage> ResetAsync(DeskSession admin, StaffMember member, string? how = null)
    {
        var fields = new Dictionary<string, string> { ["csrf"] = await admin.DeskCsrfAsync() };
        if (how is not null) fields["como"] = how;
        return await admin.PostAsync($"/escritorio/personal/{member.Id}/restablecer", fields);
    }

    static Task SendAsync(ObrasQrFactory factory) => factory.Service<MailSender>().RunAsync(CancellationToken.None);

    /// <summary>The link in the mail, as a path on the test server.</summary>
    static string LinkIn(ReceivedMail mail) =>
        LinkPattern().Match(mail.Text) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("No link in the mail: " + mail.Text);

    /// <summary>Opens the link in a browser that is not signed in and posts its form.</summary>
    static async Task<(HttpResponseMessage Form, HttpResponseMessage? Posted)> ChooseAsync(ObrasQrFactory factory, string link, string password = NewPassword)
    {
        var browser = new DeskSession(factory);
        var form = await browser.Client.GetAsync(link);
        if (form.StatusCode != HttpStatusCode.OK) return (form, null);
        var html = await form.Content.ReadAsStringAsync();
        var token = TokenField().Match(html).Groups[1].Value;
        return (form, await browser.PostAsync(PasswordReset.LinkPath,
            new() { ["csrf"] = DeskSession.Csrf(html), ["clave"] = token, ["password"] = password, ["repeat"] = password }));
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task An_admins_reset_mails_a_link_whose_form_sets_the_password_once_and_the_outbox_never_holds_it_in_clear(StoreKind store)
    {
        using var mail = new MailDev();
        var (factory, admin, beto) = await DeskAsync(store, mail, Clock());
        using var owned = factory;

        var reset = await ResetAsync(admin, beto);
        var queued = Assert.Single(await factory.Service<IMailOutbox>().DueAsync(Clock().GetUtcNow(), 10));
        await SendAsync(factory);

        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.Contains($"Enviamos un enlace a <strong>{Beto}</strong>", await reset.Content.ReadAsStringAsync());
        var letter = Assert.Single(await mail.ReceivedByAsync(Beto));
        Assert.Single(await mail.ReceivedAsync());
        Assert.Contains("Admin Uno", letter.Text);
        Assert.Contains("una hora", letter.Text);
        Assert.Contains("Si no lo pidió, ignore este mensaje.", letter.Text);
        var link = LinkIn(letter);
        var token = link[(link.IndexOf('=') + 1)..];
        Assert.Equal(43, token.Length); // 32 random bytes, base64url
        Assert.DoesNotContain(token, JsonSerializer.Serialize(queued));
        var stored = (await factory.Service<IStaffStore>().FindAsync(beto.Id))!;
        Assert.DoesNotContain(token, JsonSerializer.Serialize(stored));
        Assert.Contains(await factory.Service<IStaffStore>().ChangesAsync(10), c => c.By == "Admin Uno" && c.What.Contains("enlace", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.SeeOther, (await new DeskSession(factory).SignInAsync(Beto)).StatusCode); // the old password still works meanwhile

        var (form, posted) = await ChooseAsync(factory, link);

        Assert.Equal("no-referrer", form.Headers.GetValues("Referrer-Policy").Single());
        Assert.True(form.Headers.CacheControl?.NoStore);
        Assert.Equal(HttpStatusCode.OK, posted!.StatusCode);
        Assert.Contains("Su contraseña cambió.", await posted.Content.ReadAsStringAsync());
        Assert.Contains(await factory.Service<IStaffStore>().ChangesAsync(10), c => c.By == "Beto Gómez" && c.What == "Eligió su contraseña nueva con el enlace que recibió por correo.");
        Assert.Equal(HttpStatusCode.OK, (await new DeskSession(factory).SignInAsync(Beto)).StatusCode); // the old one: refused
        var person = new DeskSession(factory);
        Assert.Equal(HttpStatusCode.SeeOther, (await person.SignInAsync(Beto, NewPassword)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await person.Client.GetAsync("/escritorio/reportes")).StatusCode);

        var (again, _) = await ChooseAsync(factory, link, "una tercera clave larga");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Contains(NotValid, await again.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.SeeOther, (await new DeskSession(factory).SignInAsync(Beto, NewPassword)).StatusCode);
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task A_link_is_refused_after_one_hour_and_an_unknown_one_gets_the_same_page(StoreKind store)
    {
        using var mail = new MailDev();
        var clock = Clock();
        var (factory, admin, beto) = await DeskAsync(store, mail, clock);
        using var owned = factory;
        await ResetAsync(admin, beto);
        await SendAsync(factory);
        var link = LinkIn(Assert.Single(await mail.ReceivedByAsync(Beto)));
        var browser = new DeskSession(factory);
        var html = await browser.Client.GetStringAsync(link); // within the hour it opens

        clock.Now = Clock().GetUtcNow() + PasswordReset.LinkLife;
        var late = await browser.Client.GetAsync(link);
        var latePost = await browser.PostAsync(PasswordReset.LinkPath, new()
        {
            ["csrf"] = DeskSession.Csrf(html), ["clave"] = TokenField().Match(html).Groups[1].Value, ["password"] = NewPassword, ["repeat"] = NewPassword,
        });
        var unknown = await browser.Client.GetAsync(PasswordReset.LinkPath + "?clave=" + new string('A', 43));

        foreach (var answer in new[] { late, latePost, unknown })
        {
            Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
            Assert.Contains(NotValid, await answer.Content.ReadAsStringAsync());
        }
        Assert.Equal(HttpStatusCode.OK, (await new DeskSession(factory).SignInAsync(Beto, NewPassword)).StatusCode); // not set
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task With_mail_the_admin_may_still_give_a_one_time_password_and_no_mail_goes_out(StoreKind store)
    {
        using var mail = new MailDev();
        var (factory, admin, beto) = await DeskAsync(store, mail, Clock());
        using var owned = factory;

        var reset = await ResetAsync(admin, beto, "clave");
        await SendAsync(factory);

        var page = await reset.Content.ReadAsStringAsync();
        Assert.Contains("Contraseña restablecida", page);
        var oneTime = Regex.Match(page, "<code id=\"temporal\">([^<]+)</code>").Groups[1].Value;
        Assert.Equal(HttpStatusCode.SeeOther, (await new DeskSession(factory).SignInAsync(Beto, WebUtility.HtmlDecode(oneTime))).StatusCode);
        Assert.Empty(await mail.ReceivedAsync());
    }

    [GeneratedRegex(@"https://obras\.cartagena\.gov\.co(/escritorio/restablecer\?clave=[A-Za-z0-9_-]+)")]
    private static partial Regex LinkPattern();

    [GeneratedRegex("name=\"clave\" value=\"([^\"]*)\"")]
    private static partial Regex TokenField();
}
