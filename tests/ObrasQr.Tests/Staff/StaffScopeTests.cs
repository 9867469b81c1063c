using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ObrasQr.Auth;
using ObrasQr.Http;
using ObrasQr.Staff;

namespace ObrasQr.Tests.Staff;

/// <summary>
/// Entity scope on every staff route, read from the route table: staff of Cartagena see Cartagena's report, upload,
/// works and account; staff of Manizales get 404 for each (or a list without them). A new staff route fails
/// <see cref="Every_staff_route_has_a_scope_probe"/> until it gets a probe here.
/// </summary>
public sealed class StaffScopeTests
{
    const string Cartagena = "890480184", Manizales = "890801053";
    const string ContractId = "CO1.PCCNTR.5361557"; // a Cartagena work of the demo data

    /// <summary>Cartagena's things, made once per factory.</summary>
    sealed record Things(string ReportId, string ExportId, string StaffId, string StaffEmail, IStaffStore Accounts, string ProgressEntryId,
        string SyncRunId);

    /// <summary>Whether the client sees Cartagena's thing through this route.</summary>
    delegate Task<bool> Probe(HttpClient staff, Things things);

    /// <summary>Routes that touch no entity's things: why they need no probe.</summary>
    static readonly Dictionary<string, string> WithoutEntityThings = new()
    {
        ["DeskHome"] = "sends each role to its start page",
        ["SignOut"] = "ends the caller's own session",
        ["Account"] = "the caller's own account",
        ["AccountPassword"] = "the caller's own password",
        ["AccountSecondFactor"] = "the caller's own second factor",
        ["AccountSecondFactorConfirm"] = "the caller's own second factor",
        ["AccountSecondFactorDisable"] = "the caller's own second factor",
        // An upload in chunks belongs to whoever started it; anyone else's id answers 404 (ChunkedUploadTests). Once
        // complete, its export's scope is ExportStatus's.
        ["ExportUploadStart"] = "starts the caller's own upload",
        ["ExportUploadChunk"] = "a chunk of the caller's own upload",
        ["ExportUploadComplete"] = "completes the caller's own upload",
    };

    static readonly Dictionary<string, Probe> Probes = new()
    {
        ["ReportsList"] = async (c, t) => (await c.GetFromJsonAsync<JsonElement>("/api/reports")).GetProperty("items").EnumerateArray()
            .Any(r => r.GetProperty("reportId").GetString() == t.ReportId),
        ["ReportDetail"] = async (c, t) => NotMissing(await c.GetAsync($"/api/reports/{t.ReportId}")),
        ["ReportPhoto"] = async (c, t) => NotMissing(await c.GetAsync($"/api/reports/{t.ReportId}/photos/1")),
        ["ReportChangeStatus"] = async (c, t) => NotMissing(await c.PatchAsJsonAsync($"/api/reports/{t.ReportId}", new { status = "en_revision", note = "Revisión de la obra." })),
        // The auditors' desk pages: the list links only reports in scope; the report's page and its actions answer 404 outside.
        ["DeskReports"] = async (c, t) => (await c.GetStringAsync("/escritorio/reportes")).Contains($"href=\"/escritorio/reportes/{t.ReportId}\""),
        ["DeskReport"] = async (c, t) => NotMissing(await c.GetAsync($"/escritorio/reportes/{t.ReportId}")),
        ["DeskReportIdentity"] = async (c, t) => NotMissing(await c.PostAsync($"/escritorio/reportes/{t.ReportId}/identidad", new FormUrlEncodedContent([]))),
        ["DeskReportStatus"] = async (c, t) => NotMissing(await c.PostAsync($"/escritorio/reportes/{t.ReportId}/estado", new FormUrlEncodedContent(
            new Dictionary<string, string> { ["status"] = "en_revision", ["note"] = "Revisión", ["accion"] = "vista" }))),
        ["DeskReportPublishable"] = async (c, t) => NotMissing(await c.PostAsync($"/escritorio/reportes/{t.ReportId}/publicable",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["publishable"] = "false" }))),
        ["DeskReportAssign"] = async (c, t) => NotMissing(await c.PostAsync($"/escritorio/reportes/{t.ReportId}/asignar", new FormUrlEncodedContent([]))),
        // A bulk change names each report it cannot see as one that does not exist.
        ["DeskReportsBulk"] = async (c, t) => !(await (await c.PostAsync("/escritorio/reportes/lote", new FormUrlEncodedContent(
            new Dictionary<string, string> { ["reportId"] = t.ReportId, ["newStatus"] = "en_revision", ["note"] = "Revisión" }))).Content.ReadAsStringAsync())
            .Contains("No hay un reporte con el identificador"),
        ["ExportStatus"] = async (c, t) => NotMissing(await c.GetAsync($"/api/exports/{t.ExportId}")),
        // An upload of Cartagena's rows changes Cartagena's works only when its uploader sees Cartagena.
        ["ExportUpload"] = async (c, t) =>
        {
            var upload = await c.PostAsync("/api/exports", new ByteArrayContent(await File.ReadAllBytesAsync(TestData.PathOf("secop-new-works.csv")))
                { Headers = { ContentType = new("text/csv") } });
            var exportId = (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("exportId").GetString();
            await ObrasQrFactory.SyncNowAsync(c);
            var status = await c.GetFromJsonAsync<JsonElement>($"/api/exports/{exportId}");
            var refused = status.GetProperty("errors").EnumerateArray().Count(e => e.GetProperty("reason").GetString()!.Contains("no se aplicó"));
            return status.GetProperty("counts").GetProperty("rejected").GetInt32() == 1 && refused == 0;
        },
        ["SyncNow"] = async (c, t) => (await ObrasQrFactory.SyncNowAsync(c)).GetRawText().Contains(t.ExportId)
            || NotMissing(await c.GetAsync($"/api/exports/{t.ExportId}")),
        // A "sync now" of Cartagena's office, followed by its status address and its desk page.
        ["SyncStatus"] = async (c, t) => NotMissing(await c.GetAsync($"/api/sync/{t.SyncRunId}")),
        ["DeskSyncRun"] = async (c, t) => NotMissing(await c.GetAsync($"/escritorio/sincronizar/{t.SyncRunId}")),
        ["BillboardsZip"] = async (c, t) =>
        {
            using var zip = new ZipArchive(await c.GetStreamAsync("/api/billboards.zip"));
            return zip.Entries.Any(e => e.FullName.StartsWith(ContractId + "/", StringComparison.Ordinal));
        },
        // The office desk (tests/ObrasQr.Tests/Desk covers each page; these probe the scope).
        ["DeskUploads"] = async (c, t) => (await c.GetStringAsync("/escritorio/cargas")).Contains(t.ExportId),
        ["DeskUploadDetail"] = async (c, t) => NotMissing(await c.GetAsync($"/escritorio/cargas/{t.ExportId}")),
        ["DeskUpload"] = async (c, t) =>
        {
            using var form = new MultipartFormDataContent();
            form.Add(new ByteArrayContent(await File.ReadAllBytesAsync(TestData.PathOf("secop-new-works.csv"))) { Headers = { ContentType = new("text/csv") } }, "file", "secop.csv");
            var upload = await c.PostAsync("/escritorio/cargas", form);
            var exportId = Uri.UnescapeDataString(upload.Headers.Location!.OriginalString["/escritorio/cargas/".Length..]);
            await ObrasQrFactory.SyncNowAsync(c);
            var status = await c.GetFromJsonAsync<JsonElement>($"/api/exports/{exportId}");
            var refused = status.GetProperty("errors").EnumerateArray().Count(e => e.GetProperty("reason").GetString()!.Contains("no se aplicó"));
            return status.GetProperty("counts").GetProperty("rejected").GetInt32() == 1 && refused == 0;
        },
        ["DeskWorks"] = async (c, t) => (await c.GetStringAsync("/escritorio/obras?desde=CO1.PCCNTR.5361556")).Contains($"/o/{ContractId}/valla.svg"),
        ["DeskNewWork"] = async (c, t) => (await c.GetStringAsync("/escritorio/obras/nueva")).Contains($"<option value=\"{Cartagena}\""),
        ["DeskRegisterWork"] = async (c, t) => (await c.PostAsync("/escritorio/obras/nueva", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["objeto"] = "Andén de la calle 5", ["contratista"] = "Obras S.A.S.", ["valor"] = "100.000.000", ["inicio"] = "2026-01-10",
            ["fin"] = "2026-12-10", ["lugar"] = "Manga", ["estado"] = "En ejecución", ["entidad"] = Cartagena,
        }))).StatusCode == HttpStatusCode.Redirect,
        ["DeskSyncNow"] = async (c, t) => (await Desk.OfficeDesk.DeskSyncNowAsync(c)).Contains(t.ExportId)
            || NotMissing(await c.GetAsync($"/escritorio/cargas/{t.ExportId}")),
        // A scoped admin's new account gets the admin's own scope, whatever the form says.
        ["StaffAdd"] = async (c, t) =>
        {
            var email = $"nuevo-{Guid.NewGuid():N}@cartagena.gov.co";
            await c.PostAsync("/escritorio/personal", new FormUrlEncodedContent(new Dictionary<string, string>
                { ["name"] = "Persona Nueva", ["email"] = email, ["role"] = "auditor", ["entity"] = Cartagena }));
            return (await t.Accounts.FindByEmailAsync(email))?.EntityNit == Cartagena;
        },
        // The semiannual report (Ley 1474 art. 76) lists the open cases it counts.
        ["SemesterDesk"] = async (c, t) => (await c.GetStringAsync("/escritorio/informe-semestral")).Contains(t.ReportId),
        ["SemesterDeskCsv"] = async (c, t) => (await c.GetStringAsync("/escritorio/informe-semestral.csv")).Contains(t.ReportId),
        ["ReportPublishable"] = async (c, t) => NotMissing(await c.PostAsJsonAsync($"/api/reports/{t.ReportId}/publicable", new { publishable = false })),
        // Physical progress of a Cartagena work: recorded only by staff who see Cartagena.
        ["ProgressRecord"] = async (c, t) => NotMissing(await c.PostAsJsonAsync($"/api/contracts/{ContractId}/avances",
            new { date = "2026-11-30", percent = 10, note = "Excavación." })),
        ["ProgressForm"] = async (c, t) => NotMissing(await c.GetAsync($"/escritorio/obras/{ContractId}/avance")),
        ["ProgressSubmit"] = async (c, t) => NotMissing(await c.PostAsync($"/escritorio/obras/{ContractId}/avance", new FormUrlEncodedContent(
            new Dictionary<string, string> { ["date"] = "2026-11-30", ["percent"] = "10", ["note"] = "Excavación." }))),
        // Withdrawing a Cartagena work and publishing it again (in this order in the route table, so it ends published).
        ["WithdrawalRecord"] = async (c, t) => NotMissing(await c.PostAsJsonAsync($"/api/contracts/{ContractId}/withdrawal",
            new { reason = "Publicada por error en la carga." })),
        ["WithdrawalUndo"] = async (c, t) => NotMissing(await c.DeleteAsync($"/api/contracts/{ContractId}/withdrawal")),
        ["DeskWithdrawWork"] = async (c, t) => NotMissing(await c.PostAsync($"/escritorio/obras/{ContractId}/retirar", new FormUrlEncodedContent(
            new Dictionary<string, string> { ["motivo"] = "Publicada por error en la carga." }))),
        ["DeskRepublishWork"] = async (c, t) => NotMissing(await c.PostAsync($"/escritorio/obras/{ContractId}/publicar", new FormUrlEncodedContent([]))),
        // Corrections of Cartagena's entry, none written (a stale version, a deletion without its reason): 404 only outside.
        ["ProgressCorrect"] = async (c, t) => NotMissing(await c.PatchAsJsonAsync($"/api/contracts/{ContractId}/avances/{t.ProgressEntryId}", new { version = 0 })),
        ["ProgressDelete"] = async (c, t) => NotMissing(await c.SendAsync(new HttpRequestMessage(HttpMethod.Delete,
            $"/api/contracts/{ContractId}/avances/{t.ProgressEntryId}") { Content = JsonContent.Create(new { version = 1 }) })),
        ["ProgressCorrectForm"] = async (c, t) => NotMissing(await c.GetAsync($"/escritorio/obras/{ContractId}/avance/{t.ProgressEntryId}")),
        ["ProgressCorrectSubmit"] = async (c, t) => NotMissing(await c.PostAsync($"/escritorio/obras/{ContractId}/avance/{t.ProgressEntryId}",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["version"] = "0", ["percent"] = "5" }))),
        ["ProgressDeleteForm"] = async (c, t) => NotMissing(await c.GetAsync($"/escritorio/obras/{ContractId}/avance/{t.ProgressEntryId}/eliminar")),
        ["ProgressDeleteSubmit"] = async (c, t) => NotMissing(await c.PostAsync($"/escritorio/obras/{ContractId}/avance/{t.ProgressEntryId}/eliminar",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["version"] = "1", ["motivo"] = "" }))),
        ["StaffReset"] = async (c, t) => NotMissing(await c.PostAsync($"/escritorio/personal/{t.StaffId}/restablecer", new FormUrlEncodedContent([]))),
        ["StaffList"] = async (c, t) => (await c.GetStringAsync("/escritorio/personal")).Contains(t.StaffEmail),
        ["StaffChange"] = async (c, t) => NotMissing(await c.PostAsync($"/escritorio/personal/{t.StaffId}",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["role"] = "auditor", ["entity"] = Cartagena, ["active"] = "si" }))),
        ["StaffMailNotices"] = async (c, t) => NotMissing(await c.PostAsync($"/escritorio/personal/{t.StaffId}/avisos",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["avisos"] = "resumen_diario" }))),
    };

    static bool NotMissing(HttpResponseMessage response) => response.StatusCode != HttpStatusCode.NotFound;

    static readonly HttpRoute[] StaffRoutes = HttpContract.Routes.Where(r => r.Role is not null).ToArray();

    [Fact]
    public void Every_staff_route_has_a_scope_probe()
    {
        var missing = StaffRoutes.Where(r => !Probes.ContainsKey(r.Name) && !WithoutEntityThings.ContainsKey(r.Name)).Select(r => r.Name);
        Assert.Empty(missing);
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task Staff_of_another_entity_get_404_for_that_entitys_things_on_every_staff_route(StoreKind store)
    {
        using var factory = new ObrasQrFactory(store);
        var keys = new Dictionary<string, string>();
        var n = 2;
        foreach (var (nit, city) in new[] { (Cartagena, "cartagena"), (Manizales, "manizales") })
            foreach (var role in Roles.All)
            {
                var key = $"clave-{role}-{city}";
                factory.Settings[$"ObrasQr:Auth:Keys:{n}:Name"] = $"{role}-{city}";
                factory.Settings[$"ObrasQr:Auth:Keys:{n}:Role"] = role;
                factory.Settings[$"ObrasQr:Auth:Keys:{n}:Sha256"] = ApiKeys.Digest(key);
                factory.Settings[$"ObrasQr:Auth:Keys:{n}:EntityNit"] = nit;
                keys[$"{role}-{city}"] = key;
                n++;
            }
        HttpClient Client(string role, string city)
        {
            var client = factory.CreateClient(new() { AllowAutoRedirect = false });
            client.DefaultRequestHeaders.Authorization = new("Bearer", keys[$"{role}-{city}"]);
            return client;
        }
        var things = await CartagenasThingsAsync(factory, Client(Roles.Office, "cartagena"));

        foreach (var route in StaffRoutes.Where(r => Probes.ContainsKey(r.Name)))
        {
            var role = route.Role == Roles.Staff ? Roles.Admin : route.Role!;
            var other = await Probes[route.Name](Client(role, "manizales"), things);
            var own = await Probes[route.Name](Client(role, "cartagena"), things);

            Assert.False(other, $"{route.Name}: Manizales staff see Cartagena's thing");
            Assert.True(own, $"{route.Name}: Cartagena staff do not see their own thing");
        }
    }

    static async Task<Things> CartagenasThingsAsync(ObrasQrFactory factory, HttpClient cartagenaOffice)
    {
        var created = await factory.CreateClient().PostAsync($"/api/contracts/{ContractId}/reports", Reports.ReportKit.Form(
            [("category", "obra_paralizada"), ("description", "La obra lleva un mes detenida sin trabajadores.")], ("obra.jpg", Reports.PhotoCleanerTests.Photo("gps.jpg"))));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var list = await factory.ClientWithKey(ObrasQrFactory.AuditorKey).GetFromJsonAsync<JsonElement>("/api/reports");
        var reportId = list.GetProperty("items")[0].GetProperty("reportId").GetString()!;
        var upload = await cartagenaOffice.PostAsync("/api/exports", new ByteArrayContent(await File.ReadAllBytesAsync(TestData.PathOf("secop-new-works.csv")))
            { Headers = { ContentType = new("text/csv") } });
        var exportId = (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("exportId").GetString()!;
        var member = await DeskSession.AccountAsync(factory, "clara@cartagena.gov.co", Roles.Auditor, Cartagena, name: "Clara Ruiz");
        var progress = await cartagenaOffice.PostAsJsonAsync($"/api/contracts/{ContractId}/avances", new { date = "2026-11-29", percent = 5 });
        var progressEntryId = (await progress.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("entryId").GetString()!;
        var sync = await cartagenaOffice.PostAsync("/api/sync", null);
        var syncRunId = (await sync.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetString()!;
        return new Things(reportId, exportId, member.Id, member.Email, factory.Service<IStaffStore>(), progressEntryId, syncRunId);
    }
}
