using ObrasQr.Accountability;
using ObrasQr.Reports;
using static ObrasQr.Tests.Accountability.ReportFixtures;

namespace ObrasQr.Tests.Accountability;

/// <summary>Ley 1474 de 2011 art. 76: the semiannual report, against counts made by hand from <see cref="ReportFixtures"/>.</summary>
public class SemiannualReportTests
{
    [Fact]
    public void The_fixtures_deadlines_counted_by_hand_are_the_ones_the_calendar_gives_across_holidays()
    {
        foreach (var r in All)
            Assert.Equal(r.Deadline, ColombianCalendar.AddBusinessDays(ReportTimeliness.ReceivedOn(Fact(r)), PetitionKind.General.LegalDays()));
        Assert.Equal(new DateOnly(2026, 12, 30), D.ForwardBy);
    }

    [Fact]
    public void A_past_semester_is_counted_as_of_its_last_day()
    {
        var report = SemiannualReport.Of(Facts, new Semester(2026, 2), Today);

        Assert.Equal(new DateOnly(2026, 12, 31), report.AsOf);
        Assert.Equal(6, report.Received);          // A B C D F H; E is from June, G from January
        Assert.Equal(2, report.AnsweredOnTime);    // A on its last day, F
        Assert.Equal(1, report.AnsweredLate);      // B, one day late
        Assert.Equal(1, report.UnansweredOverdue); // C
        Assert.Equal(2, report.InTerm);            // D (forwarded), H (answered only in January)
        Assert.Equal(15, report.MedianBusinessDays); // 3, 15, 16
        Assert.Equal(1, report.Forwarded);
        Assert.Equal(1, report.ForwardedOnTime);
        Assert.Equal(4, report.OpenAtEnd);         // C D E H
        Assert.Equal(2, report.OpenAtEndOverdue);  // C E
        Assert.Equal(["e", "c", "h", "d"], report.OpenCases.Select(c => c.ReportId));
        Assert.Equal(2, report.ReceivedByCategory.Single(t => t.Label == "Obra paralizada").Count);
        Assert.Equal(6, report.ReceivedByCategory.Sum(t => t.Count));
    }

    [Fact]
    public void A_running_semester_is_counted_as_of_today()
    {
        var report = SemiannualReport.Of(Facts, new Semester(2027, 1), Today);

        Assert.Equal(Today, report.AsOf);
        Assert.Equal(1, report.Received); // G
        Assert.Equal(1, report.InTerm);
        Assert.Equal(4, report.OpenAtEnd); // C D E G: H was answered on 10 January
    }

    [Fact]
    public void The_answer_date_is_the_first_change_to_answered_or_closed_not_the_closing()
    {
        Assert.Equal(new DateOnly(2026, 9, 18), ReportTimeliness.AnsweredOn(Fact(F), Today));
        Assert.Equal(3, ReportTimeliness.BusinessDaysToAnswer(Fact(F), Today));
        Assert.Null(ReportTimeliness.AnsweredOn(Fact(D), Today)); // forwarding is not answering
    }

    [Theory]
    [InlineData("2026-2", true)]
    [InlineData("2027-1", true)]
    [InlineData("2027-2", false)] // not begun on 15 Jan 2027
    [InlineData("2026-3", false)]
    [InlineData("26-2", false)]
    [InlineData("1983-1", false)]
    [InlineData("", false)]
    [InlineData("２０２６-2", false)]
    public void Only_a_begun_semester_written_as_year_dash_half_is_accepted(string text, bool accepted)
    {
        var (semester, problem) = Semester.Parse(text, Today);
        Assert.Equal(accepted, semester is not null);
        Assert.Equal(accepted, problem is null);
    }

    [Fact]
    public void The_csv_has_a_byte_order_mark_semicolons_and_the_counts()
    {
        var bytes = SemiannualCsv.Write(SemiannualReport.Of(Facts, new Semester(2026, 2), Today));
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var text = System.Text.Encoding.UTF8.GetString(bytes[3..]);
        Assert.Contains("atención;recibidos en el semestre;6\r\n", text);
        Assert.Contains("atención;respondidos fuera del término;1\r\n", text);
        Assert.Contains("traslados;autoridades;no registradas en ObrasQr\r\n", text);
        Assert.Contains("casos abiertos;abiertos al corte;4\r\n", text);
        Assert.DoesNotContain("texto del reporte", text);
    }
}
