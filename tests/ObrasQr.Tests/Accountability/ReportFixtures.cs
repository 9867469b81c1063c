using ObrasQr.Accountability;
using ObrasQr.Reports;

namespace ObrasQr.Tests.Accountability;

/// <summary>
/// Eight reports around the second semester of 2026, with deadlines counted by hand (15 business days from the day
/// after filing, Ley 1755 de 2015 art. 14) across the festivos of 2026-2027: 20 Jul, 7 Aug, 17 Aug, 12 Oct, 2 Nov,
/// 16 Nov, 8 Dec, 25 Dec, 1 Jan and Reyes moved to Monday 11 Jan 2027.
/// </summary>
static class ReportFixtures
{
    public static DateTimeOffset At(int y, int m, int d, int hour = 10) => new(y, m, d, hour, 0, 0, ColombiaTime.Offset);

    static Report Make(string id, string category, DateTimeOffset received, DateOnly deadline, params (string To, DateTimeOffset At)[] changes)
    {
        var history = new List<StatusChange>();
        var from = ReportStatus.Received;
        foreach (var (to, at) in changes)
        {
            history.Add(new StatusChange(from, to, "nota", "control-interno", at));
            from = to;
        }
        return new Report
        {
            ReportId = id, ContractId = "CO1.PCCNTR.5361557", Category = category, Description = "texto del reporte",
            ReceivedAt = received, Deadline = deadline, TrackingCodeHash = "h" + id, Status = from, History = history,
        };
    }

    /// <summary>Received Fri 17 Jul; 20 Jul and 7 Aug are festivos: day 15 is Tue 11 Aug. Answered that day: in time, 15 days.</summary>
    public static readonly Report A = Make("a", "obra_paralizada", At(2026, 7, 17), new(2026, 8, 11),
        (ReportStatus.InReview, At(2026, 7, 21)), (ReportStatus.Answered, At(2026, 8, 11, 17)));
    /// <summary>Received Fri 6 Nov; 16 Nov is a festivo: day 15 is Mon 30 Nov. Answered Tue 1 Dec: late, 16 days.</summary>
    public static readonly Report B = Make("b", "mala_calidad", At(2026, 11, 6), new(2026, 11, 30),
        (ReportStatus.InReview, At(2026, 11, 10)), (ReportStatus.Answered, At(2026, 12, 1)));
    /// <summary>Received Tue 1 Dec; 8 Dec is a festivo: day 15 is Wed 23 Dec. Never answered: overdue at the cut.</summary>
    public static readonly Report C = Make("c", "obra_paralizada", At(2026, 12, 1), new(2026, 12, 23),
        (ReportStatus.InReview, At(2026, 12, 2)));
    /// <summary>Received Tue 22 Dec; 25 Dec, 1 Jan and 11 Jan are festivos: day 15 is Fri 15 Jan 2027. Forwarded Mon 28 Dec,
    /// within the 5 business days of art. 21 (forward by Wed 30 Dec).</summary>
    public static readonly Report D = Make("d", "sobrecosto", At(2026, 12, 22), new(2027, 1, 15),
        (ReportStatus.InReview, At(2026, 12, 23)), (ReportStatus.Forwarded, At(2026, 12, 28)));
    /// <summary>Received Tue 30 Jun (first semester); 20 Jul is a festivo: day 15 is Wed 22 Jul. Still "recibido".</summary>
    public static readonly Report E = Make("e", "dano_ambiental", At(2026, 6, 30), new(2026, 7, 22));
    /// <summary>Received Tue 15 Sep, answered Fri 18 Sep (3 days), closed 1 Oct: the answer is the 18th.</summary>
    public static readonly Report F = Make("f", "riesgo_comunidad", At(2026, 9, 15), new(2026, 10, 6),
        (ReportStatus.InReview, At(2026, 9, 16)), (ReportStatus.Answered, At(2026, 9, 18)), (ReportStatus.Closed, At(2026, 10, 1)));
    /// <summary>Received Tue 5 Jan 2027, after the semester; 11 Jan is a festivo: day 15 is Wed 27 Jan.</summary>
    public static readonly Report G = Make("g", "otro", At(2027, 1, 5), new(2027, 1, 27));
    /// <summary>Received Thu 10 Dec; 25 Dec and 1 Jan are festivos: day 15 is Mon 4 Jan 2027. Answered Sun 10 Jan 2027
    /// (19 business days: 6 Jan 2027 is a Wednesday and Reyes moves to the 11th): open on 31 Dec, late later.</summary>
    public static readonly Report H = Make("h", "otro", At(2026, 12, 10), new(2027, 1, 4),
        (ReportStatus.InReview, At(2026, 12, 11)), (ReportStatus.Answered, At(2027, 1, 10)));

    public static readonly IReadOnlyList<Report> All = [A, B, C, D, E, F, G, H];

    /// <summary>What the figures keep of <see cref="All"/>.</summary>
    public static readonly IReadOnlyList<ReportFact> Facts = [.. All.Select(ReportFact.Of)];

    public static ReportFact Fact(Report report) => ReportFact.Of(report);

    public static readonly DateOnly Today = new(2027, 1, 15);
}
