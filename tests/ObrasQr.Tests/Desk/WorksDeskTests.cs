using System.Net;
using ObrasQr.Contracts;
using ObrasQr.Desk;
using ObrasQr.OpenData;
using ObrasQr.Secop;
using ObrasQr.Sync;
using static ObrasQr.Tests.Desk.OfficeDesk;

namespace ObrasQr.Tests.Desk;

public class WorksDeskTests
{
    static (string, string)[] GoodWork(string entity = CartagenaNit) =>
    [
        ("objeto", "Pavimentación de la calle 30 en el barrio Olaya Herrera"),
        ("contratista", "Pavimentos del Caribe S.A.S."),
        ("valor", "1.250.000.000"),
        ("inicio", "2026-03-02"),
        ("fin", "2026-12-15"),
        ("lugar", "Olaya Herrera, Cartagena de Indias"),
        ("estado", "En ejecución"),
        ("entidad", entity),
    ];

    static async Task<string> RegisterAsync(HttpClient office, (string, string)[] fields)
    {
        var posted = await office.PostAsync("/escritorio/obras/nueva", Form(fields));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var location = posted.Headers.Location!.OriginalString;
        Assert.StartsWith("/escritorio/obras?registrada=", location);
        return Uri.UnescapeDataString(location["/escritorio/obras?registrada=".Length..]);
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task Works_list_each_published_work_with_its_panel_QR_public_page_and_the_zip(StoreKind store)
    {
        using var factory = NewServer(store);
        var office = Office(factory);
        var published = await factory.Service<IContractStore>().ListPublishedAsync(null, WorksDeskHandlers.PageSize + 1);
        var firstId = published[0].ContractId;

        var page = await PageAsync(office, "/escritorio/obras");

        Assert.Contains($"href=\"/o/{firstId}\"", page);
        Assert.Contains($"href=\"/o/{firstId}/valla.svg\"", page);
        Assert.Contains($"href=\"/o/{firstId}/qr.png\"", page);
        Assert.Contains($"href=\"/o/{firstId}/qr.svg\"", page);
        Assert.Contains($"href=\"/escritorio/obras/{firstId}/avance\"", page);
        Assert.Contains("href=\"/api/billboards.zip\"", page);
        Assert.Equal(published.Count > WorksDeskHandlers.PageSize, page.Contains("Siguientes obras"));
        var panel = await office.GetAsync($"/o/{firstId}/valla.svg");
        Assert.Equal("image/svg+xml", panel.Content.Headers.ContentType?.MediaType);
        var zip = await office.GetAsync("/api/billboards.zip");
        Assert.Equal(HttpStatusCode.OK, zip.StatusCode);

        // Staff of another entity see none of Cartagena's works.
        var theirs = await PageAsync(Office(factory, ScopedOfficeKey), "/escritorio/obras");
        Assert.DoesNotContain(firstId, theirs);
        Assert.Contains("Aún no hay obras publicadas de su entidad", theirs);
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task Works_are_paged_by_id_from_where_the_last_page_ended(StoreKind store)
    {
        using var factory = NewServer(store);
        var office = Office(factory);
        var exportId = (await UploadAsync(office, Export(WorksDeskHandlers.PageSize + 5, new HashSet<int>(), idPrefix: "CO1.PCCNTR.00"), "muchas.csv")).Headers.Location;
        Assert.NotNull(exportId);
        await factory.Service<SyncJob>().RunAsync();
        var published = await factory.Service<IContractStore>().ListPublishedAsync(null, WorksDeskHandlers.PageSize + 1);

        var first = await PageAsync(office, "/escritorio/obras");
        var next = published[WorksDeskHandlers.PageSize - 1].ContractId;
        Assert.Contains($"href=\"/escritorio/obras?desde={next}\"", first);
        Assert.DoesNotContain($"/o/{published[WorksDeskHandlers.PageSize].ContractId}\"", first);
        var second = await PageAsync(office, $"/escritorio/obras?desde={next}");
        Assert.Contains($"/o/{published[WorksDeskHandlers.PageSize].ContractId}\"", second);
        Assert.DoesNotContain($"/o/{next}\"", second);
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task A_work_registered_by_hand_gets_a_page_that_says_it_is_not_published_in_SECOP_II(StoreKind store)
    {
        using var factory = NewServer(store);
        factory.Settings["ObrasQr:SeedDemoData"] = "false";   // the registered work is on the list's first page
        var office = Office(factory);
        await UploadAsync(office, Export(1, new HashSet<int>()), "una.csv");
        await factory.Service<SyncJob>().RunAsync();

        var id = await RegisterAsync(office, GoodWork());
        await factory.Service<OpenDataBuild>().RequestedBuildsAsync(); // the build the registration asked for, in the background

        Assert.StartsWith(ManualWorks.IdPrefix, id);
        var stored = await factory.Service<IContractStore>().FindAsync(id);
        Assert.Equal(ManualWorks.Source, stored!.Source);
        Assert.Equal(1_250_000_000m, stored.Contract.Value);
        Assert.Equal(CartagenaNit, stored.Contract.EntityNit);
        Assert.Equal(new DateOnly(2026, 12, 15), stored.Contract.EndsOn);

        var citizen = await PageAsync(factory.CreateClient(), $"/o/{id}");
        Assert.Contains("Esta obra no está publicada en SECOP II.", citizen);
        Assert.Contains("Fuente: registro de la entidad en ObrasQr (no publicado en SECOP II).", citizen);
        Assert.DoesNotContain("Ver el proceso completo en SECOP II", citizen);
        Assert.Contains("Pavimentos del Caribe S.A.S.", citizen);

        var works = await PageAsync(office, $"/escritorio/obras?registrada={id}");
        Assert.Contains($"Obra registrada con el número <strong>{id}</strong>", works);
        Assert.Contains($"href=\"/o/{id}/valla.svg\"", works);
        Assert.Contains("Registro manual: no está en SECOP II", works);
        Assert.Contains(id, await PageAsync(factory.CreateClient(), "/api/contracts.csv"));
        Assert.Contains(id, await PageAsync(factory.CreateClient(), $"/api/oc4ids.json?entity={CartagenaNit}"));
        var secopPage = await PageAsync(factory.CreateClient(), "/o/CO1.PCCNTR.7700001");
        Assert.DoesNotContain("no está publicada en SECOP II", secopPage);
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task The_form_gives_each_wrong_field_its_Spanish_reason_and_stores_nothing(StoreKind store)
    {
        using var factory = NewServer(store);
        var office = Office(factory);
        var before = await factory.Service<IContractStore>().CountAsync();
        var fields = GoodWork().Select(f => f.Item1 switch
        {
            "objeto" => ("objeto", "  "),
            "valor" => ("valor", "mucho dinero"),
            "fin" => ("fin", "2026-01-10"),
            "entidad" => ("entidad", "999999999"),
            _ => f,
        }).ToArray();

        var refused = await office.PostAsync("/escritorio/obras/nueva", Form(fields));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var page = await TextAsync(refused);
        Assert.Contains("<p class=\"field-error\" id=\"objeto-error\">Escriba el objeto de la obra (qué se construye).</p>", page);
        Assert.Contains("<p class=\"field-error\" id=\"valor-error\">Escriba el valor en pesos solo con números, por ejemplo 1.250.000.000.</p>", page);
        Assert.Contains("<p class=\"field-error\" id=\"fin-error\">La fecha de terminación no puede ser anterior a la de inicio.</p>", page);
        Assert.Contains("<p class=\"field-error\" id=\"entidad-error\">Elija una de las entidades de la lista.</p>", page);
        Assert.Contains("value=\"Pavimentos del Caribe S.A.S.\"", page);   // what was right is kept
        Assert.Equal(before, await factory.Service<IContractStore>().CountAsync());
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task An_office_scoped_to_one_entity_registers_works_only_for_it(StoreKind store)
    {
        using var factory = NewServer(store);
        var scoped = Office(factory, ScopedOfficeKey);

        var form = await PageAsync(scoped, "/escritorio/obras/nueva");
        Assert.Contains($"<option value=\"{OtherEntityNit}\"", form);
        Assert.DoesNotContain($"<option value=\"{CartagenaNit}\"", form);
        var refused = await scoped.PostAsync("/escritorio/obras/nueva", Form(GoodWork(CartagenaNit)));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);

        var id = await RegisterAsync(scoped, GoodWork(OtherEntityNit));
        Assert.Equal(OtherEntityNit, (await factory.Service<IContractStore>().FindAsync(id))!.Contract.EntityNit);
        Assert.Contains($"/o/{id}/valla.svg", await PageAsync(scoped, "/escritorio/obras"));
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task An_import_never_overwrites_a_work_registered_by_hand(StoreKind store)
    {
        using var factory = NewServer(store);
        var office = Office(factory);
        var id = await RegisterAsync(office, GoodWork());
        var file = System.Text.Encoding.UTF8.GetBytes(
            "ID Contrato,Nit Entidad,Tipo de Contrato,Estado Contrato,Valor del Contrato,Objeto del Contrato\n" +
            $"{id},{CartagenaNit},Obra,terminado,\"$9,999,999\",Otra obra\n" +
            $"{id.ToLowerInvariant()}x,{CartagenaNit},Obra,terminado,\"$1,000\",Una obra que reclama el espacio de nombres\n");

        var upload = await UploadAsync(office, file, "pisar.csv");
        var exportId = Uri.UnescapeDataString(upload.Headers.Location!.OriginalString["/escritorio/cargas/".Length..]);
        await factory.Service<SyncJob>().RunAsync();

        var history = await factory.Service<IContractStore>().HistoryAsync(id);
        var only = Assert.Single(history);
        Assert.Equal(ManualWorks.Source, only.Source);
        Assert.Equal("Pavimentación de la calle 30 en el barrio Olaya Herrera", only.Contract.Object);
        var export = await factory.Service<IExportStore>().FindAsync(exportId);
        Assert.Equal(ExportStatus.Rejected, export!.Status);
        Assert.Equal(2, export.Counts.Rejected);
        Assert.Contains("registrada a mano en ObrasQr", Assert.Single(export.ErrorGroups).Reason);
        Assert.Null(await factory.Service<IContractStore>().FindAsync(id + "X"));
    }
}
