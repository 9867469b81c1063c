using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ObrasQr.Auth;
using ObrasQr.Contracts;
using ObrasQr.Secop;
using ObrasQr.Sync;
using ObrasQr.Tests.Staff;

namespace ObrasQr.Tests.Secop;

/// <summary>A contract belongs to the entity that first published it: another entity's upload cannot take it, and
/// only someone who sees every entity may move it, with their name on the move.</summary>
public sealed class ContractOwnershipTests
{
    const string Cartagena = "890480184", Manizales = "890801053";
    const string ContractId = "CO1.PCCNTR.5361557"; // a Cartagena work of the demo data
    const string ManizalesOffice = "clave-oficina-manizales", ManizalesAuditor = "clave-auditoria-manizales";

    static ObrasQrFactory WithManizalesStaff(StoreKind store)
    {
        var factory = new ObrasQrFactory(store);
        foreach (var (n, role, key) in new[] { (2, Roles.Office, ManizalesOffice), (3, Roles.Auditor, ManizalesAuditor) })
        {
            factory.Settings[$"ObrasQr:Auth:Keys:{n}:Name"] = $"{role}-manizales";
            factory.Settings[$"ObrasQr:Auth:Keys:{n}:Role"] = role;
            factory.Settings[$"ObrasQr:Auth:Keys:{n}:Sha256"] = ApiKeys.Digest(key);
            factory.Settings[$"ObrasQr:Auth:Keys:{n}:EntityNit"] = Manizales;
        }
        return factory;
    }

    /// <summary>One row shaped like the SODA export: Cartagena's contract id under Manizales's NIT, for $1; and a new
    /// Manizales work beside it.</summary>
    static ByteArrayContent TakeoverFile() => new(Encoding.UTF8.GetBytes($$"""
        [{"id_contrato":"{{ContractId}}","nombre_entidad":"ALCALDIA DE MANIZALES","nit_entidad":"{{Manizales}}","tipo_de_contrato":"Obra","estado_contrato":"En ejecución","valor_del_contrato":"1","objeto_del_contrato":"Obra tomada"},
         {"id_contrato":"CO1.PCCNTR.7799001","nombre_entidad":"ALCALDIA DE MANIZALES","nit_entidad":"{{Manizales}}","tipo_de_contrato":"Obra","estado_contrato":"En ejecución","valor_del_contrato":"5000000","objeto_del_contrato":"Andén nuevo"}]
        """)) { Headers = { ContentType = new("application/json") } };

    static async Task<JsonElement> UploadAndImportAsync(HttpClient office)
    {
        var upload = await office.PostAsync("/api/exports", TakeoverFile());
        Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
        var exportId = (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("exportId").GetString();
        await ObrasQrFactory.SyncNowAsync(office);
        return await office.GetFromJsonAsync<JsonElement>($"/api/exports/{exportId}");
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task Import_refuses_a_row_whose_contract_another_entity_holds_and_the_entity_gets_nothing_of_it(StoreKind store)
    {
        using var factory = WithManizalesStaff(store);
        var before = await factory.Service<IContractStore>().FindAsync(ContractId);

        var status = await UploadAndImportAsync(factory.ClientWithKey(ManizalesOffice));

        var counts = status.GetProperty("counts");
        Assert.Equal(1, counts.GetProperty("new").GetInt32());
        Assert.Equal(1, counts.GetProperty("rejected").GetInt32());
        var reason = Assert.Single(status.GetProperty("errors").EnumerateArray()).GetProperty("reason").GetString()!;
        Assert.Contains($"El contrato {ContractId} pertenece a otra entidad (NIT {Cartagena})", reason);
        var after = await factory.Service<IContractStore>().FindAsync(ContractId);
        Assert.Equal(before!.Number, after!.Number);
        Assert.Equal(Cartagena, after.Contract.EntityNit);

        // Manizales's office cannot record progress on it, its auditors never see its reports.
        var progress = await factory.ClientWithKey(ManizalesOffice).PostAsJsonAsync($"/api/contracts/{ContractId}/avances",
            new { date = "2026-11-30", percent = 10, note = "Excavación." });
        Assert.Equal(HttpStatusCode.NotFound, progress.StatusCode);
        var report = await factory.CreateClient().PostAsJsonAsync($"/api/contracts/{ContractId}/reports",
            new { category = "obra_paralizada", description = "La obra lleva un mes detenida sin trabajadores.", reporter = new { name = "Luz Gómez", email = "luz@correo.co", consent = true } });
        Assert.Equal(HttpStatusCode.Created, report.StatusCode);
        var reportId = (await factory.ClientWithKey(ObrasQrFactory.AuditorKey).GetFromJsonAsync<JsonElement>("/api/reports"))
            .GetProperty("items")[0].GetProperty("reportId").GetString();
        var auditor = factory.ClientWithKey(ManizalesAuditor);
        Assert.Equal(0, (await auditor.GetFromJsonAsync<JsonElement>("/api/reports")).GetProperty("items").GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await auditor.GetAsync($"/api/reports/{reportId}")).StatusCode);
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task A_desk_upload_by_a_scoped_account_cannot_take_another_entitys_contract(StoreKind store)
    {
        using var factory = WithManizalesStaff(store);
        await DeskSession.AccountAsync(factory, "oficina@manizales.gov.co", Roles.Office, Manizales);
        var desk = new DeskSession(factory);
        await desk.SignInAsync("oficina@manizales.gov.co");
        using var form = new MultipartFormDataContent { { TakeoverFile(), "file", "secop.json" } };
        var csrf = await desk.DeskCsrfAsync("/escritorio/cargas");
        form.Add(new StringContent(csrf), "csrf");

        var upload = await desk.Client.PostAsync("/escritorio/cargas", form);
        Assert.NotNull(upload.Headers.Location);
        await ObrasQrFactory.SyncNowAsync(factory.ClientWithKey(ObrasQrFactory.OfficeKey));
        var detail = await desk.Client.GetStringAsync(upload.Headers.Location!.OriginalString);

        Assert.Contains("pertenece a otra entidad", detail);
        Assert.Equal(Cartagena, (await factory.Service<IContractStore>().FindAsync(ContractId))!.Contract.EntityNit);
        Assert.Equal(HttpStatusCode.NotFound, (await desk.Client.GetAsync($"/escritorio/obras/{ContractId}/avance")).StatusCode);
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task An_unscoped_office_moves_a_contract_to_another_entity_and_the_move_names_who_made_it(StoreKind store)
    {
        using var factory = WithManizalesStaff(store);

        var status = await UploadAndImportAsync(factory.ClientWithKey(ObrasQrFactory.OfficeKey));

        Assert.Equal(1, status.GetProperty("counts").GetProperty("changed").GetInt32());
        Assert.Equal(0, status.GetProperty("counts").GetProperty("rejected").GetInt32());
        var note = Assert.Single(status.GetProperty("errors").EnumerateArray());
        Assert.True(note.GetProperty("rowKept").GetBoolean());
        Assert.Contains($"pasó de la entidad con NIT {Cartagena} a la entidad con NIT {Manizales}; lo movió oficina-contratacion", note.GetProperty("reason").GetString());
        var moved = await factory.Service<IContractStore>().FindAsync(ContractId);
        Assert.Equal(Manizales, moved!.Contract.EntityNit);
        Assert.Equal($"export:{status.GetProperty("exportId").GetString()}", moved.Source);
    }

    [Fact]
    public async Task The_SODA_pull_never_moves_a_contract_between_entities()
    {
        using var factory = new ObrasQrFactory();
        var importer = factory.Service<SecopImporter>();
        var rows = JsonExportReader.ReadPage(Encoding.UTF8.GetBytes(
            $$"""[{"id_contrato":"{{ContractId}}","nit_entidad":"{{Manizales}}","tipo_de_contrato":"Obra","estado_contrato":"En ejecución","valor_del_contrato":"1"}]"""));

        var result = await importer.ImportRowsAsync(rows.ToAsyncEnumerable(), "soda:prueba", counted: new ContractIdSet());

        Assert.Equal(1, result.Counts.Rejected);
        Assert.Contains("pertenece a otra entidad", Assert.Single(result.ErrorGroups).Reason);
        Assert.Equal(Cartagena, (await factory.Service<IContractStore>().FindAsync(ContractId))!.Contract.EntityNit);
    }
}
