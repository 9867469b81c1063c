using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.AspNetCore.Mvc.Testing;
using ObrasQr.Auth;
using ObrasQr.Contracts;
using ObrasQr.Reports;
using ObrasQr.Tests.Reports;

namespace ObrasQr.Tests.Desk;

/// <summary>
/// The desk as auditors use it every day (issue 26): one search box, sort, assignment and "Mis reportes", bulk
/// changes, answering in one step, templates that keep the note, the CSV's columns and fresh semiannual figures.
/// </summary>
public sealed class AuditorDeskWorkflowTests
{
    const string Cartagena = "890480184", Manizales = "890801053";
    const string ManizalesKey = "clave-auditoria-manizales";
    const string ContractId = ReportKit.ContractId;
    static readonly DateOnly Today = new(2026, 12, 4);

    static ObrasQrFactory Desk(StoreKind store)
    {
        var factory = new ObrasQrFactory(store) { Clock = ManualClock.AtNoonInColombia(2026, 12, 4) }.Unlimited();
        factory.Settings["ObrasQr:Auth:Keys:2:Name"] = "auditoria-manizales";
        factory.Settings["ObrasQr:Auth:Keys:2:Role"] = Roles.Auditor;
        factory.Settings["ObrasQr:Auth:Keys:2:Sha256"] = ApiKeys.Digest(ManizalesKey);
        factory.Settings["ObrasQr:Auth:Keys:2:EntityNit"] = Manizales;
        return factory;
    }

    static HttpClient Auditor(ObrasQrFactory factory, string key = ObrasQrFactory.AuditorKey)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new("Bearer", key);
        return client;
    }

    static async Task<Report> Stored(ObrasQrFactory factory, string description, DateOnly deadline, string status = ReportStatus.Received,
        int daysAgo = 1, string? code = null, string entity = Cartagena)
    {
        var report = new Report
        {
            ReportId = Guid.NewGuid().ToString("N"),
            ContractId = ContractId,
            EntityNit = entity,
            Category = "mala_calidad",
            Description = description,
            ReceivedAt = new DateTimeOffset(Today.AddDays(-daysAgo).ToDateTime(new TimeOnly(9, 0)), ColombiaTime.Offset),
            Deadline = deadline,
            Status = status,
            TrackingCodeHash = TrackingCode.Hash(code ?? TrackingCode.New()),
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

    static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));

    static async Task<string> WorkNameOf(ObrasQrFactory factory) =>
        (await factory.Service<IContractStore>().FindAsync(ContractId))!.Contract.Name;

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task The_search_box_finds_a_report_by_tracking_code_desk_id_contract_or_words(StoreKind store)
    {
        using var factory = Desk(store);
        var auditor = Auditor(factory);
        var code = TrackingCode.New();
        var wanted = await Stored(factory, "El andén de la vía nueva se hundió frente al colegio.", Today.AddDays(5), code: code);
        var other = await Stored(factory, "Faltan señales de tránsito en la obra.", Today.AddDays(5));
        var work = await WorkNameOf(factory);
        var workWord = work.Split(' ', StringSplitOptions.RemoveEmptyEntries).First(w => w.Length > 5);

        var byCode = await Page(auditor, "/escritorio/reportes?q=" + Uri.EscapeDataString(code.ToLowerInvariant().Replace("-", " ", StringComparison.Ordinal)));
        var byDeskId = await Page(auditor, "/escritorio/reportes?q=" + wanted.ReportId[^8..]);
        var byContract = await Page(auditor, "/escritorio/reportes?q=" + ContractId);
        var byWords = await Page(auditor, "/escritorio/reportes?q=" + Uri.EscapeDataString("ANDEN via"));
        var byWorkName = await Page(auditor, "/escritorio/reportes?q=" + Uri.EscapeDataString(workWord.ToUpperInvariant()));

        Assert.Contains(Link(wanted.ReportId), byCode);
        Assert.DoesNotContain(Link(other.ReportId), byCode);
        Assert.Contains(Link(wanted.ReportId), byDeskId);
        Assert.DoesNotContain(Link(other.ReportId), byDeskId);
        Assert.Contains(Link(wanted.ReportId), byContract);
        Assert.Contains(Link(other.ReportId), byContract);
        Assert.Contains(Link(wanted.ReportId), byWords);
        Assert.DoesNotContain(Link(other.ReportId), byWords);
        Assert.Contains(Link(wanted.ReportId), byWorkName);
        Assert.Contains(Link(other.ReportId), byWorkName);
        Assert.Contains(work[..40], byContract); // the work's name on each card
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task The_api_finds_a_report_by_its_tracking_code_in_either_shape_within_the_callers_entity(StoreKind store)
    {
        using var factory = Desk(store);
        var code = TrackingCode.New();
        var report = await Stored(factory, "Reporte por código.", Today.AddDays(5), code: code);

        async Task<string[]> Find(string key, string typed) =>
            [.. (await Auditor(factory, key).GetFromJsonAsync<JsonElement>("/api/reports?trackingCode=" + Uri.EscapeDataString(typed)))
                .GetProperty("items").EnumerateArray().Select(i => i.GetProperty("reportId").GetString()!)];

        Assert.Equal([report.ReportId], await Find(ObrasQrFactory.AuditorKey, code));
        Assert.Equal([report.ReportId], await Find(ObrasQrFactory.AuditorKey, code.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant()));
        Assert.Empty(await Find(ManizalesKey, code));
        Assert.DoesNotContain(Link(report.ReportId), await Page(Auditor(factory, ManizalesKey), "/escritorio/reportes?q=" + code));
        Assert.Equal(HttpStatusCode.BadRequest, (await Auditor(factory).GetAsync("/api/reports?trackingCode=abc")).StatusCode);
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task The_list_sorts_by_deadline_or_by_date_received(StoreKind store)
    {
        using var factory = Desk(store);
        var late = await Stored(factory, "Vence último.", Today.AddDays(20), daysAgo: 1);
        var soon = await Stored(factory, "Vence primero.", Today.AddDays(2), daysAgo: 5);
        var middle = await Stored(factory, "Vence en medio.", Today.AddDays(9), daysAgo: 3);

        async Task<string[]> Order(string url) =>
            [.. (await Auditor(factory).GetFromJsonAsync<JsonElement>(url)).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("reportId").GetString()!)];
        var byDeadlinePage = await Auditor(factory).GetFromJsonAsync<JsonElement>("/api/reports?orden=plazo&limit=2");
        var next = byDeadlinePage.GetProperty("next").GetString()!;

        Assert.Equal([soon.ReportId, middle.ReportId, late.ReportId], await Order("/api/reports?orden=plazo"));
        Assert.Equal([late.ReportId, middle.ReportId, soon.ReportId], await Order("/api/reports?orden=recibido"));
        Assert.Equal([late.ReportId], await Order($"/api/reports?orden=plazo&limit=2&after={next}"));
        var html = await Page(Auditor(factory), "/escritorio/reportes?orden=plazo");
        Assert.True(html.IndexOf(Link(soon.ReportId), StringComparison.Ordinal) < html.IndexOf(Link(late.ReportId), StringComparison.Ordinal));
        Assert.Contains("Activos: por plazo", html); // the folded filters' one line
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task An_auditor_assigns_a_report_and_finds_it_under_mis_reportes(StoreKind store)
    {
        using var factory = Desk(store);
        var auditor = Auditor(factory);
        var mine = await Stored(factory, "Para control interno.", Today.AddDays(5));
        var notMine = await Stored(factory, "Sin asignar.", Today.AddDays(5));

        var assigned = await auditor.PostAsync($"/escritorio/reportes/{mine.ReportId}/asignar", Form(("assignedTo", "control-interno")));
        var stranger = await auditor.PostAsync($"/escritorio/reportes/{notMine.ReportId}/asignar", Form(("assignedTo", "Alguien de afuera")));
        var list = await Page(auditor, "/escritorio/reportes?asignado=yo");
        var api = await auditor.GetFromJsonAsync<JsonElement>("/api/reports?asignado=yo");

        Assert.Equal(HttpStatusCode.SeeOther, assigned.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, stranger.StatusCode);
        Assert.Contains(Link(mine.ReportId), list);
        Assert.DoesNotContain(Link(notMine.ReportId), list);
        Assert.Equal([mine.ReportId], api.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("reportId").GetString()));
        var stored = (await factory.Service<IReportStore>().FindAsync(mine.ReportId))!;
        Assert.Equal("control-interno", stored.AssignedTo);
        Assert.Equal(("control-interno", "Asignado a control-interno."), (Assert.Single(stored.History).By, stored.History[0].Note));
        Assert.Null((await factory.Service<IReportStore>().FindAsync(notMine.ReportId))!.AssignedTo);
        Assert.Contains("Asignado a: control-interno", await Page(auditor, $"/escritorio/reportes/{mine.ReportId}"));
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task A_bulk_change_moves_each_allowed_report_and_names_the_refused_one(StoreKind store)
    {
        using var factory = Desk(store);
        var a = await Stored(factory, "Lote uno.", Today.AddDays(5));
        var b = await Stored(factory, "Lote dos.", Today.AddDays(5));
        var closed = await Stored(factory, "Ya cerrado.", Today.AddDays(5), ReportStatus.Closed);

        var response = await Auditor(factory).PostAsync("/escritorio/reportes/lote", Form(("reportId", a.ReportId), ("reportId", b.ReportId),
            ("reportId", closed.ReportId), ("newStatus", ReportStatus.InReview), ("note", "Revisión conjunta de la semana")));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("2 reportes cambiaron de estado. 1 no:", html);
        Assert.Contains($"Reporte {closed.ReportId[^8..]}</a>: Un reporte en ", html);
        Assert.Contains("puede pasar a ningún otro estado", html);
        foreach (var id in new[] { a.ReportId, b.ReportId })
        {
            var report = (await factory.Service<IReportStore>().FindAsync(id))!;
            Assert.Equal(ReportStatus.InReview, report.Status);
            Assert.Equal(("Revisión conjunta de la semana", "control-interno"), (Assert.Single(report.History).Note, report.History[0].By));
        }
        Assert.Equal(ReportStatus.Closed, (await factory.Service<IReportStore>().FindAsync(closed.ReportId))!.Status);
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task A_received_report_is_answered_in_one_step(StoreKind store)
    {
        using var factory = Desk(store);
        var report = await Stored(factory, "Responder de una vez.", Today.AddDays(5));

        var response = await Auditor(factory).PatchAsJsonAsync($"/api/reports/{report.ReportId}",
            new { status = "respondido", note = "Visita hecha", publicAnswer = "Reparamos el andén el 3 de diciembre." });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = (await factory.Service<IReportStore>().FindAsync(report.ReportId))!;
        Assert.Equal((ReportStatus.Received, ReportStatus.Answered), (Assert.Single(stored.History).From, stored.History[0].To));
        Assert.Contains("<option value=\"respondido\"", await Page(Auditor(factory), $"/escritorio/reportes/{(await Stored(factory, "Otro.", Today.AddDays(5))).ReportId}"));
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task A_template_chosen_without_javascript_keeps_the_typed_note_and_answer(StoreKind store)
    {
        using var factory = Desk(store);
        var report = await Stored(factory, "Plantilla.", Today.AddDays(5), ReportStatus.InReview);

        var response = await Auditor(factory).PostAsync($"/escritorio/reportes/{report.ReportId}/estado", Form(("status", "respondido"),
            ("note", "Llamé al interventor"), ("publicAnswer", "Gracias por avisarnos."), ("plantilla", "visita")));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(">Llamé al interventor</textarea>", html);
        Assert.Matches(">Gracias por avisarnos\\.(\n|&#xA;){2}Visitamos la obra y verificamos lo que nos contó\\.", html); // added after, not replacing
        Assert.Contains("<option value=\"respondido\" selected", html);
        Assert.Equal(ReportStatus.InReview, (await factory.Service<IReportStore>().FindAsync(report.ReportId))!.Status); // nothing saved
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task The_csv_has_the_works_name_the_authority_forwarded_to_and_the_date_answered(StoreKind store)
    {
        using var factory = Desk(store);
        var auditor = Auditor(factory);
        var report = await Stored(factory, "Para el CSV.", Today.AddDays(5), ReportStatus.InReview);
        await auditor.PatchAsJsonAsync($"/api/reports/{report.ReportId}", new { status = "trasladado", note = "No es nuestro", forwardedTo = "Secretaría de Infraestructura" });
        await auditor.PatchAsJsonAsync($"/api/reports/{report.ReportId}", new { status = "respondido", note = "Respondió", publicAnswer = "La Secretaría lo atiende." });

        var csv = await auditor.GetStringAsync("/api/reports?format=csv&sep=comma");
        using var reader = new CsvReader(new StringReader(csv.TrimStart('\uFEFF')), new CsvConfiguration(CultureInfo.InvariantCulture));
        var rows = reader.GetRecords<dynamic>().Cast<IDictionary<string, object>>().ToList();
        var row = Assert.Single(rows, r => (string)r["id_reporte"] == report.ReportId);

        Assert.Equal(await WorkNameOf(factory), row["obra"]);
        Assert.Equal("Secretaría de Infraestructura", row["trasladado_a"]);
        Assert.Equal("2026-12-04 12:00", row["respondido"]);
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task The_semiannual_report_on_the_desk_shows_an_answer_at_once(StoreKind store)
    {
        using var factory = Desk(store);
        var auditor = Auditor(factory);
        var report = await Stored(factory, "Para el informe.", Today.AddDays(5));

        var before = await Page(auditor, "/escritorio/informe-semestral");
        await auditor.PatchAsJsonAsync($"/api/reports/{report.ReportId}", new { status = "respondido", note = "Hecho", publicAnswer = "Resuelto." });
        var after = await Page(auditor, "/escritorio/informe-semestral");

        Assert.Contains($"<td class=\"muted\">{report.ReportId}</td>", before);
        Assert.DoesNotContain($"<td class=\"muted\">{report.ReportId}</td>", after);
        Assert.Contains("Cifras calculadas el 4 de diciembre de 2026 a las 12:00", after); // the roll-up, computed again after the answer
    }
}
