using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ObrasQr.Auth;
using ObrasQr.Staff;
using ObrasQr.Tests.Pages;

namespace ObrasQr.Tests.Staff;

/// <summary>Signing in and out on a phone in Debian's Chromium, with axe's WCAG 2.1 AA rules on every page passed.</summary>
public sealed class SignInBrowserTests(LiveServer.OnSqlite server) : IClassFixture<LiveServer.OnSqlite>
{
    [Fact]
    public async Task A_person_signs_in_on_a_phone_lands_where_they_were_going_and_signs_out()
    {
        var accounts = server.Services.GetRequiredService<StaffAccounts>();
        await accounts.CreateAsync(new("Ana Pérez", "ana.navegador@alcaldia.gov.co", Roles.Admin, null), "una clave larga y buena", "prueba");
        var page = await server.PhoneAsync();

        await page.GotoAsync(server.BaseUrl + "/escritorio/personal");
        Assert.EndsWith("/escritorio/entrar?volver=%2Fescritorio%2Fpersonal", page.Url);
        await page.FillAsync("#email", "ana.navegador@alcaldia.gov.co");
        await page.FillAsync("#password", "no es la clave");
        await page.ClickAsync("button[type=submit]");
        Assert.Contains("El correo o la contraseña no son correctos", await page.InnerTextAsync("[role=alert]"));
        await Screenshots.TakeAsync(page, "escritorio-entrar");
        await Accessibility.AssertNoViolationsAsync(page);

        // Enter in the password field sends the form, as most people do; no click that a re-laid-out page can miss.
        await page.FillAsync("#password", "una clave larga y buena");
        await page.PressAsync("#password", "Enter");
        await page.ExpectUrlAsync(server.BaseUrl + "/escritorio/personal");
        Assert.Contains("Personal del escritorio", await page.InnerTextAsync("h1"));
        Assert.Contains("Ana Pérez", await page.InnerTextAsync("nav.desk"));
        await page.FillAsync("#name", "Beto Gómez");
        await page.FillAsync("#email", "beto.navegador@alcaldia.gov.co");
        await page.SelectOptionAsync("#role", Roles.Office);
        await page.FillAsync("#entity", "890480184");
        await page.ClickAsync("text=Agregar cuenta");
        Assert.Matches("^[A-Za-z0-9]{20}$", (await page.InnerTextAsync("#temporal")).Trim());
        Assert.Contains("Creó la cuenta con el rol oficina de contratación, la entidad con NIT 890480184", await page.InnerTextAsync("#registro + ul"));
        await Screenshots.TakeAsync(page, "escritorio-personal");
        await Accessibility.AssertNoViolationsAsync(page);

        await page.ClickAsync("nav.desk button[type=submit]");
        await page.ExpectUrlAsync(server.BaseUrl + "/escritorio/entrar");
        await page.GotoAsync(server.BaseUrl + "/escritorio/personal");
        Assert.Contains("/escritorio/entrar", page.Url);
        await page.Context.CloseAsync();
    }
}
