using System.Net;
using System.Text.RegularExpressions;
using ObrasQr.Reports;

namespace ObrasQr.Tests.Accountability;

/// <summary>HTTP: the works index, the statistics and the semiannual report, on the demo data, on both stores.</summary>
public abstract class AccountabilityPageTests(ObrasQrFactory factory)
{
    public sealed class OnSqlite(ObrasQrFactory.OnSqlite store) : AccountabilityPageTests(store), IClassFixture<ObrasQrFactory.OnSqlite>;
    public sealed class OnAzure(ObrasQrFactory.OnAzure store) : AccountabilityPageTests(store), IClassFixture<ObrasQrFactory.OnAzure>;

    static List<string> Listed(string html) =>
        Regex.Matches(html, "<li[^>]*>\\s*<a href=\"/o/([^\"]+)\"").Select(m => Uri.UnescapeDataString(m.Groups[1].Value)).ToList();

    [Fact]
    public async Task The_index_lists_every_published_work_with_a_link_and_no_other_contract()
    {
        var html = await factory.CreateClient().GetStringAsync("/");

        var listed = Listed(html);
        Assert.Equal(21, listed.Count); // the demo's signed "Obra" contracts
        Assert.Contains("CO1.PCCNTR.5361557", listed);
        Assert.DoesNotContain("CO1.PCCNTR.3987455", listed); // an interventoría
        Assert.DoesNotContain("CO1.PCCNTR.5477310", listed); // a draft
        Assert.DoesNotContain("<script", html);
    }

    [Fact]
    public async Task Flagged_and_overdue_works_come_first()
    {
        var html = await factory.CreateClient().GetStringAsync("/");

        var items = Regex.Matches(html, "<li( class=\"flagged\")?>").Select(m => m.Groups[1].Success).ToList();
        Assert.Contains(true, items);
        Assert.Contains(false, items);
        Assert.Equal(items.OrderByDescending(f => f), items); // no flagged item after an unflagged one
        Assert.Contains("CO1.PCCNTR.4120988", Listed(html).Take(items.Count(f => f))); // overdue since 31 Aug 2026
    }

    [Theory]
    [InlineData("chapundun", "CO1.PCCNTR.4688754")]   // CHAPUNDÚN, in the object and the contractor
    [InlineData("VIAS EL POZON", "CO1.PCCNTR.5102366")] // the contractor, accents and case folded
    [InlineData("co1.pccntr.4120988", "CO1.PCCNTR.4120988")]
    public async Task Text_search_finds_object_contractor_and_id_without_minding_accents_or_case(string q, string expected)
    {
        var html = await factory.CreateClient().GetStringAsync("/?q=" + Uri.EscapeDataString(q));

        Assert.Equal([expected], Listed(html));
    }

    [Fact]
    public async Task Filters_by_status_and_by_red_flag_combine()
    {
        var client = factory.CreateClient();

        var suspended = await client.GetStringAsync("/?estado=suspendida");
        Assert.Subset(Listed(suspended).ToHashSet(), new HashSet<string> { "CO1.PCCNTR.4567820", "CO1.PCCNTR.4633117" });
        Assert.Equal(Listed(suspended).Count, Regex.Matches(suspended, "<span class=\"status\">Suspendida</span>").Count);
        var finished = await client.GetStringAsync("/?estado=terminada");
        Assert.Contains("CO1.PCCNTR.3211456", Listed(finished)); // "Cerrado" in SECOP
        Assert.Equal(Listed(finished).Count, Regex.Matches(finished, "<span class=\"status\">Terminada</span>").Count);
        var flagged = Listed(await client.GetStringAsync("/?alerta=si"));
        var unflagged = Listed(await client.GetStringAsync("/?alerta=no"));
        Assert.Equal(21, flagged.Count + unflagged.Count);
        Assert.Empty(flagged.Intersect(unflagged));
        Assert.Subset(flagged.ToHashSet(), Listed(await client.GetStringAsync("/?estado=suspendida&alerta=si")).ToHashSet());
    }

    [Theory]
    [InlineData("/?estado=abierta", "Estado desconocido")]
    [InlineData("/?alerta=tal-vez", "alerta=si")]
    [InlineData("/?pagina=0", "La página es un número entero")]
    [InlineData("/?pagina=99999999999", "La página es un número entero")]
    public async Task A_filter_it_cannot_understand_is_answered_400_with_the_reason_and_all_works(string path, string reason)
    {
        var response = await factory.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains(reason, html);
        Assert.Equal(21, Listed(html).Count);
    }

    [Fact]
    public async Task A_search_longer_than_allowed_is_refused_not_cut()
    {
        var response = await factory.CreateClient().GetAsync("/?q=" + new string('a', 101));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("hasta 100 caracteres", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_statistics_page_defines_each_figure_and_draws_accessible_charts_without_script()
    {
        var html = await factory.CreateClient().GetStringAsync("/estadisticas");

        Assert.Contains("Ley 1755 de 2015, art. 14", html);
        Assert.Contains("Ley 80 de 1993, art. 40", html);
        Assert.Equal(3, Regex.Matches(html, "<svg class=\"chart\" role=\"img\" aria-labelledby=\"[a-z-]+-t [a-z-]+-d\"").Count);
        Assert.Equal(3, Regex.Matches(html, "<table>").Count);
        Assert.Contains("href=\"/estadisticas/semestre/", html);
        Assert.DoesNotContain("<script", html);
    }

    [Fact]
    public async Task The_citizen_footer_links_the_index_and_the_statistics()
    {
        var html = await factory.CreateClient().GetStringAsync("/o/CO1.PCCNTR.5361557");

        Assert.Contains("<a href=\"/\">Todas las obras</a>", html);
        Assert.Contains("<a href=\"/estadisticas\">Estadísticas</a>", html);
    }

    [Theory]
    [InlineData("/estadisticas/semestre/2026-3")]
    [InlineData("/estadisticas/semestre/9999-1")]
    [InlineData("/estadisticas/semestre/%3Cb%3E")]
    public async Task A_semester_that_does_not_exist_is_a_spanish_404(string path)
    {
        var response = await factory.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Ese informe semestral no existe", html);
        Assert.DoesNotContain("<b>", html);
    }

    [Theory]
    [InlineData("/escritorio/informe-semestral")]
    [InlineData("/escritorio/informe-semestral.csv")]
    public async Task The_desk_report_needs_an_auditor(string path)
    {
        var anonymous = await factory.CreateClient(new() { AllowAutoRedirect = false }).GetAsync(path);
        // The page sends a visitor without a session to sign in; the CSV, an API answer, says 401.
        Assert.Equal(path.EndsWith(".csv") ? HttpStatusCode.Unauthorized : HttpStatusCode.SeeOther, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await factory.ClientWithKey(ObrasQrFactory.OfficeKey).GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await factory.ClientWithKey(ObrasQrFactory.AuditorKey).GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task The_desk_report_refuses_a_badly_written_semester_with_a_reason()
    {
        var response = await factory.ClientWithKey(ObrasQrFactory.AuditorKey).GetAsync("/escritorio/informe-semestral.csv?semestre=2026-7");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("semestre", await response.Content.ReadAsStringAsync());
    }
}
