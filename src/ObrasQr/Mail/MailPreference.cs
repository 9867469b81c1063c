namespace ObrasQr.Mail;

/// <summary>What an auditor chooses to receive about new reports. Everyone but "ninguno" also gets the morning digest
/// of reports due soon or overdue; "resumen diario" gets the day's new reports in it instead of one mail each.</summary>
public static class MailPreference
{
    public const string EachReport = "cada_reporte";
    public const string DailyDigest = "resumen_diario";
    public const string None = "ninguno";

    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>
    {
        [EachReport] = "Cada reporte",
        [DailyDigest] = "Un resumen diario",
        [None] = "Ninguno",
    };
}
