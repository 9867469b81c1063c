using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using ObrasQr.Storage;

namespace ObrasQr.Qr;

public sealed class QrHandlers(IContractStore contracts, PublicUrls urls)
{
    /// <summary>GET /o/{contractId}/qr.png?size=</summary>
    public async Task<IResult> Png(HttpRequest request, string contractId)
    {
        var size = QrCodes.DefaultPngSize;
        if (request.Query.TryGetValue("size", out var raw) &&
            (!int.TryParse(raw, out size) || size < QrCodes.MinPngSize || size > QrCodes.MaxPngSize))
            return Problems.Field("size", $"Must be a whole number of pixels from {QrCodes.MinPngSize} to {QrCodes.MaxPngSize}.");
        return await Image(request, contractId, $"png:{size}", "image/png", url => QrCodes.Png(url, size));
    }

    /// <summary>GET /o/{contractId}/qr.svg</summary>
    public Task<IResult> Svg(HttpRequest request, string contractId) =>
        Image(request, contractId, "svg", "image/svg+xml", url => Encoding.UTF8.GetBytes(QrCodes.Svg(url)));

    async Task<IResult> Image(HttpRequest request, string contractId, string variant, string contentType, Func<string, byte[]> draw)
    {
        if (await contracts.FindAsync(contractId, request.HttpContext.RequestAborted) is null)
            return Problems.NotFound($"No contract with id '{contractId}'.");

        var url = urls.ContractPage(request, contractId);
        // The image depends only on what it encodes: a new public base URL is a new ETag.
        var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{variant}|{url}")))[..32]}\"";
        var headers = request.HttpContext.Response.Headers;
        headers.ETag = etag;
        headers.CacheControl = "public, max-age=86400";
        if (request.Headers.IfNoneMatch.Contains(etag)) return Results.StatusCode(StatusCodes.Status304NotModified);
        return Results.Bytes(draw(url), contentType);
    }
}
