using System.Net;
using ObrasQr.Contracts;
using ObrasQr.Desk;
using ObrasQr.Secop;
using ObrasQr.Sync;
using static ObrasQr.Tests.Desk.OfficeDesk;

namespace ObrasQr.Tests.Desk;

public class UploadDeskTests
{
    static string ExportIdOf(HttpResponseMessage upload)
    {
        Assert.Equal(HttpStatusCode.Redirect, upload.StatusCode);
        var location = upload.Headers.Location!.OriginalString;
        Assert.StartsWith("/escritorio/cargas/", location);
        return Uri.UnescapeDataString(location["/escritorio/cargas/".Length..]);
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task A_file_uploaded_from_the_form_opens_its_page_which_says_pending_and_then_what_the_import_did(StoreKind store)
    {
        using var factory = NewServer(store);
        var office = Office(factory);

        var exportId = ExportIdOf(await UploadAsync(office, Export(3, new HashSet<int>()), "cartagena.csv"));
        var first = await PageAsync(office, $"/escritorio/cargas/{exportId}");
        Assert.Contains("cartagena.csv", first);
        Assert.True(first.Contains("Pendiente") || first.Contains("Importada"), "the page says the import is pending or done");

        await factory.Service<SyncJob>().RunAsync();   // waits for the background import, then finds nothing pending
        var done = await PageAsync(office, $"/escritorio/cargas/{exportId}");
        Assert.Contains(">Importada<", done);
        Assert.Contains("3 nuevas, 0 con cambios, 0 sin cambios, 0 rechazadas", done);
        Assert.DoesNotContain(ExportWords.PendingExplained, done);
        Assert.NotNull(await factory.Service<IContractStore>().FindAsync("CO1.PCCNTR.7700003"));
    }

    static SecopExport Stored(string exportId, string status, params ErrorGroup[] groups) => new()
    {
        ExportId = exportId,
        FileName = exportId + ".csv",
        ContentType = "text/csv",
        FilePath = "exports/" + exportId,
        UploadedAt = DateTimeOffset.UtcNow,
        UploadedBy = "oficina",
        EntityNit = CartagenaNit,
        Status = status,
        ErrorGroups = groups,
    };

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task An_uploads_page_follows_the_import_while_it_is_pending_and_stops_when_it_is_done(StoreKind store)
    {
        using var factory = NewServer(store);
        var office = Office(factory);
        var exports = factory.Service<IExportStore>();
        await exports.AddAsync(Stored("en-curso", ExportStatus.Pending));
        await exports.AddAsync(Stored("terminada", ExportStatus.Imported));

        var pending = await PageAsync(office, "/escritorio/cargas/en-curso");
        // Followed by a script that reloads it once, when it is done; never a meta refresh (WCAG 2.2.1, F41).
        Assert.Contains("<script data-poll=\"5\">", pending);
        Assert.DoesNotContain("http-equiv=\"refresh\"", pending);
        Assert.Contains("Esta página mostrará el resultado cuando termine", pending);
        Assert.Contains("<a href=\"/escritorio/cargas/en-curso\">Volver a cargar la página</a>", pending);

        var done = await PageAsync(office, "/escritorio/cargas/terminada");
        Assert.DoesNotContain(ObrasQr.Pages.StatusScript.Marker, done);
        Assert.DoesNotContain("mostrará el resultado", done);
        Assert.DoesNotContain(ObrasQr.Pages.StatusScript.Marker, await PageAsync(office, "/escritorio/cargas"));
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task The_list_counts_the_error_kinds_it_leaves_out_in_singular_and_plural(StoreKind store)
    {
        using var factory = NewServer(store);
        var office = Office(factory);
        var exports = factory.Service<IExportStore>();
        static ErrorGroup Kind(int n) => new("Columna " + n, false, "Motivo " + n, 1, [n + 1]);
        await exports.AddAsync(Stored("cuatro-tipos", ExportStatus.ImportedWithWarnings, Kind(1), Kind(2), Kind(3), Kind(4)));
        await exports.AddAsync(Stored("seis-tipos", ExportStatus.ImportedWithWarnings, Kind(1), Kind(2), Kind(3), Kind(4), Kind(5), Kind(6)));

        var list = await PageAsync(office, "/escritorio/cargas");

        Assert.Contains("y 1 tipo de error más.", list);
        Assert.Contains("y 3 tipos de error más.", list);
        Assert.DoesNotContain("y 1 tipos", list);
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task Row_errors_are_grouped_by_reason_with_the_first_rows_and_how_many_more(StoreKind store)
    {
        using var factory = NewServer(store);
        var office = Office(factory);

        // Rows 3, 5, 7, 9 and 11 are lines 4, 6, 8, 10 and 12 of the file.
        var exportId = ExportIdOf(await UploadAsync(office, Export(12, new HashSet<int> { 3, 5, 7, 9, 11 }), "con-errores.csv"));
        await factory.Service<SyncJob>().RunAsync();

        var list = await PageAsync(office, "/escritorio/cargas");
        Assert.Contains("Importada con avisos", list);
        Assert.Contains("Valor del Contrato: El valor «…» no es un valor en pesos válido: filas 4, 6, 8 (y 2 más). <", list);
        Assert.Contains("Esas filas no se importaron.", list);

        var detail = await PageAsync(office, $"/escritorio/cargas/{exportId}");
        Assert.Contains("7 nuevas, 0 con cambios, 0 sin cambios, 5 rechazadas", detail);
        Assert.Contains("Valor del Contrato: El valor «…» no es un valor en pesos válido: filas 4, 6, 8, 10, 12. <", detail);
        Assert.Contains("<td>12</td><td>Valor del Contrato</td><td>El valor «mucho» no es un valor en pesos válido.</td>", detail);
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task A_file_that_cannot_be_read_gets_a_Spanish_reason_next_to_the_field_and_changes_nothing(StoreKind store)
    {
        using var factory = NewServer(store);
        var office = Office(factory);
        var contractsBefore = await factory.Service<IContractStore>().CountAsync();

        var notAnExport = await UploadAsync(office, "nombre,telefono\nAna,3001234567\n"u8.ToArray(), "contactos.csv");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, notAnExport.StatusCode);
        var page = await TextAsync(notAnExport);
        Assert.Contains("<p class=\"field-error\" id=\"file-error\">", page);
        Assert.Contains("ID Contrato", page);
        Assert.Contains("aria-invalid=\"true\"", page);

        var empty = await UploadAsync(office, [], "vacio.csv");
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("El archivo está vacío.", await TextAsync(empty));

        var noFile = await office.PostAsync("/escritorio/cargas", new MultipartFormDataContent { { new StringContent("x"), "otro" } });
        Assert.Equal(HttpStatusCode.BadRequest, noFile.StatusCode);
        Assert.Contains("Elija el archivo exportado de SECOP II", await TextAsync(noFile));

        Assert.Empty(await factory.Service<IExportStore>().ListAsync(null, 0, 10));
        Assert.Equal(contractsBefore, await factory.Service<IContractStore>().CountAsync());
        Assert.Contains("Aún no hay cargas.", await PageAsync(office, "/escritorio/cargas"));
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task The_list_is_newest_first_in_pages_and_only_shows_the_callers_entity(StoreKind store)
    {
        using var factory = NewServer(store);
        var exports = factory.Service<IExportStore>();
        var t0 = new DateTimeOffset(2026, 11, 2, 14, 0, 0, TimeSpan.Zero);
        for (var i = 1; i <= UploadDeskHandlers.PageSize + 1; i++)
            await exports.AddAsync(new SecopExport
            {
                ExportId = $"e{i:D3}", FileName = $"carga-{i:D3}.csv", ContentType = "text/csv", Size = 10, FilePath = $"exports/e{i:D3}",
                UploadedAt = t0.AddMinutes(i), UploadedBy = "oficina-contratacion", EntityNit = i == 1 ? OtherEntityNit : null,
            });
        var office = Office(factory);

        var first = await PageAsync(office, "/escritorio/cargas");
        Assert.True(first.IndexOf("carga-021.csv", StringComparison.Ordinal) < first.IndexOf("carga-020.csv", StringComparison.Ordinal));
        Assert.DoesNotContain("carga-001.csv", first);
        Assert.Contains("href=\"/escritorio/cargas?pagina=2\"", first);
        var second = await PageAsync(office, "/escritorio/cargas?pagina=2");
        Assert.Contains("carga-001.csv", second);
        Assert.DoesNotContain("carga-002.csv", second);

        var scoped = Office(factory, ScopedOfficeKey);
        var theirs = await PageAsync(scoped, "/escritorio/cargas");
        Assert.Contains("carga-001.csv", theirs);
        Assert.DoesNotContain("carga-002.csv", theirs);
        Assert.Equal(HttpStatusCode.NotFound, (await scoped.GetAsync("/escritorio/cargas/e002")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await scoped.GetAsync("/escritorio/cargas/e001")).StatusCode);

        var badPage = await office.GetAsync("/escritorio/cargas?pagina=dos");
        Assert.Equal(HttpStatusCode.BadRequest, badPage.StatusCode);
        Assert.Contains("El número de página debe ser un número entero", await TextAsync(badPage));
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task An_upload_by_an_office_scoped_to_one_entity_is_recorded_in_that_scope(StoreKind store)
    {
        using var factory = NewServer(store);

        var exportId = ExportIdOf(await UploadAsync(Office(factory, ScopedOfficeKey), Export(1, new HashSet<int>(), nit: OtherEntityNit), "turbaco.csv"));

        Assert.Equal(OtherEntityNit, (await factory.Service<IExportStore>().FindAsync(exportId))!.EntityNit);
        Assert.Contains("turbaco.csv", await PageAsync(Office(factory, ScopedOfficeKey), "/escritorio/cargas"));
        Assert.Contains("turbaco.csv", await PageAsync(Office(factory), "/escritorio/cargas"));   // an office of every entity sees all
    }
}
