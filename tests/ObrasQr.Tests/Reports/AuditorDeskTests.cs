using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CsvHelper;
using ObrasQr.Reports;
using static ObrasQr.Tests.Reports.ReportKit;

namespace ObrasQr.Tests.Reports;

public abstract class AuditorDeskTests(ObrasQrFactory factory)
{
    public sealed class OnSqlite(ObrasQrFactory.OnSqlite store) : AuditorDeskTests(store), IClassFixture<ObrasQrFactory.OnSqlite>;
    public sealed class OnAzure(ObrasQrFactory.OnAzure store) : AuditorDeskTests(store), IClassFixture<ObrasQrFactory.OnAzure>;

    readonly ObrasQrFactory factory = factory.Unlimited();
    HttpClient Auditor => factory.ClientWithKey(ObrasQrFactory.AuditorKey);

    async Task<(string Id, string Code)> Submit(string description, string category = "mala_calidad", object? location = null)
    {
        var response = await factory.CreateClient().PostAsJsonAsync($"/api/contracts/{ContractId}/reports", new { category, description, location });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var code = (await response.Json()).GetProperty("trackingCode").GetString()!;
        return ((await factory.FindAsAuditor(description)).GetProperty("reportId").GetString()!, code);
    }

    Task<HttpResponseMessage> Move(string id, string status, string? note, string? publicAnswer = null, string? forwardedTo = null) =>
        Auditor.PatchAsJsonAsync($"/api/reports/{id}", new { status, note, publicAnswer, forwardedTo });

    [Theory]
    [InlineData("GET", "/api/reports")]
    [InlineData("GET", "/api/reports?format=csv")]
    [InlineData("GET", "/api/reports/some-id")]
    [InlineData("GET", "/api/reports/some-id/photos/1")]
    [InlineData("PATCH", "/api/reports/some-id")]
    public async Task Desk_needs_an_auditor_key(string method, string url)
    {
        HttpRequestMessage Request() => new(new HttpMethod(method), url) { Content = method == "PATCH" ? JsonContent.Create(new { status = "en_revision", note = "x" }) : null };

        var none = await factory.CreateClient().SendAsync(Request());
        var wrong = await factory.ClientWithKey("nope").SendAsync(Request());
        var office = await factory.ClientWithKey(ObrasQrFactory.OfficeKey).SendAsync(Request());

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal("Bearer", none.Headers.WwwAuthenticate.ToString());
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, office.StatusCode);
    }

    [Fact]
    public async Task Status_moves_through_the_legal_path_with_a_required_note_kept_as_history()
    {
        var (id, code) = await Submit(Unique("Hundimiento de la vía recién pavimentada."));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Move(id, "en_revision", " ")).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Move(id, "cerrado", "Saltando pasos")).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Move(id, "archivado", "Estado inventado")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Move(id, "en_revision", "Asignado a control interno")).StatusCode);
        // Ley 1755 de 2015 art. 21: a forwarding names the competent authority, which the citizen is told.
        var noAuthority = await Move(id, "trasladado", "Competencia de la Secretaría de Infraestructura");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noAuthority.StatusCode);
        Assert.Contains("forwardedTo", await noAuthority.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await Move(id, "trasladado", "Competencia de la Secretaría de Infraestructura", forwardedTo: "Secretaría de Infraestructura")).StatusCode);
        var noAnswer = await Move(id, "respondido", "Visita técnica hecha");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noAnswer.StatusCode);
        Assert.Contains("publicAnswer", await noAnswer.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await Move(id, "respondido", "Visita técnica hecha", "El contratista reparará la vía antes del 30 de junio.")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Move(id, "cerrado", "Reparación verificada")).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Move(id, "en_revision", "Reabrir")).StatusCode);

        var detail = await Auditor.GetFromJsonAsync<JsonElement>($"/api/reports/{id}");
        var history = detail.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal(["en_revision", "trasladado", "respondido", "cerrado"], history.Select(h => h.GetProperty("to").GetString()));
        Assert.Equal(["recibido", "en_revision", "trasladado", "respondido"], history.Select(h => h.GetProperty("from").GetString()));
        Assert.All(history, h => Assert.Equal("control-interno", h.GetProperty("by").GetString()));
        Assert.All(history, h => Assert.True(h.GetProperty("at").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5)));
        Assert.Equal("Competencia de la Secretaría de Infraestructura", history[1].GetProperty("note").GetString());

        var status = await (await factory.CreateClient().PostAsJsonAsync("/api/reports/lookup", new { trackingCode = code })).Json();
        Assert.Equal("cerrado", status.GetProperty("status").GetString());
        Assert.Equal("El contratista reparará la vía antes del 30 de junio.", status.GetProperty("publicAnswer").GetString());
        Assert.NotEqual(JsonValueKind.Null, status.GetProperty("forwardedAt").ValueKind);
        Assert.False(status.TryGetProperty("history", out _)); // notes are internal
        var page = await (await factory.CreateClient().PostAsync("/seguimiento", new FormUrlEncodedContent([new("code", code)]))).Content.ReadAsStringAsync();
        Assert.Contains("Trasladado a la autoridad competente", page);
        Assert.Contains("El contratista reparará la vía", page);
    }

    [Fact]
    public async Task Detail_shows_forwarding_deadline_of_five_business_days()
    {
        var (id, _) = await Submit(Unique("Plazo de traslado."));
        var item = (await Auditor.GetFromJsonAsync<JsonElement>($"/api/reports/{id}")).GetProperty("report");

        var received = DateOnly.FromDateTime(item.GetProperty("receivedAt").GetDateTimeOffset().ToOffset(ColombiaTime.Offset).DateTime);
        var forwardBy = DateOnly.Parse(item.GetProperty("forwardBy").GetString()!, CultureInfo.InvariantCulture);
        Assert.Equal(5, ObrasQr.Reports.ColombianCalendar.BusinessDaysBetween(received, forwardBy));
        Assert.True(forwardBy < DateOnly.Parse(item.GetProperty("deadline").GetString()!, CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Auditors_see_photos_through_their_own_route_only()
    {
        var description = Unique("Con foto para el auditor.");
        await factory.CreateClient().PostAsync($"/api/contracts/{ContractId}/reports",
            Form([("category", "riesgo_comunidad"), ("description", description)], ("hueco.jpg", PhotoCleanerTests.Photo("gps.jpg"))));
        var id = (await factory.FindAsAuditor(description)).GetProperty("reportId").GetString()!;

        var detail = await Auditor.GetFromJsonAsync<JsonElement>($"/api/reports/{id}");
        var url = Assert.Single(detail.GetProperty("photos").EnumerateArray()).GetString()!;
        var photo = await Auditor.GetAsync(url);
        var citizen = await factory.CreateClient().GetAsync(url);

        Assert.Equal($"/api/reports/{id}/photos/1", url);
        Assert.Equal("image/jpeg", photo.Content.Headers.ContentType?.MediaType);
        var path = Assert.Single((await factory.Service<IReportStore>().FindAsync(id))!.Photos);
        Assert.Equal(await factory.FileAsync(path), await photo.Content.ReadAsByteArrayAsync());
        Assert.Empty(PhotoCleanerTests.Identifying(await photo.Content.ReadAsByteArrayAsync()));
        Assert.Equal(HttpStatusCode.Unauthorized, citizen.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Auditor.GetAsync($"/api/reports/{id}/photos/2")).StatusCode);
    }

    [Fact]
    public async Task List_filters_by_category_status_dates_and_overdue()
    {
        var marker = Guid.NewGuid().ToString("N");
        var (a, _) = await Submit($"Ruido nocturno sin permiso {marker}", "dano_ambiental");
        var (b, _) = await Submit($"Sobrecosto en el asfalto {marker}", "sobrecosto");
        await Move(b, "en_revision", "Revisando facturas");
        string[] Ids(List<JsonElement> items) => [.. items.Where(i => i.GetProperty("description").GetString()!.Contains(marker)).Select(i => i.GetProperty("reportId").GetString()!)];
        var today = DateTime.UtcNow.AddHours(-5).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        Assert.Equal([a], Ids(await factory.AllAsAuditor("category=dano_ambiental")));
        Assert.Equal([b], Ids(await factory.AllAsAuditor("status=en_revision")));
        Assert.Equal([b, a], Ids(await factory.AllAsAuditor($"contractId={ContractId}&from={today}&to={today}")));
        Assert.Empty(Ids(await factory.AllAsAuditor("to=2020-01-01")));
        Assert.Empty(Ids(await factory.AllAsAuditor("overdue=true"))); // both are due in 15 business days
        Assert.Equal(HttpStatusCode.BadRequest, (await Auditor.GetAsync("/api/reports?status=perdido")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Auditor.GetAsync("/api/reports?from=ayer")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Auditor.GetAsync("/api/reports?after=not-a-cursor")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Auditor.GetAsync("/api/reports?limit=5000")).StatusCode);
    }

    [Fact]
    public async Task Paging_with_the_cursor_visits_every_report_once_even_while_new_ones_arrive()
    {
        var marker = Guid.NewGuid().ToString("N");
        for (var i = 0; i < 7; i++) await Submit($"Reporte {i} para paginar {marker}");
        var seen = new List<string>();
        string? after = null;
        var pages = 0;
        do
        {
            var page = await Auditor.GetFromJsonAsync<JsonElement>($"/api/reports?category=mala_calidad&limit=3{(after is null ? "" : "&after=" + after)}");
            seen.AddRange(page.GetProperty("items").EnumerateArray()
                .Where(i => i.GetProperty("description").GetString()!.Contains(marker)).Select(i => i.GetProperty("reportId").GetString()!));
            after = page.GetProperty("next").GetString();
            if (pages++ == 0) await Submit($"Llega mientras se pagina {marker}"); // newer: not in the pages after the first
        } while (after is not null);

        Assert.Equal(7, seen.Count);
        Assert.Equal(seen.Count, seen.Distinct().Count());
    }

    [Fact]
    public async Task Csv_export_is_utf8_with_bom_quotes_text_and_defuses_formulas()
    {
        var marker = Guid.NewGuid().ToString("N");
        var description = $"=HYPERLINK(\"http://evil.example\",\"clic\") señor, \"comillas\"\nsegunda línea {marker}";
        await Submit(description, "cobro_indebido", new { text = "+57 300 cobro", lat = 10.42, lon = -75.55 });

        // RFC 4180 commas on request (sep=comma); the default is ";" since issue 12 (see the test below).
        var response = await Auditor.GetAsync($"/api/reports?format=csv&sep=comma&category=cobro_indebido");
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Contains("attachment", response.Content.Headers.ContentDisposition?.ToString());
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        using var csv = new CsvReader(new StringReader(Encoding.UTF8.GetString(bytes[3..])), CultureInfo.InvariantCulture);
        var rows = new List<Dictionary<string, string>>();
        csv.Read();
        csv.ReadHeader();
        while (csv.Read()) rows.Add(csv.HeaderRecord!.ToDictionary(h => h, h => csv.GetField(h)!));
        var row = Assert.Single(rows, r => r["descripcion"].Contains(marker));
        Assert.Equal("'" + description, row["descripcion"]); // kept whole, line break and quotes included, but inert
        Assert.Equal("'+57 300 cobro", row["lugar"]);
        Assert.Equal("-75.55", row["longitud"]); // numbers stay numbers
        Assert.Equal("Cobro indebido", row["categoria"]);
        Assert.Equal("Recibido", row["estado"]);
        Assert.All(rows, r => Assert.Equal("Cobro indebido", r["categoria"]));
    }

    [Fact]
    public async Task Csv_export_uses_semicolons_by_default_for_spanish_spreadsheets_and_still_accepts_sep_semicolon()
    {
        var marker = Guid.NewGuid().ToString("N");
        await Submit($"Texto con ; punto y coma, y coma {marker}", "obra_paralizada");

        var bytes = await Auditor.GetByteArrayAsync("/api/reports?format=csv&category=obra_paralizada");
        var asked = await Auditor.GetByteArrayAsync("/api/reports?format=csv&sep=semicolon&category=obra_paralizada");
        var unknown = await Auditor.GetAsync("/api/reports?format=csv&sep=tab");

        Assert.Equal(bytes, asked);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        Assert.StartsWith("id_reporte;contrato;obra;categoria;", Encoding.UTF8.GetString(bytes[3..]));
        using var csv = new CsvReader(new StringReader(Encoding.UTF8.GetString(bytes[3..])),
            new CsvHelper.Configuration.CsvConfiguration(CultureInfo.InvariantCulture) { Delimiter = ";" });
        csv.Read();
        csv.ReadHeader();
        var found = false;
        while (csv.Read()) found |= csv.GetField("descripcion") == $"Texto con ; punto y coma, y coma {marker}";
        Assert.True(found);
    }

    [Fact]
    public void Csv_guard_covers_every_formula_trigger()
    {
        foreach (var text in new[] { "=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1" })
            Assert.Equal("'" + text, ObrasQr.Reports.ReportCsv.Safe(text));
        Assert.Equal("Obra 1 = 2", ObrasQr.Reports.ReportCsv.Safe("Obra 1 = 2"));
        Assert.Equal("", ObrasQr.Reports.ReportCsv.Safe(""));
    }
}
