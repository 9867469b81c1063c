namespace ObrasQr.Reports;

/// <summary>A report as the auditors' list shows it (the API's GET /api/reports and the desk's page).</summary>
public sealed record ReportListItem(string ReportId, string ContractId, string Category, string Description, bool Anonymous,
    bool LacksEvidence, ReportLocation? Location, int Photos, DateTimeOffset ReceivedAt, DateOnly Deadline, DateOnly ForwardBy,
    bool Overdue, string Status, string? PublicAnswer, string? ForwardedTo = null, string? AssignedTo = null)
{
    public static ReportListItem Of(Report r, DateOnly today) =>
        new(r.ReportId, r.ContractId, r.Category, r.Description, r.Anonymous, r.LacksEvidence, r.Location, r.Photos.Count,
            r.ReceivedAt, r.Deadline, r.ForwardBy, r.IsOverdue(today), r.Status, r.PublicAnswer, r.ForwardedTo, r.AssignedTo);
}
