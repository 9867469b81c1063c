using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ObrasQr.Auth;
using ObrasQr.Staff;
using ObrasQr.Tests.Pages;
using OtpNet;

namespace ObrasQr.Tests.Staff;

/// <summary>Changing one's password, an admin's reset and enrolling a second factor, on a phone in Debian's Chromium,
/// with axe's WCAG 2.1 AA rules passed on the account page.</summary>
public sealed class AccountBrowserTests(LiveServer.OnSqlite server) : IClassFixture<LiveServer.OnSqlite>
{
    const string Password = "una clave larga y buena", NewPassword = "otra clave larga y buena";

    ManualClock Clock => (ManualClock)server.Services.GetRequiredService<TimeProvider>();

    async Task<IPage> SignedInAsync(string email, string password = Password)
    {
        var page = await server.PhoneAsync();
        await page.GotoAsync(server.BaseUrl + "/escritorio/entrar");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", password);
        await page.PressAsync("#password", "Enter");
        return page;
    }

    Task CreateAsync(string name, string email, string role) =>
        server.Services.GetRequiredService<StaffAccounts>().CreateAsync(new(name, email, role, null), Password, "prueba");

    [Fact]
    public async Task A_person_changes_their_own_password_from_the_menu()
    {
        await CreateAsync("Ana Pérez", "ana.cuenta@alcaldia.gov.co", Roles.Auditor);
        var page = await SignedInAsync("ana.cuenta@alcaldia.gov.co");
        await page.ClickAsync("nav.desk >> text=Su cuenta");
        await page.ExpectUrlAsync(server.BaseUrl + "/escritorio/cuenta");

        await page.FillAsync("#current", "no es la clave");
        await page.FillAsync("#password", NewPassword);
        await page.FillAsync("#repeat", NewPassword);
        await page.ClickAsync("text=Cambiar contraseña");
        Assert.Equal("La contraseña actual no es correcta.", (await page.InnerTextAsync("#current-error")).Trim());
        Assert.Equal("current-error", await page.GetAttributeAsync("#current", "aria-describedby"));
        await Accessibility.AssertNoViolationsAsync(page);

        await page.FillAsync("#current", Password);
        await page.FillAsync("#password", NewPassword);
        await page.FillAsync("#repeat", NewPassword);
        await page.ClickAsync("text=Cambiar contraseña");
        await page.ExpectUrlAsync(server.BaseUrl + "/escritorio/cuenta?listo=contrasena");
        Assert.Contains("Su contraseña cambió.", await page.InnerTextAsync("[role=status]"));
        await Screenshots.TakeAsync(page, "escritorio-cuenta");
        await page.Context.CloseAsync();

        var again = await SignedInAsync("ana.cuenta@alcaldia.gov.co", NewPassword);
        await again.ExpectUrlAsync(server.BaseUrl + "/escritorio/reportes");
        await again.Context.CloseAsync();
    }

    [Fact]
    public async Task An_admin_resets_a_password_and_the_person_chooses_a_new_one_at_first_sign_in()
    {
        await CreateAsync("Admin Dos", "admin.cuenta@alcaldia.gov.co", Roles.Admin);
        await CreateAsync("Beto Gómez", "beto.cuenta@alcaldia.gov.co", Roles.Auditor);
        var admin = await SignedInAsync("admin.cuenta@alcaldia.gov.co");
        await admin.ExpectUrlAsync(server.BaseUrl + "/escritorio/personal");
        await admin.ClickAsync("text=Restablecer la contraseña de Beto Gómez");
        var oneTime = (await admin.InnerTextAsync("#temporal")).Trim();
        Assert.Contains("Contraseña restablecida", await admin.InnerTextAsync("#restablecida"));
        Assert.Contains("Restableció la contraseña", await admin.InnerTextAsync("#registro + ul"));
        await Screenshots.TakeAsync(admin, "escritorio-personal-restablecer");
        await admin.Context.CloseAsync();

        var person = await SignedInAsync("beto.cuenta@alcaldia.gov.co", oneTime);
        await person.ExpectUrlAsync(server.BaseUrl + "/escritorio/cuenta");
        Assert.Contains("Elija una contraseña nueva", await person.InnerTextAsync("[role=alert]"));
        await person.GotoAsync(server.BaseUrl + "/escritorio/reportes");
        await person.ExpectUrlAsync(server.BaseUrl + "/escritorio/cuenta");
        await person.FillAsync("#current", oneTime);
        await person.FillAsync("#password", NewPassword);
        await person.FillAsync("#repeat", NewPassword);
        await person.ClickAsync("text=Cambiar contraseña");
        await person.ExpectUrlAsync(server.BaseUrl + "/escritorio/reportes");
        await person.Context.CloseAsync();
    }

    [Fact]
    public async Task A_person_enrols_a_second_factor_and_then_signs_in_with_its_code()
    {
        await CreateAsync("Carla Ruiz", "carla.cuenta@alcaldia.gov.co", Roles.Auditor);
        var page = await SignedInAsync("carla.cuenta@alcaldia.gov.co");
        await page.ExpectUrlAsync(server.BaseUrl + "/escritorio/reportes");
        await page.GotoAsync(server.BaseUrl + "/escritorio/cuenta");
        await page.ClickAsync("text=Activar segundo factor");
        var secret = (await page.InnerTextAsync("#secreto")).Trim();
        Assert.True(await page.IsVisibleAsync("figure.totp-qr svg"));
        await Screenshots.TakeAsync(page, "escritorio-cuenta-segundo-factor");
        await Accessibility.AssertNoViolationsAsync(page);

        await page.FillAsync("#code", Code(secret));
        await page.ClickAsync("text=Confirmar y activar");
        Assert.Equal(SecondFactor.RecoveryCodeCount, await page.Locator("#recuperacion li").CountAsync());
        Assert.Contains("El segundo factor quedó activado", await page.InnerTextAsync("#segundo-factor + [role=status]"));
        await page.ClickAsync("nav.desk button[type=submit]");
        await page.Context.CloseAsync();

        Clock.Advance(TimeSpan.FromMinutes(1)); // the code used to confirm cannot sign in: the next one does
        var again = await SignedInAsync("carla.cuenta@alcaldia.gov.co");
        await again.FillAsync("#code", Code(secret));
        await again.PressAsync("#code", "Enter");
        await again.ExpectUrlAsync(server.BaseUrl + "/escritorio/reportes");
        await again.Context.CloseAsync();
    }

    string Code(string secret) => new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(Clock.GetUtcNow().UtcDateTime);
}
