using System.Globalization;
using ObrasQr.Contracts;
using ObrasQr.Reports;

namespace ObrasQr.Accountability;

/// <summary>One line of a count table or chart: a label and how many.</summary>
public sealed record Tally(string Label, int Count);

/// <summary>
/// The public figures about citizens' reports on /estadisticas. Deadlines follow <see cref="ReportTimeliness"/>:
/// a report counts as decided once answered or once its deadline passed unanswered.
/// </summary>
public sealed record ReportFigures(
    int Total,
    IReadOnlyList<Tally> ByCategory,
    IReadOnlyList<Tally> ByStatus,
    IReadOnlyList<Tally> ByMonth,
    int Decided,
    int AnsweredOnTime,
    int? OnTimePercent,
    int Answered,
    double? MedianBusinessDays)
{
    /// <summary>Months shown in the chart by month of receipt, the current one included.</summary>
    public const int Months = 12;

    static readonly CultureInfo Colombia = CultureInfo.GetCultureInfo("es-CO");

    public static ReportFigures Of(IReadOnlyList<ReportFact> reports, DateOnly today)
    {
        var outcomes = reports.Select(r => ReportTimeliness.Outcome(r, today)).ToList();
        var decided = outcomes.Count(o => o != DeadlineOutcome.InTerm);
        var onTime = outcomes.Count(o => o == DeadlineOutcome.Met);
        var days = reports.Select(r => ReportTimeliness.BusinessDaysToAnswer(r, today)).OfType<int>().ToList();
        var firstMonth = new DateOnly(today.Year, today.Month, 1).AddMonths(-(Months - 1));
        var byMonth = Enumerable.Range(0, Months).Select(i => firstMonth.AddMonths(i))
            .Select(m => new Tally(m.ToString("MMM yyyy", Colombia), reports.Count(r => ReportTimeliness.ReceivedOn(r) is var d && d.Year == m.Year && d.Month == m.Month)))
            .ToList();
        return new ReportFigures(
            reports.Count,
            ReportCategory.Labels.Select(c => new Tally(c.Value, reports.Count(r => r.Category == c.Key))).ToList(),
            ReportStatus.Labels.Select(s => new Tally(s.Value, reports.Count(r => r.Status == s.Key))).ToList(),
            byMonth,
            decided,
            onTime,
            decided == 0 ? null : SafeMath.Percent(onTime, decided),
            days.Count,
            ReportTimeliness.Median(days));
    }
}

/// <summary>
/// The public figures about works, all from <see cref="ContractFacts"/>: how many have red flags, are overdue or
/// suspended, and whose additions exceed the 50 % limit of Ley 80 de 1993 art. 40 in SMMLV.
/// </summary>
public sealed record WorkFigures(
    int Works,
    int Flagged,
    int Overdue,
    int Suspended,
    int AdditionsChecked,
    int OverLimit,
    decimal WagesOverLimit)
{
    public static WorkFigures Of(IReadOnlyList<WorkSummary> works)
    {
        var checkedWorks = works.Where(w => w.Facts.AdditionsInMinimumWages is not null).ToList();
        var over = checkedWorks.Where(w => w.Facts.AdditionsOverLegalLimit).ToList();
        // The SMMLV added beyond half the initial value: what the limit would have allowed, subtracted.
        var beyond = over.Sum(w => w.Facts.AdditionsInMinimumWages!.AddedWages - LegalAdditionLimit.Limit * w.Facts.AdditionsInMinimumWages.InitialWages);
        return new WorkFigures(works.Count, works.Count(w => w.IsFlagged), works.Count(w => w.IsOverdue), works.Count(w => w.Facts.IsSuspended),
            checkedWorks.Count, over.Count, Math.Round(beyond, 1));
    }
}

/// <summary>The desk's counts by status and of overdue reports (<see cref="ReportStatus.IsOverdue"/>) on a day.</summary>
public static class DeskCounts
{
    public static ReportCounts Of(IEnumerable<ReportFact> reports, DateOnly today)
    {
        var byStatus = new Dictionary<string, int>();
        var overdue = 0;
        foreach (var r in reports)
        {
            byStatus[r.Status] = byStatus.GetValueOrDefault(r.Status) + 1;
            if (r.IsOverdue(today)) overdue++;
        }
        return new ReportCounts(byStatus, overdue);
    }
}

/// <summary>A report still owed an answer at the end of the period (desk version only; no text, no personal data).</summary>
public sealed record OpenCase(string ReportId, string ContractId, string Category, DateOnly ReceivedOn, DateOnly Deadline, string Status, bool Overdue);

/// <summary>
/// The semiannual report on how citizens' complaints were attended (Ley 1474 de 2011 art. 76), for one semester as of
/// its last day (or today, while it runs). The desk page, its CSV and the public page all show this one computation;
/// the public page leaves out <see cref="OpenCases"/>.
/// </summary>
public sealed record SemiannualReport(
    Semester Semester,
    DateOnly AsOf,
    int Received,
    IReadOnlyList<Tally> ReceivedByCategory,
    int AnsweredOnTime,
    int AnsweredLate,
    int UnansweredOverdue,
    int InTerm,
    double? MedianBusinessDays,
    int Forwarded,
    int ForwardedOnTime,
    int OpenAtEnd,
    int OpenAtEndOverdue,
    IReadOnlyList<OpenCase> OpenCases)
{
    /// <summary>Reports have no field for the authority they were forwarded to: said, never guessed.</summary>
    public const string AuthoritiesNotRecorded = "ObrasQr aún no registra a qué autoridad se trasladó cada reporte; consulte la nota de cada traslado en el escritorio.";

    public static SemiannualReport Of(IReadOnlyList<ReportFact> reports, Semester semester, DateOnly today)
    {
        var asOf = semester.End < today ? semester.End : today;
        var received = reports.Where(r => semester.Contains(ReportTimeliness.ReceivedOn(r))).ToList();
        var outcomes = received.Select(r => (Report: r, Outcome: ReportTimeliness.Outcome(r, asOf), Answered: ReportTimeliness.AnsweredOn(r, asOf))).ToList();
        var forwarded = received.Where(r => ReportTimeliness.ForwardedAt(r) is { } at && ReportTimeliness.DayOf(at) <= asOf).ToList();
        // Open at the end: filed up to the cut (in this or an earlier semester) and not answered by then.
        var open = reports.Where(r => ReportTimeliness.ReceivedOn(r) <= asOf && ReportStatus.IsOpen(ReportTimeliness.StatusOn(r, asOf)))
            .OrderBy(r => r.Deadline).ThenBy(r => r.ReportId, StringComparer.Ordinal)
            .Select(r => new OpenCase(r.ReportId, r.ContractId, ReportCategory.Labels.GetValueOrDefault(r.Category, r.Category),
                ReportTimeliness.ReceivedOn(r), r.Deadline, ReportStatus.Labels.GetValueOrDefault(ReportTimeliness.StatusOn(r, asOf), r.Status), asOf > r.Deadline))
            .ToList();
        return new SemiannualReport(
            semester,
            asOf,
            received.Count,
            ReportCategory.Labels.Select(c => new Tally(c.Value, received.Count(r => r.Category == c.Key))).ToList(),
            outcomes.Count(o => o.Answered is not null && o.Outcome == DeadlineOutcome.Met),
            outcomes.Count(o => o.Answered is not null && o.Outcome == DeadlineOutcome.Missed),
            outcomes.Count(o => o.Answered is null && o.Outcome == DeadlineOutcome.Missed),
            outcomes.Count(o => o.Outcome == DeadlineOutcome.InTerm),
            ReportTimeliness.Median(received.Select(r => ReportTimeliness.BusinessDaysToAnswer(r, asOf)).OfType<int>().ToList()),
            forwarded.Count,
            forwarded.Count(r => ReportTimeliness.DayOf(ReportTimeliness.ForwardedAt(r)!.Value) <= r.ForwardBy),
            open.Count,
            open.Count(o => o.Overdue),
            open);
    }
}
