using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using ObrasQr.Auth;

namespace ObrasQr.Staff;

/// <summary>
/// Desk sessions in the store, the same on both hosts (no authentication middleware: the Functions host has none).
/// The cookie holds 32 random bytes; the store keeps only their SHA-256. A session ends after 30 minutes without use
/// or 12 hours after sign-in, and at once when its account is disabled (checked on every request).
/// </summary>
public sealed class StaffSessions(IStaffStore store, TimeProvider clock, Microsoft.Extensions.Options.IOptionsMonitor<ObrasQrOptions> options)
{
    public static readonly TimeSpan Idle = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan Absolute = TimeSpan.FromHours(12);
    // Writing the last activity on every request would double the writes; a minute of slack on 30 is harmless.
    static readonly TimeSpan TouchEvery = TimeSpan.FromMinutes(1);

    /// <summary>Over HTTPS the cookie is Secure and named with the __Host- prefix (browsers then refuse it from plain
    /// HTTP or a subdomain); plain HTTP is for local runs.</summary>
    public static string CookieName(HttpRequest request) => request.IsHttps ? "__Host-obrasqr-sesion" : "obrasqr-sesion";

    /// <summary>The signed-in person with their session's anti-forgery token, or null.</summary>
    public async Task<Caller?> IdentifyAsync(HttpContext context)
    {
        if (!context.Request.Cookies.TryGetValue(CookieName(context.Request), out var token) || string.IsNullOrEmpty(token) || token.Length > 100)
            return null;
        var ct = context.RequestAborted;
        var hash = Hash(token);
        if (await store.FindSessionAsync(hash, ct) is not { } session) return null;
        var now = clock.GetUtcNow();
        if (now - session.LastSeenAt >= Idle || now - session.StartedAt >= Absolute)
        {
            await store.EndSessionAsync(hash, ct);
            return null;
        }
        // A password changed or reset since this browser signed in ends it: whoever learnt the old one is out.
        if (await store.FindAsync(session.MemberId, ct) is not { Disabled: false } member || session.StartedAt < member.SessionsFrom)
        {
            await store.EndSessionAsync(hash, ct);
            return null;
        }
        if (now - session.LastSeenAt >= TouchEvery) await store.TouchSessionAsync(hash, now, ct);
        return new Caller(member.Name, member.Role, member.EntityNit, session.CsrfToken) { MemberId = member.Id, RequiredStep = RequiredStep(member) };
    }

    /// <summary>Where the person must go before anything else at the desk: a reset's new password first, then a
    /// second factor their role requires (<see cref="StaffOptions.RequireSecondFactor"/>).</summary>
    string? RequiredStep(StaffMember member) =>
        member.MustChangePassword || (options.CurrentValue.Staff.Requires(member) && !member.HasSecondFactor) ? AccountHandlers.Path : null;

    /// <summary>Starts a session for <paramref name="member"/> and sets its cookie.</summary>
    public async Task StartAsync(HttpContext context, StaffMember member)
    {
        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow();
        await store.AddSessionAsync(new StaffSession(Hash(token), member.Id, Base64Url(RandomNumberGenerator.GetBytes(32)), now, now), context.RequestAborted);
        context.Response.Cookies.Append(CookieName(context.Request), token, Options(context.Request));
    }

    /// <summary>Ends the request's session, if any, and removes its cookie.</summary>
    public async Task EndAsync(HttpContext context)
    {
        var name = CookieName(context.Request);
        if (context.Request.Cookies.TryGetValue(name, out var token) && !string.IsNullOrEmpty(token) && token.Length <= 100)
            await store.EndSessionAsync(Hash(token), context.RequestAborted);
        context.Response.Cookies.Delete(name, Options(context.Request));
    }

    public static CookieOptions Options(HttpRequest request) => new()
    {
        HttpOnly = true,
        Secure = request.IsHttps,
        SameSite = SameSiteMode.Strict,
        Path = "/",
        IsEssential = true,
    };

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
