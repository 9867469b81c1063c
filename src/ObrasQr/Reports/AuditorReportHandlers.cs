using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using ObrasQr.Auth;
using ObrasQr.Contracts;
using ObrasQr.Http;
using ObrasQr.Storage;

using ObrasQr.Accountability;

namespace ObrasQr.Reports;

/// <summary>For auditors: list, export and answer citizens' reports.</summary>
public static class AuditorReportHandlers
{
    const int CsvPage = 500;

    /// <summary>GET /api/reports: filtered, newest first, paged with an opaque cursor; ?format=csv exports every match,
    /// UTF-8 with BOM and ";" as a Colombian spreadsheet expects (&amp;sep=comma for RFC 4180 commas).</summary>
    [Answers(StatusCodes.Status200OK, "application/json", ReportCsv.ContentType), Problem(StatusCodes.Status400BadRequest)]
    /// <remarks>?trackingCode= finds the one report of a citizen's code (looked up by its hash; any case, with or
    /// without dashes or spaces), when the caller may see it; ?orden=plazo sorts by deadline; ?asignado=yo, the caller's.</remarks>
    public static async Task<Results<Ok<ReportListPage>, PushStreamHttpResult, ProblemHttpResult>> List(
        [AsParameters] ReportListQuery filter, Caller caller, IReportStore reports, WorksCatalog catalog, TimeProvider clock, CancellationToken ct)
    {
        var today = ColombiaTime.Today(clock);
        if (filter.TrackingCode is { Length: > 0 } code)
        {
            if (!TrackingCode.IsWhole(code))
                return Problems.Of(new FieldProblem("trackingCode", "Un código de seguimiento tiene 20 letras y números (por ejemplo 7K3M-Q9PX-…), con o sin guiones."));
            var found = await reports.FindByTrackingHashAsync(TrackingCode.Hash(code), ct);
            return TypedResults.Ok(new ReportListPage(found is not null && caller.Sees(found.EntityNit) ? [ReportListItem.Of(found, today)] : [], null));
        }
        var (parsed, problem) = ReportFilter.Parse(filter, today, caller.Name);
        if (problem is not null) return Problems.Of(problem);
        var query = parsed! with { EntityNit = caller.EntityNit };

        if (filter.Format == "csv")
        {
            if (ReportCsv.Semicolon(filter.Sep) is not { } semicolon) return Problems.Of(ReportCsv.SeparatorProblem);
            return TypedResults.Stream(body => ReportCsv.WriteAsync(body, AllPages(reports, catalog, query with { After = null, Take = CsvPage, ByDeadline = false }, ct),
                today, semicolon, ct), ReportCsv.ContentType, $"reportes-{today:yyyy-MM-dd}.csv");
        }

        // One more than asked tells whether there is a next page.
        var list = await reports.ListAsync(query with { Take = query.Take + 1 }, ct);
        var items = list.Take(query.Take).ToList();
        return TypedResults.Ok(new ReportListPage(
            items.Select(r => ReportListItem.Of(r, today)).ToList(),
            list.Count > query.Take ? ReportFilter.EncodeCursor(items[^1], query.ByDeadline) : null));
    }

    /// <summary>Every report the query matches with its work's name, one store page at a time (keyset paging, newest first).</summary>
    static async IAsyncEnumerable<(Report, string?)> AllPages(IReportStore reports, WorksCatalog catalog, ReportQuery page,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        while (true)
        {
            var batch = await reports.ListAsync(page, ct);
            foreach (var (id, name) in await WorkName.OfAsync(catalog, batch.Select(r => r.ContractId).Where(id => !names.ContainsKey(id)), ct))
                names[id] = name;
            foreach (var report in batch) yield return (report, names.GetValueOrDefault(report.ContractId));
            if (batch.Count < page.Take) yield break;
            page = page with { After = (batch[^1].ReceivedAt, batch[^1].ReportId) };
        }
    }

    /// <summary>GET /api/reports/{reportId}: with history, photo links and the reporter's identity when given (an
    /// opening of the identity, logged with who and when).</summary>
    [Problem(StatusCodes.Status404NotFound)]
    public static async Task<Results<Ok<ReportDetail>, ProblemHttpResult>> Detail(string reportId, Caller caller, IReportStore reports,
        IdentityProtector identities, IIdentityAccessLog accessLog, TimeProvider clock, CancellationToken ct)
    {
        var report = await reports.FindAsync(reportId, ct);
        if (report is null || !caller.Sees(report.EntityNit)) return NoReport(reportId);
        ReporterIdentity? identity = null;
        if (!report.Anonymous && await reports.FindIdentityAsync(reportId, ct) is { } sealedIdentity)
        {
            // Every opening of an identity is kept with who and when, here as on the desk's "ver identidad".
            await accessLog.RecordAsync(new IdentityAccess(report.ReportId, caller.Name, clock.GetUtcNow()), ct);
            identity = identities.Open(sealedIdentity);
        }
        return TypedResults.Ok(new ReportDetail(
            ReportListItem.Of(report, ColombiaTime.Today(clock)),
            report.Photos.Select((_, i) => $"/api/reports/{report.ReportId}/photos/{i + 1}").ToList(),
            report.History,
            identity));
    }

    /// <summary>GET /api/reports/{reportId}/photos/{n}: a photo as stored, metadata already removed.</summary>
    [Answers(StatusCodes.Status200OK, "image/jpeg", "image/png", "image/webp"), Problem(StatusCodes.Status404NotFound)]
    public static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> Photo(HttpResponse response, string reportId, int n,
        Caller caller, IReportStore reports, IFileStore files, CancellationToken ct)
    {
        var report = await reports.FindAsync(reportId, ct);
        if (report is null || !caller.Sees(report.EntityNit) || n < 1 || n > report.Photos.Count) return NoPhoto();
        var path = report.Photos[n - 1];
        var stream = await files.OpenReadAsync(path, ct);
        if (stream is null) return NoPhoto();
        response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.Stream(stream, PhotoCleaner.ContentType(Path.GetExtension(path).TrimStart('.')));
    }

    /// <summary>PATCH /api/reports/{reportId}: { status, note, publicAnswer }; the history names the caller.</summary>
    [Problem(StatusCodes.Status400BadRequest), Problem(StatusCodes.Status404NotFound), Problem(StatusCodes.Status409Conflict),
     Problem(StatusCodes.Status422UnprocessableEntity)]
    public static async Task<Results<Ok<ReportChanged>, ProblemHttpResult>> ChangeStatus(HttpRequest request, string reportId, Caller caller,
        ReportWorkflow workflow, TimeProvider clock)
    {
        var (change, problem) = await JsonBody.ReadAsync<StatusChangeRequest>(request, "el cambio { status, note, publicAnswer }");
        if (problem is not null) return Problems.Of(problem);
        var outcome = await workflow.ChangeStatusAsync(reportId, change!, caller, request.HttpContext.RequestAborted);
        return outcome switch
        {
            ReportOutcome.Changed c => TypedResults.Ok(new ReportChanged(ReportListItem.Of(c.Report, ColombiaTime.Today(clock)), c.Report.History)),
            ReportOutcome.Refused r => Problems.Of(r.Problem),
            _ => throw new InvalidOperationException($"Unexpected outcome {outcome}."),
        };
    }

    static ProblemHttpResult NoReport(string reportId) =>
        Problems.NotFound("reportId", $"No hay un reporte con el identificador '{reportId}'.");

    static ProblemHttpResult NoPhoto() => Problems.NotFound("n", "Ese reporte no tiene esa foto.");
}

/// <summary>One page of the auditors' list; <paramref name="Next"/> is the cursor of the next one (after=), null at the end.</summary>
public sealed record ReportListPage(IReadOnlyList<ReportListItem> Items, string? Next);

public sealed record ReportDetail(ReportListItem Report, IReadOnlyList<string> Photos, IReadOnlyList<StatusChange> History, ReporterIdentity? Reporter);

public sealed record ReportChanged(ReportListItem Report, IReadOnlyList<StatusChange> History);
