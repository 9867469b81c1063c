using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using ObrasQr.Qr;
using ObrasQr.Tests.Qr;
using ObrasQr.Tests.Reports;
using static ObrasQr.Tests.Reports.ReportKit;

namespace ObrasQr.Tests.Pages;

/// <summary>HTTP for citizens: HEAD, previews of shared links, who runs the site, the privacy notice, the follow-up.</summary>
public abstract class CitizenPageTests(ObrasQrFactory factory)
{
    public sealed class OnSqlite(ObrasQrFactory.OnSqlite store) : CitizenPageTests(store), IClassFixture<ObrasQrFactory.OnSqlite>;
    public sealed class OnAzure(ObrasQrFactory.OnAzure store) : CitizenPageTests(store), IClassFixture<ObrasQrFactory.OnAzure>;

    readonly ObrasQrFactory factory = factory.Unlimited();

    [Theory]
    [InlineData("/o/CO1.PCCNTR.5361557", "text/html")]
    [InlineData("/o/CO1.PCCNTR.5361557/vista.png", "image/png")]
    [InlineData("/o/CO1.PCCNTR.5361557/qr.png", "image/png")]
    [InlineData("/o/CO1.PCCNTR.5361557/valla.svg", "image/svg+xml")]
    [InlineData("/seguimiento", "text/html")]
    [InlineData("/privacidad", "text/html")]
    [InlineData("/api/contracts/CO1.PCCNTR.5361557", "application/json")]
    public async Task Head_answers_wherever_get_does(string path, string type)
    {
        var response = await factory.CreateClient().SendAsync(new HttpRequestMessage(HttpMethod.Head, path));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Contract_page_has_a_description_and_an_open_graph_preview_with_absolute_addresses()
    {
        var client = factory.CreateClient();
        var html = await client.GetStringAsync("/o/CO1.PCCNTR.4120988");

        Assert.Matches("<meta name=\"description\" content=\"[^\"]*Vencido hace \\d+ días[^\"]*pagado", html);
        Assert.Contains("<meta property=\"og:url\" content=\"https://obras.cartagena.gov.co/o/CO1.PCCNTR.4120988\"", html);
        var image = Regex.Match(html, "<meta property=\"og:image\" content=\"([^\"]+)\"").Groups[1].Value;
        Assert.StartsWith("https://obras.cartagena.gov.co/o/CO1.PCCNTR.4120988/vista.png?v=", image);
        Assert.Contains("<meta property=\"og:title\" content=\"", html);

        var png = await client.GetAsync(new Uri(image).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, png.StatusCode);
        var bytes = await png.Content.ReadAsByteArrayAsync();
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        Assert.Equal(1200, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16))); // IHDR width
        Assert.Equal(630, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
        using var again = new HttpRequestMessage(HttpMethod.Get, new Uri(image).PathAndQuery) { Headers = { { "If-None-Match", png.Headers.ETag!.Tag } } };
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(again)).StatusCode); // drawn once, then cached
    }

    [Fact]
    public async Task Share_preview_scans_to_the_page()
    {
        var png = await factory.CreateClient().GetByteArrayAsync("/o/CO1.PCCNTR.5361557/vista.png");

        Assert.Equal("HTTPS://OBRAS.CARTAGENA.GOV.CO/O/CO1.PCCNTR.5361557", Zbar.Decode(png, ".png"));
    }

    [Fact]
    public async Task Every_page_names_the_publisher_and_the_office_and_links_the_privacy_notice()
    {
        var client = factory.CreateClient();
        foreach (var path in new[] { "/o/CO1.PCCNTR.5361557", "/seguimiento", "/privacidad", "/o/CO1.PCCNTR.0000000" })
        {
            var html = await (await client.GetAsync(path)).Content.ReadAsStringAsync();
            Assert.Contains("Publica este sitio: <strong>Alcaldía Mayor de Cartagena de Indias D. T. y C.</strong>", html);
            Assert.Contains("Recibe y responde los reportes: <strong>Oficina de Control Interno</strong>", html);
            Assert.Contains("<a href=\"/privacidad\">Aviso de privacidad</a>", html);
        }
    }

    [Fact]
    public async Task Privacy_notice_names_the_responsible_party_purpose_rights_and_how_to_exercise_them()
    {
        var html = await factory.CreateClient().GetStringAsync("/privacidad");

        Assert.Contains("Quién es responsable de sus datos", html);
        Assert.Contains("NIT 890480184-4", html);
        Assert.Contains("única finalidad: dar trámite y respuesta a ese reporte", html);
        Assert.Contains("Sus derechos (Ley 1581 de 2012, art. 8)", html);
        Assert.Contains("Revocar la autorización", html);
        Assert.Contains("Superintendencia de Industria y Comercio", html);
        Assert.Contains("10 días hábiles", html);   // consultas, art. 14
        Assert.Contains("15 días hábiles", html);   // reclamos, art. 15
    }

    [Fact]
    public async Task Consent_on_the_form_names_the_responsible_party_and_links_the_notice()
    {
        var html = await factory.CreateClient().GetStringAsync("/o/CO1.PCCNTR.5361557");

        Assert.Contains("Autorizo a Alcaldía Mayor de Cartagena de Indias D. T. y C., responsable del tratamiento", html);
        Assert.Contains("id=\"privacy-link\">Lea el <a href=\"/privacidad\">aviso de privacidad</a>", html);
    }

    [Fact]
    public async Task Follow_up_names_the_work_shows_the_answer_as_plain_text_and_is_compressed()
    {
        var description = Unique("Seguimiento que nombra la obra.");
        var created = await factory.CreateClient().PostAsJsonAsync($"/api/contracts/{ContractId}/reports", new { category = "otro", description });
        var code = (await created.Json()).GetProperty("trackingCode").GetString()!;
        var id = (await factory.FindAsAuditor(description)).GetProperty("reportId").GetString()!;
        var auditor = factory.ClientWithKey(ObrasQrFactory.AuditorKey);
        await auditor.PatchAsJsonAsync($"/api/reports/{id}", new { status = "en_revision", note = "Revisando" });
        await auditor.PatchAsJsonAsync($"/api/reports/{id}", new { status = "respondido", note = "ok", publicAnswer = "Primer párrafo.\nSegundo párrafo." });

        using var request = new HttpRequestMessage(HttpMethod.Post, "/seguimiento")
        {
            Content = new FormUrlEncodedContent([new("code", code)]),
            Headers = { { "Accept-Encoding", "br" } },
        };
        var response = await factory.CreateClient().SendAsync(request);
        Assert.Equal("br", response.Content.Headers.ContentEncoding.Single());
        using var reader = new StreamReader(new BrotliStream(await response.Content.ReadAsStreamAsync(), CompressionMode.Decompress));
        var html = await reader.ReadToEndAsync();

        Assert.Contains($"<a href=\"/o/{ContractId}\">", html);
        Assert.Contains("Nuevo Bosque", html);  // the work's object
        Assert.Contains($"(contrato {ContractId})", html);
        Assert.Matches("<p class=\"answer\" id=\"respuesta\">Primer párrafo.(\n|&#xA;)Segundo párrafo.</p>", html);
    }

    [Fact]
    public async Task Small_wording_capital_status_question_mark_and_red_overdue_countdown()
    {
        var html = await factory.CreateClient().GetStringAsync("/o/CO1.PCCNTR.4120988");

        Assert.Contains("<label for=\"category\">¿Qué pasa?</label>", html);
        Assert.Contains("class=\"countdown late\"", html);
        Assert.Matches("<span class=\"status\">\\p{Lu}", html);
        Assert.DoesNotContain("terminó. ·", html);
    }

    [Theory]
    [InlineData("ALCALDÍA DISTRITAL DE CARTAGENA DE INDIAS")]
    [InlineData("EMPRESA DE DESARROLLO URBANO DE BOLÍVAR S.A. EDURBE - DISTRITO TURÍSTICO Y CULTURAL DE CARTAGENA")]
    [InlineData("INSTITUTO DE PATRIMONIO Y CULTURA DE CARTAGENA DE INDIAS IPCC ESTABLECIMIENTO PÚBLICO DEL ORDEN DISTRITAL ADSCRITO A LA ALCALDÍA MAYOR DE CARTAGENA DE INDIAS")]
    [InlineData("INSTITUTO DE PATRIMONIO Y CULTURA DE CARTAGENA DE INDIAS IPCC ESTABLECIMIENTO PÚBLICO DEL ORDEN DISTRITAL ADSCRITO A LA ALCALDÍA MAYOR DE CARTAGENA DE INDIAS DISTRITO TURÍSTICO Y CULTURAL")]
    public void Billboard_shows_long_entity_names_whole_within_the_band_and_keeps_the_qr_size(string entity)
    {
        var svg = BillboardPanel.Svg("HTTPS://OBRAS.CARTAGENA.GOV.CO/O/CO1.PCCNTR.1", "obras.cartagena.gov.co/o/CO1.PCCNTR.1", "CO1.PCCNTR.1", entity);

        var lines = Regex.Matches(svg, "<(?:text|tspan) [^>]*>([^<]+)</(?:text|tspan)>").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value))
            .Where(t => entity.Contains(t.TrimEnd('…'), StringComparison.Ordinal)).ToList();
        Assert.InRange(lines.Count, 1, 2);
        var shown = string.Join(' ', lines);
        Assert.True(shown == entity || (shown.EndsWith('…') && entity.StartsWith(shown.TrimEnd('…'), StringComparison.Ordinal)), shown);
        Assert.Contains("translate(120 210) scale(", svg); // the QR: same place, same 760-unit size
        foreach (Match line in Regex.Matches(svg, "<text x=\"500\" y=\"([0-9.]+)\" fill=\"#fff\" font-size=\"([0-9.]+)\" text-anchor=\"middle\">([^<]+)</text>"))
        {
            var text = WebUtility.HtmlDecode(line.Groups[3].Value);
            if (!entity.Contains(text.TrimEnd('…'), StringComparison.Ordinal)) continue;
            var size = double.Parse(line.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(double.Parse(line.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) < 170); // inside the band
            Assert.True(text.Length * size * 0.72 <= 940, $"{text} at {size}"); // fits the width with margins
            Assert.True(size >= 18);
        }
    }
}
