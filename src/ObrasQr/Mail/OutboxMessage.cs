using ObrasQr.Reports;

namespace ObrasQr.Mail;

/// <summary>
/// One row of the outbox. It holds no address, text or personal data, only what the mail is about: its words are
/// written when it is sent, from the store, so the outbox never keeps a reporter's e-mail in clear nor a tracking code.
/// Events (<see cref="OutboxKind.ReportReceived"/>, <see cref="OutboxKind.Digest"/>) are turned into one row per
/// recipient; the other kinds are one mail each. A new kind (e.g. a staff password reset) is one more constant here
/// and one more case in <see cref="MailComposer"/>.
/// </summary>
/// <param name="Id">Unique and deterministic (e.g. "nuevo:{reportId}>{staffId}"): writing the same notice twice
/// stores it once, and it is the mail's Message-Id, so a resend after a crash is recognisable as the same mail.</param>
/// <param name="Version">For <see cref="OutboxKind.ReportChanged"/>: the report's version the change produced.</param>
/// <param name="Day">For the digest: the business day (Colombia) it is for.</param>
/// <param name="StaffId">The staff member a per-recipient row is for.</param>
/// <param name="Secret">For <see cref="OutboxKind.PasswordResetLink"/>: the link's token, sealed by
/// <see cref="IdentityProtector.SealSecret"/> (the store keeps only its hash, so the mail needs it from here).</param>
public sealed record OutboxMessage(
    string Id,
    string Kind,
    DateTimeOffset QueuedAt,
    DateTimeOffset DueAt,
    string? ReportId = null,
    int? Version = null,
    DateOnly? Day = null,
    string? StaffId = null,
    int Attempts = 0,
    string? LastError = null,
    DateTimeOffset? SentAt = null,
    string? Secret = null)
{
    /// <summary>Written by the report store in the same step as a new report.</summary>
    public static OutboxMessage ReportReceived(Report report) =>
        new($"recibido:{report.ReportId}", OutboxKind.ReportReceived, report.ReceivedAt, report.ReceivedAt, ReportId: report.ReportId);

    /// <summary>Written by the report store in the same step as an update of a report (a status change or not: the
    /// composer reads which from its history).</summary>
    public static OutboxMessage ReportChanged(Report report)
    {
        var at = report.History.Count > 0 ? report.History[^1].At : report.ReceivedAt;
        return new($"cambio:{report.ReportId}:{report.Version}", OutboxKind.ReportChanged, at, at, ReportId: report.ReportId, Version: report.Version);
    }

    public static OutboxMessage Digest(DateOnly day, DateTimeOffset at) =>
        new($"resumen:{day:yyyy-MM-dd}", OutboxKind.Digest, at, at, Day: day);

    /// <summary>Written by an admin's reset by e-mail, after the link's hash is stored on the account.</summary>
    public static OutboxMessage PasswordResetLink(string staffId, string sealedToken, DateTimeOffset at) =>
        new($"restablecer:{staffId}:{Guid.NewGuid():N}", OutboxKind.PasswordResetLink, at, at, StaffId: staffId, Secret: sealedToken);

    public OutboxMessage For(string kind, string staffId, DateTimeOffset at) =>
        new($"{Id}>{staffId}", kind, at, at, ReportId, Version, Day, staffId);
}

public static class OutboxKind
{
    /// <summary>Event: a report arrived; becomes a <see cref="NewReport"/> row per auditor who wants each report.</summary>
    public const string ReportReceived = "reporte_recibido";
    /// <summary>To one auditor: the new report.</summary>
    public const string NewReport = "reporte_nuevo";
    /// <summary>To the reporter who asked for it: the report's status changed.</summary>
    public const string ReportChanged = "reporte_cambio";
    /// <summary>Event: a business morning; becomes a <see cref="StaffDigest"/> row per auditor who wants mail.</summary>
    public const string Digest = "resumen";
    /// <summary>To one auditor: the morning's reports due soon, overdue and (for "resumen diario") new.</summary>
    public const string StaffDigest = "resumen_auditor";
    /// <summary>To one staff member: the link an admin's reset sent them.</summary>
    public const string PasswordResetLink = "restablecer_contrasena";
}

/// <summary>The outbox: notices waiting to be sent, written in the same step as what causes them where the store
/// allows (docs/staff.md, "Correo").</summary>
public interface IMailOutbox
{
    /// <summary>Stores each message whose id is not stored yet; one already there is left as it is.</summary>
    Task EnqueueAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken ct = default);

    /// <summary>Messages not sent yet whose <see cref="OutboxMessage.DueAt"/> is at or before <paramref name="now"/>,
    /// earliest due first.</summary>
    Task<IReadOnlyList<OutboxMessage>> DueAsync(DateTimeOffset now, int take, CancellationToken ct = default);

    Task<OutboxMessage?> FindAsync(string id, CancellationToken ct = default);

    /// <summary>Done: sent, or nothing to send (<paramref name="note"/> says why); never due again.</summary>
    Task MarkSentAsync(string id, DateTimeOffset at, string? note = null, CancellationToken ct = default);

    /// <summary>A failed try: due again at <paramref name="nextAttempt"/>.</summary>
    Task MarkFailedAsync(string id, int attempts, DateTimeOffset nextAttempt, string error, CancellationToken ct = default);
}
