using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using ObrasQr.Tests.Pages;

namespace ObrasQr.Tests.Desk;

/// <summary>
/// The auditor's path on a phone, in Debian's Chromium: a citizen reports with a photo; the auditor filters the list,
/// opens the report, sees the photo, answers with a template after a preview; the citizen's follow-up shows the answer.
/// The auditor's browser sends the auditor key as a header (sign-in is another part of the desk).
/// </summary>
public abstract class AuditorDeskBrowserTests(LiveServer server)
{
    public sealed class OnSqlite(LiveServer.OnSqlite store) : AuditorDeskBrowserTests(store), IClassFixture<LiveServer.OnSqlite>;
    public sealed class OnAzure(LiveServer.OnAzure store) : AuditorDeskBrowserTests(store), IClassFixture<LiveServer.OnAzure>;

    const string Work = "/o/CO1.PCCNTR.4120988";

    [Fact]
    public async Task Auditor_filters_opens_sees_the_photo_answers_and_the_citizens_follow_up_shows_the_answer()
    {
        // A citizen reports with a photo.
        var citizen = await server.PhoneAsync();
        await citizen.GotoAsync(server.BaseUrl + Work);
        await citizen.SelectOptionAsync("#category", "riesgo_comunidad");
        await citizen.FillAsync("#description", "Hay una zanja abierta sin señalización frente a la escuela del barrio Olaya.");
        await citizen.SetInputFilesAsync("#photos", new FilePayload
            { Name = "zanja.jpg", MimeType = "image/jpeg", Buffer = ObrasQr.Tests.Reports.PhotoCleanerTests.Photo("gps.jpg") });
        await citizen.ClickAsync("button[type=submit]");
        await citizen.WaitForSelectorAsync("#tracking-code");
        var code = (await citizen.InnerTextAsync("#tracking-code")).Trim();

        // The auditor filters the list and opens it.
        var desk = await server.PhoneAsync(ObrasQrFactory.AuditorKey);
        await desk.GotoAsync(server.BaseUrl + "/escritorio/reportes");
        await desk.FillAsync("#contractId", "CO1.PCCNTR.4120988");
        await desk.SelectOptionAsync("#category", "riesgo_comunidad");
        await desk.ClickAsync("form[action='/escritorio/reportes'] button[type=submit]");
        await desk.WaitForURLAsync(url => url.Contains("category=riesgo_comunidad"));
        Assert.Contains("Riesgo para la comunidad", await desk.InnerTextAsync(".reports"));
        await Screenshots.TakeAsync(desk, "escritorio-reportes");
        await Accessibility.AssertNoViolationsAsync(desk);

        await desk.ClickAsync(".reports a");
        await desk.WaitForSelectorAsync("#fotos");
        var photo = desk.Locator(".photos img").First;
        await photo.ScrollIntoViewIfNeededAsync();
        await Assertions.Expect(photo).ToHaveJSPropertyAsync("complete", true, new() { Timeout = 30_000 });
        Assert.True(await photo.EvaluateAsync<int>("img => img.naturalWidth") > 0, "The photo loads with the auditor's credentials.");
        Assert.Equal("Foto 1 de 1 enviada por el ciudadano (abre en tamaño completo)", await photo.GetAttributeAsync("alt"));
        await Screenshots.TakeAsync(desk, "escritorio-reporte");
        await Accessibility.AssertNoViolationsAsync(desk);

        // recibido -> en revisión -> respondido, with a template and a preview.
        await desk.FillAsync("#note", "Asignado a la interventoría para visita.");
        await desk.ClickAsync("button[value=guardar]");
        // Waits for the saved page itself (the history names the change), not for whatever page is still showing.
        await desk.ExpectTextAsync("#historia", "a «En revisión»");
        // Follows the template link's address rather than clicking it: under CI's load a click landing while the saved
        // page settles was lost once (the wait for the new address timed out with the network idle).
        var template = await desk.GetAttributeAsync("a.template[href*='plantilla=visita']", "href");
        Assert.NotNull(template);
        await desk.GotoAsync(new Uri(new Uri(desk.Url), template).ToString());
        Assert.Contains("plantilla=visita", desk.Url);
        Assert.StartsWith("Visitamos la obra", await desk.InputValueAsync("#publicAnswer"));
        await desk.SelectOptionAsync("#status", "respondido");
        await desk.FillAsync("#note", "Visita del 20 de noviembre con la interventoría.");
        await desk.ClickAsync("button[value=vista]");
        await desk.WaitForSelectorAsync("text=Vista previa: así lo verá el ciudadano al guardar");
        Assert.StartsWith("Visitamos la obra", await desk.InnerTextAsync("#respuesta"));
        await Screenshots.TakeAsync(desk, "escritorio-vista-previa");
        await Accessibility.AssertNoViolationsAsync(desk);
        await desk.ClickAsync("button[value=guardar]");
        await desk.ExpectTextAsync("#historia", "control-interno pasó de «En revisión» a «Respondido»");

        // The citizen's follow-up shows the answer.
        await citizen.GotoAsync(server.BaseUrl + "/seguimiento");
        await citizen.FillAsync("#code", code);
        await citizen.ClickAsync("button[type=submit]");
        await citizen.WaitForSelectorAsync("#respuesta");
        Assert.Equal("Estado: Respondido", (await citizen.InnerTextAsync("#estado")).Trim());
        Assert.StartsWith("Visitamos la obra y verificamos lo que nos contó.", await citizen.InnerTextAsync("#respuesta"));
        await Screenshots.TakeAsync(citizen, "seguimiento-respondido");
        await Accessibility.AssertNoViolationsAsync(citizen);

        // The not-found page of the desk is accessible too.
        await desk.GotoAsync(server.BaseUrl + "/escritorio/reportes/no-existe");
        Assert.Contains("Reporte no encontrado", await desk.InnerTextAsync("h1"));
        await Accessibility.AssertNoViolationsAsync(desk);
        await desk.Context.CloseAsync();
        await citizen.Context.CloseAsync();
    }
}
