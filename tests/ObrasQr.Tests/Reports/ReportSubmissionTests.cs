using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ObrasQr.Reports;
using static ObrasQr.Tests.Reports.ReportKit;

namespace ObrasQr.Tests.Reports;

public abstract class ReportSubmissionTests(ObrasQrFactory factory)
{
    public sealed class OnSqlite(ObrasQrFactory.OnSqlite store) : ReportSubmissionTests(store), IClassFixture<ObrasQrFactory.OnSqlite>;
    public sealed class OnAzure(ObrasQrFactory.OnAzure store) : ReportSubmissionTests(store), IClassFixture<ObrasQrFactory.OnAzure>;

    readonly ObrasQrFactory factory = factory.Unlimited();

    static (string, string)[] Fields(string description, params (string, string)[] more) =>
        [("category", "mala_calidad"), ("description", description), .. more];

    [Fact]
    public async Task Form_submission_answers_with_a_receipt_whose_code_finds_the_report()
    {
        var description = Unique("El pavimento nuevo ya tiene huecos.");
        var response = await factory.CreateClient().PostAsync($"/o/{ContractId}/reportes",
            Form(Fields(description, ("place", "Calle 30 con carrera 17"), ("anonymous", "si"), ("token", Guid.NewGuid().ToString()))));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        var code = CodeOnPage(html);
        Assert.NotNull(code);
        Assert.Matches("^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$", code);
        Assert.True(response.Headers.CacheControl?.NoStore); // shown once: no cache keeps the receipt
        var status = await (await factory.CreateClient().PostAsJsonAsync("/api/reports/lookup", new { trackingCode = code })).Json();
        Assert.Equal("recibido", status.GetProperty("status").GetString());
        var stored = await factory.FindAsAuditor(description);
        Assert.Equal("Calle 30 con carrera 17", stored.GetProperty("location").GetProperty("text").GetString());
        Assert.True(stored.GetProperty("anonymous").GetBoolean());
    }

    [Fact]
    public async Task Photos_from_the_form_are_stored_without_gps_or_exif()
    {
        var description = Unique("Escombros sobre el andén frente a la escuela.");
        var response = await factory.CreateClient().PostAsync($"/o/{ContractId}/reportes", Form(Fields(description),
            ("IMG_0001.jpg", PhotoCleanerTests.Photo("gps.jpg")),
            ("captura.jpg", PhotoCleanerTests.Photo("gps.png")), // a PNG under a JPEG name: the bytes decide
            ("foto.webp", PhotoCleanerTests.Photo("gps.webp"))));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await factory.FindAsAuditor(description);
        Assert.Equal(3, report.GetProperty("photos").GetInt32());
        var id = report.GetProperty("reportId").GetString()!;
        // Every photo is decoded and re-encoded as JPEG, whatever it came as, in the report's folder.
        var paths = (await factory.Service<IReportStore>().FindAsync(id))!.Photos;
        Assert.Equal(3, paths.Count);
        foreach (var path in paths)
        {
            Assert.StartsWith($"photos/{id}/", path, StringComparison.Ordinal);
            Assert.EndsWith(".jpg", path, StringComparison.Ordinal);
            var stored = await factory.FileAsync(path);
            Assert.Empty(PhotoCleanerTests.Identifying(stored));
            Assert.DoesNotContain("Ana-Perez", Encoding.Latin1.GetString(stored));
        }
    }

    [Fact]
    public async Task Api_accepts_multipart_with_photos_and_json_style_field_names()
    {
        var description = Unique("La valla no muestra el valor del contrato.");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/contracts/{ContractId}/reports")
        {
            Content = Form([("category", "otro"), ("description", description), ("anonymous", "true"),
                ("location.lat", "10.4236"), ("location.lon", "-75.5478"), ("location.text", "Parque Centenario")],
                ("valla.png", PhotoCleanerTests.Photo("gps.png"))),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());

        var response = await factory.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var receipt = await response.Json();
        Assert.Equal(1, receipt.GetProperty("photos").GetInt32());
        Assert.False(receipt.GetProperty("lacksEvidence").GetBoolean());
        var stored = await factory.FindAsAuditor(description);
        Assert.Equal(-75.5478, stored.GetProperty("location").GetProperty("lon").GetDouble());
    }

    [Fact]
    public async Task A_file_that_is_not_an_image_is_refused_whatever_its_name()
    {
        var response = await factory.CreateClient().PostAsync($"/api/contracts/{ContractId}/reports",
            Form(Fields(Unique("Adjunto la foto del hueco en la vía.")), ("foto.jpg", "<?php system($_GET['c']); ?>"u8.ToArray())));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Json()).GetProperty("errors").TryGetProperty("photos", out _));
    }

    [Fact]
    public async Task More_than_five_photos_are_refused_and_nothing_is_stored()
    {
        var description = Unique("Seis fotos de la misma obra abandonada.");
        var photo = PhotoCleanerTests.Photo("gps.jpg");
        var response = await factory.CreateClient().PostAsync($"/api/contracts/{ContractId}/reports",
            Form(Fields(description), [.. Enumerable.Range(1, 6).Select(i => ($"{i}.jpg", photo))]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(await factory.AllAsAuditor(), i => i.GetProperty("description").GetString() == description);
    }

    [Fact]
    public async Task A_photo_over_eight_megabytes_is_413()
    {
        var big = new byte[PhotoCleaner.MaxBytes + 1];
        PhotoCleanerTests.Photo("gps.jpg").CopyTo(big, 0);

        var response = await factory.CreateClient().PostAsync($"/api/contracts/{ContractId}/reports",
            Form(Fields(Unique("Foto muy grande de la obra.")), ("grande.jpg", big)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Bodies_over_the_limit_are_413_by_declared_length_and_while_reading()
    {
        var client = factory.CreateClient();
        var json = JsonSerializer.Serialize(new { category = "otro", description = new string('x', 70_000) });

        var declared = await client.PostAsync($"/api/contracts/{ContractId}/reports", new StringContent(json, Encoding.UTF8, "application/json"));
        var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        chunked.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/contracts/{ContractId}/reports") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        var undeclared = await client.SendAsync(request);
        var form = await client.PostAsync($"/o/{ContractId}/reportes", new ByteArrayContent([])
        {
            Headers = { ContentType = new("multipart/form-data") { Parameters = { new("boundary", "x") } }, ContentLength = ReportRequest.MaxMultipartBytes + 1 },
        });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, declared.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, undeclared.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, form.StatusCode);
        Assert.Contains("text/html", form.Content.Headers.ContentType!.ToString());
    }

    [Fact]
    public async Task Identified_form_report_without_consent_is_refused_with_a_spanish_page()
    {
        var response = await factory.CreateClient().PostAsync($"/o/{ContractId}/reportes", Form(Fields(Unique("Cobran por dejar pasar."),
            ("anonymous", "no"), ("name", "Ana Pérez"), ("email", "ana@example.com"))));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Ley 1581", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Identified_report_keeps_identity_apart_shown_to_auditors_only()
    {
        var description = Unique("El contratista cobra a los vecinos por el acceso.");
        var response = await factory.CreateClient().PostAsync($"/o/{ContractId}/reportes", Form(Fields(description,
            ("anonymous", "no"), ("name", "Ana Pérez"), ("email", "ana@example.com"), ("phone", "3001234567"), ("consent", "si"))));
        var code = CodeOnPage(await response.Content.ReadAsStringAsync())!;

        var item = await factory.FindAsAuditor(description);
        var id = item.GetProperty("reportId").GetString()!;
        var detail = await factory.ClientWithKey(ObrasQrFactory.AuditorKey).GetFromJsonAsync<JsonElement>($"/api/reports/{id}");
        Assert.Equal("Ana Pérez", detail.GetProperty("reporter").GetProperty("name").GetString());
        Assert.Equal("3001234567", detail.GetProperty("reporter").GetProperty("phone").GetString());
        Assert.Contains("Ley 1581", detail.GetProperty("reporter").GetProperty("consentText").GetString());

        var lookup = await (await factory.CreateClient().PostAsJsonAsync("/api/reports/lookup", new { trackingCode = code })).Content.ReadAsStringAsync();
        var page = await (await factory.CreateClient().PostAsync("/seguimiento", new FormUrlEncodedContent([new("code", code)]))).Content.ReadAsStringAsync();
        foreach (var visible in new[] { lookup, page, item.GetRawText() })
        {
            Assert.DoesNotContain("Ana", visible);
            Assert.DoesNotContain("ana@example.com", visible);
        }
        // The report row itself holds no personal data; the reporters table holds it encrypted (IdentityEncryptionTests).
        Assert.DoesNotContain(await factory.RowsAsync("reports"), r => r.Contains(id) && (r.Contains("Ana") || r.Contains("ana@")));
        Assert.Single(await factory.RowsAsync("reporters"), r => r.Contains(id) && r.Contains("enc1:") && !r.Contains("ana@example.com"));
    }

    [Fact]
    public async Task Anonymous_report_drops_identity_fields_typed_by_mistake()
    {
        var description = Unique("Anónimo con nombre escrito por error.");
        await factory.CreateClient().PostAsync($"/o/{ContractId}/reportes", Form(Fields(description,
            ("anonymous", "si"), ("name", "Pedro Gómez"), ("email", "pedro@example.com"), ("consent", "si"))));

        var id = (await factory.FindAsAuditor(description)).GetProperty("reportId").GetString();
        Assert.DoesNotContain(await factory.RowsAsync("reporters"), r => r.Contains(id!));
        Assert.DoesNotContain(await factory.RowsAsync("reports"), r => r.Contains("pedro@example.com"));
    }

    [Fact]
    public async Task Anonymous_report_without_evidence_is_accepted_and_flagged()
    {
        var description = Unique("Dicen que la obra se va a parar.");
        var response = await factory.CreateClient().PostAsJsonAsync($"/api/contracts/{ContractId}/reports",
            new { category = "obra_paralizada", description });
        var form = await factory.CreateClient().PostAsync($"/o/{ContractId}/reportes", Form(Fields(Unique("Sin pruebas desde el formulario."))));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.True((await response.Json()).GetProperty("lacksEvidence").GetBoolean());
        Assert.True((await factory.FindAsAuditor(description)).GetProperty("lacksEvidence").GetBoolean());
        Assert.Contains("Ley 962", await form.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Form_resubmitted_with_the_same_token_stores_one_report_and_both_receipts_work()
    {
        var description = Unique("Se fue la señal al enviar y lo envié de nuevo.");
        var token = Guid.NewGuid().ToString("N");
        var client = factory.CreateClient();
        var photo = PhotoCleanerTests.Photo("gps.jpg");

        var first = CodeOnPage(await (await client.PostAsync($"/o/{ContractId}/reportes", Form(Fields(description, ("token", token)), ("a.jpg", photo)))).Content.ReadAsStringAsync());
        var again = await client.PostAsync($"/o/{ContractId}/reportes", Form(Fields(description, ("token", token)), ("a.jpg", photo)));
        var second = CodeOnPage(await again.Content.ReadAsStringAsync());

        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.NotEqual(first, second);
        Assert.Contains("ya lo habíamos recibido", await again.Content.ReadAsStringAsync());
        var report = await factory.FindAsAuditor(description); // exactly one
        foreach (var code in new[] { first, second })
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/reports/lookup", new { trackingCode = code })).StatusCode);
        // The retry's photo copies are not left behind.
        Assert.Single(await factory.FilesAsync($"photos/{report.GetProperty("reportId").GetString()}"));
    }

    [Fact]
    public async Task Concurrent_retries_with_one_idempotency_key_store_one_report()
    {
        var description = Unique("Veinte envíos a la vez con la misma clave.");
        var key = Guid.NewGuid().ToString();
        var client = factory.CreateClient();

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/contracts/{ContractId}/reports")
            { Content = JsonContent.Create(new { category = "sobrecosto", description }) };
            request.Headers.Add("Idempotency-Key", key);
            return await client.SendAsync(request);
        }));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Single(responses, r => !r.Headers.Contains("Idempotent-Replayed"));
        await factory.FindAsAuditor(description); // exactly one report has this text
        // Neither the key nor its bare SHA-256 is stored: only a digest of the key with its client's pseudonym.
        var digest = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        Assert.DoesNotContain(await factory.EverythingAsync(), key);
        Assert.DoesNotContain(await factory.EverythingAsync(), digest);
    }

    [Fact]
    public async Task The_same_idempotency_key_on_another_contract_is_refused_as_another_request()
    {
        var key = Guid.NewGuid().ToString();
        var client = factory.CreateClient();
        async Task<HttpResponseMessage> Send(string contractId)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/contracts/{contractId}/reports")
            { Content = JsonContent.Create(new { category = "otro", description = Unique("Clave reutilizada en otra obra.") }) };
            request.Headers.Add("Idempotency-Key", key);
            return await client.SendAsync(request);
        }
        var other = (await factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/contracts")).GetProperty("items").EnumerateArray()
            .Select(c => c.GetProperty("contractId").GetString()!).First(id => id != ContractId);

        Assert.Equal(HttpStatusCode.Created, (await Send(ContractId)).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Send(other)).StatusCode);
    }

    [Fact]
    public async Task Only_the_hash_of_the_tracking_code_is_stored()
    {
        var description = Unique("Comprobar que el código no se guarda.");
        var receipt = await (await factory.CreateClient().PostAsJsonAsync($"/api/contracts/{ContractId}/reports",
            new { category = "otro", description })).Json();
        var code = receipt.GetProperty("trackingCode").GetString()!;
        var id = (await factory.FindAsAuditor(description)).GetProperty("reportId").GetString();

        Assert.Equal(id, (await factory.Service<IReportStore>().FindByTrackingHashAsync(TrackingCode.Hash(code)))?.ReportId);
        Assert.Equal(64, TrackingCode.Hash(code).Length);
        var normalized = code.Replace("-", "");
        var text = await factory.EverythingAsync();
        Assert.DoesNotContain(code, text);
        Assert.DoesNotContain(normalized, text);
    }

    [Fact]
    public async Task Report_for_an_unknown_work_is_404()
    {
        var response = await factory.CreateClient().PostAsJsonAsync("/api/contracts/CO1.PCCNTR.0000000/reports",
            new { category = "otro", description = "Una obra que no existe en el sistema." });
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
