using System.IO.Compression;
using System.Net;
using ObrasQr.Reports;
using ObrasQr.Storage;
using static ObrasQr.Tests.Reports.ReportKit;

namespace ObrasQr.Tests.Reports;

/// <summary>The page's form never loses what the citizen typed or the photos already sent.</summary>
public abstract class ReportFormTests(ObrasQrFactory factory)
{
    public sealed class OnSqlite(ObrasQrFactory.OnSqlite store) : ReportFormTests(store), IClassFixture<ObrasQrFactory.OnSqlite>;
    public sealed class OnAzure(ObrasQrFactory.OnAzure store) : ReportFormTests(store), IClassFixture<ObrasQrFactory.OnAzure>;

    readonly ObrasQrFactory factory = factory.Unlimited();

    static string Token() => Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());

    [Fact]
    public async Task Refused_form_comes_back_filled_in_with_the_problem_next_to_its_field()
    {
        var response = await factory.CreateClient().PostAsync($"/o/{ContractId}/reportes", Form([
            ("category", "obra_paralizada"), ("description", "Corto"), ("place", "Calle 30 <b>con</b> 17"),
            ("anonymous", "no"), ("name", "Ana Pérez"), ("email", "ana@example.com"), ("consent", "si"), ("token", Token())]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("id=\"description-error\"", html);
        Assert.Contains("aria-describedby=\"description-error\">Corto</textarea>", html);
        Assert.Contains("value=\"obra_paralizada\" selected", html);
        Assert.Contains("value=\"Calle 30 &lt;b&gt;con&lt;/b&gt; 17\"", html);
        Assert.Contains("value=\"Ana Pérez\"", html);
        Assert.Contains("value=\"ana@example.com\"", html);
        Assert.Contains("id=\"anon-no\" name=\"anonymous\" value=\"no\" checked", html);
        Assert.Contains("name=\"consent\" value=\"si\" checked", html);
        Assert.Contains("Revise su reporte", html);
    }

    [Fact]
    public async Task Photos_of_a_refused_form_are_held_under_its_token_and_filed_with_the_next_try()
    {
        var token = Token();
        var description = Unique("Los tubos quedaron destapados junto al colegio.");
        var client = factory.CreateClient();

        var refused = await client.PostAsync($"/o/{ContractId}/reportes", Form([("description", description), ("token", token)],
            ("uno.jpg", PhotoCleanerTests.Photo("gps.jpg")), ("dos.png", PhotoCleanerTests.Photo("gps.png"))));
        var page = await refused.Content.ReadAsStringAsync();
        var held = System.Text.RegularExpressions.Regex.Match(page, "name=\"held\" value=\"([0-9a-f]{32})\"").Groups[1].Value;
        var filed = await client.PostAsync($"/o/{ContractId}/reportes",
            Form([("category", "mala_calidad"), ("description", description), ("token", token), ("held", held)]));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode); // no category
        Assert.Contains("2 fotos ya recibidas", page);
        Assert.Contains($"name=\"token\" value=\"{token}\"", page);
        Assert.Equal(HttpStatusCode.OK, filed.StatusCode);
        var code = CodeOnPage(await filed.Content.ReadAsStringAsync())!;
        var report = await factory.Service<IReportStore>().FindByTrackingHashAsync(TrackingCode.Hash(code));
        Assert.Equal(2, report!.Photos.Count);
        Assert.Null(await factory.Service<IFileStore>().OpenReadAsync($"held/{held}/1.jpg")); // forgotten once filed
    }

    [Fact]
    public async Task A_photo_over_the_limit_is_named_and_the_others_are_held()
    {
        var big = new byte[PhotoCleaner.MaxBytes + 1];
        PhotoCleanerTests.Photo("gps.jpg").CopyTo(big, 0);

        var response = await factory.CreateClient().PostAsync($"/o/{ContractId}/reportes",
            Form([("category", "otro"), ("description", Unique("Foto grande y foto buena.")), ("token", Token())],
                ("buena.jpg", PhotoCleanerTests.Photo("gps.jpg")), ("enorme.jpg", big)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("La foto «enorme.jpg» pesa 8,1 MB; el máximo es 8 MB por foto.", html);
        Assert.Contains("1 foto ya recibida", html);
        Assert.Contains("id=\"photos-error\"", html);
    }

    [Fact]
    public async Task A_forged_token_never_names_a_folder()
    {
        var response = await factory.CreateClient().PostAsync($"/o/{ContractId}/reportes",
            Form([("description", "Sin categoría pero con foto."), ("token", "../../photos/x")], ("a.jpg", PhotoCleanerTests.Photo("gps.jpg"))));

        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Matches("name=\"held\" value=\"[0-9a-f]{32}\"", html); // the photo is held under the server's token
        Assert.DoesNotContain("name=\"held\" value=\"../", html);
    }

    [Fact]
    public async Task Form_shows_the_photo_limits_before_choosing_files()
    {
        var html = await factory.CreateClient().GetStringAsync($"/o/{ContractId}");

        Assert.Contains("Hasta 5 fotos JPEG, PNG o WebP, de máximo 8 MB cada una (45 MB en total)", html);
        Assert.Contains("aria-describedby=\"photos-help\"", html);
    }

    [Fact]
    public async Task Anonymous_report_with_contact_typed_says_they_were_not_kept()
    {
        var description = Unique("Cobran por dejar pasar los camiones.");
        var response = await factory.CreateClient().PostAsync($"/o/{ContractId}/reportes", Form([
            ("category", "otro"), ("description", description), ("place", "Portería"), ("anonymous", "si"),
            ("name", "Ana Pérez"), ("email", "ana@example.com")]));

        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("No guardamos los datos de contacto que escribió", html);
        var report = await factory.Service<IReportStore>().FindByTrackingHashAsync(TrackingCode.Hash(CodeOnPage(html)!));
        Assert.True(report!.Anonymous);
        Assert.Null(await factory.Service<IReportStore>().FindIdentityAsync(report.ReportId));
    }

    [Fact]
    public async Task Identified_report_names_no_dropped_contact_and_keeps_the_consent_naming_the_entity()
    {
        var response = await factory.CreateClient().PostAsync($"/o/{ContractId}/reportes", Form([
            ("category", "otro"), ("description", Unique("Con mis datos.")), ("anonymous", "no"),
            ("name", "Ana Pérez"), ("email", "ana@example.com"), ("consent", "si")]));

        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("No guardamos los datos de contacto", html);
        var report = await factory.Service<IReportStore>().FindByTrackingHashAsync(TrackingCode.Hash(CodeOnPage(html)!));
        var identity = await factory.Service<IReportStore>().FindIdentityAsync(report!.ReportId);
        Assert.Contains("Alcaldía Mayor de Cartagena de Indias", identity!.ConsentText);
        Assert.Contains("responsable del tratamiento", identity.ConsentText);
    }

    [Fact]
    public async Task Receipt_says_no_photos_in_words_and_breaks_the_code_only_between_groups()
    {
        var html = await (await factory.CreateClient().PostAsync($"/o/{ContractId}/reportes",
            Form([("category", "otro"), ("description", Unique("Sin fotos.")), ("place", "Esquina")]))).Content.ReadAsStringAsync();

        Assert.Contains("<dt>Fotos adjuntas</dt><dd>Ninguna</dd>", html);
        Assert.Matches("id=\"tracking-code\">(<span>[0-9A-Z]{4}-</span><wbr>){4}<span>[0-9A-Z]{4}</span><wbr></p>", html);
    }

    [Fact]
    public async Task Reloading_the_receipt_address_goes_back_to_the_form()
    {
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });

        var response = await client.GetAsync($"/o/{ContractId.ToLowerInvariant()}/reportes");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/o/{ContractId}#reportar", response.Headers.Location!.OriginalString);
    }
}

public sealed class HeldPhotoExpiryTests
{
    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task Held_photos_are_dropped_after_an_hour_and_the_form_says_nothing_is_held(StoreKind store)
    {
        var clock = ObrasQr.Tests.ManualClock.AtNoonInColombia(2026, 11, 21);
        await using var factory = new ObrasQrFactory(store) { Clock = clock }.Unlimited();
        var token = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        var client = factory.CreateClient();

        var first = await (await client.PostAsync($"/o/{ContractId}/reportes", Form([("description", "Sin categoría."), ("token", token)],
            ("a.jpg", PhotoCleanerTests.Photo("gps.jpg"))))).Content.ReadAsStringAsync();
        clock.Advance(HeldPhotos.Lifetime + TimeSpan.FromMinutes(1));
        var later = await (await client.PostAsync($"/o/{ContractId}/reportes", Form([("description", "Sin categoría."), ("token", token)]))).Content.ReadAsStringAsync();

        Assert.Contains("1 foto ya recibida", first);
        Assert.DoesNotContain("ya recibida", later);
        Assert.Null(await factory.Service<IFileStore>().OpenReadAsync($"held/{token}/1.jpg"));
    }
}
