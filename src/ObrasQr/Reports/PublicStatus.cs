namespace ObrasQr.Reports;

/// <summary>What anyone holding the tracking code may see: never the reporter's identity.</summary>
/// <param name="ForwardedTo">The authority it was forwarded to: Ley 1755 de 2015 art. 21 says the citizen is told.</param>
public sealed record PublicStatus(string Status, string StatusLabel, string Category, string CategoryLabel, DateTimeOffset ReceivedAt,
    DateOnly Deadline, bool Overdue, DateTimeOffset? ForwardedAt, DateTimeOffset? UpdatedAt, string? PublicAnswer, string? ForwardedTo = null)
{
    public static PublicStatus Of(Report r, DateOnly today) =>
        new(r.Status, ReportStatus.Labels[r.Status], r.Category, ReportCategory.Labels.GetValueOrDefault(r.Category, r.Category),
            r.ReceivedAt, r.Deadline, r.IsOverdue(today), r.History.LastOrDefault(h => h.To == ReportStatus.Forwarded && h.From != h.To)?.At,
            r.History.Count > 0 ? r.History[^1].At : null, r.PublicAnswer, r.ForwardedTo);
}
