using Microsoft.AspNetCore.Http;
using static ObrasQr.Reports.ReportOutcome;

namespace ObrasQr.Reports;

/// <summary>Auditors move a report on: its status with a note, whether it is published, who has it. Each change is kept
/// in the report's history; a report outside the caller's entity scope is answered as one that does not exist.</summary>
public sealed class ReportWorkflow(IReportStore reports, TimeProvider clock)
{
    /// <summary>An auditor moves a report on, with a required note; the change is kept in its history.</summary>
    /// <remarks>A report outside the caller's entity scope is answered as one that does not exist.</remarks>
    public async Task<ReportOutcome> ChangeStatusAsync(string reportId, StatusChangeRequest change, Auth.Caller by, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var report = await reports.FindAsync(reportId, ct);
            if (report is null || !by.Sees(report.EntityNit)) return new Refused("reportId", $"No hay un reporte con el identificador '{reportId}'.", StatusCodes.Status404NotFound);
            if (report.ChangeStatus(change.Status, change.Note, change.PublicAnswer, by.Name, clock.GetUtcNow(), change.ForwardedTo) is not { } next)
            {
                return new Refused(ReportStatus.WhyNot(report.Status, change.Status, change.Note,
                    string.IsNullOrWhiteSpace(change.PublicAnswer) ? report.PublicAnswer : change.PublicAnswer, change.ForwardedTo)!);
            }
            if (await reports.UpdateAsync(next, report.Version, ct)) return new Changed(next);
        }
        return new Refused("reportId", "El reporte cambió mientras se guardaba; intente de nuevo.", StatusCodes.Status409Conflict);
    }

    /// <summary>An auditor decides whether the report's description and photos are published (Open311); kept in its history.</summary>
    /// <remarks>A report outside the caller's entity scope is answered as one that does not exist.</remarks>
    public async Task<ReportOutcome> SetPublishableAsync(string reportId, bool publishable, Auth.Caller by, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var report = await reports.FindAsync(reportId, ct);
            if (report is null || !by.Sees(report.EntityNit)) return new Refused("reportId", $"No hay un reporte con el identificador '{reportId}'.", StatusCodes.Status404NotFound);
            if (report.MarkPublishable(publishable, by.Name, clock.GetUtcNow()) is not { } next) return new Changed(report);
            if (await reports.UpdateAsync(next, report.Version, ct)) return new Changed(next);
        }
        return new Refused("reportId", "El reporte cambió mientras se guardaba; intente de nuevo.", StatusCodes.Status409Conflict);
    }

    /// <summary>Hands a report to a staff member (null: to nobody); kept in its history under the caller's name.</summary>
    /// <remarks>A report outside the caller's entity scope is answered as one that does not exist.</remarks>
    public async Task<ReportOutcome> AssignAsync(string reportId, string? to, Auth.Caller by, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var report = await reports.FindAsync(reportId, ct);
            if (report is null || !by.Sees(report.EntityNit)) return new Refused("reportId", $"No hay un reporte con el identificador '{reportId}'.", StatusCodes.Status404NotFound);
            if (report.Assign(to, by.Name, clock.GetUtcNow()) is not { } next) return new Changed(report);
            if (await reports.UpdateAsync(next, report.Version, ct)) return new Changed(next);
        }
        return new Refused("reportId", "El reporte cambió mientras se guardaba; intente de nuevo.", StatusCodes.Status409Conflict);
    }

    /// <summary>One change with one note for several reports, each through <see cref="ChangeStatusAsync"/> (so each
    /// history keeps it, and each report's own workflow decides): what was changed and, per report, why not.</summary>
    public async Task<(IReadOnlyList<Report> Changed, IReadOnlyList<(string ReportId, string Reason)> Refused)> ChangeStatusOfManyAsync(
        IReadOnlyList<string> reportIds, StatusChangeRequest change, Auth.Caller by, CancellationToken ct)
    {
        var changed = new List<Report>();
        var refused = new List<(string, string)>();
        foreach (var id in reportIds.Distinct(StringComparer.Ordinal))
        {
            switch (await ChangeStatusAsync(id, change, by, ct))
            {
                case Changed c: changed.Add(c.Report); break;
                case Refused r: refused.Add((id, r.Problem.Reason)); break;
            }
        }
        return (changed, refused);
    }
}
