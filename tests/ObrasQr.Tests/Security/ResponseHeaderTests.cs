using System.Net;
using ObrasQr.Contracts;

namespace ObrasQr.Tests.Security;

public abstract class ResponseHeaderTests(ObrasQrFactory factory)
{
    public sealed class OnSqlite(ObrasQrFactory.OnSqlite store) : ResponseHeaderTests(store), IClassFixture<ObrasQrFactory.OnSqlite>;
    public sealed class OnAzure(ObrasQrFactory.OnAzure store) : ResponseHeaderTests(store), IClassFixture<ObrasQrFactory.OnAzure>;

    const string ContractId = "CO1.PCCNTR.5361557";

    [Theory]
    [InlineData("/o/" + ContractId)]
    [InlineData("/o/CO1.PCCNTR.0000000")] // not found page
    [InlineData("/seguimiento")]
    [InlineData("/o/" + ContractId + "/qr.svg")]
    [InlineData("/o/" + ContractId + "/valla.svg")]
    public async Task Html_and_svg_answers_carry_csp_nosniff_and_referrer_policy(string path)
    {
        var response = await factory.CreateClient().GetAsync(path);

        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("default-src 'none'", csp);
        // No script but the form's own on pages, allowed by its hash (none at all in images): nothing inline or
        // evaluated from text can run.
        if (path.EndsWith(".svg", StringComparison.Ordinal)) Assert.DoesNotContain("script-src", csp);
        else Assert.Contains($"script-src {ObrasQr.Pages.FormScript.CspSource} {ObrasQr.Desk.TemplateScript.CspSource} {ObrasQr.Desk.UploadScript.CspSource} {ObrasQr.Pages.StatusScript.CspSource};", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.DoesNotContain("script-src 'unsafe-inline'", csp);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }

    [Fact]
    public async Task Report_error_page_carries_the_headers_too()
    {
        var response = await factory.CreateClient().PostAsync($"/o/{ContractId}/reportes", new StringContent("x"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("frame-ancestors 'none'", string.Join(";", response.Headers.GetValues("Content-Security-Policy")));
    }

    [Fact]
    public async Task Contracts_json_escapes_markup_like_the_desk()
    {
        var contract = new Contract
        {
            ContractId = "CO1.PCCNTR.0000001", Type = "Obra", Status = "En ejecución", Object = "<script>alert('x')</script> & vía",
        };
        await factory.Service<IContractStore>().AddVersionAsync(ContractVersion.First(contract, DateTimeOffset.UtcNow, "test"));

        var list = await factory.CreateClient().GetStringAsync("/api/contracts?limit=200");
        var one = await factory.CreateClient().GetStringAsync("/api/contracts/CO1.PCCNTR.0000001");

        foreach (var json in new[] { list, one })
        {
            Assert.DoesNotContain("<script>", json);
            Assert.Contains("\\u003Cscript\\u003E", json);
            Assert.Contains("vía", json); // accents stay readable
        }
    }

    [Fact]
    public async Task Forbidden_answer_does_not_name_the_callers_key()
    {
        var response = await factory.ClientWithKey(ObrasQrFactory.AuditorKey).GetAsync("/api/billboards.zip");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("control-interno", await response.Content.ReadAsStringAsync());
    }
}
