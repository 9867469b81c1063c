using ObrasQr.Accountability;
using static ObrasQr.Tests.Accountability.ReportFixtures;

namespace ObrasQr.Tests.Accountability;

/// <summary>The report figures of /estadisticas, against counts made by hand from <see cref="ReportFixtures"/> on 15 Jan 2027.</summary>
public class ReportFiguresTests
{
    readonly ReportFigures figures = ReportFigures.Of(Facts, Today);

    [Fact]
    public void The_share_in_time_counts_answered_reports_and_unanswered_ones_past_their_deadline()
    {
        Assert.Equal(8, figures.Total);
        Assert.Equal(6, figures.Decided);        // A B C E F H; D and G are within their term
        Assert.Equal(2, figures.AnsweredOnTime); // A F
        Assert.Equal(33, figures.OnTimePercent);
    }

    [Fact]
    public void The_median_counts_business_days_from_filing_to_the_first_answer()
    {
        Assert.Equal(4, figures.Answered);                // A 15, B 16, F 3, H 19
        Assert.Equal(15.5, figures.MedianBusinessDays);
    }

    [Fact]
    public void Reports_are_counted_by_current_status_category_and_month_of_receipt()
    {
        Assert.Equal([2, 1, 1, 3, 1], figures.ByStatus.Select(t => t.Count)); // recibido E G; en revisión C; trasladado D; respondido A B H; cerrado F
        Assert.Equal(2, figures.ByCategory.Single(t => t.Label == "Obra paralizada").Count);
        Assert.Equal(12, figures.ByMonth.Count);
        Assert.Equal([0, 0, 0, 0, 1, 1, 0, 1, 0, 1, 3, 1], figures.ByMonth.Select(t => t.Count)); // Feb 2026 .. Jan 2027
    }

    [Fact]
    public void Without_decided_reports_there_is_no_share_rather_than_zero()
    {
        var none = ReportFigures.Of([Fact(D), Fact(G)], Today);
        Assert.Null(none.OnTimePercent);
        Assert.Null(none.MedianBusinessDays);
    }
}
