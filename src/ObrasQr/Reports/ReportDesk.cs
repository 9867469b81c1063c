using Microsoft.AspNetCore.Http;
using ObrasQr.Storage;

namespace ObrasQr.Reports;

/// <summary>Receives reports and moves them through their states; the rules both hosts share.</summary>
public sealed class ReportDesk(IReportStore reports, IContractStore contracts, TimeProvider clock)
{
    public abstract record Outcome;
    /// <summary>Stored durably. The tracking code is only known now (null when an idempotent retry found the report).</summary>
    public sealed record Submitted(Report Report, string? TrackingCode) : Outcome;
    public sealed record Refused(string Field, string Reason, int Status = StatusCodes.Status400BadRequest) : Outcome;

    public const string ConsentText =
        "Autorizo el tratamiento de mis datos personales (nombre, correo, teléfono) solo para dar trámite y respuesta " +
        "a este reporte, conforme a la Ley 1581 de 2012. Solo los verán los auditores encargados.";

    public async Task<Outcome> SubmitAsync(string contractId, ReportSubmission submission, string? idempotencyKey, CancellationToken ct)
    {
        var contract = await contracts.FindAsync(contractId, ct);
        if (contract is null || !contract.Contract.IsPublishedWork)
            return new Refused("contractId", "No existe una obra publicada con ese número de contrato.", StatusCodes.Status404NotFound);
        if (submission.Problem() is { } problem)
            return new Refused(problem.Field, problem.Reason);

        var now = clock.GetUtcNow();
        var code = TrackingCode.New();
        var report = new Report
        {
            ReportId = Guid.CreateVersion7(now).ToString("N"),
            ContractId = contract.ContractId,
            Category = submission.Category!,
            Description = submission.Description!.Trim(),
            Anonymous = submission.Anonymous,
            Location = submission.Location,
            ReceivedAt = now,
            Deadline = ColombianCalendar.AddBusinessDays(ColombiaTime.Today(clock), PetitionKind.General.LegalDays()),
            TrackingCodeHash = TrackingCode.Hash(code),
            IdempotencyKey = string.IsNullOrWhiteSpace(idempotencyKey) ? null : idempotencyKey.Trim()[..Math.Min(idempotencyKey.Trim().Length, 100)],
        };
        var identity = submission.Anonymous || submission.Reporter is null
            ? null
            : new ReporterIdentity(report.ReportId, submission.Reporter.Name?.Trim(), submission.Reporter.Email?.Trim(),
                submission.Reporter.Phone?.Trim(), now, ConsentText);

        var stored = await reports.AddAsync(report, identity, ct);
        return new Submitted(stored, stored.ReportId == report.ReportId ? code : null);
    }

    /// <summary>An auditor moves a report on, with a required note; the change is kept in its history.</summary>
    public async Task<Outcome> ChangeStatusAsync(string reportId, StatusChangeRequest change, string by, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var report = await reports.FindAsync(reportId, ct);
            if (report is null) return new Refused("reportId", $"No report with id '{reportId}'.", StatusCodes.Status404NotFound);
            if (report.ChangeStatus(change.Status, change.Note, change.PublicAnswer, by, clock.GetUtcNow()) is not { } next)
                return new Refused("status", ReportStatus.WhyNot(report.Status, change.Status, change.Note), StatusCodes.Status422UnprocessableEntity);
            if (await reports.UpdateAsync(next, report.Version, ct)) return new Submitted(next, null);
        }
        return new Refused("reportId", "The report changed while saving; try again.", StatusCodes.Status409Conflict);
    }
}

/// <summary>What anyone holding the tracking code may see: never the reporter's identity.</summary>
public sealed record PublicStatus(string Status, string StatusLabel, string Category, DateTimeOffset ReceivedAt, DateOnly Deadline, bool Overdue, string? PublicAnswer)
{
    public static PublicStatus Of(Report r, DateOnly today) =>
        new(r.Status, ReportStatus.Labels[r.Status], r.Category, r.ReceivedAt, r.Deadline, r.IsOverdue(today), r.PublicAnswer);
}

/// <summary>A report as the auditors' desk lists it.</summary>
public sealed record DeskItem(string ReportId, string ContractId, string Category, string Description, bool Anonymous,
    bool LacksEvidence, ReportLocation? Location, int Photos, DateTimeOffset ReceivedAt, DateOnly Deadline, bool Overdue, string Status, string? PublicAnswer)
{
    public static DeskItem Of(Report r, DateOnly today) =>
        new(r.ReportId, r.ContractId, r.Category, r.Description, r.Anonymous, r.LacksEvidence, r.Location, r.Photos.Count,
            r.ReceivedAt, r.Deadline, r.IsOverdue(today), r.Status, r.PublicAnswer);
}
