using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace ObrasQr.Tests.Reports;

public abstract class ReportApiTests(ObrasQrFactory factory)
{
    public sealed class OnSqlite(ObrasQrFactory.OnSqlite store) : ReportApiTests(store), IClassFixture<ObrasQrFactory.OnSqlite>;
    public sealed class OnAzure(ObrasQrFactory.OnAzure store) : ReportApiTests(store), IClassFixture<ObrasQrFactory.OnAzure>;

    readonly ObrasQrFactory factory = factory.Unlimited();

    const string ContractId = "CO1.PCCNTR.5361557";

    static object ValidReport => new
    {
        category = "obra_paralizada",
        description = "La obra lleva tres semanas sin trabajadores y la excavación está abierta.",
        anonymous = true,
        location = new { text = "Frente al colegio, calle 30" },
    };

    [Fact]
    public async Task Report_to_a_lower_case_contract_address_reaches_the_contract_as_its_page_does()
    {
        var created = await factory.CreateClient().PostAsJsonAsync($"/api/contracts/{ContractId.ToLowerInvariant()}/reports", ValidReport);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    [Fact]
    public async Task Submitted_report_gets_a_tracking_code_that_finds_it()
    {
        var client = factory.CreateClient();

        var created = await client.PostAsJsonAsync($"/api/contracts/{ContractId}/reports", ValidReport);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var receipt = await created.Content.ReadFromJsonAsync<JsonElement>();
        var code = receipt.GetProperty("trackingCode").GetString()!;
        Assert.Matches("^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$", code);
        Assert.Equal("recibido", receipt.GetProperty("status").GetString());

        var lookup = await client.PostAsJsonAsync("/api/reports/lookup", new { trackingCode = code.ToLowerInvariant().Replace("-", " ") });
        Assert.Equal(HttpStatusCode.OK, lookup.StatusCode);
        var status = await lookup.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("recibido", status.GetProperty("status").GetString());
        Assert.Equal(receipt.GetProperty("deadline").GetString(), status.GetProperty("deadline").GetString());
    }

    [Fact]
    public async Task Auditors_list_reports_and_others_are_refused()
    {
        await factory.CreateClient().PostAsJsonAsync($"/api/contracts/{ContractId}/reports", ValidReport);

        var anonymous = await factory.CreateClient().GetAsync("/api/reports");
        var office = await factory.ClientWithKey(ObrasQrFactory.OfficeKey).GetAsync("/api/reports");
        var wrongKey = await factory.ClientWithKey("not-a-key").GetAsync("/api/reports");
        var auditor = await factory.ClientWithKey(ObrasQrFactory.AuditorKey).GetAsync($"/api/reports?contractId={ContractId}");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, office.StatusCode);
        Assert.Equal(HttpStatusCode.OK, auditor.StatusCode);
        var list = await auditor.Content.ReadFromJsonAsync<JsonElement>();
        var items = list.GetProperty("items").EnumerateArray().ToList();
        Assert.NotEmpty(items);
        Assert.All(items, i => Assert.Equal(ContractId, i.GetProperty("contractId").GetString()));
        Assert.Contains(items, i => i.GetProperty("description").GetString()!.Contains("tres semanas"));
    }

    [Fact]
    public async Task Wrong_and_unknown_codes_get_the_same_answer()
    {
        var client = factory.CreateClient();
        var wrong = await client.PostAsJsonAsync("/api/reports/lookup", new { trackingCode = "ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ" });
        var garbage = await client.PostAsJsonAsync("/api/reports/lookup", new { trackingCode = "hola" });

        Assert.Equal(HttpStatusCode.NotFound, wrong.StatusCode);
        Assert.Equal(await wrong.Content.ReadAsStringAsync(), await garbage.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Invalid_report_is_a_problem_naming_the_field()
    {
        var response = await factory.CreateClient().PostAsJsonAsync($"/api/contracts/{ContractId}/reports",
            new { category = "obra_paralizada", description = "corto" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("description", out _));
    }

    [Fact]
    public async Task Identified_report_needs_explicit_consent()
    {
        var response = await factory.CreateClient().PostAsJsonAsync($"/api/contracts/{ContractId}/reports", new
        {
            category = "sobrecosto",
            description = "Cobran materiales que no se ven en la obra.",
            anonymous = false,
            reporter = new { name = "Ana Pérez", email = "ana@example.com", consent = false },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("reporter.consent", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Retried_submission_with_the_same_idempotency_key_creates_one_report()
    {
        var client = factory.CreateClient();
        var key = Guid.NewGuid().ToString();
        var report = new { category = "mala_calidad", description = $"El andén ya se agrietó (reintento {key})." };
        async Task<HttpResponseMessage> Send()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/contracts/{ContractId}/reports") { Content = JsonContent.Create(report) };
            request.Headers.Add("Idempotency-Key", key);
            return await client.SendAsync(request);
        }

        var first = await Send();
        var second = await Send();

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        var all = await factory.ClientWithKey(ObrasQrFactory.AuditorKey).GetFromJsonAsync<JsonElement>($"/api/reports?contractId={ContractId}");
        Assert.Single(all.GetProperty("items").EnumerateArray(), i => i.GetProperty("description").GetString() == report.description);
    }
}
