using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ObrasQr.Accountability;
using ObrasQr.Auth;
using ObrasQr.Contracts;
using ObrasQr.Http;
using ObrasQr.Pages;
using ObrasQr.Reports;

namespace ObrasQr.Desk;

/// <summary>
/// The auditors' desk in the browser: the reports list, a report's page, "ver identidad" and status changes. The
/// rules are those of the API (<see cref="ReportFilter"/>, <see cref="ReportWorkflow"/>, <see cref="ReportStatus"/>); these
/// handlers only read forms and render pages. Every query is scoped to the caller's entity.
/// </summary>
public static class AuditorDeskHandlers
{
    public const string ListPath = "/escritorio/reportes";

    public static string ReportPath(string reportId) => $"{ListPath}/{Uri.EscapeDataString(reportId)}";

    /// <summary>GET /escritorio/reportes: the search box (<see cref="ReportSearch"/>), the API's filters folded under one
    /// line, sort (orden=plazo|recibido), "Mis reportes" (asignado=yo), counts at the top, a page at a time.</summary>
    public static async Task<IResult> List(HttpRequest request, [AsParameters] ReportListQuery filter, Caller caller, IReportStore reports,
        WorksCatalog catalog, KeptFigures figures, PageRenderer pages, TimeProvider clock, CancellationToken ct) =>
        await ListPageAsync(request, filter, caller, reports, catalog, figures, pages, clock, ct);

    /// <summary>The list page, also after a bulk change (<paramref name="bulk"/>: what it changed and refused).</summary>
    internal static async Task<IResult> ListPageAsync(HttpRequest request, ReportListQuery filter, Caller caller, IReportStore reports,
        WorksCatalog catalog, KeptFigures figures, PageRenderer pages, TimeProvider clock, CancellationToken ct, BulkOutcome? bulk = null, FieldProblem? bulkProblem = null)
    {
        var today = ColombiaTime.Today(clock);
        var counts = await figures.CountsAsync(caller.EntityNit, today, ct);
        var (parsed, problem) = ReportFilter.Parse(filter, today, caller.Name);
        var parameters = new Dictionary<string, object?>
        {
            ["Caller"] = caller,
            ["Filter"] = filter,
            ["Counts"] = counts,
            ["Today"] = today,
            ["Problem"] = problem ?? bulkProblem,
            ["Bulk"] = bulk,
        };
        if (problem is not null) return await pages.CompressedPageAsync<AuditorReportsPage>(request, parameters, StatusCodes.Status400BadRequest);

        List<Report> items;
        if (!string.IsNullOrWhiteSpace(filter.Q))
        {
            items = [.. await ReportSearch.FindAsync(filter.Q, caller, reports, catalog, ct)];
            parameters["Next"] = null;
        }
        else
        {
            var query = parsed! with { EntityNit = caller.EntityNit };
            // One more than asked tells whether there is a next page (as the API does).
            var list = await reports.ListAsync(query with { Take = query.Take + 1 }, ct);
            items = [.. list.Take(query.Take)];
            parameters["Next"] = list.Count > query.Take ? ReportFilter.EncodeCursor(items[^1], query.ByDeadline) : null;
        }
        parameters["Items"] = items;
        parameters["WorkNames"] = await WorkName.OfAsync(catalog, items.Select(r => r.ContractId), ct);
        return await pages.CompressedPageAsync<AuditorReportsPage>(request, parameters,
            bulkProblem is not null || bulk is { Refused.Count: > 0 } ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status200OK);
    }

    /// <summary>GET /escritorio/reportes/{reportId}: the report, its photos, history and the status form;
    /// ?plantilla=key fills the public answer with a template (no script needed).</summary>
    public static async Task<IResult> Show(HttpRequest request, string reportId, string? plantilla, string? cambio, Caller caller,
        IReportStore reports, IIdentityAccessLog accessLog, IOptions<ObrasQrOptions> options, PageRenderer pages, TimeProvider clock, CancellationToken ct)
    {
        var saved = cambio switch
        {
            "guardado" => "Cambio de estado guardado. El ciudadano ya lo ve en /seguimiento.",
            "asignado" => "Asignación guardada en el historial.",
            _ => null,
        };
        var report = await reports.FindAsync(reportId, ct);
        if (report is null || !caller.Sees(report.EntityNit)) return await NotFoundAsync(request, pages, caller);
        var form = new StatusForm(ReportStatus.NextOf(report.Status).FirstOrDefault(), null, report.PublicAnswer, report.ForwardedTo);
        if (plantilla is not null && options.Value.Reports.AnswerTemplates.TryGetValue(plantilla, out var template) && template.Text.Length > 0)
        {
            form = form with { PublicAnswer = template.Text };
            // The forwarding template goes with the forwarding, when the report may still be forwarded.
            if (plantilla == "traslado" && ReportStatus.CanMove(report.Status, ReportStatus.Forwarded)) form = form with { Status = ReportStatus.Forwarded };
        }
        return await ReportPageAsync(request, pages, report, caller, form, accessLog, clock, ct, notice: saved);
    }

    /// <summary>POST /escritorio/reportes/{reportId}/identidad: opens the reporter's identity for this answer only,
    /// after recording who opened it and when. Never cached (no-store), never logged.</summary>
    public static async Task<IResult> RevealIdentity(HttpRequest request, string reportId, Caller caller, IReportStore reports,
        IIdentityAccessLog accessLog, IdentityProtector identities, PageRenderer pages, TimeProvider clock, CancellationToken ct)
    {
        var report = await reports.FindAsync(reportId, ct);
        if (report is null || !caller.Sees(report.EntityNit)) return await NotFoundAsync(request, pages, caller);
        ReporterIdentity? identity = null;
        if (!report.Anonymous && await reports.FindIdentityAsync(reportId, ct) is { } sealedIdentity)
        {
            // Recorded first: an identity is never shown without its access being kept.
            await accessLog.RecordAsync(new IdentityAccess(report.ReportId, caller.Name, clock.GetUtcNow()), ct);
            identity = identities.Open(sealedIdentity);
        }
        var form = new StatusForm(ReportStatus.NextOf(report.Status).FirstOrDefault(), null, report.PublicAnswer, report.ForwardedTo);
        return await ReportPageAsync(request, pages, report, caller, form, accessLog, clock, ct, identity: identity,
            notice: identity is null ? "Este reporte es anónimo o no guardó datos de contacto: no hay identidad que mostrar." : null);
    }

    /// <summary>POST /escritorio/reportes/{reportId}/publicable: the auditor's decision to publish, or stop publishing, the
    /// report's description, place and photos as open data (Open311); kept in its history with the auditor's name.</summary>
    public static async Task<IResult> SetPublishable(HttpRequest request, string reportId, Caller caller, ReportWorkflow workflow,
        PageRenderer pages, CancellationToken ct)
    {
        var publishable = Field(await ReadFormAsync(request, ct), "publishable") == "true";
        return await workflow.SetPublishableAsync(reportId, publishable, caller, ct) switch
        {
            ReportOutcome.Changed => Staff.Redirects.SeeOther(ReportPath(reportId) + "#datos-abiertos"),
            _ => await NotFoundAsync(request, pages, caller),
        };
    }

    /// <summary>POST /escritorio/reportes/{reportId}/estado: accion=vista previews what the citizen will see,
    /// accion=guardar stores the change; either way a refusal comes back next to its field with the form as sent.</summary>
    public static async Task<IResult> ChangeStatus(HttpRequest request, string reportId, Caller caller, [AsParameters] AuditorDeskServices services,
        IOptions<ObrasQrOptions> options, CancellationToken ct)
    {
        var (reports, workflow, accessLog, pages, clock) = services;
        var fields = await ReadFormAsync(request, ct);
        var form = new StatusForm(Field(fields, "status"), Field(fields, "note"), Field(fields, "publicAnswer"), Field(fields, "forwardedTo"));
        var change = new StatusChangeRequest(form.Status, form.Note, form.PublicAnswer, form.ForwardedTo);

        if (Field(fields, "plantilla") is { } key)
        {
            // A template chosen without JavaScript: the same form comes back with what was typed and the template's
            // text added to the answer (the page's script does the same in place, without this round trip).
            var report = await reports.FindAsync(reportId, ct);
            if (report is null || !caller.Sees(report.EntityNit)) return await NotFoundAsync(request, pages, caller);
            return await ReportPageAsync(request, pages, report, caller, AnswerTemplates.Insert(form, key, report, options.Value), accessLog, clock, ct);
        }

        if (Field(fields, "accion") == "vista")
        {
            var report = await reports.FindAsync(reportId, ct);
            if (report is null || !caller.Sees(report.EntityNit)) return await NotFoundAsync(request, pages, caller);
            // The very change that saving would make, not stored: the preview is what the citizen would see.
            var next = report.ChangeStatus(change.Status, change.Note, change.PublicAnswer, caller.Name, clock.GetUtcNow(), change.ForwardedTo);
            var why = next is null ? Why(report, change) : null;
            return await ReportPageAsync(request, pages, report, caller, form, accessLog, clock, ct, problem: why, preview: next,
                status: why is null ? StatusCodes.Status200OK : StatusCodes.Status422UnprocessableEntity);
        }

        var outcome = await workflow.ChangeStatusAsync(reportId, change, caller, ct);
        switch (outcome)
        {
            case ReportOutcome.Changed:
                // 303: the browser shows the saved report with a GET, and a reload does not send the change again.
                return Staff.Redirects.SeeOther(ReportPath(reportId) + "?cambio=guardado#estado-actual");
            case ReportOutcome.Refused { Problem.Status: StatusCodes.Status404NotFound }:
                return await NotFoundAsync(request, pages, caller);
            case ReportOutcome.Refused refused:
                var current = await reports.FindAsync(reportId, ct);
                if (current is null || !caller.Sees(current.EntityNit)) return await NotFoundAsync(request, pages, caller);
                return await ReportPageAsync(request, pages, current, caller, form, accessLog, clock, ct, problem: refused.Problem,
                    status: refused.Problem.Status);
            default:
                throw new InvalidOperationException($"Unexpected outcome {outcome}.");
        }
    }

    static FieldProblem Why(Report report, StatusChangeRequest change) =>
        ReportStatus.WhyNot(report.Status, change.Status, change.Note,
            string.IsNullOrWhiteSpace(change.PublicAnswer) ? report.PublicAnswer : change.PublicAnswer, change.ForwardedTo)!;

    internal static async Task<IResult> ReportPageAsync(HttpRequest request, PageRenderer pages, Report report, Caller caller, StatusForm form,
        IIdentityAccessLog accessLog, TimeProvider clock, CancellationToken ct, FieldProblem? problem = null, Report? preview = null,
        ReporterIdentity? identity = null, string? notice = null, int status = StatusCodes.Status200OK)
    {
        var today = ColombiaTime.Today(clock);
        return await pages.CompressedPageAsync<AuditorReportPage>(request, new Dictionary<string, object?>
        {
            ["Caller"] = caller,
            ["Report"] = report,
            ["Today"] = today,
            ["Form"] = form,
            ["Problem"] = problem,
            ["Preview"] = preview is null ? null : PublicStatus.Of(preview, today),
            ["Identity"] = identity,
            ["Accesses"] = await accessLog.ListAsync(report.ReportId, ct),
            ["Notice"] = notice,
            ["Assignees"] = await AuditorDeskActions.AssigneesAsync(request.HttpContext.RequestServices.GetRequiredService<Staff.IStaffStore>(), caller, report.EntityNit, ct),
        }, status);
    }

    internal static Task<IResult> NotFoundAsync(HttpRequest request, PageRenderer pages, Caller caller) =>
        pages.CompressedPageAsync<AuditorReportPage>(request, new Dictionary<string, object?> { ["Caller"] = caller }, StatusCodes.Status404NotFound);

    internal static async Task<IFormCollection> ReadFormAsync(HttpRequest request, CancellationToken ct)
    {
        if (!request.HasFormContentType) return FormCollection.Empty;
        try { return await request.ReadFormAsync(ct); }
        catch (InvalidDataException) { return FormCollection.Empty; }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge) { return FormCollection.Empty; }
    }

    internal static string? Field(IFormCollection form, string name) => form[name].ToString() is { Length: > 0 } value ? value : null;
}

/// <summary>The status form as sent (or as first shown), kept when a change is refused.</summary>
public sealed record StatusForm(string? Status, string? Note, string? PublicAnswer, string? ForwardedTo);

/// <summary>What the auditors' desk actions use: the reports, the desk's rules, the identity access log, the renderer
/// and the clock.</summary>
public sealed record AuditorDeskServices(IReportStore Reports, ReportWorkflow Workflow, IIdentityAccessLog AccessLog, PageRenderer Pages,
    TimeProvider Clock);
