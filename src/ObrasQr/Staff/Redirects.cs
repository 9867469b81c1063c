using Microsoft.AspNetCore.Http;

namespace ObrasQr.Staff;

/// <summary>The staff desk's redirects: 303 after a form, to the sign-in form and back to a path of this site only;
/// shared by the desk's handlers and <see cref="Http.RouteRules"/>.</summary>
public static class Redirects
{
    public const string SignInPath = "/escritorio/entrar";

    /// <summary>303 See Other: after a form, the browser follows with a GET (302 lets it repeat the POST).</summary>
    public static IResult SeeOther(string location) => new SeeOtherResult(location);

    /// <summary>The sign-in form's address that brings the person back to <paramref name="path"/> afterwards.</summary>
    public static string SignInFor(string? path) =>
        LocalPath(path) is { } back && back != "/escritorio" ? $"{SignInPath}?volver={Uri.EscapeDataString(back)}" : SignInPath;

    /// <summary><paramref name="path"/> when it is a path of this site (so "volver" cannot send anyone elsewhere),
    /// with any character outside printable ASCII percent-encoded (a Location header carries ASCII only); otherwise
    /// null. Refuses "//host" and "/\host", which browsers read as another site, also when percent-encoded, and
    /// control characters.</summary>
    public static string? LocalPath(string? path)
    {
        if (string.IsNullOrEmpty(path) || path.Length > 2000 || path[0] != '/') return null;
        if (path.Any(c => char.IsControl(c) || c == '\\')) return null;
        var text = new System.Text.StringBuilder(path.Length);
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in path.EnumerateRunes())
        {
            if (rune.Value is > 0x20 and < 0x7F) { text.Append((char)rune.Value); continue; }
            var length = rune.EncodeToUtf8(utf8);
            foreach (var b in utf8[..length]) text.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        var local = text.ToString();
        string decoded;
        try { decoded = Uri.UnescapeDataString(local); }
        catch (UriFormatException) { return null; }
        if (decoded.Length > 1 && decoded[1] is '/' or '\\') return null;
        if (decoded.Any(c => char.IsControl(c) || c == '\\')) return null;
        return local.Length <= 2000 ? local : null;
    }

    sealed class SeeOtherResult(string location) : IResult
    {
        public Task ExecuteAsync(HttpContext context)
        {
            context.Response.StatusCode = StatusCodes.Status303SeeOther;
            context.Response.Headers.Location = location;
            return Task.CompletedTask;
        }
    }
}
