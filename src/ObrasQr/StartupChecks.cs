using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ObrasQr;

/// <summary>
/// Settings without which a production server would be unsafe: checked when the host starts (both hosts), so a
/// missing one stops the deployment instead of showing up later as a QR pointing at whatever Host a client sent.
/// </summary>
public sealed class StartupChecks(IServiceProvider services) : IValidateOptions<ObrasQrOptions>
{
    public ValidateOptionsResult Validate(string? name, ObrasQrOptions options)
    {
        var failures = new List<string>();
        var url = options.PublicBaseUrl?.Trim();
        if (!string.IsNullOrEmpty(url) && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" && uri.Query == "" && uri.Fragment == ""))
            failures.Add("ObrasQr__PublicBaseUrl must be an absolute http(s) URL without query, e.g. https://obras.cartagena.gov.co.");
        if (IsProduction)
        {
            if (string.IsNullOrEmpty(url))
                failures.Add("ObrasQr__PublicBaseUrl is required in Production: the QR codes and billboards encode it, never the request's Host.");
            if (options.Reports.IdentityKeys.Count == 0)
                failures.Add("ObrasQr__Reports__IdentityKeys__0__Id and __Key (32 bytes, base64) are required in Production: reporters' identities are encrypted with them.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    // A host without an environment (a bare service collection in tests) is not Production.
    bool IsProduction => (services.GetService(typeof(IHostEnvironment)) as IHostEnvironment)?.IsProduction() == true;
}
