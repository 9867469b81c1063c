using ObrasQr.Reports;

namespace ObrasQr.Tests.Reports;

/// <summary>Ley 1755 de 2015 art. 21: a report for another authority is forwarded to it, and the citizen is told which.</summary>
public sealed class ForwardingTests
{
    static readonly DateTimeOffset At = new(2026, 12, 4, 17, 0, 0, TimeSpan.Zero);

    static Report InReview() => new()
    {
        ReportId = "r1", ContractId = "CO1.PCCNTR.1", Category = "dano_ambiental", Description = "Vierten escombros en el caño.",
        ReceivedAt = At.AddDays(-2), Deadline = new DateOnly(2026, 12, 23), Status = ReportStatus.InReview, TrackingCodeHash = "h",
    };

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    public void A_forwarding_without_the_competent_authority_is_refused_on_that_field(string? authority)
    {
        Assert.Null(InReview().ChangeStatus(ReportStatus.Forwarded, "No es de nuestra competencia", null, "Ana", At, authority));
        Assert.Equal("forwardedTo", ReportStatus.WhyNot(ReportStatus.InReview, ReportStatus.Forwarded, "No es de nuestra competencia", null, authority)?.Field);
    }

    [Fact]
    public void An_authority_name_longer_than_the_limit_is_refused_not_cut()
    {
        var name = new string('A', Report.MaxAuthorityLength + 1);
        Assert.Null(InReview().ChangeStatus(ReportStatus.Forwarded, "Traslado", null, "Ana", At, name));
        Assert.NotNull(InReview().ChangeStatus(ReportStatus.Forwarded, "Traslado", null, "Ana", At, name[1..]));
    }

    [Fact]
    public void The_citizens_status_names_the_authority_and_the_day_it_was_forwarded()
    {
        var forwarded = InReview().ChangeStatus(ReportStatus.Forwarded, "Traslado", null, "Ana", At, "  EPA Cartagena ")!;

        var status = PublicStatus.Of(forwarded, new DateOnly(2026, 12, 4));

        Assert.Equal(("EPA Cartagena", At), (status.ForwardedTo, status.ForwardedAt));
        Assert.Equal("EPA Cartagena", forwarded.History[^1].ForwardedTo);
    }

    [Fact]
    public void Later_changes_keep_the_authority_but_only_the_forwarding_line_names_it()
    {
        var answered = InReview().ChangeStatus(ReportStatus.Forwarded, "Traslado", null, "Ana", At, "EPA Cartagena")!
            .ChangeStatus(ReportStatus.Answered, "Respondió la EPA", "La EPA visitó el caño.", "Luis", At.AddDays(3), "otra")!;

        Assert.Equal("EPA Cartagena", answered.ForwardedTo);
        Assert.Equal([ "EPA Cartagena", null ], answered.History.Select(h => h.ForwardedTo));
    }
}
