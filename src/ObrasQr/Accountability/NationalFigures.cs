using ObrasQr.Reports;

namespace ObrasQr.Accountability;

/// <summary>
/// The figures of every entity at once, computed by a background job (<see cref="KeptFigures.RefreshAsync"/>) from the
/// kept facts and stored as one record: /estadisticas, the national semiannual report and the desk's counts of a
/// caller who sees every entity read this, never the facts.
/// </summary>
/// <param name="ComputedAt">When it was computed: the pages say so ("Cifras calculadas el …").</param>
/// <param name="Today">The day (Colombia) it was computed for: overdue reports and running semesters depend on it.</param>
/// <param name="Stamp">The facts' change stamp it was computed from (<see cref="IReportFigureStore.ChangeStampAsync"/>).</param>
/// <param name="Semesters">Every semester from the first report's to the current one; earlier ones have no reports.</param>
public sealed record NationalFigures(
    DateTimeOffset ComputedAt,
    DateOnly Today,
    string? Stamp,
    ReportFigures Statistics,
    ReportCounts Counts,
    IReadOnlyList<SemiannualReport> Semesters)
{
    public static NationalFigures Of(IReadOnlyList<ReportFact> facts, DateTimeOffset now, DateOnly today, string? stamp)
    {
        var current = Semester.Of(today);
        var semesters = new List<SemiannualReport>();
        if (facts.Count > 0)
            for (var s = Semester.Of(facts.Min(f => ReportTimeliness.DayOf(f.ReceivedAt))); s.Start <= current.Start; s = Next(s))
                semesters.Add(SemiannualReport.Of(facts, s, today));
        return new NationalFigures(now, today, stamp, ReportFigures.Of(facts, today), DeskCounts.Of(facts, today), semesters);
    }

    /// <summary>The semester's report; one before the first report had none to count.</summary>
    public SemiannualReport Of(Semester semester) =>
        Semesters.FirstOrDefault(s => s.Semester == semester) ?? SemiannualReport.Of([], semester, Today);

    /// <summary>What the pages say of the figures' age: when the roll-up was computed (Colombia), or that it is not yet.</summary>
    public static string Age(DateTimeOffset? computedAt) => computedAt is { } at
        ? $"Cifras calculadas el {Contracts.ContractChanges.Date(ReportTimeliness.DayOf(at))} a las {at.ToOffset(ColombiaTime.Offset):HH:mm} (hora de Colombia); se calculan de nuevo cada {(int)KeptFigures.RefreshEvery.TotalMinutes} minutos cuando hay cambios."
        : "Cifras aún no calculadas: se calculan en los próximos minutos.";

    static Semester Next(Semester s) => s.Half == 1 ? s with { Half = 2 } : new Semester(s.Year + 1, 1);
}

/// <summary>How both stores write facts and the roll-up (one format, so a test can compare them).</summary>
public static class FigureJson
{
    public static readonly System.Text.Json.JsonSerializerOptions Options = new(System.Text.Json.JsonSerializerDefaults.Web);
}
