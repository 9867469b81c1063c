using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ObrasQr.Auth;
using ObrasQr.Contracts;
using ObrasQr.OpenData;
using ObrasQr.Pages;
using ObrasQr.Sync;
using ObrasQr.Tests.Qr;
using ObrasQr.Tests.Reports;
using ObrasQr.Withdrawals;
using static ObrasQr.Tests.Desk.OfficeDesk;

namespace ObrasQr.Tests.Withdrawals;

/// <summary>Issue 26, point 7: the office withdraws a work from publication with a public reason, and publishes it again.</summary>
public class WithdrawalTests
{
    const string Reason = "Se publicó por error: el contrato es de mantenimiento, no una obra nueva.";
    // 21:00 in Colombia on 9 March is already 10 March in UTC: the page must say the Colombian day.
    static readonly DateTimeOffset Evening = new(2026, 3, 9, 21, 0, 0, ColombiaTime.Offset);

    static ObrasQrFactory Server(StoreKind store)
    {
        var factory = new ObrasQrFactory(store) { Clock = new ManualClock(Evening) };
        factory.Settings["ObrasQr:Auth:Keys:2:Name"] = "oficina-turbaco";
        factory.Settings["ObrasQr:Auth:Keys:2:Role"] = Roles.Office;
        factory.Settings["ObrasQr:Auth:Keys:2:EntityNit"] = OtherEntityNit;
        factory.Settings["ObrasQr:Auth:Keys:2:Sha256"] = ApiKeys.Digest(ScopedOfficeKey);
        return factory;
    }

    /// <summary>Uploads a SECOP export of the works <paramref name="ids"/> of Cartagena, each worth <paramref name="value"/>
    /// pesos, and imports it.</summary>
    static async Task ImportAsync(ObrasQrFactory factory, decimal value, params string[] ids)
    {
        var csv = new StringBuilder("ID Contrato,Nit Entidad,Nombre Entidad,Tipo de Contrato,Estado Contrato,Valor del Contrato,Objeto del Contrato,Ciudad\n");
        foreach (var id in ids)
            csv.Append($"{id},{CartagenaNit},Alcaldía de Cartagena,Obra,En ejecución,{value},Canal pluvial {id},Cartagena de Indias\n");
        var uploaded = await UploadAsync(Office(factory), Encoding.UTF8.GetBytes(csv.ToString()), $"obras-{value}.csv");
        Assert.Equal(HttpStatusCode.Redirect, uploaded.StatusCode);
        await factory.Service<SyncJob>().RunAsync();
    }

    static Task<HttpResponseMessage> WithdrawAsync(HttpClient client, string id, string reason = Reason) =>
        client.PostAsJsonAsync($"/api/contracts/{id}/withdrawal", new { reason });

    static async Task<string> Text(ObrasQrFactory factory, string path)
    {
        var response = await factory.CreateClient().GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await TextAsync(response);
    }

    static async Task<string> Reason400(HttpResponseMessage response, string field)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        return problem.GetProperty("errors").GetProperty(field)[0].GetString()!;
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task A_withdrawn_work_keeps_its_page_saying_when_and_why_and_leaves_the_index_the_map_and_the_open_data(StoreKind store)
    {
        using var factory = Server(store);
        const string id = "CO1.PCCNTR.9700002", neighbour = "CO1.PCCNTR.9700001";
        await ImportAsync(factory, 1_000_000m, neighbour, id);
        var office = Office(factory);
        // A located entry puts the work on the map (and refreshes this instance's catalog).
        var located = await office.PostAsJsonAsync($"/api/contracts/{id}/avances",
            new { date = "2026-03-09", percent = 20, location = new { lat = 10.4, lon = -75.5 } });
        Assert.Equal(HttpStatusCode.Created, located.StatusCode);
        Assert.Contains($"/o/{id}\"", await Text(factory, "/mapa"));
        Assert.Contains($"/o/{id}\"", await Text(factory, $"/?q={id}"));
        Assert.Contains("Reportar una irregularidad", await Text(factory, $"/o/{id}"));

        Assert.Contains(id, await Text(factory, "/api/contracts.csv")); // built after the import

        var withdrawn = await WithdrawAsync(office, id);
        await factory.Service<OpenDataBuild>().RequestedBuildsAsync(); // the build the withdrawal asked for, in the background

        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        var page = await Text(factory, $"/o/{id}");
        Assert.Contains("La entidad retiró esta obra de la publicación", page);
        Assert.Contains("9 de marzo de 2026", page);
        Assert.Contains(Reason, page);
        Assert.DoesNotContain("Reportar una irregularidad", page);
        Assert.DoesNotContain("name=\"token\"", page);
        Assert.DoesNotContain("Valor actual", page);
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().GetAsync($"/o/{id}/qr.png")).StatusCode);
        Assert.DoesNotContain($"/o/{id}\"", await Text(factory, "/mapa"));
        Assert.DoesNotContain($"/o/{id}\"", await Text(factory, $"/?q={id}"));
        var csv = await Text(factory, "/api/contracts.csv");
        Assert.DoesNotContain(id, csv);
        Assert.Contains(neighbour, csv);
        Assert.DoesNotContain(id, await Text(factory, "/api/oc4ids.json"));
        var list = await Text(factory, $"/api/contracts?after={neighbour}&limit=200");
        Assert.DoesNotContain(id, list);
        var detail = await factory.CreateClient().GetFromJsonAsync<JsonElement>($"/api/contracts/{id}");
        Assert.Equal(Reason, detail.GetProperty("withdrawal").GetProperty("reason").GetString());
        Assert.Equal(Evening, detail.GetProperty("withdrawal").GetProperty("at").GetDateTimeOffset());
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task A_reimport_with_a_changed_value_keeps_the_work_withdrawn_and_publishing_it_again_brings_it_back(StoreKind store)
    {
        using var factory = Server(store);
        const string id = "CO1.PCCNTR.9710001";
        await ImportAsync(factory, 1_000_000m, id);
        var office = Office(factory);

        // From the desk's works list, as a clerk does it.
        Assert.Contains($"action=\"/escritorio/obras/{id}/retirar\"", await PageAsync(office, $"/escritorio/obras?desde=CO1.PCCNTR.9709"));
        var posted = await office.PostAsync($"/escritorio/obras/{id}/retirar", Form(("motivo", Reason)));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        await factory.Service<OpenDataBuild>().RequestedBuildsAsync();
        Assert.DoesNotContain(id, await Text(factory, "/api/contracts.csv"));
        var desk = await PageAsync(office, posted.Headers.Location!.OriginalString);
        Assert.Contains("quedó retirada de la publicación", desk);
        Assert.Contains($"action=\"/escritorio/obras/{id}/publicar\"", desk);
        Assert.Contains("Volver a publicar", desk);

        await ImportAsync(factory, 2_500_000m, id);

        Assert.Equal(2, (await factory.Service<IContractStore>().FindAsync(id))!.Number);
        Assert.Contains("La entidad retiró esta obra de la publicación", await Text(factory, $"/o/{id}"));
        Assert.DoesNotContain(id, await Text(factory, "/api/contracts.csv"));

        // Acts are kept in time order: two in the same instant (only a stopped clock makes them) have none.
        ((ManualClock)factory.Clock!).Advance(TimeSpan.FromMinutes(5));
        var republished = await office.DeleteAsync($"/api/contracts/{id}/withdrawal");
        await factory.Service<OpenDataBuild>().RequestedBuildsAsync();

        Assert.Equal(HttpStatusCode.NoContent, republished.StatusCode);
        var page = await Text(factory, $"/o/{id}");
        Assert.DoesNotContain("retiró esta obra", page);
        Assert.Contains("Reportar una irregularidad", page);
        Assert.Contains(id, await Text(factory, "/api/contracts.csv"));
        var detail = await factory.CreateClient().GetFromJsonAsync<JsonElement>($"/api/contracts/{id}");
        Assert.False(detail.TryGetProperty("withdrawal", out var none) && none.ValueKind != JsonValueKind.Null);
        var history = await factory.Service<IWithdrawalStore>().HistoryAsync(id);
        Assert.Equal([WithdrawalActKind.Withdrawn, WithdrawalActKind.Republished], history.Select(a => a.Kind));
        Assert.Equal(Reason, history[0].Reason);
        Assert.All(history, a => Assert.Equal("oficina-contratacion", a.StaffName));
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task Listing_published_works_returns_full_pages_with_withdrawn_works_in_between(StoreKind store)
    {
        using var factory = Server(store);
        var ids = Enumerable.Range(1, 9).Select(n => $"CO1.PCCNTR.972000{n}").ToArray();
        await ImportAsync(factory, 1_000_000m, ids);
        var office = Office(factory);
        foreach (var n in new[] { 2, 3, 4, 7 })
            Assert.Equal(HttpStatusCode.OK, (await WithdrawAsync(office, ids[n - 1])).StatusCode);
        var contracts = factory.Service<IContractStore>();

        var first = await contracts.ListPublishedAsync("CO1.PCCNTR.9719", 3);
        var second = await contracts.ListPublishedAsync(first[^1].ContractId, 3);

        Assert.Equal([ids[0], ids[4], ids[5]], first.Select(v => v.ContractId));
        Assert.Equal([ids[7], ids[8]], second.Select(v => v.ContractId).Where(ids.Contains));
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task Only_the_works_entity_may_withdraw_it_with_a_reason_of_10_to_500_characters(StoreKind store)
    {
        using var factory = Server(store);
        const string id = "CO1.PCCNTR.9730001";
        await ImportAsync(factory, 1_000_000m, id);
        var office = Office(factory);
        var other = Office(factory, ScopedOfficeKey);

        var theirs = await WithdrawAsync(other, id);
        var theirsForm = await other.PostAsync($"/escritorio/obras/{id}/retirar", Form(("motivo", Reason)));
        var auditor = await WithdrawAsync(factory.ClientWithKey(ObrasQrFactory.AuditorKey), id);
        var anonymous = await WithdrawAsync(factory.CreateClient(), id);
        var tooShort = await WithdrawAsync(office, id, "Error.");
        var tooLong = await WithdrawAsync(office, id, new string('x', 501));
        var notJson = await office.PostAsync($"/api/contracts/{id}/withdrawal", new StringContent("reason=x"));
        var unknown = await WithdrawAsync(office, "CO1.PCCNTR.0000000");

        Assert.Equal(HttpStatusCode.NotFound, theirs.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, theirsForm.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, auditor.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tooShort.StatusCode);
        Assert.Contains("de 10 a 500 caracteres", await Reason400(tooShort, "reason"));
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, notJson.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Null(await factory.Service<IWithdrawalStore>().FindAsync(id));

        Assert.Equal(HttpStatusCode.OK, (await WithdrawAsync(office, id)).StatusCode);
        var again = await WithdrawAsync(office, id);
        var theirsUndo = await other.DeleteAsync($"/api/contracts/{id}/withdrawal");
        var theirsDesk = await PageAsync(other, "/escritorio/obras");

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, theirsUndo.StatusCode);
        Assert.DoesNotContain(id, theirsDesk);
        Assert.NotNull(await factory.Service<IWithdrawalStore>().FindAsync(id));
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task A_report_about_a_withdrawn_work_is_refused_by_form_and_API_saying_which_office_receives_it(StoreKind store)
    {
        using var factory = Server(store);
        const string id = "CO1.PCCNTR.9740001";
        await ImportAsync(factory, 1_000_000m, id);
        Assert.Equal(HttpStatusCode.OK, (await WithdrawAsync(Office(factory), id)).StatusCode);
        var citizen = factory.CreateClient();
        var description = ReportKit.Unique("La obra está abandonada desde hace dos meses y nadie trabaja en ella.");

        // A form opened before the withdrawal: complete, then with a field wrong and a photo (neither is kept for a retry).
        var complete = await citizen.PostAsync($"/o/{id}/reportes", ReportKit.Form([("category", "otro"), ("description", description)]));
        var incomplete = await citizen.PostAsync($"/o/{id}/reportes",
            ReportKit.Form([("category", "otro"), ("description", "corto")], ("foto.png", HostilePhotoTests.Png(40, 40))));
        var api = await citizen.PostAsJsonAsync($"/api/contracts/{id}/reports", new { category = "otro", description });

        foreach (var form in new[] { complete, incomplete })
        {
            Assert.Equal(HttpStatusCode.Conflict, form.StatusCode);
            var page = await TextAsync(form);
            Assert.Contains("No recibimos su reporte", page);
            Assert.Contains("La entidad retiró esta obra de la publicación", page);
            Assert.Contains("9 de marzo de 2026", page);
            Assert.Contains(Reason, page);
            Assert.Contains("Oficina de Control Interno", page);
            Assert.Contains("mailto:atencionciudadana@cartagena.gov.co", page);
            Assert.DoesNotContain("<textarea", page);
            Assert.DoesNotContain(description, page);
            Assert.DoesNotContain("ya recibida", page);
        }
        Assert.Equal(HttpStatusCode.Conflict, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        var problem = await api.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Conflicto", problem.GetProperty("title").GetString());
        Assert.Contains(Reason, problem.GetProperty("detail").GetString());
        Assert.Contains("Oficina de Control Interno (atencionciudadana@cartagena.gov.co)",
            problem.GetProperty("errors").GetProperty("contractId")[0].GetString());
        Assert.Empty(await factory.AllAsAuditor($"contractId={id}"));
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task The_share_image_of_a_withdrawn_work_shows_the_withdrawal_instead_of_its_facts_until_it_is_published_again(StoreKind store)
    {
        using var factory = Server(store);
        const string id = "CO1.PCCNTR.9750001";
        await ImportAsync(factory, 1_000_000m, id);
        var office = Office(factory);
        var citizen = factory.CreateClient();
        var published = await citizen.GetAsync($"/o/{id}/vista.png");
        var facts = await published.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, (await WithdrawAsync(office, id)).StatusCode);
        var withdrawn = await citizen.GetAsync($"/o/{id}/vista.png");
        var card = await withdrawn.Content.ReadAsByteArrayAsync();

        var url = Zbar.Decode(card, ".png");
        Assert.Equal($"HTTPS://OBRAS.CARTAGENA.GOV.CO/O/{id}", url);
        var name = (await factory.Service<IContractStore>().FindAsync(id))!.Contract.Name;
        Assert.Equal(SharePreview.WithdrawnPng(name, url), card);
        Assert.NotEqual(facts, card);
        Assert.NotEqual(published.Headers.ETag, withdrawn.Headers.ETag);

        Assert.Equal(HttpStatusCode.NoContent, (await office.DeleteAsync($"/api/contracts/{id}/withdrawal")).StatusCode);
        Assert.Equal(facts, await citizen.GetByteArrayAsync($"/o/{id}/vista.png"));
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task The_progress_list_of_a_withdrawn_work_says_when_and_why_and_lists_no_entries_as_its_detail_does(StoreKind store)
    {
        using var factory = Server(store);
        const string id = "CO1.PCCNTR.9760001";
        await ImportAsync(factory, 1_000_000m, id);
        var office = Office(factory);
        Assert.Equal(HttpStatusCode.Created,
            (await office.PostAsJsonAsync($"/api/contracts/{id}/avances", new { date = "2026-03-09", percent = 20 })).StatusCode);
        var before = await factory.CreateClient().GetFromJsonAsync<JsonElement>($"/api/contracts/{id}/avances");
        Assert.Equal(1, before.GetProperty("entries").GetArrayLength());

        Assert.Equal(HttpStatusCode.OK, (await WithdrawAsync(office, id)).StatusCode);
        var list = await factory.CreateClient().GetFromJsonAsync<JsonElement>($"/api/contracts/{id}/avances");

        Assert.Equal(id, list.GetProperty("contractId").GetString());
        Assert.Equal(0, list.GetProperty("entries").GetArrayLength());
        Assert.Equal(Reason, list.GetProperty("withdrawal").GetProperty("reason").GetString());
        Assert.Equal(Evening, list.GetProperty("withdrawal").GetProperty("at").GetDateTimeOffset());
    }
}
