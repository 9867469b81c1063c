using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace ObrasQr.Auth;

public static class Roles
{
    public const string Auditor = "auditor";
    public const string Office = "office";
}

/// <summary>A caller identified by an API key: its configured name and role.</summary>
public sealed record Caller(string Name, string Role);

/// <summary>
/// Checks `Authorization: Bearer key` against the SHA-256 digests in configuration. Lives in the core, not in
/// middleware, so that the Functions host (which has no ASP.NET Core pipeline) behaves the same.
/// </summary>
public sealed class ApiKeys(IOptionsMonitor<ObrasQrOptions> options)
{
    /// <summary>The caller when it holds a key of <paramref name="role"/>; otherwise the 401 or 403 to answer.</summary>
    public (Caller? Caller, IResult? Denied) Authorize(HttpRequest request, string role)
    {
        var caller = Identify(request);
        if (caller is null)
        {
            request.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
            return (null, Problems.Status(StatusCodes.Status401Unauthorized, "Authentication required",
                "Send an API key as 'Authorization: Bearer <key>'."));
        }
        if (!string.Equals(caller.Role, role, StringComparison.OrdinalIgnoreCase))
            return (null, Problems.Status(StatusCodes.Status403Forbidden, "Forbidden",
                $"This operation needs the '{role}' role.")); // never names the key: a 403 may be read by whoever holds it
        return (caller, null);
    }

    public Caller? Identify(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)) return null;
        var key = header[scheme.Length..].Trim();
        if (key.Length == 0) return null;

        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        foreach (var configured in options.CurrentValue.Auth.Keys)
        {
            if (!TryParseHex(configured.Sha256, out var expected)) continue;
            if (CryptographicOperations.FixedTimeEquals(digest, expected))
                return new Caller(configured.Name, configured.Role);
        }
        return null;
    }

    public static string Digest(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    static bool TryParseHex(string hex, out byte[] bytes)
    {
        bytes = [];
        if (hex.Length != 64) return false;
        try { bytes = Convert.FromHexString(hex); return true; }
        catch (FormatException) { return false; }
    }
}
