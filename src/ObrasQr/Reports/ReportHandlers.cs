using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using ObrasQr.Auth;
using ObrasQr.Pages;
using ObrasQr.Storage;

namespace ObrasQr.Reports;

/// <summary>Citizens submit and follow up reports; auditors list and answer them.</summary>
public sealed class ReportHandlers(ReportDesk desk, ApiKeys keys, IReportStore reports, PageRenderer pages, TimeProvider clock)
{
    /// <summary>POST /api/contracts/{contractId}/reports (JSON)</summary>
    public async Task<IResult> SubmitApi(HttpRequest request, string contractId)
    {
        ReportSubmission? submission;
        try { submission = await request.ReadFromJsonAsync<ReportSubmission>(request.HttpContext.RequestAborted); }
        catch (System.Text.Json.JsonException e) { return Problems.Field("body", $"Not valid JSON: {e.Message}"); }
        if (submission is null) return Problems.Field("body", "A JSON report is required.");

        var outcome = await desk.SubmitAsync(contractId, submission, request.Headers["Idempotency-Key"].ToString(), request.HttpContext.RequestAborted);
        return outcome switch
        {
            ReportDesk.Submitted s => Results.Created($"/api/reports/lookup",
                new { trackingCode = s.TrackingCode, status = s.Report.Status, deadline = s.Report.Deadline }),
            ReportDesk.Refused r => Problems.Field(r.Field, r.Reason, r.Status),
            _ => throw new InvalidOperationException(),
        };
    }

    /// <summary>POST /o/{contractId}/reportes: the page's form; answers with the receipt page.</summary>
    public async Task<IResult> SubmitForm(HttpRequest request, string contractId)
    {
        if (!request.HasFormContentType)
            return await pages.PageAsync<ReportErrorPage>(new Dictionary<string, object?> { ["ContractId"] = contractId, ["Message"] = "Envíe el reporte desde el formulario de la obra." }, 400);
        var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
        var submission = new ReportSubmission
        {
            Category = form["category"].ToString(),
            Description = form["description"].ToString(),
            Anonymous = form["anonymous"].ToString() != "no",
            Location = string.IsNullOrWhiteSpace(form["place"]) ? null : new ReportLocation(null, null, form["place"].ToString()),
            Reporter = form["anonymous"].ToString() == "no"
                ? new ReporterInput(form["name"], form["email"], form["phone"], form["consent"].ToString() == "si")
                : null,
        };
        var outcome = await desk.SubmitAsync(contractId, submission, form["token"].ToString(), request.HttpContext.RequestAborted);
        return outcome switch
        {
            ReportDesk.Submitted s => await pages.PageAsync<ReceiptPage>(new Dictionary<string, object?> { ["Report"] = s.Report, ["TrackingCode"] = s.TrackingCode }),
            ReportDesk.Refused r => await pages.PageAsync<ReportErrorPage>(new Dictionary<string, object?> { ["ContractId"] = contractId, ["Message"] = r.Reason }, r.Status),
            _ => throw new InvalidOperationException(),
        };
    }

    /// <summary>POST /api/reports/lookup: the code travels in the body, never in a URL that ends up in logs.</summary>
    public async Task<IResult> Lookup(HttpRequest request)
    {
        LookupRequest? body;
        try { body = await request.ReadFromJsonAsync<LookupRequest>(request.HttpContext.RequestAborted); }
        catch (System.Text.Json.JsonException) { body = null; }
        if (string.IsNullOrWhiteSpace(body?.TrackingCode)) return Problems.Field("trackingCode", "A tracking code is required.");
        var report = await reports.FindByTrackingHashAsync(TrackingCode.Hash(body.TrackingCode), request.HttpContext.RequestAborted);
        // Unknown and mistyped codes get the same answer: nothing to learn by guessing.
        return report is null ? Problems.NotFound("No report has that tracking code.") : Results.Ok(PublicStatus.Of(report, Today));
    }

    /// <summary>GET /api/reports (auditor)</summary>
    public async Task<IResult> List(HttpRequest request)
    {
        var (_, denied) = keys.Authorize(request, Roles.Auditor);
        if (denied is not null) return denied;
        var q = request.Query;
        var query = new ReportQuery
        {
            ContractId = NullIfEmpty(q["contractId"]),
            Status = NullIfEmpty(q["status"]),
            Category = NullIfEmpty(q["category"]),
        };
        var list = await reports.ListAsync(query, request.HttpContext.RequestAborted);
        return Results.Ok(new { items = list.Select(r => DeskItem.Of(r, Today)) });
    }

    /// <summary>GET /api/reports/{reportId} (auditor): with the reporter's identity when they gave it.</summary>
    public async Task<IResult> Detail(HttpRequest request, string reportId)
    {
        var (_, denied) = keys.Authorize(request, Roles.Auditor);
        if (denied is not null) return denied;
        var report = await reports.FindAsync(reportId, request.HttpContext.RequestAborted);
        if (report is null) return Problems.NotFound($"No report with id '{reportId}'.");
        var identity = report.Anonymous ? null : await reports.FindIdentityAsync(reportId, request.HttpContext.RequestAborted);
        return Results.Ok(new { report = DeskItem.Of(report, Today), history = report.History, reporter = identity });
    }

    /// <summary>PATCH /api/reports/{reportId} (auditor): { status, note, publicAnswer }</summary>
    public async Task<IResult> ChangeStatus(HttpRequest request, string reportId)
    {
        var (caller, denied) = keys.Authorize(request, Roles.Auditor);
        if (denied is not null) return denied;
        StatusChangeRequest? change;
        try { change = await request.ReadFromJsonAsync<StatusChangeRequest>(request.HttpContext.RequestAborted); }
        catch (System.Text.Json.JsonException e) { return Problems.Field("body", $"Not valid JSON: {e.Message}"); }
        if (change is null) return Problems.Field("body", "A JSON body { status, note } is required.");
        var outcome = await desk.ChangeStatusAsync(reportId, change, caller!.Name, request.HttpContext.RequestAborted);
        return outcome switch
        {
            ReportDesk.Submitted s => Results.Ok(new { report = DeskItem.Of(s.Report, Today), history = s.Report.History }),
            ReportDesk.Refused r => Problems.Field(r.Field, r.Reason, r.Status),
            _ => throw new InvalidOperationException(),
        };
    }

    /// <summary>GET /seguimiento</summary>
    public Task<IResult> FollowUpForm(HttpRequest request) =>
        pages.PageAsync<FollowUpPage>(new Dictionary<string, object?>());

    /// <summary>POST /seguimiento</summary>
    public async Task<IResult> FollowUp(HttpRequest request)
    {
        var code = request.HasFormContentType ? (await request.ReadFormAsync(request.HttpContext.RequestAborted))["code"].ToString() : "";
        var report = string.IsNullOrWhiteSpace(code) ? null
            : await reports.FindByTrackingHashAsync(TrackingCode.Hash(code), request.HttpContext.RequestAborted);
        return await pages.PageAsync<FollowUpPage>(new Dictionary<string, object?>
        {
            ["Searched"] = true,
            ["Status"] = report is null ? null : PublicStatus.Of(report, Today),
        });
    }

    DateOnly Today => ColombiaTime.Today(clock);

    static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}

public sealed record LookupRequest(string? TrackingCode);
