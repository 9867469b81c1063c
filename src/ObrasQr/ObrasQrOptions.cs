namespace ObrasQr;

/// <summary>Everything the app reads from configuration, under the section "ObrasQr" (env: ObrasQr__*).</summary>
public sealed class ObrasQrOptions
{
    public const string Section = "ObrasQr";

    public string DataDirectory { get; set; } = "./data";

    /// <summary>What the QR codes encode; when empty, the request's own scheme and host are used.</summary>
    public string? PublicBaseUrl { get; set; }

    public bool SeedDemoData { get; set; } = true;

    public SyncOptions Sync { get; set; } = new();

    public ReportOptions Reports { get; set; } = new();

    public AuthOptions Auth { get; set; } = new();
}

public sealed class SyncOptions
{
    /// <summary>Six-field NCRONTAB (with seconds), in UTC, same as the Functions timer. 05:00 in Colombia.</summary>
    public string Schedule { get; set; } = "0 0 10 * * *";
    public string? SodaBaseUrl { get; set; }
    public string? EntityNit { get; set; }
    public string? AppToken { get; set; }
}

public sealed class ReportOptions
{
    /// <summary>Submissions one client may make per hour; 0 turns the limit off.</summary>
    public int MaxPerClientPerHour { get; set; } = 10;
}

public sealed class AuthOptions
{
    public List<ApiKeyOptions> Keys { get; set; } = [];
}

public sealed class ApiKeyOptions
{
    public string Name { get; set; } = "";
    public string Role { get; set; } = "";
    /// <summary>Hex SHA-256 of the key: configuration never holds the key itself.</summary>
    public string Sha256 { get; set; } = "";
}
