using System.Net;
using System.Text.RegularExpressions;
using ObrasQr.Auth;
using ObrasQr.Staff;
using OtpNet;

namespace ObrasQr.Tests.Staff;

/// <summary>Each person's own account on both stores: changing one's password, an admin's reset with a one-time
/// password, and the second factor (enrolment, sign-in with a code, replay, recovery codes, the rule that requires it).</summary>
public sealed partial class AccountTests
{
    const string NewPassword = "otra clave larga y buena";

    static string Location(HttpResponseMessage r) => r.Headers.Location?.OriginalString ?? "";

    static ObrasQrFactory Factory(StoreKind store, ManualClock clock) => new(store) { Clock = clock };

    static ManualClock Clock() => new(new DateTimeOffset(2026, 11, 3, 14, 0, 0, TimeSpan.Zero));

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task A_person_changes_their_own_password_and_a_wrong_current_one_is_refused_next_to_the_field(StoreKind store)
    {
        using var factory = Factory(store, Clock());
        await DeskSession.AccountAsync(factory, "ana@alcaldia.gov.co", Roles.Auditor);
        var desk = new DeskSession(factory);
        await desk.SignInAsync("ana@alcaldia.gov.co");
        var csrf = await desk.DeskCsrfAsync("/escritorio/cuenta");

        var wrong = await desk.PostAsync("/escritorio/cuenta/contrasena",
            new() { ["csrf"] = csrf, ["current"] = "no es la clave", ["password"] = NewPassword, ["repeat"] = NewPassword });
        var right = await desk.PostAsync("/escritorio/cuenta/contrasena",
            new() { ["csrf"] = csrf, ["current"] = DeskSession.Password, ["password"] = NewPassword, ["repeat"] = NewPassword });

        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Matches("id=\"current\"[^>]*aria-describedby=\"current-error\"[^>]*>\\s*<p id=\"current-error\"[^>]*>La contraseña actual no es correcta.</p>",
            await wrong.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.SeeOther, right.StatusCode);
        Assert.Equal("/escritorio/cuenta?listo=contrasena", Location(right));
        Assert.Contains("Su contraseña cambió.", await desk.Client.GetStringAsync(Location(right)));
        Assert.Contains(await factory.Service<IStaffStore>().ChangesAsync(10), c => c.What == "Cambió su contraseña.");
        Assert.Equal(HttpStatusCode.OK, (await new DeskSession(factory).SignInAsync("ana@alcaldia.gov.co")).StatusCode); // the old one: refused
        Assert.Equal(HttpStatusCode.SeeOther, (await new DeskSession(factory).SignInAsync("ana@alcaldia.gov.co", NewPassword)).StatusCode);
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task Changing_ones_password_signs_out_every_other_browser_and_this_one_goes_on(StoreKind store)
    {
        var clock = Clock();
        using var factory = Factory(store, clock);
        await DeskSession.AccountAsync(factory, "ana@alcaldia.gov.co", Roles.Auditor);
        var laptop = new DeskSession(factory);
        await laptop.SignInAsync("ana@alcaldia.gov.co");
        var phone = new DeskSession(factory); // signed in somewhere else, perhaps by whoever learnt the old password
        await phone.SignInAsync("ana@alcaldia.gov.co");
        clock.Advance(TimeSpan.FromMinutes(5));

        var changed = await laptop.PostAsync("/escritorio/cuenta/contrasena", new()
            { ["csrf"] = await laptop.DeskCsrfAsync("/escritorio/cuenta"), ["current"] = DeskSession.Password, ["password"] = NewPassword, ["repeat"] = NewPassword });

        Assert.Equal(HttpStatusCode.SeeOther, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await laptop.Client.GetAsync("/escritorio/cuenta")).StatusCode);
        var other = await phone.Client.GetAsync("/escritorio/cuenta");
        Assert.NotEqual(HttpStatusCode.OK, other.StatusCode);
        Assert.StartsWith("/escritorio/entrar", Location(other));
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task An_admins_reset_gives_a_one_time_password_that_must_be_changed_before_anything_else(StoreKind store)
    {
        using var factory = Factory(store, Clock());
        await DeskSession.AccountAsync(factory, "admin@alcaldia.gov.co", Roles.Admin, name: "Admin Uno");
        var beto = await DeskSession.AccountAsync(factory, "beto@alcaldia.gov.co", Roles.Auditor, name: "Beto Gómez");
        var admin = new DeskSession(factory);
        await admin.SignInAsync("admin@alcaldia.gov.co");

        var reset = await admin.PostAsync($"/escritorio/personal/{beto.Id}/restablecer", new() { ["csrf"] = await admin.DeskCsrfAsync() });
        var page = await reset.Content.ReadAsStringAsync();
        var oneTime = TemporaryPassword().Match(page).Groups[1].Value;
        var stored = await factory.Service<IStaffStore>().FindAsync(beto.Id);

        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.Contains("Contraseña restablecida", page);
        Assert.DoesNotContain(oneTime, stored!.PasswordHash);
        Assert.True(stored.MustChangePassword);
        Assert.DoesNotContain(oneTime, await admin.Client.GetStringAsync("/escritorio/personal")); // shown once
        Assert.Contains(await factory.Service<IStaffStore>().ChangesAsync(10), c => c.What.StartsWith("Restableció la contraseña", StringComparison.Ordinal) && c.By == "Admin Uno");

        var person = new DeskSession(factory);
        Assert.Equal(HttpStatusCode.OK, (await person.SignInAsync("beto@alcaldia.gov.co")).StatusCode); // the old password no longer works
        Assert.Equal(HttpStatusCode.SeeOther, (await person.SignInAsync("beto@alcaldia.gov.co", oneTime)).StatusCode);
        var home = await person.Client.GetAsync("/escritorio");
        var reports = await person.Client.GetAsync("/escritorio/reportes");
        Assert.Equal("/escritorio/cuenta", Location(home));
        Assert.Equal("/escritorio/cuenta", Location(reports));
        var account = await person.Client.GetStringAsync("/escritorio/cuenta");
        Assert.Contains("Elija una contraseña nueva para seguir", account);

        var chosen = await person.PostAsync("/escritorio/cuenta/contrasena",
            new() { ["csrf"] = DeskSession.Csrf(account), ["current"] = oneTime, ["password"] = NewPassword, ["repeat"] = NewPassword });

        Assert.Equal("/escritorio", Location(chosen));
        Assert.Equal(HttpStatusCode.OK, (await person.Client.GetAsync("/escritorio/reportes")).StatusCode);
        Assert.Contains(await factory.Service<IStaffStore>().ChangesAsync(10), c => c.What == "Eligió su contraseña nueva tras el restablecimiento.");
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task A_scoped_admin_cannot_reset_an_account_of_another_entity(StoreKind store)
    {
        using var factory = Factory(store, Clock());
        await DeskSession.AccountAsync(factory, "admin@cartagena.gov.co", Roles.Admin, "890480184");
        var other = await DeskSession.AccountAsync(factory, "clara@manizales.gov.co", Roles.Auditor, "890801053");
        var admin = new DeskSession(factory);
        await admin.SignInAsync("admin@cartagena.gov.co");

        var reset = await admin.PostAsync($"/escritorio/personal/{other.Id}/restablecer", new() { ["csrf"] = await admin.DeskCsrfAsync() });

        Assert.Equal(HttpStatusCode.NotFound, reset.StatusCode);
        Assert.Equal(other, await factory.Service<IStaffStore>().FindAsync(other.Id));
        Assert.Equal(HttpStatusCode.SeeOther, (await new DeskSession(factory).SignInAsync("clara@manizales.gov.co")).StatusCode);
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task With_a_second_factor_sign_in_needs_the_code_once_and_each_recovery_code_works_once(StoreKind store)
    {
        var clock = Clock();
        using var factory = Factory(store, clock);
        await DeskSession.AccountAsync(factory, "ana@alcaldia.gov.co", Roles.Auditor);
        var desk = new DeskSession(factory);
        await desk.SignInAsync("ana@alcaldia.gov.co");
        var (secret, recovery) = await EnrolAsync(desk, clock);
        var stored = await factory.Service<IStaffStore>().FindAsync((await factory.Service<IStaffStore>().FindByEmailAsync("ana@alcaldia.gov.co"))!.Id);
        Assert.DoesNotContain(secret, stored!.TotpSecret);
        Assert.DoesNotContain(recovery[0], string.Join(" ", stored.RecoveryCodes!));
        Assert.Equal(SecondFactor.RecoveryCodeCount, recovery.Count);
        Assert.Contains(await factory.Service<IStaffStore>().ChangesAsync(10), c => c.What.StartsWith("Activó el segundo factor", StringComparison.Ordinal));

        clock.Advance(TimeSpan.FromMinutes(1)); // the enrolment's code is used; a new step's code signs in
        var code = Code(secret, clock);
        var first = new DeskSession(factory);
        var password = await first.SignInAsync("ana@alcaldia.gov.co");
        Assert.Equal(HttpStatusCode.OK, password.StatusCode);
        Assert.Contains("segundo factor", await password.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.SeeOther, (await first.Client.GetAsync("/escritorio/reportes")).StatusCode); // no session yet
        Assert.Equal(HttpStatusCode.SeeOther, (await first.CodeAsync(password, code)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await first.Client.GetAsync("/escritorio/reportes")).StatusCode);

        var replay = new DeskSession(factory);
        var replayed = await replay.CodeAsync(await replay.SignInAsync("ana@alcaldia.gov.co"), code);
        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        Assert.Contains("El código no es correcto o ya se usó", await replayed.Content.ReadAsStringAsync());

        var withRecovery = new DeskSession(factory);
        Assert.Equal(HttpStatusCode.SeeOther, (await withRecovery.CodeAsync(await withRecovery.SignInAsync("ana@alcaldia.gov.co"), recovery[3].ToUpperInvariant())).StatusCode);
        Assert.Contains(await factory.Service<IStaffStore>().ChangesAsync(10), c => c.What == "Entró con un código de recuperación; le quedan 9.");
        var again = new DeskSession(factory);
        Assert.Equal(HttpStatusCode.OK, (await again.CodeAsync(await again.SignInAsync("ana@alcaldia.gov.co"), recovery[3])).StatusCode);
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task Turning_the_second_factor_off_needs_the_password_and_then_sign_in_asks_no_code(StoreKind store)
    {
        var clock = Clock();
        using var factory = Factory(store, clock);
        await DeskSession.AccountAsync(factory, "ana@alcaldia.gov.co", Roles.Auditor);
        var desk = new DeskSession(factory);
        await desk.SignInAsync("ana@alcaldia.gov.co");
        await EnrolAsync(desk, clock);
        var csrf = await desk.DeskCsrfAsync("/escritorio/cuenta");

        var wrong = await desk.PostAsync("/escritorio/cuenta/segundo-factor/desactivar", new() { ["csrf"] = csrf, ["current"] = "no es la clave" });
        var right = await desk.PostAsync("/escritorio/cuenta/segundo-factor/desactivar", new() { ["csrf"] = csrf, ["current"] = DeskSession.Password });

        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("id=\"disable-current-error\"", await wrong.Content.ReadAsStringAsync());
        Assert.Equal("/escritorio/cuenta?listo=sin-factor", Location(right));
        Assert.Contains(await factory.Service<IStaffStore>().ChangesAsync(10), c => c.What == "Desactivó el segundo factor.");
        Assert.Equal(HttpStatusCode.SeeOther, (await new DeskSession(factory).SignInAsync("ana@alcaldia.gov.co")).StatusCode);
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task A_wrong_code_counts_as_a_failed_sign_in(StoreKind store)
    {
        var (factory, clock, secret) = await WithSecondFactorAsync(store);
        using var _ = factory;

        var guesser = new DeskSession(factory);
        var password = await guesser.SignInAsync("ana@alcaldia.gov.co");
        for (var i = 0; i < SignInGate.MaxFailures; i++) await guesser.CodeAsync(password, "000000");
        var right = await guesser.CodeAsync(password, Code(secret, clock));

        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task When_required_auditors_enrol_a_second_factor_before_anything_else_and_the_office_does_not(StoreKind store)
    {
        var clock = Clock();
        using var factory = Factory(store, clock);
        factory.Settings["ObrasQr:Staff:RequireSecondFactor"] = "true";
        await DeskSession.AccountAsync(factory, "ana@alcaldia.gov.co", Roles.Auditor);
        await DeskSession.AccountAsync(factory, "ofi@alcaldia.gov.co", Roles.Office);
        var auditor = new DeskSession(factory);
        await auditor.SignInAsync("ana@alcaldia.gov.co");
        var office = new DeskSession(factory);
        await office.SignInAsync("ofi@alcaldia.gov.co");

        Assert.Equal("/escritorio/cuenta", Location(await auditor.Client.GetAsync("/escritorio/reportes")));
        Assert.Contains("Su rol debe usar segundo factor", await auditor.Client.GetStringAsync("/escritorio/cuenta"));
        Assert.Equal(HttpStatusCode.OK, (await office.Client.GetAsync("/escritorio/cargas")).StatusCode);

        await EnrolAsync(auditor, clock);

        Assert.Equal(HttpStatusCode.OK, (await auditor.Client.GetAsync("/escritorio/reportes")).StatusCode);
        var disable = await auditor.PostAsync("/escritorio/cuenta/segundo-factor/desactivar",
            new() { ["csrf"] = await auditor.DeskCsrfAsync("/escritorio/cuenta"), ["current"] = DeskSession.Password });
        Assert.Equal(HttpStatusCode.BadRequest, disable.StatusCode);
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task A_wrong_code_counts_with_the_wrong_passwords_from_the_same_connection(StoreKind store)
    {
        var (factory, clock, secret) = await WithSecondFactorAsync(store);
        using var _ = factory;
        var right = Code(secret, clock);
        var wrong = right[..^1] + (char)('0' + (right[^1] - '0' + 1) % 10);
        var guesser = new DeskSession(factory);
        for (var i = 0; i < SignInGate.MaxFailures - 1; i++) await guesser.SignInAsync("ana@alcaldia.gov.co", "no es la clave correcta");
        var password = await guesser.SignInAsync("ana@alcaldia.gov.co");
        Assert.Equal(HttpStatusCode.OK, password.StatusCode);

        await guesser.CodeAsync(password, wrong); // the fifth failure from this connection

        var next = await guesser.SignInAsync("ana@alcaldia.gov.co");
        Assert.Equal(HttpStatusCode.TooManyRequests, next.StatusCode);
        Assert.Contains("Demasiados intentos fallidos desde esta conexión", await next.Content.ReadAsStringAsync());
    }

    /// <summary>An auditor enrolled in the second factor, a minute later (the enrolment's code is used).</summary>
    static async Task<(ObrasQrFactory Factory, ManualClock Clock, string Secret)> WithSecondFactorAsync(StoreKind store)
    {
        var clock = Clock();
        var factory = Factory(store, clock);
        await DeskSession.AccountAsync(factory, "ana@alcaldia.gov.co", Roles.Auditor);
        var desk = new DeskSession(factory);
        await desk.SignInAsync("ana@alcaldia.gov.co");
        var (secret, _) = await EnrolAsync(desk, clock);
        clock.Advance(TimeSpan.FromMinutes(1));
        return (factory, clock, secret);
    }

    /// <summary>Enrols the signed-in person as the page asks: the secret it shows, a first code, the recovery codes.</summary>
    static async Task<(string Secret, IReadOnlyList<string> Recovery)> EnrolAsync(DeskSession desk, ManualClock clock)
    {
        var begin = await desk.PostAsync("/escritorio/cuenta/segundo-factor", new() { ["csrf"] = await desk.DeskCsrfAsync("/escritorio/cuenta") });
        Assert.Equal(HttpStatusCode.SeeOther, begin.StatusCode);
        var page = await desk.Client.GetStringAsync("/escritorio/cuenta");
        var secret = Secret().Match(page).Groups[1].Value;
        Assert.Contains("<svg", page);

        var wrong = await desk.PostAsync("/escritorio/cuenta/segundo-factor/confirmar", new() { ["csrf"] = DeskSession.Csrf(page), ["code"] = "123456" == Code(secret, clock) ? "654321" : "123456" });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("id=\"code-error\"", await wrong.Content.ReadAsStringAsync());
        var confirmed = await desk.PostAsync("/escritorio/cuenta/segundo-factor/confirmar", new() { ["csrf"] = DeskSession.Csrf(page), ["code"] = Code(secret, clock) });
        var shown = await confirmed.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        var recovery = RecoveryCode().Matches(shown).Select(m => m.Groups[1].Value).ToList();
        Assert.DoesNotContain(recovery[0], await desk.Client.GetStringAsync("/escritorio/cuenta"));
        return (secret, recovery);
    }

    static string Code(string secret, TimeProvider clock) => new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(clock.GetUtcNow().UtcDateTime);

    [GeneratedRegex("<code id=\"temporal\">([A-Za-z0-9]{20})</code>")]
    private static partial Regex TemporaryPassword();

    [GeneratedRegex("<code id=\"secreto\">([A-Z2-7]+)</code>")]
    private static partial Regex Secret();

    [GeneratedRegex("<li><code>([a-z2-9]{5}-[a-z2-9]{5})</code></li>")]
    private static partial Regex RecoveryCode();
}
