using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using ObrasQr.Contracts;

namespace ObrasQr.Qr;

/// <summary>The public addresses printed on billboards: ObrasQr__PublicBaseUrl, or this request's own host.</summary>
public sealed class PublicUrls(IOptionsMonitor<ObrasQrOptions> options)
{
    public string BaseUrl(HttpRequest request)
    {
        var configured = options.CurrentValue.PublicBaseUrl;
        return string.IsNullOrWhiteSpace(configured)
            ? $"{request.Scheme}://{request.Host}"
            : configured.TrimEnd('/');
    }

    /// <summary>
    /// What the QR encodes: the page's URL in upper case where case does not matter (scheme, host, the /o/ route and
    /// SECOP's upper-case id), so QR alphanumeric mode fits it in a smaller symbol. A base path is kept as given.
    /// </summary>
    public string QrUrl(HttpRequest request, string contractId)
    {
        var uri = new Uri(BaseUrl(request));
        var port = uri.IsDefaultPort ? "" : $":{uri.Port}";
        return $"{uri.Scheme.ToUpperInvariant()}://{uri.IdnHost.ToUpperInvariant()}{port}{uri.AbsolutePath.TrimEnd('/')}/O/{ContractIds.Normalize(contractId)}";
    }

    /// <summary>The short address people read and type on the panel, without the scheme.</summary>
    public string DisplayUrl(HttpRequest request, string contractId)
    {
        var uri = new Uri(BaseUrl(request));
        var port = uri.IsDefaultPort ? "" : $":{uri.Port}";
        return $"{uri.Host}{port}{uri.AbsolutePath.TrimEnd('/')}/o/{ContractIds.Normalize(contractId)}";
    }
}
