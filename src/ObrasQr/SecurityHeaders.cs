using Microsoft.AspNetCore.Http;

namespace ObrasQr;

/// <summary>
/// Headers every HTML page and SVG image carries, set by the handlers (not middleware) so both hosts send them.
/// The pages run no script but the report form's own and two of the desk's (allowed by their hashes, Pages/FormScript.cs,
/// Desk/TemplateScript.cs, Desk/UploadScript.cs, which alone sends requests, to this site) and load nothing from
/// elsewhere; their styles are inline (one &lt;style&gt; block and the bars' widths), hence 'unsafe-inline' for styles
/// only. No site may frame a page (clickjacking of the form).
/// </summary>
public static class SecurityHeaders
{
    public static readonly string PageCsp =
        $"default-src 'none'; script-src {Pages.FormScript.CspSource} {Desk.TemplateScript.CspSource} {Desk.UploadScript.CspSource} {Pages.StatusScript.CspSource}; connect-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    // An SVG opened on its own is a document: it may not run script or load anything, whatever its text says.
    public const string ImageCsp = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; sandbox";

    public static void Page(HttpResponse response) => Apply(response, PageCsp);

    /// <summary>
    /// The works map only (/mapa): Leaflet and the page's own script from this site ('self', no inline script), its
    /// stylesheet from this site, and the tiles from the configured tile server's origin (a "{s}" subdomain becomes
    /// "*."). Every other page keeps <see cref="PageCsp"/>.
    /// </summary>
    public static string MapCsp(string tileUrl) =>
        $"default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: {TileOrigin(tileUrl)}; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    public static void Map(HttpResponse response, string csp) => Apply(response, csp);

    static string TileOrigin(string tileUrl)
    {
        var at = tileUrl.IndexOf("://", StringComparison.Ordinal);
        if (at < 0) return "";
        var end = tileUrl.IndexOf('/', at + 3);
        var origin = end < 0 ? tileUrl : tileUrl[..end];
        origin = origin.Replace("{s}.", "*.", StringComparison.Ordinal);
        // Only a plain origin goes into the header: anything else (a quote, a space, a semicolon) would change the policy.
        return System.Text.RegularExpressions.Regex.IsMatch(origin, @"^https?://(\*\.)?[A-Za-z0-9.-]+(:\d+)?$") ? origin : "";
    }

    public static void Image(HttpResponse response) => Apply(response, ImageCsp);

    /// <summary>No browser may read an answer as another type than it says (a JSON or CSV body run as script or HTML):
    /// set on every response of both hosts, when it starts, so that an error handler clearing the headers keeps it.</summary>
    public static void NoSniff(HttpResponse response) => response.OnStarting(static state =>
    {
        ((HttpResponse)state).Headers.XContentTypeOptions = "nosniff";
        return Task.CompletedTask;
    }, response);

    static void Apply(HttpResponse response, string csp)
    {
        var headers = response.Headers;
        headers.ContentSecurityPolicy = csp;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
    }
}
