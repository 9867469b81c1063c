using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using ObrasQr.Http;

namespace ObrasQr.Pages;

/// <summary>GET /robots.txt: search engines may index the public pages and the open data; not the staff desk nor the
/// routes that need a key, which answer them only 401 or a sign-in form. Read from <see cref="HttpContract"/>, so a new
/// keyed route is kept out without touching this file.</summary>
public static class Robots
{
    public const string ContentType = "text/plain; charset=utf-8";

    // Lazy: the table is built in HttpContract's static initialiser, which names this handler.
    static readonly Lazy<string> Body = new(() => Write(HttpContract.Routes));

    public static ContentHttpResult Txt() => TypedResults.Text(Body.Value, ContentType);

    /// <summary>One Disallow per path (up to its first parameter) of a GET route that needs a role, the desk as a
    /// whole, each only when no shorter one already covers it.</summary>
    public static string Write(IEnumerable<HttpRoute> routes)
    {
        var closed = routes.Where(r => r.Role is not null && r.Methods.Contains("GET"))
            .Select(r => r.Pattern.Split('{')[0])
            .Prepend("/escritorio")
            .Order(StringComparer.Ordinal)
            .Aggregate(new List<string>(), (kept, path) =>
            {
                if (!kept.Any(k => path.StartsWith(k, StringComparison.Ordinal))) kept.Add(path);
                return kept;
            });
        return "# ObrasQr: las páginas públicas y los datos abiertos se pueden indexar; el escritorio y la API con clave, no.\n"
            + "User-agent: *\n"
            + string.Concat(closed.Select(p => $"Disallow: {p}\n"))
            + "Allow: /\n";
    }
}
