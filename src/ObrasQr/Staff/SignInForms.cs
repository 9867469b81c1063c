using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace ObrasQr.Staff;

/// <summary>
/// The sign-in form's anti-forgery token before there is a session (double-submit): the form carries in a field the
/// same random value the browser holds in a SameSite=Strict cookie. Another site can post to the form but can neither
/// read nor set that cookie, so its post is refused (no signing a victim in to the attacker's account).
/// </summary>
public static class SignInForms
{
    public static string CookieName(HttpRequest request) => request.IsHttps ? "__Host-obrasqr-entrar" : "obrasqr-entrar";

    /// <summary>The token for the form about to be shown: the browser's current one, or a new one set in its cookie
    /// (several tabs with the form open all work).</summary>
    public static string Issue(HttpContext context)
    {
        if (Current(context.Request) is { } token) return token;
        token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        context.Response.Cookies.Append(CookieName(context.Request), token, StaffSessions.Options(context.Request));
        return token;
    }

    public static bool Matches(HttpRequest request, string? sent) =>
        Current(request) is { } token && sent is { Length: 64 }
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(token), Encoding.ASCII.GetBytes(sent));

    static string? Current(HttpRequest request) =>
        request.Cookies.TryGetValue(CookieName(request), out var token) && token is { Length: 64 } && token.All(char.IsAsciiHexDigitLower) ? token : null;
}
