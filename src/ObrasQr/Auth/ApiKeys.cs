using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using ObrasQr.Http;

namespace ObrasQr.Auth;

public static class Roles
{
    /// <summary>A route anyone may call.</summary>
    public const string? Anyone = null;
    public const string Auditor = "auditor";
    public const string Office = "office";
    /// <summary>Manages staff accounts, and may do what the office and auditors do.</summary>
    public const string Admin = "admin";
    /// <summary>Any signed-in staff member or key, whatever its role (the desk's home, sign-out).</summary>
    public const string Staff = "staff";

    /// <summary>The roles an account or key may have.</summary>
    public static readonly string[] All = [Office, Auditor, Admin];
}

/// <summary>
/// Who is calling a staff route: a person signed in to the desk, or a machine client with an API key. Handlers receive
/// it as a parameter once <see cref="RouteRules"/> has checked the route's role.
/// </summary>
/// <param name="Name">What history lines and logs name: the person's name, or the key's configured name.</param>
/// <param name="EntityNit">The one entity the caller may see; null for every entity (a departmental office).</param>
/// <param name="CsrfToken">A desk session's anti-forgery token, which its forms carry in a field named "csrf"; null for API keys.</param>
public sealed record Caller(string Name, string Role, string? EntityNit = null, string? CsrfToken = null)
{
    public static ValueTask<Caller?> BindAsync(HttpContext context) => ValueTask.FromResult(context.Features.Get<Caller>());

    /// <summary>The staff account of a desk session; null for API keys.</summary>
    public string? MemberId { get; init; }

    /// <summary>The desk page a person must complete before any other (choose a new password, enrol a second factor); null when none.</summary>
    public string? RequiredStep { get; init; }

    /// <summary>An admin may do what the office and auditors do.</summary>
    public bool Has(string role) => role == Roles.Staff || string.Equals(Role, role, StringComparison.OrdinalIgnoreCase) || Role == Roles.Admin;

    /// <summary>Whether the caller's entity scope covers a contract of this entity. Staff of entity A never see B's
    /// contracts, uploads, reports or photos: routes answer 404 as if they did not exist.</summary>
    public bool Sees(string? entityNit) => EntityNit is null || string.Equals(EntityNit, entityNit, StringComparison.Ordinal);
}

/// <summary>
/// Checks `Authorization: Bearer key` against the SHA-256 digests in configuration (validated at start by
/// <see cref="StartupChecks"/>). Lives in the core, not in authentication middleware, so that the Functions host
/// behaves the same.
/// </summary>
public sealed class ApiKeys(IOptionsMonitor<ObrasQrOptions> options)
{
    /// <summary>The caller (identified by key or desk session, or null) when it holds <paramref name="role"/>;
    /// otherwise the 401 or 403 to answer.</summary>
    public (Caller? Caller, IResult? Denied) Authorize(HttpContext context, string role, Caller? caller)
    {
        if (caller is null)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return (null, Problems.Of("Authorization", "Envíe una clave de acceso como 'Authorization: Bearer <clave>'.",
                StatusCodes.Status401Unauthorized));
        }
        if (!caller.Has(role))
            return (null, Problems.Of("Authorization", $"Esta operación requiere el rol '{role}'.",
                StatusCodes.Status403Forbidden)); // never names the key: a 403 may be read by whoever holds it
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
        Span<byte> expected = stackalloc byte[SHA256.HashSizeInBytes];
        foreach (var configured in options.CurrentValue.Auth.Keys)
        {
            // StartupChecks refuses malformed digests when the host starts; one that still fails to parse matches nothing.
            if (Convert.FromHexString(configured.Sha256, expected, out _, out var written) != System.Buffers.OperationStatus.Done
                || written != expected.Length) continue;
            if (CryptographicOperations.FixedTimeEquals(digest, expected))
                return new Caller(configured.Name, configured.Role, string.IsNullOrWhiteSpace(configured.EntityNit) ? null : configured.EntityNit.Trim());
        }
        return null;
    }

    public static string Digest(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
