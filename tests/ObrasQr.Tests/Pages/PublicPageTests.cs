using System.Net;
using System.Text.RegularExpressions;
using ObrasQr.OpenData;
using static ObrasQr.Tests.Reports.ReportKit;

namespace ObrasQr.Tests.Pages;

/// <summary>What every public page owes a citizen: a form that chooses nothing for them, a follow-up that keeps a mistyped
/// code, notices that say exactly what is published, a robots.txt, and the GOV.CO frame of Resolución MinTIC 1519 de 2020.</summary>
public abstract class PublicPageTests(ObrasQrFactory factory)
{
    public sealed class OnSqlite(ObrasQrFactory.OnSqlite store) : PublicPageTests(store), IClassFixture<ObrasQrFactory.OnSqlite>;
    public sealed class OnAzure(ObrasQrFactory.OnAzure store) : PublicPageTests(store), IClassFixture<ObrasQrFactory.OnAzure>;

    readonly ObrasQrFactory factory = factory.Unlimited();

    static string CategorySelect(string html) => Regex.Match(html, "<select id=\"category\".*?</select>", RegexOptions.Singleline).Value;

    [Fact]
    public async Task Report_form_starts_with_no_category_chosen()
    {
        var select = CategorySelect(await factory.CreateClient().GetStringAsync($"/o/{ContractId}"));

        Assert.Contains(" required", select);
        Assert.Contains("<option value selected>Elija", select);
        Assert.Single(Regex.Matches(select, "selected"));
    }

    [Fact]
    public async Task Form_sent_without_a_category_comes_back_filled_in_with_the_reason_next_to_the_field()
    {
        var response = await factory.CreateClient().PostAsync($"/o/{ContractId}/reportes", Form([
            ("description", "La obra lleva un mes sin trabajadores."), ("place", "Frente al colegio"), ("token", Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()))]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Matches("<p class=\"field-error\" id=\"category-error\">Elija una categoría", html);
        Assert.Contains("aria-describedby=\"category-error\"", CategorySelect(html));
        Assert.Contains("<option value selected>Elija", CategorySelect(html));
        Assert.Contains(">La obra lleva un mes sin trabajadores.</textarea>", html);
        Assert.Contains("value=\"Frente al colegio\"", html);
    }

    [Fact]
    public async Task A_wrong_tracking_code_stays_in_the_box()
    {
        var response = await factory.CreateClient().PostAsync("/seguimiento",
            new FormUrlEncodedContent([new("code", "ABCD-EFGH-JKMN-PQRS-TVW")]));

        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("No encontramos un reporte con ese código", html);
        Assert.Matches("<input id=\"code\" [^>]*value=\"ABCD-EFGH-JKMN-PQRS-TVW\"", html);
    }

    [Theory]
    [InlineData("/privacidad")]
    [InlineData("/estadisticas")]
    public async Task Privacy_notice_and_statistics_say_what_open_data_publishes_of_each_report(string path)
    {
        var html = await factory.CreateClient().GetStringAsync(path);

        Assert.Contains(Open311.WhatIsPublished, html);
        Assert.Contains("la respuesta pública", Open311.WhatIsPublished);
        Assert.Contains("si está abierto o cerrado", Open311.WhatIsPublished);
        Assert.DoesNotContain("solo\n           los consulta quien tenga el código", html);
        Assert.DoesNotContain("Los reportes nunca se publican", html);
    }

    [Fact]
    public async Task Robots_txt_opens_the_public_pages_and_closes_the_desk_and_the_keyed_routes()
    {
        var client = factory.CreateClient();
        var response = await client.GetAsync("/robots.txt");
        var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/robots.txt"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.Public, "robots.txt may be cached");
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n');
        Assert.Contains("User-agent: *", lines);
        Assert.Contains("Allow: /", lines);
        Assert.Contains("Disallow: /escritorio", lines);
        Assert.Contains("Disallow: /api/reports", lines);
        Assert.Contains("Disallow: /api/exports/", lines);
        Assert.Contains("Disallow: /api/billboards.zip", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("Disallow: /escritorio/", StringComparison.Ordinal)); // covered by /escritorio
        Assert.DoesNotContain(lines, l => l is "Disallow: /" || l.StartsWith("Disallow: /o", StringComparison.Ordinal)
            || l.StartsWith("Disallow: /api/contracts", StringComparison.Ordinal) || l.StartsWith("Disallow: /api/oc4ids", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
    }
}

/// <summary>The GOV.CO top bar and the footer of Resolución MinTIC 1519 de 2020 (Anexo 2, 2.1 and 2.2), from
/// ObrasQr__Trust__*; the bar switched off for a publisher that is not a state entity.</summary>
public sealed class GovCoFrameTests
{
    static readonly string[] Pages = ["/", "/o/CO1.PCCNTR.5361557", "/seguimiento", "/privacidad", "/estadisticas", "/mapa", "/datos", "/o/CO1.PCCNTR.0000000"];

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task Every_public_page_has_the_gov_co_bar_and_a_footer_with_contact_hours_and_policies(StoreKind store)
    {
        using var factory = new ObrasQrFactory(store);
        factory.Settings["ObrasQr:Trust:EntityName"] = "Alcaldía de Turbaco";
        factory.Settings["ObrasQr:Trust:EntityNit"] = "890480022-1";
        factory.Settings["ObrasQr:Trust:OfficeName"] = "Oficina de Control Interno";
        factory.Settings["ObrasQr:Trust:Email"] = "control.interno@turbaco.gov.co";
        factory.Settings["ObrasQr:Trust:Address"] = "Calle Real n.º 17-50, Turbaco, Bolívar";
        factory.Settings["ObrasQr:Trust:OpeningHours"] = "lunes a viernes, de 8:00 a. m. a 5:00 p. m.";
        factory.Settings["ObrasQr:Trust:Phone"] = "(605) 641 1370";
        factory.Settings["ObrasQr:Trust:TermsUrl"] = "https://www.turbaco.gov.co/terminos";
        var client = factory.CreateClient();

        foreach (var path in Pages)
        {
            var html = await (await client.GetAsync(path)).Content.ReadAsStringAsync();
            var header = Regex.Match(html, "<header>.*?</header>", RegexOptions.Singleline).Value;
            Assert.Contains("<div class=\"govbar\"><a href=\"https://www.gov.co/\" aria-label=\"GOV.CO, Portal del Estado colombiano\">", header);
            var footer = Regex.Match(html, "<footer>.*?</footer>", RegexOptions.Singleline).Value;
            Assert.Contains("Publica este sitio: <strong>Alcaldía de Turbaco</strong><span> (NIT 890480022-1)</span>", footer);
            Assert.Contains("Dirección: Calle Real n.º 17-50, Turbaco, Bolívar", footer);
            Assert.Contains("Teléfono: (605) 641 1370", footer);
            Assert.Contains("Correo: <a href=\"mailto:control.interno@turbaco.gov.co\">", footer);
            Assert.Contains("Horario de atención: lunes a viernes, de 8:00 a. m. a 5:00 p. m.", footer);
            Assert.Contains("<a href=\"/privacidad\">Aviso de privacidad</a>", footer);
            Assert.Contains("<a href=\"https://www.turbaco.gov.co/terminos\">Términos y condiciones</a>", footer);
        }
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task A_publisher_that_is_not_a_state_entity_switches_the_bar_off(StoreKind store)
    {
        using var factory = new ObrasQrFactory(store);
        factory.Settings["ObrasQr:Trust:GovCoBar"] = "false";
        var client = factory.CreateClient();

        foreach (var path in Pages)
        {
            var html = await (await client.GetAsync(path)).Content.ReadAsStringAsync();
            Assert.DoesNotContain("gov.co/\"", html);
            Assert.Contains("<footer>", html);
            Assert.DoesNotContain("Horario de atención", html); // not configured: not invented
        }
    }
}
