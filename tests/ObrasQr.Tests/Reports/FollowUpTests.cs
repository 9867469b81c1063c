using System.Net;
using System.Net.Http.Json;
using static ObrasQr.Tests.Reports.ReportKit;

namespace ObrasQr.Tests.Reports;

public abstract class FollowUpTests(ObrasQrFactory factory)
{
    public sealed class OnSqlite(ObrasQrFactory.OnSqlite store) : FollowUpTests(store), IClassFixture<ObrasQrFactory.OnSqlite>;
    public sealed class OnAzure(ObrasQrFactory.OnAzure store) : FollowUpTests(store), IClassFixture<ObrasQrFactory.OnAzure>;

    readonly ObrasQrFactory factory = factory.Unlimited();

    Task<string> Page(string code) => factory.CreateClient()
        .PostAsync("/seguimiento", new FormUrlEncodedContent([new("code", code)])).Result.Content.ReadAsStringAsync();

    [Fact]
    public async Task Unknown_wrong_and_malformed_codes_get_the_same_page_and_the_same_api_answer()
    {
        var code = (await (await factory.CreateClient().PostAsJsonAsync($"/api/contracts/{ContractId}/reports",
            new { category = "otro", description = Unique("Código para comparar respuestas.") })).Json()).GetProperty("trackingCode").GetString()!;
        var oneCharOff = (code[0] == 'A' ? 'B' : 'A') + code[1..];
        string[] wrong = [oneCharOff, "ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ", "hola", "", "<b>x</b>", code[..^1]];

        // Each page keeps the code as typed in its box (so it can be corrected); apart from that box, they are one page.
        var pages = new List<string>();
        foreach (var w in wrong) pages.Add(System.Text.RegularExpressions.Regex.Replace(await Page(w), "(<input id=\"code\"[^>]*?) value=\"[^\"]*\"", "$1"));
        var answers = new List<(HttpStatusCode, string)>();
        foreach (var w in wrong.Where(w => w.Length > 0))
        {
            var response = await factory.CreateClient().PostAsJsonAsync("/api/reports/lookup", new { trackingCode = w });
            answers.Add((response.StatusCode, await response.Content.ReadAsStringAsync()));
        }

        Assert.Single(pages.Distinct());
        Assert.Contains("No encontramos un reporte con ese código", pages[0]);
        Assert.Single(answers.Distinct());
        Assert.Equal(HttpStatusCode.NotFound, answers[0].Item1);
        Assert.Contains("Recibido", await Page(code.ToLowerInvariant().Replace("-", " ")));
    }

    [Fact]
    public async Task Follow_up_shows_dates_deadline_and_status_without_identity()
    {
        var description = Unique("Consulta de seguimiento con datos personales.");
        var html = await (await factory.CreateClient().PostAsync($"/o/{ContractId}/reportes", Form([("category", "sobrecosto"),
            ("description", description), ("anonymous", "no"), ("name", "Luisa Ramírez"), ("phone", "3105550000"), ("consent", "si")]))).Content.ReadAsStringAsync();

        var page = await Page(CodeOnPage(html)!);

        Assert.Contains("Estado: Recibido", page);
        Assert.Contains("Fecha límite de respuesta", page);
        Assert.Contains("Sobrecosto", page);
        Assert.DoesNotContain("Luisa", page);
        Assert.DoesNotContain("3105550000", page);
        Assert.DoesNotContain(description, page); // the text itself is not shown back either
    }

    [Fact]
    public async Task Follow_up_names_the_work_also_once_it_is_withdrawn()
    {
        var anyone = factory.CreateClient();
        await anyone.GetAsync("/"); // the works catalog in memory, where the page finds a listed work's name
        var code = (await (await anyone.PostAsJsonAsync($"/api/contracts/{ContractId}/reports",
            new { category = "otro", description = Unique("Seguimiento con el nombre de la obra.") })).Json()).GetProperty("trackingCode").GetString()!;
        var work = (await factory.Service<ObrasQr.Contracts.IContractStore>().FindAsync(ContractId))!.Contract;
        var listed = await Page(code);

        // Withdrawn: the catalog no longer lists it, once it sees that; the name then comes from the store.
        var withdrawals = factory.Service<ObrasQr.Withdrawals.IWithdrawalStore>();
        Assert.True(await withdrawals.RecordAsync(new(ContractId, ObrasQr.Withdrawals.WithdrawalActKind.Withdrawn, DateTimeOffset.UtcNow,
            "Prueba del seguimiento.", "prueba", "Prueba", work.EntityNit)));
        factory.Service<ObrasQr.Accountability.WorksCatalog>().Forget();
        string withdrawn;
        try
        {
            withdrawn = await Page(code);
        }
        finally
        {
            await withdrawals.RecordAsync(new(ContractId, ObrasQr.Withdrawals.WithdrawalActKind.Republished, DateTimeOffset.UtcNow,
                null, "prueba", "Prueba", work.EntityNit));
            factory.Service<ObrasQr.Accountability.WorksCatalog>().Forget();
        }

        Assert.Contains(work.Name, WebUtility.HtmlDecode(listed));
        Assert.Contains(work.Name, WebUtility.HtmlDecode(withdrawn));
    }

    [Fact]
    public async Task Script_in_a_report_is_shown_as_text_to_citizens_and_auditors()
    {
        const string attack = "<script>alert('xss')</script><img src=x onerror=alert(1)>";
        var description = Unique($"Obra con código malicioso {attack}");
        var created = await factory.CreateClient().PostAsJsonAsync($"/api/contracts/{ContractId}/reports",
            new { category = "otro", description, location = new { text = attack } });
        var code = (await created.Json()).GetProperty("trackingCode").GetString()!;
        var report = await factory.FindAsAuditor(description);
        var id = report.GetProperty("reportId").GetString()!;
        await factory.ClientWithKey(ObrasQrFactory.AuditorKey).PatchAsJsonAsync($"/api/reports/{id}",
            new { status = "en_revision", note = attack, publicAnswer = (string?)null });
        await factory.ClientWithKey(ObrasQrFactory.AuditorKey).PatchAsJsonAsync($"/api/reports/{id}",
            new { status = "respondido", note = "ok", publicAnswer = "Respuesta " + attack });

        var page = await Page(code);
        var detail = await factory.ClientWithKey(ObrasQrFactory.AuditorKey).GetAsync($"/api/reports/{id}");
        var raw = await detail.Content.ReadAsStringAsync();

        Assert.DoesNotContain("<script>", page);
        Assert.DoesNotContain("<img src=x", page);
        Assert.Contains("&lt;script&gt;", page);
        Assert.Equal("application/json", detail.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("<script>", raw);
        Assert.Contains(attack, (await detail.Json()).GetProperty("report").GetProperty("description").GetString());
    }

    [Fact]
    public async Task Receipt_page_encodes_what_it_echoes()
    {
        var html = await (await factory.CreateClient().PostAsync($"/o/{ContractId}/reportes",
            Form([("category", "otro"), ("description", Unique("Texto con <script>alert(1)</script>")), ("place", "<script>x</script>")]))).Content.ReadAsStringAsync();

        Assert.DoesNotContain("<script>", html);
        Assert.NotNull(CodeOnPage(html));
    }

    [Fact]
    public async Task Lookup_and_status_change_refuse_bodies_larger_than_they_need()
    {
        var padding = new string(' ', 20_000);
        var lookup = await factory.CreateClient().PostAsync("/api/reports/lookup",
            new StringContent($"{{\"trackingCode\": \"ABCD\"{padding}}}", System.Text.Encoding.UTF8, "application/json"));
        var change = await factory.ClientWithKey(ObrasQrFactory.AuditorKey).PatchAsync("/api/reports/x",
            new StringContent($"{{\"note\": \"{new string('a', 70_000)}\"}}", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, lookup.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, change.StatusCode);
    }
}
