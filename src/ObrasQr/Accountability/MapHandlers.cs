using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace ObrasQr.Accountability;

/// <summary>A work's place as a point, in WGS 84 degrees, as the office recorded it with the progress entry
/// <paramref name="EntryId"/> observed on <paramref name="ObservedOn"/> (the page says so).</summary>
public sealed record MapPoint(double Lat, double Lon, DateOnly ObservedOn, string EntryId);

/// <summary>For citizens: GET /mapa and the scripts it loads from this site (Leaflet from npm, embedded at build).</summary>
public static class MapHandlers
{
    /// <summary>GET /mapa.</summary>
    public static async Task<IResult> Map(HttpRequest request, WorksCatalog catalog, AccountabilityPages pages, IOptions<ObrasQrOptions> options,
        CancellationToken ct)
    {
        var works = await catalog.CurrentAsync(ct);
        var map = options.Value.Map;
        var page = await pages.RenderAsync<MapPage>(AccountabilityPages.Kind.Map, works.DataVersion, "", new Dictionary<string, object?>
        {
            ["Works"] = works.Works,
            ["Points"] = works.Points,
            ["TileUrl"] = map.TileUrl,
            ["Attribution"] = map.Attribution,
        }, SecurityHeaders.MapCsp(map.TileUrl));
        return page.For(request);
    }

    /// <summary>GET /mapa/leaflet.js.</summary>
    public static IResult LeafletJs(HttpRequest request) => Asset(request, "ObrasQr.Leaflet.leaflet.js", "text/javascript; charset=utf-8");

    /// <summary>GET /mapa/leaflet.css.</summary>
    public static IResult LeafletCss(HttpRequest request) => Asset(request, "ObrasQr.Leaflet.leaflet.css", "text/css; charset=utf-8");

    /// <summary>GET /mapa/mapa.js: the page's own script (no inline script: the CSP allows scripts from this site only).</summary>
    public static IResult MapScript(HttpRequest request) => Asset(request, "ObrasQr.Accountability.mapa.js", "text/javascript; charset=utf-8");

    static readonly Dictionary<string, (byte[] Bytes, string ETag)> Assets = new();

    static IResult Asset(HttpRequest request, string name, string type)
    {
        (byte[] Bytes, string ETag) asset;
        lock (Assets)
        {
            if (!Assets.TryGetValue(name, out asset))
            {
                using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
                    ?? throw new InvalidOperationException($"The build did not embed {name}.");
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                var bytes = copy.ToArray();
                asset = Assets[name] = (bytes, $"\"{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes))[..16]}\"");
            }
        }
        var response = request.HttpContext.Response;
        response.Headers.ETag = asset.ETag;
        response.Headers.XContentTypeOptions = "nosniff";
        if (request.Headers.IfNoneMatch.Contains(asset.ETag)) return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        return TypedResults.Bytes(asset.Bytes, type);
    }
}
