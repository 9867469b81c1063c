using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace ObrasQr.Tests.Pages;

/// <summary>Works as real SECOP II files give them, uploaded by the office and read back on every page that names them:
/// an empty object, a cancelled contract, rows without the entity's NIT, additions dated by SECOP's own stamp.</summary>
public abstract class WorkFromSecopTests : IDisposable
{
    public sealed class OnSqlite() : WorkFromSecopTests(StoreKind.Sqlite);
    public sealed class OnAzure() : WorkFromSecopTests(StoreKind.Azure);

    // Each test its own server: the sync imports every pending upload.
    readonly ManualClock clock = ManualClock.AtNoonInColombia(2026, 11, 21);
    readonly ObrasQrFactory factory;

    protected WorkFromSecopTests(StoreKind store) => factory = new ObrasQrFactory(store) { Clock = clock };

    public void Dispose() => factory.Dispose();

    const string Header = "ID Contrato,Nit Entidad,Nombre Entidad,Tipo de Contrato,Estado Contrato,Valor del Contrato," +
        "Objeto del Contrato,Descripcion del Proceso,Fecha de Firma,Fecha de Inicio del Contrato,Fecha de Fin del Contrato,Ultima Actualizacion,Ciudad\n";

    async Task<JsonElement> UploadAsync(string rows)
    {
        var office = factory.ClientWithKey(ObrasQrFactory.OfficeKey);
        var upload = await office.PostAsync("/api/exports",
            new ByteArrayContent(Encoding.UTF8.GetBytes(Header + rows)) { Headers = { ContentType = new("text/csv") } });
        Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
        var exportId = (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("exportId").GetString();
        await ObrasQrFactory.SyncNowAsync(office);
        var status = await office.GetFromJsonAsync<JsonElement>($"/api/exports/{exportId}");
        return status;
    }

    // The index keeps its snapshot for WorksCatalog.Freshness and refreshes it in the background: refreshed here at once.
    async Task RefreshIndexAsync()
    {
        clock.Advance(ObrasQr.Accountability.WorksCatalog.Freshness + TimeSpan.FromSeconds(1));
        await factory.Service<ObrasQr.Accountability.WorksCatalog>().GetAsync(default);
    }

    async Task<string> PageAsync(string path)
    {
        var response = await factory.CreateClient().GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_work_without_object_is_named_by_its_process_description_on_every_page_and_file()
    {
        const string name = "Construcción del puente peatonal de Olaya Herrera";
        await UploadAsync($"CO1.PCCNTR.1100001,890480184,Alcaldía de prueba,Obra,En ejecución,\"$1,000,000\",,{name},01/10/2026,02/01/2026,12/31/2027,11/02/2026 12:00:00 AM,Cartagena de Indias\n");

        var page = await PageAsync("/o/CO1.PCCNTR.1100001");
        Assert.Contains($"<h1>{name}</h1>", page);
        Assert.Contains("<title>Construcción del puente peatonal de Olaya Herrera", page);
        Assert.Contains($"property=\"og:title\" content=\"{name}\"", page);
        await RefreshIndexAsync();
        Assert.Contains(name, await PageAsync("/?q=puente+olaya"));
        Assert.Contains(name, await factory.CreateClient().GetStringAsync("/api/contracts.csv"));
        var oc4ids = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/oc4ids.json");
        var project = oc4ids.GetProperty("projects").EnumerateArray().Single(p => p.GetProperty("id").GetString()!.EndsWith("CO1.PCCNTR.1100001"));
        Assert.Equal(name, project.GetProperty("title").GetString());
        var desk = factory.ClientWithKey(ObrasQrFactory.OfficeKey);   // its id sorts before the demo's: on the desk's first page
        Assert.Contains(name, WebUtility.HtmlDecode(await desk.GetStringAsync("/escritorio/obras")));
    }

    [Fact]
    public async Task A_cancelled_work_has_a_page_that_says_so_without_countdown_or_flags_and_is_not_listed_as_a_work()
    {
        // Signed in 2025 and due in January 2026: on 21 November 2026 a live work would be months overdue.
        await UploadAsync("CO1.PCCNTR.8800002,890480184,Alcaldía de prueba,Obra,Cancelado,\"$2,000,000\",Parque del barrio Chino,,03/01/2025,04/01/2025,01/31/2026,06/15/2025 12:00:00 AM,Cartagena de Indias\n");

        var page = await PageAsync("/o/CO1.PCCNTR.8800002");

        Assert.Contains("<p class=\"lead\">SECOP II registra este contrato como cancelado.</p>", page);
        Assert.Contains("Sin plazo en curso: SECOP II no registra este contrato en ejecución.", page);
        Assert.DoesNotContain("Vencido", page);
        Assert.DoesNotContain("Faltan", page);
        Assert.DoesNotContain("Alertas sobre este contrato", page);
        Assert.DoesNotContain("No encontramos esta obra", page);
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().GetAsync("/o/CO1.PCCNTR.8800002/qr.png")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().GetAsync("/api/contracts/CO1.PCCNTR.8800002")).StatusCode);
        // Never signed into a running work: its own page and record say what SECOP records, the lists of works do not count it.
        await RefreshIndexAsync();
        Assert.DoesNotContain("Parque del barrio Chino", await PageAsync("/?q=parque+chino"));
        Assert.DoesNotContain("CO1.PCCNTR.8800002", await factory.CreateClient().GetStringAsync("/api/contracts.csv"));
    }

    [Fact]
    public async Task A_row_without_the_entitys_NIT_is_imported_with_a_warning_shown_with_the_upload()
    {
        var status = await UploadAsync("CO1.PCCNTR.8800003,,Alcaldía de prueba,Obra,En ejecución,\"$3,000,000\",Andén de la calle 30,,01/10/2026,02/01/2026,12/31/2027,11/02/2026 12:00:00 AM,Cartagena de Indias\n");

        Assert.Equal("imported_with_warnings", status.GetProperty("status").GetString());
        Assert.Equal(1, status.GetProperty("counts").GetProperty("new").GetInt32());
        var warning = status.GetProperty("errors").EnumerateArray().Single();
        Assert.Equal("Nit Entidad", warning.GetProperty("column").GetString());
        Assert.Equal("Falta el NIT de la entidad (Nit Entidad): no se puede saber qué entidad publica este contrato.",
            warning.GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().GetAsync("/o/CO1.PCCNTR.8800003")).StatusCode);
        var desk = factory.ClientWithKey(ObrasQrFactory.OfficeKey);
        var uploads = WebUtility.HtmlDecode(await desk.GetStringAsync("/escritorio/cargas"));
        var exportId = status.GetProperty("exportId").GetString()!;
        Assert.Contains("Falta el NIT de la entidad (Nit Entidad): no se puede saber qué entidad publica este contrato.",
            WebUtility.HtmlDecode(await desk.GetStringAsync($"/escritorio/cargas/{Uri.EscapeDataString(exportId)}")));
        Assert.Contains(exportId, uploads);
    }

    // Ley 80 de 1993, art. 40, parágrafo: each addition is taken at the SMMLV of the year it was made. Last year's
    // exports loaded this year date their changes by SECOP's "Ultima Actualizacion", not by the day of the upload.
    const string Signed = "CO1.PCCNTR.8800004,890480184,Alcaldía de prueba,Obra,Aprobado,\"$1,300,000,000\",Colegio de Pozón,,03/01/2024,04/01/2024,12/31/2027,2024 mar 05 12:00:00 AM,Cartagena de Indias\n";
    const string Added = "CO1.PCCNTR.8800004,890480184,Alcaldía de prueba,Obra,Modificado,\"$1,723,500,000\",Colegio de Pozón,,03/01/2024,04/01/2024,12/31/2027,2025 ago 09 12:00:00 AM,Cartagena de Indias\n";

    [Fact]
    public async Task A_back_loaded_export_prices_its_addition_at_the_SMMLV_of_the_year_SECOP_dates_it()
    {
        await UploadAsync(Signed);
        await UploadAsync(Added);

        var page = await PageAsync("/o/CO1.PCCNTR.8800004");

        // 1.300.000.000 at 2024's SMMLV ($ 1.300.000) is 1.000 SMMLV; 423.500.000 at 2025's ($ 1.423.500) is 297,5: 30 %.
        // At 2026's wage, the day of the upload, it would be 241,9 SMMLV (24 %).
        Assert.Contains("en salarios mínimos: 30 %", page);
        Assert.Contains("2025: $ 1.423.500, Decreto 1572 de 2024", page);
        Assert.DoesNotContain("Decreto 1469 de 2025", page);
        Assert.Contains("<strong>9 de agosto de 2025</strong>: Valor del contrato pasó de «$ 1.300.000.000» a «$ 1.723.500.000».", page);
    }

    [Fact]
    public async Task An_older_export_after_a_newer_one_is_counted_outdated_and_leaves_the_page_as_it_was()
    {
        await UploadAsync(Signed);
        await UploadAsync(Added);

        // The same bytes as the first upload would be answered from its fingerprint: a re-download of the older state.
        var older = await UploadAsync(Signed.Replace("Colegio de Pozón", "Colegio del barrio Pozón"));

        Assert.Equal(1, older.GetProperty("counts").GetProperty("outdated").GetInt32());
        var page = await PageAsync("/o/CO1.PCCNTR.8800004");
        Assert.Contains("<span class=\"status\">Modificado</span>", page);
        Assert.Contains("<h1>Colegio de Pozón</h1>", page);
        Assert.Contains("id=\"valor-actual\">$ 1.723.500.000", page);
        var record = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/contracts/CO1.PCCNTR.8800004");
        Assert.Equal("Modificado", record.GetProperty("contract").GetProperty("status").GetString());
    }
}
