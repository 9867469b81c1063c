using System.Net;

namespace ObrasQr.Tests.Pages;

public abstract class ContractPageTests(ObrasQrFactory factory)
{
    public sealed class OnSqlite(ObrasQrFactory.OnSqlite store) : ContractPageTests(store), IClassFixture<ObrasQrFactory.OnSqlite>;
    public sealed class OnAzure(ObrasQrFactory.OnAzure store) : ContractPageTests(store), IClassFixture<ObrasQrFactory.OnAzure>;

    [Fact]
    public async Task Page_shows_the_object_contractor_and_value_of_a_demo_work()
    {
        var response = await factory.CreateClient().GetAsync("/o/CO1.PCCNTR.5361557");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"es-CO\">", html);
        Assert.Contains("Nuevo Bosque", html);                      // object
        Assert.Contains("Nelson Mandela", html);
        Assert.Contains("CONSORCIO", html);                          // contractor
        Assert.Contains("$ 28.734.512.880", html);                   // value, the Colombian way
        Assert.Contains("action=\"/o/CO1.PCCNTR.5361557/reportes\"", html);
    }

    [Fact]
    public async Task Page_lists_what_changed_between_synchronised_versions()
    {
        var html = await factory.CreateClient().GetStringAsync("/o/CO1.PCCNTR.3987001");

        Assert.Contains("Valor del contrato pasó de «$ 10.400.000.000» a «$ 19.150.000.000»", html);
        Assert.Contains("Estado pasó de «Aprobado» a «Modificado»", html);
    }

    [Theory]
    [InlineData("/o/CO1.PCCNTR.0000000")]      // unknown
    [InlineData("/o/CO1.PCCNTR.5298812")]      // a services contract, not a public work
    public async Task Unknown_or_unpublished_contract_gets_a_Spanish_404_page(string path)
    {
        var response = await factory.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("No encontramos esta obra", html);
    }

    [Fact]
    public async Task Contract_text_is_encoded_not_executed()
    {
        var html = await factory.CreateClient().GetStringAsync("/o/CO1.PCCNTR.5288140");

        // The demo object has quotes in it: they arrive encoded, as text.
        Assert.Contains("MEJORAMIENTO DEL PARQUE &quot;EL CAMPITO&quot; DE TORICES", html);
        // One script, the page's own (photo checks); the contract's text adds none.
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "<script", System.Text.RegularExpressions.RegexOptions.IgnoreCase));
    }
}
