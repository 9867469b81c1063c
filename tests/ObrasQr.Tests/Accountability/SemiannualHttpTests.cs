using System.Net;
using ObrasQr.Accountability;
using ObrasQr.Reports;

namespace ObrasQr.Tests.Accountability;

/// <summary>The hand-counted fixtures stored through the port, read back by the pages and the CSV on both stores.</summary>
public class SemiannualHttpTests
{
    static async Task<ObrasQrFactory> WithFixtures(StoreKind store)
    {
        var factory = new ObrasQrFactory(store) { Clock = ManualClock.AtNoonInColombia(2027, 1, 15) };
        var reports = factory.Service<IReportStore>();
        foreach (var r in ReportFixtures.All) await reports.AddAsync(r, null);
        return factory;
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task The_public_semester_page_shows_the_counts_and_no_report_text(StoreKind store)
    {
        using var factory = await WithFixtures(store);

        var html = await factory.CreateClient().GetStringAsync("/estadisticas/semestre/2026-2");

        Assert.Contains("<th scope=\"row\">Reportes recibidos en el semestre</th><td class=\"n\">6</td>", html);
        Assert.Contains("<th scope=\"row\">Respondidos fuera del término</th><td class=\"n\">1</td>", html);
        Assert.Contains("<th scope=\"row\">Casos abiertos al corte (de este y de semestres anteriores)</th><td class=\"n\">4</td>", html);
        Assert.Contains(SemiannualReport.AuthoritiesNotRecorded, html);
        Assert.DoesNotContain("texto del reporte", html);
        Assert.DoesNotContain("control-interno", html); // who moved each report is not published either
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task The_statistics_show_the_share_in_time_and_the_median(StoreKind store)
    {
        using var factory = await WithFixtures(store);

        var html = await factory.CreateClient().GetStringAsync("/estadisticas");

        Assert.Contains("33 %", html);
        Assert.Contains("15,5 días hábiles", html);
        Assert.Contains("2 de 6", html);
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task The_desk_page_lists_open_cases_and_its_csv_downloads(StoreKind store)
    {
        using var factory = await WithFixtures(store);
        var auditor = factory.ClientWithKey(ObrasQrFactory.AuditorKey);

        var html = await auditor.GetStringAsync("/escritorio/informe-semestral?semestre=2026-2");
        Assert.Contains("2026-12-23 (vencido)", html); // C
        Assert.Contains("Informe semestral", html);

        var csv = await auditor.GetAsync("/escritorio/informe-semestral.csv?semestre=2026-2");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var text = await csv.Content.ReadAsStringAsync();
        Assert.Contains("atención;recibidos en el semestre;6", text);
    }
}
