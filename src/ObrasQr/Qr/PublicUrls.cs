using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using ObrasQr.Contracts;

namespace ObrasQr.Qr;

/// <summary>
/// The public addresses printed on billboards: ObrasQr__PublicBaseUrl (required in Production, see
/// <see cref="StartupChecks"/>). Without it (development, tests) the request's Host is used only when it is one of
/// the configured AllowedHosts (no wildcard) and is a well-formed host; otherwise http://localhost. A Host header
/// is chosen by the client: reflected as is, it would let anyone put their own site in a QR cached for a week.
/// </summary>
public sealed class PublicUrls(IOptionsMonitor<ObrasQrOptions> options, string? allowedHosts)
{
    public const string Fallback = "http://localhost";

    public string BaseUrl(HttpRequest request) =>
        Configured() ?? (IsTrusted(request.Host) ? $"{(request.IsHttps ? "https" : "http")}://{request.Host.Value}" : Fallback);

    /// <summary>The base of files built away from any request (open data): the configured one, else <see cref="Fallback"/>.</summary>
    public string ConfiguredBaseUrl() => Configured() ?? Fallback;

    string? Configured()
    {
        var configured = options.CurrentValue.PublicBaseUrl;
        return string.IsNullOrWhiteSpace(configured) ? null : configured.Trim().TrimEnd('/');
    }

    bool IsTrusted(HostString host)
    {
        if (!host.HasValue || host.Host.Length > 253 || Uri.CheckHostName(host.Host.Trim('[', ']')) == UriHostNameType.Unknown) return false;
        if (host.Port is < 1 or > 65535) return false;
        var allowed = (allowedHosts ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return allowed.Length > 0 && !allowed.Contains("*") && allowed.Any(a =>
            string.Equals(a, host.Host, StringComparison.OrdinalIgnoreCase)
            || a.StartsWith("*.", StringComparison.Ordinal) && host.Host.EndsWith(a[1..], StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// What the QR encodes: the page's URL in upper case where case does not matter (scheme, host, the /o/ route and
    /// SECOP's upper-case id), so QR alphanumeric mode fits it in a smaller symbol. A base path is kept as given.
    /// </summary>
    public string QrUrl(HttpRequest request, string contractId) => QrUrl(BaseUrl(request), contractId);

    public static string QrUrl(string baseUrl, string contractId)
    {
        var uri = new Uri(baseUrl);
        var port = uri.IsDefaultPort ? "" : $":{uri.Port}";
        return $"{uri.Scheme.ToUpperInvariant()}://{uri.IdnHost.ToUpperInvariant()}{port}{uri.AbsolutePath.TrimEnd('/')}/O/{Uri.EscapeDataString(ContractIds.Normalize(contractId))}";
    }

    /// <summary>The short address people read and type on the panel, without the scheme.</summary>
    public string DisplayUrl(HttpRequest request, string contractId) => DisplayUrl(BaseUrl(request), contractId);

    public static string DisplayUrl(string baseUrl, string contractId)
    {
        var uri = new Uri(baseUrl);
        var port = uri.IsDefaultPort ? "" : $":{uri.Port}";
        return $"{uri.Host}{port}{uri.AbsolutePath.TrimEnd('/')}/o/{Uri.EscapeDataString(ContractIds.Normalize(contractId))}";
    }
}
