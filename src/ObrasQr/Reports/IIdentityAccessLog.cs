namespace ObrasQr.Reports;

/// <summary>
/// Who opened a reporter's identity, and when (Ley 1581 de 2012 art. 17: the party responsible keeps personal data
/// under conditions that prevent unauthorised access, and must be able to show who consulted it). Kept in the store,
/// never in logs; the report's page shows it. SQLite or Azure Tables; the contract suite runs against both.
/// </summary>
public interface IIdentityAccessLog
{
    Task RecordAsync(IdentityAccess access, CancellationToken ct = default);

    /// <summary>Every access to this report's reporter identity, oldest first.</summary>
    Task<IReadOnlyList<IdentityAccess>> ListAsync(string reportId, CancellationToken ct = default);
}

/// <param name="By">The person (caller name) who opened the identity.</param>
public sealed record IdentityAccess(string ReportId, string By, DateTimeOffset At);
