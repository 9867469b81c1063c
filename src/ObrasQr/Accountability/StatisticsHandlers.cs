using Microsoft.AspNetCore.Http;
using ObrasQr.Auth;
using ObrasQr.Http;
using ObrasQr.Reports;

namespace ObrasQr.Accountability;

/// <summary>Public figures (/estadisticas), the semiannual report of Ley 1474 de 2011 art. 76 for anyone and for auditors.</summary>
public static class StatisticsHandlers
{
    /// <summary>Semesters linked from /estadisticas: the current one and the previous ones, newest first.</summary>
    public const int LinkedSemesters = 4;

    /// <summary>GET /estadisticas.</summary>
    public static async Task<IResult> Statistics(HttpRequest request, WorksCatalog catalog, ReportLedger ledger, AccountabilityPages pages,
        CancellationToken ct)
    {
        var (works, reports) = (await catalog.CurrentAsync(ct), await ledger.GetAsync(ct));
        var page = await pages.RenderAsync<StatisticsPage>(AccountabilityPages.Kind.Statistics, Version(works, reports), "", new Dictionary<string, object?>
        {
            ["Reports"] = ReportFigures.Of(reports.Reports, works.Today),
            ["Works"] = WorkFigures.Of(works.Works),
            ["Semesters"] = Recent(works.Today),
            ["Today"] = works.Today,
        });
        return page.For(request);
    }

    /// <summary>GET /estadisticas/semestre/{semestre}: counts only.</summary>
    public static async Task<IResult> PublicSemester(HttpRequest request, string semestre, WorksCatalog catalog, ReportLedger ledger,
        AccountabilityPages pages, CancellationToken ct)
    {
        var works = await catalog.CurrentAsync(ct);
        var (semester, problem) = Semester.Parse(semestre, works.Today);
        if (semester is null)
            return (await pages.RenderUnkeptAsync<SemesterProblemPage>(new Dictionary<string, object?> { ["Problem"] = problem },
                StatusCodes.Status404NotFound)).For(request);
        var reports = await ledger.GetAsync(ct);
        var page = await pages.RenderAsync<SemesterPublicPage>(AccountabilityPages.Kind.Semester, Version(works, reports), semester.Code,
            new Dictionary<string, object?> { ["Report"] = SemiannualReport.Of(reports.Reports, semester, works.Today) });
        return page.For(request);
    }

    /// <summary>GET /escritorio/informe-semestral?semestre=: the printable report, of the auditor's entity only.</summary>
    public static async Task<IResult> DeskSemester(HttpRequest request, string? semestre, Caller caller, WorksCatalog catalog,
        ReportLedger ledger, AccountabilityPages pages, TimeProvider clock, CancellationToken ct)
    {
        var (report, problem) = await ComputeAsync(semestre, caller, catalog, ledger, ct);
        if (report is null) return Problems.Of("semestre", problem!);
        // A change made on another instance reaches this one's ledger within ReportLedger.Freshness: the page says how old its figures are.
        var age = clock.GetUtcNow() - (await ledger.GetAsync(ct)).ReadAt;
        return (await pages.RenderUnkeptAsync<SemesterDeskPage>(new Dictionary<string, object?>
            { ["Report"] = report, ["Caller"] = caller, ["AgeSeconds"] = (int)Math.Max(0, age.TotalSeconds) })).For(request);
    }

    /// <summary>GET /escritorio/informe-semestral.csv?semestre=.</summary>
    [Answers(StatusCodes.Status200OK, SemiannualCsv.ContentType), Problem(StatusCodes.Status400BadRequest)]
    public static async Task<IResult> DeskSemesterCsv(string? semestre, Caller caller, WorksCatalog catalog, ReportLedger ledger, CancellationToken ct)
    {
        var (report, problem) = await ComputeAsync(semestre, caller, catalog, ledger, ct);
        if (report is null) return Problems.Of("semestre", problem!);
        return TypedResults.File(SemiannualCsv.Write(report), SemiannualCsv.ContentType, $"informe-semestral-{report.Semester.Code}.csv");
    }

    static async Task<(SemiannualReport? Report, string? Problem)> ComputeAsync(string? semestre, Caller caller, WorksCatalog catalog,
        ReportLedger ledger, CancellationToken ct)
    {
        var works = await catalog.CurrentAsync(ct);
        var (semester, problem) = string.IsNullOrEmpty(semestre) ? (Semester.Of(works.Today), null) : Semester.Parse(semestre, works.Today);
        if (semester is null) return (null, problem);
        var reports = (await ledger.GetAsync(ct)).Reports;
        if (caller.EntityNit is not null)
        {
            // An auditor of one entity counts the reports on that entity's works only.
            var own = works.Works.Where(w => caller.Sees(w.Contract.EntityNit)).Select(w => w.ContractId).ToHashSet(StringComparer.Ordinal);
            reports = reports.Where(r => own.Contains(r.ContractId)).ToList();
        }
        return (SemiannualReport.Of(reports, semester, works.Today), null);
    }

    static long Version(WorksCatalog.Snapshot works, ReportLedger.Read reports) => (works.DataVersion << 32) | (uint)reports.Version;

    static List<Semester> Recent(DateOnly today)
    {
        var semesters = new List<Semester> { Semester.Of(today) };
        while (semesters.Count < LinkedSemesters)
        {
            var last = semesters[^1];
            semesters.Add(last.Half == 2 ? last with { Half = 1 } : new Semester(last.Year - 1, 2));
        }
        return semesters;
    }
}
