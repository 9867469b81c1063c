using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using ObrasQr.Tests.Reports;
using static ObrasQr.Tests.Reports.ReportKit;

namespace ObrasQr.Tests.OpenData;

/// <summary>Open311 GeoReport v2 on both stores: the fields, the privacy rule (nothing the citizen wrote or photographed
/// unless an auditor marked the report publishable; never who they are) and both formats.</summary>
public abstract class Open311Tests(ObrasQrFactory factory)
{
    public sealed class OnSqlite(ObrasQrFactory.OnSqlite store) : Open311Tests(store), IClassFixture<ObrasQrFactory.OnSqlite>;
    public sealed class OnAzure(ObrasQrFactory.OnAzure store) : Open311Tests(store), IClassFixture<ObrasQrFactory.OnAzure>;

    readonly ObrasQrFactory factory = factory.Unlimited();

    /// <summary>An identified report with a place, a pin and a photo; returns its id.</summary>
    async Task<string> IdentifiedReportAsync(string description)
    {
        var response = await factory.CreateClient().PostAsync($"/api/contracts/{ContractId}/reports", Form(
            [("category", "sobrecosto"), ("description", description), ("anonymous", "false"),
             ("reporter.name", "Ana Pérez Reportante"), ("reporter.email", "ana.reportante@example.com"), ("reporter.phone", "3001234567"),
             ("reporter.consent", "true"), ("location.lat", "10.4236"), ("location.lon", "-75.5478"), ("location.text", "Esquina del parque Ana")],
            ("obra.png", PhotoCleanerTests.Photo("gps.png"))));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await factory.FindAsAuditor(description)).GetProperty("reportId").GetString()!;
    }

    async Task<HttpResponseMessage> MarkAsync(string reportId, object body) =>
        await factory.ClientWithKey(ObrasQrFactory.AuditorKey).PostAsJsonAsync($"/api/reports/{reportId}/publicable", body);

    static void NoIdentity(string body)
    {
        Assert.DoesNotContain("Ana Pérez Reportante", body);
        Assert.DoesNotContain("ana.reportante@example.com", body);
        Assert.DoesNotContain("3001234567", body);
    }

    [Fact]
    public async Task Services_list_the_report_categories_in_json_and_xml()
    {
        var client = factory.CreateClient();

        var json = await client.GetFromJsonAsync<JsonElement>("/open311/v2/services.json");
        var xml = XDocument.Parse(await client.GetStringAsync("/open311/v2/services.xml"));

        var codes = json.EnumerateArray().Select(s => s.GetProperty("service_code").GetString()).ToList();
        Assert.Contains("sobrecosto", codes);
        Assert.Equal("Sobrecosto", json.EnumerateArray().Single(s => s.GetProperty("service_code").GetString() == "sobrecosto").GetProperty("service_name").GetString());
        Assert.Equal(codes, xml.Root!.Elements("service").Select(s => s.Element("service_code")!.Value));
    }

    [Fact]
    public async Task An_unmarked_report_publishes_only_its_public_fields_and_never_its_author()
    {
        var description = Unique("Cobran por entrar a la obra.");
        var id = await IdentifiedReportAsync(description);

        var response = await factory.CreateClient().GetAsync($"/open311/v2/requests/{id}.json");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var request = Assert.Single(JsonDocument.Parse(body).RootElement.EnumerateArray().ToList());
        Assert.Equal(id, request.GetProperty("service_request_id").GetString());
        Assert.Equal("open", request.GetProperty("status").GetString());
        Assert.Equal("sobrecosto", request.GetProperty("service_code").GetString());
        Assert.Equal("Sobrecosto", request.GetProperty("service_name").GetString());
        Assert.Equal(ContractId, request.GetProperty("address_id").GetString());
        Assert.Matches(@"-05:00$", request.GetProperty("requested_datetime").GetString()!);
        Assert.Matches(@"T23:59:59-05:00$", request.GetProperty("expected_datetime").GetString()!);
        Assert.Equal(JsonValueKind.Null, request.GetProperty("description").ValueKind);
        Assert.Equal(JsonValueKind.Null, request.GetProperty("media_url").ValueKind);
        Assert.Equal(JsonValueKind.Null, request.GetProperty("lat").ValueKind);
        Assert.DoesNotContain("Esquina del parque Ana", body);
        Assert.DoesNotContain(description, body);
        NoIdentity(body);
        Assert.Equal(HttpStatusCode.NotFound, (await factory.CreateClient().GetAsync($"/open311/v2/requests/{id}/media/1")).StatusCode);
    }

    [Fact]
    public async Task A_report_an_auditor_marks_publishable_shows_its_description_place_and_photo_but_never_its_author()
    {
        var description = Unique("La mezcla de concreto <b>no</b> es la pactada & nadie responde.");
        var id = await IdentifiedReportAsync(description);

        var marked = await MarkAsync(id, new { publishable = true });
        var json = await factory.CreateClient().GetStringAsync($"/open311/v2/requests/{id}.json");
        var xml = await factory.CreateClient().GetStringAsync($"/open311/v2/requests/{id}.xml");

        Assert.Equal(HttpStatusCode.OK, marked.StatusCode);
        var history = (await marked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("history").EnumerateArray().Last();
        Assert.Equal("control-interno", history.GetProperty("by").GetString());
        var request = JsonDocument.Parse(json).RootElement[0];
        Assert.Equal(description, request.GetProperty("description").GetString());
        Assert.Equal("Esquina del parque Ana", request.GetProperty("address").GetString());
        Assert.Equal(-75.5478, request.GetProperty("long").GetDouble());
        var mediaUrl = request.GetProperty("media_url").GetString()!;
        Assert.StartsWith(ObrasQrFactory.PublicBaseUrl + "/open311/v2/requests/", mediaUrl);
        var photo = await factory.CreateClient().GetAsync(new Uri(mediaUrl).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, photo.StatusCode);
        Assert.StartsWith("image/", photo.Content.Headers.ContentType?.MediaType);
        NoIdentity(json);
        NoIdentity(xml);
        // XML: well formed, the text escaped and read back the same.
        Assert.Contains("&lt;b&gt;no&lt;/b&gt;", xml);
        Assert.Equal(description, XDocument.Parse(xml).Root!.Element("request")!.Element("description")!.Value);

        var unmarked = await MarkAsync(id, new { publishable = false });
        Assert.Equal(HttpStatusCode.OK, unmarked.StatusCode);
        Assert.DoesNotContain(description, await factory.CreateClient().GetStringAsync($"/open311/v2/requests/{id}.json"));
    }

    [Fact]
    public async Task The_auditors_desk_publishes_a_report_with_one_button_and_takes_it_back()
    {
        var description = Unique("Los andenes quedaron sin rampas para sillas de ruedas en toda la cuadra.");
        var id = await IdentifiedReportAsync(description);
        var desk = factory.CreateClient(new() { AllowAutoRedirect = false });
        desk.DefaultRequestHeaders.Authorization = new("Bearer", ObrasQrFactory.AuditorKey);

        var page = await desk.GetStringAsync($"/escritorio/reportes/{id}");
        var published = await desk.PostAsync($"/escritorio/reportes/{id}/publicable",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["publishable"] = "true" }));
        var open311 = await factory.CreateClient().GetStringAsync($"/open311/v2/requests/{id}.json");
        var pageWhilePublished = await desk.GetStringAsync($"/escritorio/reportes/{id}");
        var withdrawn = await desk.PostAsync($"/escritorio/reportes/{id}/publicable",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["publishable"] = "false" }));

        Assert.Contains(">Publicar la descripción y las fotos</button>", page);
        Assert.Equal(HttpStatusCode.SeeOther, published.StatusCode);
        Assert.Contains(description, open311);
        NoIdentity(open311);
        Assert.Equal(HttpStatusCode.SeeOther, withdrawn.StatusCode);
        Assert.DoesNotContain(description, await factory.CreateClient().GetStringAsync($"/open311/v2/requests/{id}.json"));
        Assert.Contains(">Dejar de publicar la descripción y las fotos</button>", pageWhilePublished);
    }

    [Fact]
    public async Task Marking_needs_an_auditor_and_a_yes_or_no()
    {
        var id = await IdentifiedReportAsync(Unique("Sin señalización nocturna."));

        var noKey = await factory.CreateClient().PostAsJsonAsync($"/api/reports/{id}/publicable", new { publishable = true });
        var office = await factory.ClientWithKey(ObrasQrFactory.OfficeKey).PostAsJsonAsync($"/api/reports/{id}/publicable", new { publishable = true });
        var missing = await MarkAsync(id, new { });
        var unknown = await MarkAsync("no-existe", new { publishable = true });

        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, office.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.True((await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("publishable", out _));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Requests_filter_by_status_and_category_and_page_with_a_next_link()
    {
        var id = await IdentifiedReportAsync(Unique("Filtro de estado."));
        await IdentifiedReportAsync(Unique("Otro para que haya dos páginas."));
        var client = factory.CreateClient();

        var open = await client.GetFromJsonAsync<JsonElement>("/open311/v2/requests.json?status=open&service_code=sobrecosto");
        var closed = await client.GetFromJsonAsync<JsonElement>("/open311/v2/requests.json?status=closed");
        var first = await client.GetAsync("/open311/v2/requests.json?page_size=1");

        Assert.Contains(id, open.EnumerateArray().Select(r => r.GetProperty("service_request_id").GetString()));
        Assert.All(open.EnumerateArray(), r => Assert.Equal("sobrecosto", r.GetProperty("service_code").GetString()));
        Assert.All(closed.EnumerateArray(), r => Assert.Equal("closed", r.GetProperty("status").GetString()));
        Assert.DoesNotContain(id, closed.EnumerateArray().Select(r => r.GetProperty("service_request_id").GetString()));
        var firstPage = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Single(firstPage.EnumerateArray());
        var next = first.Headers.GetValues("Link").Single();
        Assert.Contains("rel=\"next\"", next);
        var nextUrl = new Uri(next[1..next.IndexOf('>')]).PathAndQuery;
        var second = await client.GetFromJsonAsync<JsonElement>(nextUrl);
        Assert.NotEqual(firstPage[0].GetProperty("service_request_id").GetString(),
            second[0].GetProperty("service_request_id").GetString());
    }

    async Task<string> AnonymousReportAsync(string category, string description)
    {
        var response = await factory.CreateClient().PostAsync($"/api/contracts/{ContractId}/reports",
            Form([("category", category), ("description", description), ("location.text", "Frente a la obra")]));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await factory.FindAsAuditor(description)).GetProperty("reportId").GetString()!;
    }

    static List<string?> Ids(JsonElement list) => [.. list.EnumerateArray().Select(r => r.GetProperty("service_request_id").GetString())];

    [Fact]
    public async Task Requests_take_several_service_codes_and_statuses_separated_by_commas()
    {
        var overcost = await AnonymousReportAsync("sobrecosto", Unique("Cobran de más por el concreto de la obra."));
        var quality = await AnonymousReportAsync("mala_calidad", Unique("El andén nuevo ya tiene grietas grandes."));
        var other = await AnonymousReportAsync("otro", Unique("Los camiones dejan barro en toda la calle."));
        var client = factory.CreateClient();

        var two = await client.GetAsync("/open311/v2/requests.json?service_code=sobrecosto,mala_calidad");
        var both = await client.GetFromJsonAsync<JsonElement>("/open311/v2/requests.json?status=open,closed&service_code=otro");
        var xml = await client.GetAsync("/open311/v2/requests.xml?service_code=sobrecosto%2C%20mala_calidad&status=open");

        Assert.Equal(HttpStatusCode.OK, two.StatusCode);
        var twoList = await two.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(overcost, Ids(twoList));
        Assert.Contains(quality, Ids(twoList));
        Assert.DoesNotContain(other, Ids(twoList));
        Assert.All(twoList.EnumerateArray(),
            r => Assert.Contains(r.GetProperty("service_code").GetString(), new[] { "sobrecosto", "mala_calidad" }));
        Assert.Contains(other, Ids(both));
        Assert.All(both.EnumerateArray(), r => Assert.Equal("otro", r.GetProperty("service_code").GetString()));
        Assert.Equal(HttpStatusCode.OK, xml.StatusCode);
        var xmlIds = XDocument.Parse(await xml.Content.ReadAsStringAsync()).Root!.Elements().Select(e => e.Element("service_request_id")!.Value).ToList();
        Assert.Contains(overcost, xmlIds);
        Assert.Contains(quality, xmlIds);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/open311/v2/requests.json?service_code=sobrecosto,nada")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/open311/v2/requests.json?status=open,pending")).StatusCode);
    }

    [Fact]
    public async Task Bad_filters_answer_an_open311_error_list_in_the_format_asked()
    {
        var client = factory.CreateClient();

        var json = await client.GetAsync("/open311/v2/requests.json?status=pending");
        var xml = await client.GetAsync("/open311/v2/requests.xml?start_date=ayer");
        var format = await client.GetAsync("/open311/v2/requests.html");
        var unknown = await client.GetAsync("/open311/v2/requests/no-existe.xml");

        Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);
        Assert.Equal(400, (await json.Content.ReadFromJsonAsync<JsonElement>())[0].GetProperty("code").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, xml.StatusCode);
        var error = XDocument.Parse(await xml.Content.ReadAsStringAsync()).Root!;
        Assert.Equal("errors", error.Name.LocalName);
        Assert.Contains("start_date", error.Element("error")!.Element("description")!.Value);
        foreach (var hostile in new[] { "end_date=0001-01-01", "start_date=9999-12-31T23:59:59%2B14:00", "page_size=0", "page_size=99999999999",
                     "after=%25%25", "service_code=%3Cx%3E", "service_request_id=a/b%23c%3F,%00" })
        {
            var answer = await client.GetAsync($"/open311/v2/requests.json?{hostile}");
            Assert.True(answer.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.OK, $"{hostile}: {answer.StatusCode}");
            Assert.Equal(JsonValueKind.Array, (await answer.Content.ReadFromJsonAsync<JsonElement>()).ValueKind);
        }
        Assert.Equal(HttpStatusCode.NotFound, format.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("errors", XDocument.Parse(await unknown.Content.ReadAsStringAsync()).Root!.Name.LocalName);
    }
}
