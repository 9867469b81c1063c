namespace ObrasQr;

/// <summary>
/// The SMTP server the notices go out through (ObrasQr__Mail__*), the same on both hosts: a relay such as Azure
/// Communication Services' SMTP on Azure, the office's own server elsewhere. Without <see cref="Host"/> no mail is sent
/// and the desk tells the admin so.
/// </summary>
public sealed class MailOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    /// <summary>The sender's address, e.g. "Control Interno &lt;avisos@cartagena.gov.co&gt;".</summary>
    public string? From { get; set; }
    public string? UserName { get; set; }
    /// <summary>From a secret store or a secure Bicep parameter, never from a file in the repository.</summary>
    public string? Password { get; set; }
    /// <summary>"starttls" (port 587), "tls" (implicit TLS, port 465) or "none" (a relay on the same network).</summary>
    public string Security { get; set; } = "starttls";
    /// <summary>How often the server's sender looks for due mail (the Functions app runs on its own timer).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);
    /// <summary>First wait after a failed delivery, doubled on each failure up to <see cref="MaxRetryDelay"/>; a
    /// message is never given up, so an outage delays mail and loses none.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMinutes(1);
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);
    /// <summary>The hour (Colombia time) of each business morning from which the daily digest goes out.</summary>
    public int DigestHour { get; set; } = 7;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);

    public static readonly string[] SecurityModes = ["none", "starttls", "tls"];

    /// <summary>What is wrong with the settings, in Spanish, for the start-up checks; nothing when mail is off.</summary>
    public IEnumerable<string> Problems()
    {
        if (!IsConfigured) yield break;
        if (!MimeKit.MailboxAddress.TryParse(From ?? "", out var from) || string.IsNullOrEmpty(from.Address) || !from.Address.Contains('@'))
            yield return "ObrasQr__Mail__From debe ser la dirección que envía los avisos (p. ej. avisos@cartagena.gov.co) cuando ObrasQr__Mail__Host está configurado.";
        if (!SecurityModes.Contains(Security.Trim().ToLowerInvariant()))
            yield return "ObrasQr__Mail__Security debe ser none, starttls o tls.";
        if (Port is < 1 or > 65535)
            yield return "ObrasQr__Mail__Port debe ser un puerto entre 1 y 65535 (587 con starttls, 465 con tls).";
    }
}
