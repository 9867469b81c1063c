using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using ObrasQr.Auth;
using ObrasQr.Reports;
using ObrasQr.Tests.Reports;

namespace ObrasQr.Tests.Desk;

/// <summary>
/// The auditors' desk pages (/escritorio/reportes) on both stores. A Bearer key stands for the signed-in auditor
/// (a key has no anti-forgery token, so the forms carry none).
/// </summary>
public sealed class AuditorDeskPageTests
{
    const string Cartagena = "890480184", Manizales = "890801053";
    const string ManizalesKey = "clave-auditoria-manizales";
    const string ContractId = ReportKit.ContractId;
    // Friday 4 December 2026; Tuesday the 8th is a holiday (Inmaculada Concepción).
    static readonly DateOnly Today = new(2026, 12, 4);

    static ObrasQrFactory Desk(StoreKind store, params (string Key, string Value)[] settings)
    {
        var factory = new ObrasQrFactory(store) { Clock = ManualClock.AtNoonInColombia(2026, 12, 4) }.Unlimited();
        factory.Settings["ObrasQr:Auth:Keys:2:Name"] = "auditoria-manizales";
        factory.Settings["ObrasQr:Auth:Keys:2:Role"] = Roles.Auditor;
        factory.Settings["ObrasQr:Auth:Keys:2:Sha256"] = ApiKeys.Digest(ManizalesKey);
        factory.Settings["ObrasQr:Auth:Keys:2:EntityNit"] = Manizales;
        foreach (var (key, value) in settings) factory.Settings[key] = value;
        return factory;
    }

    static HttpClient Auditor(ObrasQrFactory factory, string key = ObrasQrFactory.AuditorKey)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new("Bearer", key);
        return client;
    }

    /// <summary>A report written through the store's port, with the deadline and status a test needs.</summary>
    static async Task<Report> Stored(ObrasQrFactory factory, string id, DateOnly deadline, string status = ReportStatus.Received,
        string category = "obra_paralizada", string contractId = ContractId, int daysAgo = 1, string entity = Cartagena, string[]? photos = null)
    {
        var report = new Report
        {
            ReportId = id,
            ContractId = contractId,
            EntityNit = entity,
            Category = category,
            Description = $"Reporte de prueba {id}: la obra no avanza.",
            ReceivedAt = new DateTimeOffset(Today.AddDays(-daysAgo).ToDateTime(new TimeOnly(9, 0)), ColombiaTime.Offset),
            Deadline = deadline,
            Status = status,
            TrackingCodeHash = TrackingCode.Hash(id + "-code"),
            Photos = photos ?? [],
        };
        return await factory.Service<IReportStore>().AddAsync(report, null);
    }

    static async Task<string> Page(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    static string Link(string id) => $"href=\"/escritorio/reportes/{id}\"";

    static void Lists(string html, string[] shown, string[] hidden)
    {
        foreach (var id in shown) Assert.Contains(Link(id), html);
        foreach (var id in hidden) Assert.DoesNotContain(Link(id), html);
    }

    static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task Each_filter_of_the_list_keeps_only_the_matching_reports(StoreKind store)
    {
        using var factory = Desk(store);
        var auditor = Auditor(factory);
        await Stored(factory, "f-late", Today.AddDays(-1), daysAgo: 30);
        await Stored(factory, "f-review", Today.AddDays(10), ReportStatus.InReview, category: "sobrecosto", daysAgo: 3);
        await Stored(factory, "f-other", Today.AddDays(10), contractId: "CO1.PCCNTR.9000001", daysAgo: 2);
        await Stored(factory, "f-closed", Today.AddDays(-5), ReportStatus.Closed, daysAgo: 20);

        Lists(await Page(auditor, "/escritorio/reportes"), ["f-late", "f-review", "f-other", "f-closed"], []);
        Lists(await Page(auditor, $"/escritorio/reportes?contractId={ContractId}"), ["f-late", "f-review", "f-closed"], ["f-other"]);
        Lists(await Page(auditor, "/escritorio/reportes?status=en_revision"), ["f-review"], ["f-late", "f-other", "f-closed"]);
        Lists(await Page(auditor, "/escritorio/reportes?category=sobrecosto"), ["f-review"], ["f-late", "f-other", "f-closed"]);
        Lists(await Page(auditor, "/escritorio/reportes?from=2026-12-01&to=2026-12-03"), ["f-review", "f-other"], ["f-late", "f-closed"]);
        Lists(await Page(auditor, "/escritorio/reportes?overdue=true"), ["f-late"], ["f-review", "f-other", "f-closed"]);
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task Due_within_counts_colombian_business_days_skipping_the_holiday(StoreKind store)
    {
        using var factory = Desk(store);
        var auditor = Auditor(factory);
        await Stored(factory, "d-today", Today);
        await Stored(factory, "d-wednesday", new DateOnly(2026, 12, 9)); // Mon 7, (Tue 8 holiday), Wed 9: the 2nd business day
        await Stored(factory, "d-thursday", new DateOnly(2026, 12, 10));
        await Stored(factory, "d-overdue", Today.AddDays(-1));
        await Stored(factory, "d-answered", new DateOnly(2026, 12, 9), ReportStatus.Answered);

        var html = await Page(auditor, "/escritorio/reportes?dueWithin=2");
        var api = await auditor.GetFromJsonAsync<JsonElement>("/api/reports?dueWithin=2");

        Lists(html, ["d-today", "d-wednesday"], ["d-thursday", "d-overdue", "d-answered"]);
        Assert.Equal(["d-today", "d-wednesday"], api.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("reportId").GetString()).Order());
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task A_bad_filter_is_explained_next_to_its_field_and_the_form_is_kept(StoreKind store)
    {
        using var factory = Desk(store);

        var response = await Auditor(factory).GetAsync("/escritorio/reportes?dueWithin=muchos&category=sobrecosto");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("id=\"dueWithin-error\">Use un número de días hábiles de 0 a 30.", html);
        Assert.Contains("value=\"muchos\"", html);
        Assert.Contains("<option value=\"sobrecosto\" selected", html);
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task Counts_by_status_and_overdue_head_the_list_within_the_callers_entity(StoreKind store)
    {
        using var factory = Desk(store);
        await Stored(factory, "c-1", Today.AddDays(-1));
        await Stored(factory, "c-2", Today.AddDays(3));
        await Stored(factory, "c-3", Today.AddDays(-2), ReportStatus.InReview);
        await Stored(factory, "c-4", Today.AddDays(-2), ReportStatus.Answered);
        await Stored(factory, "c-m", Today.AddDays(-2), entity: Manizales);

        var all = await Page(Auditor(factory), "/escritorio/reportes?status=cerrado");
        var manizales = await Page(Auditor(factory, ManizalesKey), "/escritorio/reportes");

        // Counts are of the whole scope, whatever the filter: the default key sees every entity.
        Assert.Contains(">Recibido</a>: <strong>3</strong>", all);
        Assert.Contains(">En revisión</a>: <strong>1</strong>", all);
        Assert.Contains(">Respondido</a>: <strong>1</strong>", all);
        Assert.Contains(">Vencidos</a>: <strong>3</strong>", all); // c-1, c-3 and c-m; c-4 is answered
        Assert.Contains(">Recibido</a>: <strong>1</strong>", manizales);
        Assert.Contains(">Vencidos</a>: <strong>1</strong>", manizales);
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task Another_entitys_auditor_sees_none_of_its_reports_and_gets_404_for_their_pages(StoreKind store)
    {
        using var factory = Desk(store);
        await Stored(factory, "s-1", Today.AddDays(5));
        var other = Auditor(factory, ManizalesKey);

        var list = await Page(other, "/escritorio/reportes");
        var page = await other.GetAsync("/escritorio/reportes/s-1");
        var identity = await other.PostAsync("/escritorio/reportes/s-1/identidad", Form());
        var change = await other.PostAsync("/escritorio/reportes/s-1/estado", Form(("status", "en_revision"), ("note", "Revisión"), ("accion", "guardar")));
        var preview = await other.PostAsync("/escritorio/reportes/s-1/estado", Form(("status", "en_revision"), ("note", "Revisión"), ("accion", "vista")));

        Assert.DoesNotContain(Link("s-1"), list);
        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound],
            new[] { page.StatusCode, identity.StatusCode, change.StatusCode, preview.StatusCode });
        Assert.DoesNotContain("Reporte de prueba s-1", await page.Content.ReadAsStringAsync());
        Assert.Equal(ReportStatus.Received, (await factory.Service<IReportStore>().FindAsync("s-1"))!.Status);
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task Ver_identidad_shows_the_reporter_only_on_request_and_logs_who_and_when(StoreKind store)
    {
        using var factory = Desk(store);
        var created = await factory.CreateClient().PostAsJsonAsync($"/api/contracts/{ContractId}/reports", new
        {
            category = "riesgo_comunidad", description = "Zanja abierta sin señalización frente al colegio.", anonymous = false,
            reporter = new { name = "Marta Julio", email = "marta@example.com", consent = true },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await factory.Service<IReportStore>().ListAsync(new ReportQuery()))[0].ReportId;
        var auditor = Auditor(factory);

        var before = await Page(auditor, $"/escritorio/reportes/{id}");
        var revealed = await auditor.PostAsync($"/escritorio/reportes/{id}/identidad", Form());
        var revealedHtml = await revealed.Content.ReadAsStringAsync();
        var after = await Page(auditor, $"/escritorio/reportes/{id}");

        Assert.DoesNotContain("Marta Julio", before);
        Assert.Contains(">Ver identidad</button>", before);
        Assert.Contains("Nadie la ha consultado.", before);
        Assert.Equal(HttpStatusCode.OK, revealed.StatusCode);
        Assert.Contains("Marta Julio", revealedHtml);
        Assert.Contains("marta@example.com", revealedHtml);
        Assert.Contains("no-store", revealed.Headers.CacheControl?.ToString());
        var access = Assert.Single(await factory.Service<IIdentityAccessLog>().ListAsync(id));
        Assert.Equal(("control-interno", new DateTimeOffset(2026, 12, 4, 12, 0, 0, ColombiaTime.Offset)), (access.By, access.At));
        Assert.DoesNotContain("Marta Julio", after); // shown once, to that request only
        Assert.Contains("<li>control-interno, el 4 de diciembre de 2026, 12:00</li>", after);

        // The API's detail, which carries the identity, is an opening too.
        var detail = await auditor.GetFromJsonAsync<JsonElement>($"/api/reports/{id}");
        Assert.Equal("Marta Julio", detail.GetProperty("reporter").GetProperty("name").GetString());
        Assert.Equal(2, (await factory.Service<IIdentityAccessLog>().ListAsync(id)).Count);
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task Forwarding_needs_the_authority_and_the_citizens_follow_up_names_it(StoreKind store)
    {
        using var factory = Desk(store);
        var created = await factory.CreateClient().PostAsJsonAsync($"/api/contracts/{ContractId}/reports",
            new { category = "dano_ambiental", description = "Vierten escombros de la obra en el caño Juan Angola." });
        var code = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("trackingCode").GetString()!;
        var id = (await factory.Service<IReportStore>().ListAsync(new ReportQuery()))[0].ReportId;
        var auditor = Auditor(factory);
        Assert.Equal(HttpStatusCode.SeeOther, (await auditor.PostAsync($"/escritorio/reportes/{id}/estado",
            Form(("status", "en_revision"), ("note", "Asignado"), ("accion", "guardar")))).StatusCode);

        var refused = await auditor.PostAsync($"/escritorio/reportes/{id}/estado",
            Form(("status", "trasladado"), ("note", "Competencia ambiental"), ("forwardedTo", " "), ("publicAnswer", "Lo trasladamos."), ("accion", "guardar")));
        var refusedHtml = await refused.Content.ReadAsStringAsync();
        var saved = await auditor.PostAsync($"/escritorio/reportes/{id}/estado",
            Form(("status", "trasladado"), ("note", "Competencia ambiental"), ("forwardedTo", "Establecimiento Público Ambiental de Cartagena"),
                ("publicAnswer", "Lo trasladamos a la autoridad ambiental."), ("accion", "guardar")));
        var followUp = await (await factory.CreateClient().PostAsync("/seguimiento", Form(("code", code)))).Content.ReadAsStringAsync();
        var desk = await Page(auditor, $"/escritorio/reportes/{id}");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("id=\"forwardedTo-error\">Para trasladar, escriba el nombre de la autoridad competente", refusedHtml);
        Assert.Contains(">Competencia ambiental</textarea>", refusedHtml); // the form as sent
        Assert.Contains(">Lo trasladamos.</textarea>", refusedHtml);
        Assert.Equal(HttpStatusCode.SeeOther, saved.StatusCode);
        Assert.Equal($"/escritorio/reportes/{id}?cambio=guardado#estado-actual", saved.Headers.Location?.OriginalString);
        Assert.Contains("Establecimiento Público Ambiental de Cartagena, el 4 de diciembre de 2026 (Ley 1755 de 2015, art. 21)", followUp);
        Assert.Contains("Lo trasladamos a la autoridad ambiental.", followUp);
        Assert.Contains("control-interno pasó de «En revisión» a «Trasladado a la autoridad competente» (Establecimiento Público Ambiental de Cartagena)", desk);
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task A_template_fills_the_public_answer_and_configuration_can_replace_it(StoreKind store)
    {
        using var factory = Desk(store, ("ObrasQr:Reports:AnswerTemplates:visita:Text", "Fuimos a la obra el lunes con la interventoría."));
        await Stored(factory, "t-1", Today.AddDays(5), ReportStatus.InReview);
        var auditor = Auditor(factory);

        var visit = await Page(auditor, "/escritorio/reportes/t-1?plantilla=visita");
        var forward = await Page(auditor, "/escritorio/reportes/t-1?plantilla=traslado");
        var unknown = await Page(auditor, "/escritorio/reportes/t-1?plantilla=no-existe");

        Assert.Contains(">Fuimos a la obra el lunes con la interventoría.</textarea>", visit);
        Assert.Contains("name=\"plantilla\" value=\"sin-pruebas\"", visit); // the defaults stay offered
        Assert.Contains("Trasladamos su reporte a la autoridad competente que aparece en esta página", forward);
        Assert.Contains("<option value=\"trasladado\" selected", forward);
        Assert.Contains("id=\"publicAnswer\" name=\"publicAnswer\" rows=\"5\" maxlength=\"4000\" aria-describedby=\"plantillas\"></textarea>", unknown);
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task Preview_shows_the_citizens_view_of_the_change_without_saving_it(StoreKind store)
    {
        using var factory = Desk(store);
        await Stored(factory, "p-1", Today.AddDays(5), ReportStatus.InReview);

        var preview = await Auditor(factory).PostAsync("/escritorio/reportes/p-1/estado",
            Form(("status", "respondido"), ("note", "Visita hecha"), ("publicAnswer", "Corregimos el andén el 3 de diciembre."), ("accion", "vista")));
        var html = await preview.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Contains("Vista previa: así lo verá el ciudadano al guardar", html);
        Assert.Contains("<h2 id=\"estado\">Estado: Respondido</h2>", html);
        Assert.Contains("<p class=\"answer\" id=\"respuesta\">Corregimos el andén el 3 de diciembre.</p>", html);
        Assert.Equal(ReportStatus.InReview, (await factory.Service<IReportStore>().FindAsync("p-1"))!.Status);
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task The_report_page_shows_photos_deadlines_and_the_lack_of_evidence(StoreKind store)
    {
        using var factory = Desk(store);
        var bare = await Stored(factory, "e-1", Today.AddDays(5));
        await Stored(factory, "e-2", Today.AddDays(5), photos: ["photos/e-2/1.jpg", "photos/e-2/2.png"]);

        var bareHtml = await Page(Auditor(factory), "/escritorio/reportes/e-1");
        var photosHtml = await Page(Auditor(factory), "/escritorio/reportes/e-2");

        Assert.Contains("Ley 962 de 2005, art. 81", bareHtml);
        Assert.Contains("trasladar antes de</dt><dd>" + ObrasQr.Contracts.ContractChanges.Date(bare.ForwardBy), bareHtml);
        Assert.Contains("<img src=\"/api/reports/e-2/photos/1\" alt=\"Foto 1 de 2 enviada por el ciudadano (abre en tamaño completo)\"", photosHtml);
        Assert.Contains("<img src=\"/api/reports/e-2/photos/2\"", photosHtml);
        Assert.DoesNotContain("id=\"sin-pruebas\"", photosHtml); // the flag (the template of that name may quote the law too)
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task The_list_links_the_csv_with_semicolons_and_a_comma_variant_keeping_the_filters(StoreKind store)
    {
        using var factory = Desk(store);
        await Stored(factory, "v-1", Today.AddDays(5), category: "sobrecosto");
        var auditor = Auditor(factory);

        var html = await Page(auditor, "/escritorio/reportes?category=sobrecosto");
        var semicolon = await auditor.GetByteArrayAsync("/api/reports?category=sobrecosto&format=csv&sep=semicolon");
        var comma = await auditor.GetByteArrayAsync("/api/reports?category=sobrecosto&format=csv&sep=comma");

        Assert.Contains("href=\"/api/reports?category=sobrecosto&amp;format=csv&amp;sep=semicolon\"", html);
        Assert.Contains("href=\"/api/reports?category=sobrecosto&amp;format=csv&amp;sep=comma\"", html);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, semicolon[..3]);
        Assert.StartsWith("id_reporte;contrato;obra;categoria;", Encoding.UTF8.GetString(semicolon[3..]));
        Assert.StartsWith("id_reporte,contrato,obra,categoria,", Encoding.UTF8.GetString(comma[3..]));
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task A_signed_in_auditors_forms_carry_the_session_token_and_the_history_names_the_person(StoreKind store)
    {
        using var factory = Desk(store);
        await Stored(factory, "k-1", Today.AddDays(5));
        await ObrasQr.Tests.Staff.DeskSession.AccountAsync(factory, "clara@cartagena.gov.co", Roles.Auditor, Cartagena, name: "Clara Ruiz");
        var browser = new ObrasQr.Tests.Staff.DeskSession(factory);
        await browser.SignInAsync("clara@cartagena.gov.co");

        var page = await browser.Client.GetStringAsync("/escritorio/reportes/k-1");
        var csrf = ObrasQr.Tests.Staff.DeskSession.Csrf(page);
        var forged = await browser.PostAsync("/escritorio/reportes/k-1/estado",
            new() { ["status"] = "en_revision", ["note"] = "Sin token", ["accion"] = "guardar" });
        var saved = await browser.PostAsync("/escritorio/reportes/k-1/estado",
            new() { ["status"] = "en_revision", ["note"] = "Asignado a visita", ["accion"] = "guardar", ["csrf"] = csrf });

        Assert.Equal(4, System.Text.RegularExpressions.Regex.Matches(page, "name=\"csrf\"").Count); // sign-out, publication, assignment and the status form (anonymous: no identity form)
        Assert.NotEqual(HttpStatusCode.SeeOther, forged.StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, saved.StatusCode);
        var history = (await factory.Service<IReportStore>().FindAsync("k-1"))!.History;
        Assert.Equal(("Clara Ruiz", "Asignado a visita"), (Assert.Single(history).By, history[0].Note));
    }
}
