using Microsoft.AspNetCore.Http;
using ObrasQr.Contracts;
using ObrasQr.Http;
using ObrasQr.Withdrawals;

namespace ObrasQr.Reports;

/// <summary>What became of a report filed (<see cref="ReportIntake"/>) or moved on (<see cref="ReportWorkflow"/>).</summary>
public abstract record ReportOutcome
{
    /// <summary>
    /// Stored durably. <paramref name="TrackingCode"/> is only known now; <paramref name="Replayed"/> when an
    /// idempotent retry found the report already stored (the retry gets a new code that also finds it).
    /// </summary>
    public sealed record Submitted(Report Report, string? TrackingCode, bool Replayed = false) : ReportOutcome;
    /// <summary>A status change kept in the report's history.</summary>
    public sealed record Changed(Report Report) : ReportOutcome;
    /// <summary>Not stored, and why; <paramref name="Photo"/> is the position of the photo the refusal is about.</summary>
    public sealed record Refused(FieldProblem Problem, int? Photo = null) : ReportOutcome
    {
        public Refused(string field, string reason, int status = StatusCodes.Status400BadRequest) : this(new FieldProblem(field, reason, status)) { }
    }
    /// <summary>Not stored: the entity withdrew the work from publication, so its office receives reports about it
    /// (<paramref name="Office"/>); <paramref name="Problem"/> says so, with when and why, for the API.</summary>
    public sealed record Withdrawn(Contract Work, Withdrawal Withdrawal, TrustOptions Office, FieldProblem Problem) : ReportOutcome;
}
