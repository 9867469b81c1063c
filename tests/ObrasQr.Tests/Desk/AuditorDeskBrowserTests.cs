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
        await desk.ClickAsync("#filtros-plegados summary"); // the filters are folded under one line
        await desk.FillAsync("#contractId", "CO1.PCCNTR.4120988");
        await desk.SelectOptionAsync("#category", "riesgo_comunidad");
        await desk.ClickAsync("#filtros-plegados button[type=submit]");
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
        // The template goes into the answer in place (the page's script), keeping the note already typed.
        var before = desk.Url;
        await desk.SelectOptionAsync("#status", "respondido");
        await desk.FillAsync("#note", "Visita del 20 de noviembre con la interventoría.");
        await desk.ClickAsync("button.template[value=visita]");
        await Assertions.Expect(desk.Locator("#publicAnswer")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^Visitamos la obra"));
        Assert.Equal("Visita del 20 de noviembre con la interventoría.", await desk.InputValueAsync("#note"));
        Assert.Equal(before, desk.Url); // no round trip
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

    async Task<string> ReportAsync(string description)
    {
        using var client = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        var response = await client.PostAsync(Work.Replace("/o/", "/api/contracts/", StringComparison.Ordinal) + "/reports",
            System.Net.Http.Json.JsonContent.Create(new { category = "mala_calidad", description }));
        response.EnsureSuccessStatusCode();
        return (await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<System.Text.Json.JsonElement>(response.Content))
            .GetProperty("trackingCode").GetString()!;
    }

    [Fact]
    public async Task Auditor_finds_a_report_by_the_citizens_code_assigns_it_and_changes_several_at_once()
    {
        var marker = "señal" + Guid.NewGuid().ToString("N")[..8];
        var code = await ReportAsync($"Falta la {marker} de desvío en la calle 30.");
        await ReportAsync($"Tampoco hay {marker} de velocidad en la calle 31.");
        var desk = await server.PhoneAsync(ObrasQrFactory.AuditorKey);

        // The code as read out on the phone: lower case, spaces for dashes.
        await desk.GotoAsync(server.BaseUrl + "/escritorio/reportes");
        await desk.FillAsync("#q", code.ToLowerInvariant().Replace("-", " ", StringComparison.Ordinal));
        await desk.PressAsync("#q", "Enter");
        await desk.ExpectTextAsync("#lista", "1 reporte");
        Assert.Contains("calle 30", await desk.InnerTextAsync(".reports"));
        await Accessibility.AssertNoViolationsAsync(desk);

        // Assigned to oneself, it shows under "Mis reportes".
        await desk.ClickAsync(".reports a");
        await desk.SelectOptionAsync("#assignedTo", "control-interno");
        await desk.ClickAsync("form[action$='/asignar'] button");
        await desk.ExpectTextAsync("#asignado", "Asignado a: control-interno");
        await desk.ExpectTextAsync("#historia", "Asignado a control-interno.");
        await desk.GotoAsync(server.BaseUrl + "/escritorio/reportes");
        await desk.ClickAsync("text=Mis reportes");
        await desk.ExpectTextAsync(".reports", "calle 30");

        // Both reports found by a word, checked, and moved with one note.
        await desk.FillAsync("#q", marker.ToUpperInvariant().Replace("Ñ", "N", StringComparison.Ordinal));
        await desk.PressAsync("#q", "Enter");
        await desk.ExpectTextAsync("#lista", "2 reportes");
        foreach (var box in await desk.Locator(".reports input[type=checkbox]").AllAsync()) await box.CheckAsync();
        await desk.SelectOptionAsync("#newStatus", "en_revision");
        await desk.FillAsync("#bulk-note", "Revisión conjunta con la interventoría.");
        await desk.ClickAsync("text=Cambiar los marcados");
        await desk.ExpectTextAsync("#resultado-lote", "2 reportes cambiaron de estado.");
        Assert.Equal(2, await desk.Locator(".reports .status", new() { HasTextString = "En revisión" }).CountAsync());
        await Screenshots.TakeAsync(desk, "escritorio-cambio-en-lote");
        await Accessibility.AssertNoViolationsAsync(desk);
        await desk.Context.CloseAsync();
    }
}
