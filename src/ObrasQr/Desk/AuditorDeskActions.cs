using Microsoft.AspNetCore.Http;
using ObrasQr.Accountability;
using ObrasQr.Auth;
using ObrasQr.Contracts;
using ObrasQr.Http;
using ObrasQr.Pages;
using ObrasQr.Reports;
using ObrasQr.Staff;
using static ObrasQr.Desk.AuditorDeskHandlers;

namespace ObrasQr.Desk;

/// <summary>The desk's actions on reports besides one status change: assigning a report to a person, and one status
/// change with one note for several reports.</summary>
public static class AuditorDeskActions
{
    /// <summary>POST /escritorio/reportes/{reportId}/asignar: assignedTo is one of <see cref="AssigneesAsync"/>, or empty
    /// for nobody; kept in the report's history with who did it.</summary>
    public static async Task<IResult> Assign(HttpRequest request, string reportId, Caller caller, [AsParameters] AuditorDeskServices services,
        IStaffStore staff, CancellationToken ct)
    {
        var (reports, workflow, accessLog, pages, clock) = services;
        var to = Field(await ReadFormAsync(request, ct), "assignedTo");
        var report = await reports.FindAsync(reportId, ct);
        if (report is null || !caller.Sees(report.EntityNit)) return await NotFoundAsync(request, pages, caller);
        if (to is not null && !(await AssigneesAsync(staff, caller, report.EntityNit, ct)).Contains(to))
        {
            var form = new StatusForm(ReportStatus.NextOf(report.Status).FirstOrDefault(), null, report.PublicAnswer, report.ForwardedTo);
            return await ReportPageAsync(request, pages, report, caller, form, accessLog, clock, ct,
                problem: new FieldProblem("assignedTo", "Elija a una persona de la lista: auditores y administradores que ven este reporte.",
                    StatusCodes.Status422UnprocessableEntity), status: StatusCodes.Status422UnprocessableEntity);
        }
        return await workflow.AssignAsync(reportId, to, caller, ct) switch
        {
            ReportOutcome.Changed => Staff.Redirects.SeeOther(ReportPath(reportId) + "?cambio=asignado#asignado"),
            _ => await NotFoundAsync(request, pages, caller),
        };
    }

    /// <summary>Who a report of <paramref name="entityNit"/> may be assigned to: the active auditors and admins who see
    /// it, and the caller (an API key too), by the name the desk shows and "Mis reportes" looks for.</summary>
    public static async Task<IReadOnlyList<string>> AssigneesAsync(IStaffStore staff, Caller caller, string? entityNit, CancellationToken ct)
    {
        var names = (await staff.ListAsync(ct))
            .Where(m => !m.Disabled && m.Role is Roles.Auditor or Roles.Admin && (m.EntityNit is null || m.EntityNit == entityNit))
            .Select(m => m.Name).Append(caller.Name);
        return [.. names.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    /// <summary>POST /escritorio/reportes/lote: the checked reports (reportId, repeated) move to one status with one
    /// note and, for "respondido", one public answer; each history gets the change, each report's workflow decides, and
    /// the list comes back saying which ones were refused and why.</summary>
    public static async Task<IResult> ChangeMany(HttpRequest request, Caller caller, [AsParameters] AuditorDeskServices services,
        WorksCatalog catalog, KeptFigures figures, CancellationToken ct)
    {
        var (reports, workflow, _, pages, clock) = services;
        var fields = await ReadFormAsync(request, ct);
        var ids = fields["reportId"].Where(id => !string.IsNullOrWhiteSpace(id)).Select(id => id!.Trim()).Distinct(StringComparer.Ordinal).ToList();
        var back = new ReportListQuery(Field(fields, "contractId"), Field(fields, "status"), Field(fields, "category"), null, null, Field(fields, "overdue"),
            null, null, null, null, null, Q: Field(fields, "q"), Orden: Field(fields, "orden"), Asignado: Field(fields, "asignado"));
        if (ids.Count == 0)
            return await ListPageAsync(request, back, caller, reports, catalog, figures, pages, clock, ct,
                bulkProblem: new FieldProblem("reportId", "Marque al menos un reporte de la lista.", StatusCodes.Status422UnprocessableEntity));
        if (ids.Count > ReportFilter.MaxLimit)
            return await ListPageAsync(request, back, caller, reports, catalog, figures, pages, clock, ct,
                bulkProblem: new FieldProblem("reportId", $"Cambie hasta {ReportFilter.MaxLimit} reportes a la vez.", StatusCodes.Status422UnprocessableEntity));
        var change = new StatusChangeRequest(Field(fields, "newStatus"), Field(fields, "note"), Field(fields, "publicAnswer"), Field(fields, "forwardedTo"));
        var (changed, refused) = await workflow.ChangeStatusOfManyAsync(ids, change, caller, ct);
        return await ListPageAsync(request, back, caller, reports, catalog, figures, pages, clock, ct, new BulkOutcome(changed.Count, refused));
    }
}

/// <summary>What a bulk change did: how many changed and, for each refused report, why (in Spanish).</summary>
public sealed record BulkOutcome(int Changed, IReadOnlyList<(string ReportId, string Reason)> Refused);

/// <summary>The configured answer templates put into the status form.</summary>
public static class AnswerTemplates
{
    /// <summary>The form as typed, with the template's text added after the answer already written (never replacing
    /// it, and the note kept); the forwarding template also picks the forwarding, when the report may be forwarded.</summary>
    public static StatusForm Insert(StatusForm form, string key, Report report, ObrasQrOptions options)
    {
        if (!options.Reports.AnswerTemplates.TryGetValue(key, out var template) || template.Text.Length == 0) return form;
        var answer = string.IsNullOrWhiteSpace(form.PublicAnswer) ? template.Text : form.PublicAnswer.TrimEnd() + "\n\n" + template.Text;
        var status = key == "traslado" && ReportStatus.CanMove(report.Status, ReportStatus.Forwarded) ? ReportStatus.Forwarded : form.Status;
        return form with { PublicAnswer = answer, Status = status };
    }
}
