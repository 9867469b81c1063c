using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ObrasQr;

/// <summary>
/// Small endpoints take small bodies. The server's own cap is sized for SECOP exports (100 MB), so each handler that
/// reads a body narrows it for its request: declared lengths are refused at once, chunked bodies while reading.
/// </summary>
public static class BodyLimit
{
    public const long SmallJson = 16 * 1024;

    /// <summary>True when the body may be read; false when its declared length is already over the limit.</summary>
    public static bool Apply(HttpRequest request, long maxBytes)
    {
        if (request.ContentLength > maxBytes) return false;
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } cap)
            cap.MaxRequestBodySize = maxBytes;
        return true;
    }

    public static IResult TooLarge(long maxBytes) =>
        Problems.Field("body", $"The body is larger than {maxBytes / 1024} KB.", StatusCodes.Status413PayloadTooLarge);
}
