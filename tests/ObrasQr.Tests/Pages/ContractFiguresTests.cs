using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace ObrasQr.Tests.Pages;

/// <summary>The demo works' pages on a pinned day (21 November 2026), so the figures never move with the real date.</summary>
public class PinnedDateFactory : IDisposable
{
    public sealed class OnSqlite() : PinnedDateFactory(StoreKind.Sqlite);
    public sealed class OnAzure() : PinnedDateFactory(StoreKind.Azure);

    public ManualClock Clock { get; } = ManualClock.AtNoonInColombia(2026, 11, 21);
    public ObrasQrFactory Factory { get; }
    protected PinnedDateFactory(StoreKind store) => Factory = new ObrasQrFactory(store) { Clock = Clock };
    public void Dispose() => Factory.Dispose();
}

public abstract class ContractFiguresTests(PinnedDateFactory pinned)
{
    public sealed class OnSqlite(PinnedDateFactory.OnSqlite store) : ContractFiguresTests(store), IClassFixture<PinnedDateFactory.OnSqlite>;
    public sealed class OnAzure(PinnedDateFactory.OnAzure store) : ContractFiguresTests(store), IClassFixture<PinnedDateFactory.OnAzure>;

    const string Normal = "CO1.PCCNTR.5361557", Overdue = "CO1.PCCNTR.4120988", HeavilyAdded = "CO1.PCCNTR.3987001";

    Task<string> Page(string id) => pinned.Factory.CreateClient().GetStringAsync($"/o/{id}");

    [Fact]
    public async Task Normal_work_shows_who_what_where_money_and_time()
    {
        var html = await Page(Normal);

        foreach (var expected in new[]
        {
            "Construcción de la nueva sede de la Institución Educativa Nuevo Bosque",  // object
            "Cartagena de Indias, Bolívar",                                           // where
            "DISTRITO TURISTICO Y CULTURAL DE CARTAGENA DE INDIAS",                   // entity
            "· NIT 901987452", "ANDRÉS FELIPE MARTELO OSPINO",                          // contractor, legal representative
            "Licitación pública Obra Publica", "CO1.BDOS.5102734",                    // modality, process
            "href=\"https://community.secop.gov.co/",                                 // SECOP II link
            // First seen "En ejecución": SECOP II gives no initial value, so none is claimed (nor "adiciones $ 0 (0 %)").
            "id=\"valor-inicial\">Valor inicial no disponible",
            "id=\"primer-valor\">$ 28.734.512.880", "id=\"adiciones-vistas\">$ 0 ",
            "id=\"valor-actual\">$ 28.734.512.880",
            "id=\"pagado\">$ 11.493.805.152</strong> (40 %)",
            "id=\"por-pagar\">$ 17.240.707.728",
            "20 de febrero de 2026", "9 de marzo de 2026", "id=\"fin\">8 de junio de 2027",
            "id=\"plazo\">Faltan 199 días", "Tiempo transcurrido: 56 %",
            "id=\"prorrogas\">Ningún día adicionado",
            "SECOP II registra la obra en ejecución.",
            "Sin cambios desde que empezamos a seguir este contrato.",
            "Esta versión de los datos se sincronizó el", "SECOP II la actualizó el 18 de junio de 2026",
        })
            Assert.Contains(expected, html);
        Assert.DoesNotContain("Alertas sobre este contrato", html);
    }

    [Fact]
    public async Task Overdue_work_counts_days_overdue_and_flags_it()
    {
        var html = await Page(Overdue);

        Assert.Contains("id=\"plazo\">Vencido hace 82 días", html);
        Assert.Contains("Tiempo transcurrido: 100 %", html);
        Assert.Contains("Alertas sobre este contrato", html);
        Assert.Contains("La fecha de terminación prevista (31 de agosto de 2026) pasó hace 82 días y SECOP II no registra el contrato como terminado", html);
        Assert.Contains("id=\"pagado\">$ 8.197.528.374</strong> (83 %)", html);
        // First seen with 120 days already added: modified before ObrasQr saw it, so its initial value is not known.
        Assert.Contains("id=\"valor-inicial\">Valor inicial no disponible", html);
        Assert.DoesNotContain("id=\"adiciones\"", html);
        Assert.Contains("id=\"valor-actual\">$ 9.876.540.210", html);
        Assert.Contains("id=\"por-pagar\">$ 1.679.011.836", html);
        Assert.Contains("25 de octubre de 2024", html);
        Assert.Contains("4 de noviembre de 2024", html);
        Assert.Contains("id=\"fin\">31 de agosto de 2026", html);
        Assert.Contains("id=\"prorrogas\">120 días adicionados<", html);
        Assert.Contains("SECOP II registra la obra en ejecución. Su fecha de terminación prevista (31 de agosto de 2026) ya pasó.", html);
        Assert.DoesNotContain("sigue en ejecución", html);
        Assert.Contains("CONSORCIO CANALES OLAYA", html);
        Assert.Contains("MARÍA CLAUDIA PUELLO BARRIOS", html);
        Assert.Contains("Valor pagado pasó de «$ 6.716.047.343» a «$ 8.197.528.374»", html);
    }

    [Fact]
    public async Task Work_whose_additions_pass_half_its_initial_value_in_wages_shows_the_Ley_80_flag()
    {
        var html = await Page(HeavilyAdded);

        // First synchronised as signed ($ 10.400 M in 2023, nothing added), then $ 8.750 M added in 2026: 84 % in pesos,
        // 56 % in SMMLV of each year, over the 50 % of Ley 80 art. 40.
        Assert.Contains("id=\"valor-inicial\">$ 10.400.000.000", html);
        Assert.Contains("id=\"adiciones\"", html);
        Assert.Contains("superan el límite del 50 % de la Ley 80 de 1993", html);
        Assert.Contains("id=\"valor-actual\">$ 19.150.000.000", html);
        Assert.Contains("id=\"por-pagar\">$ 9.192.000.000", html);
        Assert.Contains("id=\"pagado\">$ 9.958.000.000</strong> (52 %)", html);
        Assert.Contains("15 de septiembre de 2023", html);
        Assert.Contains("2 de octubre de 2023", html);
        Assert.Contains("id=\"fin\">26 de mayo de 2027", html);
        Assert.Contains("Tiempo transcurrido: 86 %", html);
        Assert.Contains("id=\"plazo\">Faltan 186 días", html);
        Assert.Contains("id=\"prorrogas\">420 días adicionados · 1 ampliación registrada", html);
        Assert.Contains("Terminación pactada al firmar</dt><dd id=\"fin-original\">1 de abril de 2026", html);
        Assert.Contains("Valor del contrato pasó de «$ 10.400.000.000» a «$ 19.150.000.000»", html);
    }

    [Fact]
    public async Task Work_first_seen_already_extended_shows_no_initial_value_and_no_legal_limit_flag()
    {
        // First synchronised as "Modificado" with 150 days added: ObrasQr cannot know its value before any addition.
        var html = await Page("CO1.PCCNTR.4876512");

        Assert.Contains("id=\"valor-inicial\">Valor inicial no disponible", html);
        Assert.DoesNotContain("id=\"adiciones\"", html);
        Assert.DoesNotContain("Ley 80", html);
        Assert.Contains("SECOP II registra que el contrato fue modificado", html);
    }

    [Theory]
    [InlineData("CO1.PCCNTR.4567820")]
    [InlineData("CO1.PCCNTR.5214873")]
    public async Task Suspended_work_is_flagged_in_plain_words(string id)
    {
        var html = await Page(id);

        Assert.Contains("<li class=\"flag\">SECOP II registra el contrato como suspendido", html);
        Assert.Contains("id=\"plazo\">Plazo suspendido", html);
    }

    [Fact]
    public async Task Form_has_the_fields_the_submission_reads()
    {
        var html = await Page(Normal);

        foreach (var field in new[]
        {
            "name=\"category\"", "name=\"description\"", "name=\"place\"", "name=\"name\"", "name=\"email\"", "name=\"phone\"",
            "type=\"file\" multiple accept=\"image/jpeg,image/png,image/webp\"", "name=\"photos\"",
            "name=\"anonymous\" value=\"si\" checked", "name=\"anonymous\" value=\"no\"",
            "name=\"consent\" value=\"si\"", "Ley 1581 de 2012", "enctype=\"multipart/form-data\"",
            $"action=\"/o/{Normal}/reportes\"", "href=\"/seguimiento\"",
        })
            Assert.Contains(field, html);
    }

    [Theory]
    [InlineData("gzip, deflate", "gzip")]
    [InlineData("gzip, deflate, br, zstd", "br")]
    [InlineData("br;q=0, GZIP", "gzip")]
    public async Task Page_is_served_compressed_as_asked_and_is_small(string acceptEncoding, string coding)
    {
        var client = pinned.Factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/o/{HeavilyAdded}");
        request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);

        var response = await client.SendAsync(request);

        Assert.Equal(coding, Assert.Single(response.Content.Headers.ContentEncoding));
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
        Assert.True(response.Headers.CacheControl!.Public);
        var compressed = await response.Content.ReadAsByteArrayAsync();
        using Stream decoder = coding == "br"
            ? new BrotliStream(new MemoryStream(compressed), CompressionMode.Decompress)
            : new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var plain = new MemoryStream();
        await decoder.CopyToAsync(plain);
        var html = Encoding.UTF8.GetString(plain.ToArray());
        Assert.Contains("id=\"valor-actual\">$ 19.150.000.000", html);
        Assert.Contains("name=\"description\"", html);
        Assert.EndsWith("</html>", html.TrimEnd());
        Assert.True(plain.Length < 30 * 1024, $"HTML with its CSS is {plain.Length} bytes");
        Assert.True(compressed.Length < plain.Length / 2, $"{compressed.Length} compressed of {plain.Length}");
    }

    [Fact]
    public async Task Gzip_refused_with_q_zero_gets_plain_html()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/o/{Normal}");
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip", 0));

        var response = await pinned.Factory.CreateClient().SendAsync(request);

        Assert.Empty(response.Content.Headers.ContentEncoding);
        Assert.Contains("<html lang=\"es-CO\">", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/O/CO1.PCCNTR.5361557")]
    [InlineData("/o/co1.pccntr.5361557")]
    public async Task Any_case_of_the_address_finds_the_work(string path)
    {
        var response = await pinned.Factory.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Nuevo Bosque", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Report_count_shows_a_new_report_within_the_cache_freshness()
    {
        const string id = "CO1.PCCNTR.5288140";
        var client = pinned.Factory.CreateClient();
        Assert.Contains("0 reportes ciudadanos recibidos", await client.GetStringAsync($"/o/{id}"));

        using var form = new MultipartFormDataContent
        {
            { new StringContent("mala_calidad"), "category" },
            { new StringContent("Las baldosas de la cancha ya están sueltas."), "description" },
            { new StringContent("si"), "anonymous" },
            { new StringContent("token-count-test"), "token" },
        };
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/o/{id}/reportes", form)).StatusCode);
        pinned.Clock.Advance(TimeSpan.FromSeconds(11));

        Assert.Contains("1 reporte ciudadano recibido", await client.GetStringAsync($"/o/{id}"));
    }
}
