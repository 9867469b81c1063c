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

    /// <summary>GET /estadisticas: the works' figures and the national roll-up of the reports' (with its age).</summary>
    public static async Task<IResult> Statistics(HttpRequest request, WorksCatalog catalog, KeptFigures figures, AccountabilityPages pages,
        CancellationToken ct)
    {
        var (works, national) = (await catalog.CurrentAsync(ct), await figures.NationalAsync(ct));
        var page = await pages.RenderAsync<StatisticsPage>(AccountabilityPages.Kind.Statistics, Version(works, national), "", new Dictionary<string, object?>
        {
            ["Reports"] = national?.Statistics ?? ReportFigures.Of([], works.Today),
            ["Works"] = WorkFigures.Of(works.Works),
            ["Semesters"] = Recent(works.Today),
            ["ComputedAt"] = national?.ComputedAt,
        });
        return page.For(request);
    }

    /// <summary>GET /estadisticas/semestre/{semestre}: counts only, from the national roll-up.</summary>
    public static async Task<IResult> PublicSemester(HttpRequest request, string semestre, WorksCatalog catalog, KeptFigures figures,
        AccountabilityPages pages, CancellationToken ct)
    {
        var works = await catalog.CurrentAsync(ct);
        var (semester, problem) = Semester.Parse(semestre, works.Today);
        if (semester is null)
            return (await pages.RenderUnkeptAsync<SemesterProblemPage>(new Dictionary<string, object?> { ["Problem"] = problem },
                StatusCodes.Status404NotFound)).For(request);
        var national = await figures.NationalAsync(ct);
        var page = await pages.RenderAsync<SemesterPublicPage>(AccountabilityPages.Kind.Semester, Version(works, national), semester.Code,
            new Dictionary<string, object?>
            {
                ["Report"] = national?.Of(semester) ?? SemiannualReport.Of([], semester, works.Today),
                ["ComputedAt"] = national?.ComputedAt,
            });
        return page.For(request);
    }

    /// <summary>GET /escritorio/informe-semestral?semestre=: the printable report, of the auditor's entity only.</summary>
    public static async Task<IResult> DeskSemester(HttpRequest request, string? semestre, Caller caller, WorksCatalog catalog,
        KeptFigures figures, AccountabilityPages pages, CancellationToken ct)
    {
        var (report, computedAt, problem) = await ComputeAsync(semestre, caller, catalog, figures, ct);
        if (report is null) return Problems.Of("semestre", problem!);
        return (await pages.RenderUnkeptAsync<SemesterDeskPage>(new Dictionary<string, object?>
            { ["Report"] = report, ["Caller"] = caller, ["ComputedAt"] = computedAt })).For(request);
    }

    /// <summary>GET /escritorio/informe-semestral.csv?semestre=.</summary>
    [Answers(StatusCodes.Status200OK, SemiannualCsv.ContentType), Problem(StatusCodes.Status400BadRequest)]
    public static async Task<IResult> DeskSemesterCsv(string? semestre, Caller caller, WorksCatalog catalog, KeptFigures figures, CancellationToken ct)
    {
        var (report, _, problem) = await ComputeAsync(semestre, caller, catalog, figures, ct);
        if (report is null) return Problems.Of("semestre", problem!);
        return TypedResults.File(SemiannualCsv.Write(report), SemiannualCsv.ContentType, $"informe-semestral-{report.Semester.Code}.csv");
    }

    /// <summary>An auditor of one entity: from that entity's facts, read now (a change on any instance shows at once;
    /// ComputedAt null). Anyone who sees every entity: from the national roll-up, with the time it was computed.</summary>
    static async Task<(SemiannualReport? Report, DateTimeOffset? ComputedAt, string? Problem)> ComputeAsync(string? semestre, Caller caller,
        WorksCatalog catalog, KeptFigures figures, CancellationToken ct)
    {
        var works = await catalog.CurrentAsync(ct);
        var (semester, problem) = string.IsNullOrEmpty(semestre) ? (Semester.Of(works.Today), null) : Semester.Parse(semestre, works.Today);
        if (semester is null) return (null, null, problem);
        if (caller.EntityNit is not null)
            return (SemiannualReport.Of(await figures.OfEntityAsync(caller.EntityNit, ct), semester, works.Today), null, null);
        var national = await figures.NationalAsync(ct);
        return (national?.Of(semester) ?? SemiannualReport.Of([], semester, works.Today), national?.ComputedAt, null);
    }

    /// <summary>A kept page is rendered again when the works or the roll-up changed.</summary>
    static long Version(WorksCatalog.Snapshot works, NationalFigures? national) =>
        (works.DataVersion << 32) | (uint)(national?.ComputedAt.ToUnixTimeMilliseconds() ?? 0);

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
