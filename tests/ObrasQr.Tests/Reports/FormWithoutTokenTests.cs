using System.Net;
using System.Net.Http.Json;
using ObrasQr.Reports;
using ObrasQr.Tests.Pages;
using static ObrasQr.Tests.Reports.ReportKit;

namespace ObrasQr.Tests.Reports;

/// <summary>The work's page sends its form without a token (the page is the same for everyone): a double tap is told
/// apart by the content, within <see cref="ReportIntake.SameContentWindow"/>, on a pinned clock.</summary>
public abstract class FormWithoutTokenTests(PinnedDateFactory pinned)
{
    public sealed class OnSqlite(PinnedDateFactory.OnSqlite store) : FormWithoutTokenTests(store), IClassFixture<PinnedDateFactory.OnSqlite>;
    public sealed class OnAzure(PinnedDateFactory.OnAzure store) : FormWithoutTokenTests(store), IClassFixture<PinnedDateFactory.OnAzure>;

    readonly ObrasQrFactory factory = pinned.Factory.Unlimited();

    Task<HttpResponseMessage> Send(HttpClient client, string description) =>
        client.PostAsync($"/o/{ContractId}/reportes", Form([("category", "mala_calidad"), ("description", description), ("anonymous", "si")]));

    [Fact]
    public async Task A_double_tap_files_one_report_and_both_receipts_find_it()
    {
        var description = Unique("Toqué dos veces el botón de enviar.");
        var client = factory.CreateClient();

        var first = await Send(client, description);
        var second = await Send(client, description);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Contains("ya lo habíamos recibido", await second.Content.ReadAsStringAsync());
        var report = await factory.FindAsAuditor(description); // exactly one
        foreach (var code in new[] { CodeOnPage(await first.Content.ReadAsStringAsync()), CodeOnPage(await second.Content.ReadAsStringAsync()) })
        {
            var status = await client.PostAsJsonAsync("/api/reports/lookup", new { trackingCode = code });
            Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        }
        Assert.NotNull(report.GetProperty("reportId").GetString());
    }

    [Fact]
    public async Task Different_contents_file_two_reports()
    {
        var marker = Unique("Dos cosas distintas.");
        var client = factory.CreateClient();

        await Send(client, marker + " La primera: andenes rotos.");
        var second = await Send(client, marker + " La segunda: sin señalización.");

        Assert.DoesNotContain("ya lo habíamos recibido", await second.Content.ReadAsStringAsync());
        Assert.Equal(2, (await factory.AllAsAuditor($"contractId={ContractId}")).Count(r => r.GetProperty("description").GetString()!.Contains(marker)));
    }

    [Fact]
    public async Task The_same_content_sent_again_after_the_window_is_another_report()
    {
        var description = Unique("La misma queja, otro día.");
        var client = factory.CreateClient();

        await Send(client, description);
        pinned.Clock.Advance(ReportIntake.SameContentWindow);
        var later = await Send(client, description);

        Assert.DoesNotContain("ya lo habíamos recibido", await later.Content.ReadAsStringAsync());
        Assert.Equal(2, (await factory.AllAsAuditor($"contractId={ContractId}")).Count(r => r.GetProperty("description").GetString()!.Contains(description)));
    }

    [Fact]
    public async Task A_refused_form_from_the_page_comes_back_with_a_token_of_its_own()
    {
        var client = factory.CreateClient();
        var refused = async () => await (await client.PostAsync($"/o/{ContractId}/reportes", Form([("description", Unique("Sin categoría."))]))).Content.ReadAsStringAsync();

        var (first, second) = (await refused(), await refused());

        static string Token(string html) => html.Split("name=\"token\" value=\"")[1].Split('"')[0];
        Assert.Matches("^[0-9a-f]{32}$", Token(first));
        Assert.NotEqual(Token(first), Token(second));
    }
}
