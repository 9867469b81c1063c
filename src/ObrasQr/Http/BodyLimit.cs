using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ObrasQr.Http;

/// <summary>
/// How large a route's body may be (declared per route in <see cref="HttpContract"/>). The server's own cap is sized for
/// SECOP exports, so each request is narrowed to its route's limit: declared lengths are refused at once, chunked
/// bodies while the handler reads them (it answers <see cref="TooLarge"/>).
/// </summary>
public static class BodyLimit
{
    public const long None = 0;
    public const long SmallForm = 16 * 1024;
    public const long Json = 64 * 1024;
    /// <summary>A report with its photos, and multipart's framing.</summary>
    public const long ReportWithPhotos = Reports.ReportRequest.MaxMultipartBytes + 64 * 1024;
    /// <summary>An export sent in one request: at most what the Functions host lets through (100 MB).</summary>
    public const long Export = 100 * 1024 * 1024;
    /// <summary>One chunk of an export sent in chunks, well below every host's request limit.</summary>
    public const long ExportChunk = 8 * 1024 * 1024;
    /// <summary>A whole export sent in chunks (a national SECOP export of 100,000 rows is about 156 MB).</summary>
    public const long ExportTotal = 1024L * 1024 * 1024;

    /// <summary>Null when the body may be read; the 413 when its declared length is already over the limit.</summary>
    public static IResult? Apply(HttpContext context, long maxBytes)
    {
        if (context.Request.ContentLength > maxBytes) return TooLarge(maxBytes);
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } cap)
            cap.MaxRequestBodySize = maxBytes;
        return null;
    }

    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult TooLarge(long maxBytes) =>
        Problems.Of("body", maxBytes == None ? "Esta dirección no recibe contenido en la solicitud." : $"El contenido supera {Size(maxBytes)}.",
            StatusCodes.Status413PayloadTooLarge);

    public static string Size(long bytes) => bytes switch
    {
        >= 1024L * 1024 * 1024 when bytes % (1024L * 1024 * 1024) == 0 => $"{(bytes / 1024 / 1024 / 1024).ToString(CultureInfo.InvariantCulture)} GB",
        >= 1024 * 1024 => $"{(bytes / 1024 / 1024).ToString(CultureInfo.InvariantCulture)} MB",
        _ => $"{(bytes / 1024).ToString(CultureInfo.InvariantCulture)} KB",
    };
}
