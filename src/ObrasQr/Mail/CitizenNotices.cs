using ObrasQr.Reports;

namespace ObrasQr.Mail;

/// <summary>Whom a report's changes are mailed to: the reporter's own address, only when they ticked
/// "avisarme por correo" (API: reporter.notify) and gave an e-mail.</summary>
public static class CitizenNotices
{
    public static string? AddressOf(ReporterInput reporter) =>
        reporter.Notify && !string.IsNullOrWhiteSpace(reporter.Email) ? reporter.Email.Trim() : null;
}
