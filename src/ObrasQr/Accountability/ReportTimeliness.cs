using ObrasQr.Reports;

namespace ObrasQr.Accountability;

/// <summary>How a report fared against its legal deadline, as of a day.</summary>
public enum DeadlineOutcome
{
    /// <summary>Answered on or before its deadline.</summary>
    Met,
    /// <summary>Answered after its deadline, or still unanswered after it.</summary>
    Missed,
    /// <summary>Unanswered, and its deadline has not passed yet.</summary>
    InTerm,
}

/// <summary>
/// When a report was answered and whether that was in time: the one definition the statistics and the semiannual
/// report (Ley 1474 de 2011 art. 76) use. Ley 1755 de 2015 art. 14 gives the office a term in business days, counted
/// from the day after filing, to answer; the report's <see cref="ReportFact.Deadline"/> is that term's last day.
/// </summary>
public static class ReportTimeliness
{
    /// <summary>The answer is the first change of the report's history to "respondido" or "cerrado": the moment the
    /// office gave the citizen its answer (or closed the case). A forwarding (Ley 1755 art. 21) is not an answer.</summary>
    public static DateTimeOffset? AnsweredAt(ReportFact report) =>
        report.Changes.Where(c => c.To is ReportStatus.Answered or ReportStatus.Closed).Select(c => (DateTimeOffset?)c.At).Min();

    /// <summary>The first forwarding to another authority (Ley 1755 art. 21), if any.</summary>
    public static DateTimeOffset? ForwardedAt(ReportFact report) =>
        report.Changes.Where(c => c.To == ReportStatus.Forwarded).Select(c => (DateTimeOffset?)c.At).Min();

    public static DateOnly ReceivedOn(ReportFact report) => DayOf(report.ReceivedAt);

    /// <summary>The day (in Colombia) of the answer, when it was given on or before <paramref name="asOf"/>.</summary>
    public static DateOnly? AnsweredOn(ReportFact report, DateOnly asOf) =>
        AnsweredAt(report) is { } at && DayOf(at) is var day && day <= asOf ? day : null;

    /// <summary>Business days from filing to the answer, counted as the deadline is (from the day after filing).</summary>
    public static int? BusinessDaysToAnswer(ReportFact report, DateOnly asOf) =>
        AnsweredOn(report, asOf) is { } answered ? ColombianCalendar.BusinessDaysBetween(ReceivedOn(report), answered) : null;

    public static DeadlineOutcome Outcome(ReportFact report, DateOnly asOf) =>
        AnsweredOn(report, asOf) is { } answered ? (answered <= report.Deadline ? DeadlineOutcome.Met : DeadlineOutcome.Missed)
        : asOf > report.Deadline ? DeadlineOutcome.Missed
        : DeadlineOutcome.InTerm;

    /// <summary>The report's status at the end of <paramref name="asOf"/> (Colombia), from its history.</summary>
    public static string StatusOn(ReportFact report, DateOnly asOf) =>
        report.Changes.Where(c => DayOf(c.At) <= asOf).OrderBy(c => c.At).Select(c => c.To).LastOrDefault() ?? ReportStatus.Received;

    /// <summary>The calendar day in Colombia of an instant: legal terms are counted there.</summary>
    public static DateOnly DayOf(DateTimeOffset at) => DateOnly.FromDateTime(at.ToOffset(ColombiaTime.Offset).DateTime);

    /// <summary>The median of whole numbers, or null for none.</summary>
    public static double? Median(IReadOnlyList<int> values)
    {
        if (values.Count == 0) return null;
        var sorted = values.Order().ToList();
        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
    }
}
