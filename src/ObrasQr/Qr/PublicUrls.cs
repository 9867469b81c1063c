using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

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

    public string ContractPage(HttpRequest request, string contractId) => $"{BaseUrl(request)}/o/{contractId}";
}
