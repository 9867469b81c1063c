using System.Text;
using Microsoft.AspNetCore.Http;
using ObrasQr.Contracts;
using ObrasQr.Http;
using ObrasQr.Storage;

namespace ObrasQr.Qr;

/// <summary>For anyone: the QR codes and the printable panel of a published work (the office prints them; reporters
/// and the press link them).</summary>
public static class QrHandlers
{
    /// <summary>GET /o/{contractId}/qr.png?size=</summary>
    [Answers(StatusCodes.Status200OK, "image/png"), Answers(StatusCodes.Status304NotModified, "image/png"),
     Problem(StatusCodes.Status400BadRequest), Problem(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Png(HttpRequest request, ContractId contractId, string? size, QrCache cache, PublicUrls urls)
    {
        var pixels = QrCodes.DefaultPngSize;
        if (size is not null && (!int.TryParse(size, out pixels) || pixels < QrCodes.MinPngSize || pixels > QrCodes.MaxPngSize))
            return Problems.Of("size", $"Use un número entero de píxeles de {QrCodes.MinPngSize} a {QrCodes.MaxPngSize}.");
        return await Serve(request, contractId, cache, urls, "image/png", url => ($"png:{pixels}|{url}", () => QrCodes.Png(url, pixels)));
    }

    /// <summary>GET /o/{contractId}/qr.svg</summary>
    [Answers(StatusCodes.Status200OK, "image/svg+xml"), Answers(StatusCodes.Status304NotModified, "image/svg+xml"), Problem(StatusCodes.Status404NotFound)]
    public static Task<IResult> Svg(HttpRequest request, ContractId contractId, QrCache cache, PublicUrls urls) =>
        Serve(request, contractId, cache, urls, "image/svg+xml", url => ($"svg|{url}", () => Encoding.UTF8.GetBytes(QrCodes.Svg(url))));

    /// <summary>GET /o/{contractId}/valla.svg: the printable billboard panel.</summary>
    [Answers(StatusCodes.Status200OK, "image/svg+xml"), Answers(StatusCodes.Status304NotModified, "image/svg+xml"), Problem(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Panel(HttpRequest request, ContractId contractId, QrCache cache, PublicUrls urls,
        IContractStore contracts, CancellationToken ct)
    {
        var entity = (await contracts.FindAsync(contractId, ct))?.Contract.EntityName;
        return await Serve(request, contractId, cache, urls, "image/svg+xml", url => ($"valla|{url}|{entity}",
            () => Encoding.UTF8.GetBytes(BillboardPanel.Svg(url, urls.DisplayUrl(request, contractId), contractId, entity))));
    }

    static async Task<IResult> Serve(HttpRequest request, string id, QrCache cache, PublicUrls urls, string contentType,
        Func<string, (string Key, Func<byte[]> Draw)> what)
    {
        if (!await cache.IsPublishedAsync(id, request.HttpContext.RequestAborted))
            return Problems.NotFound("contractId", $"No hay una obra publicada con el número '{id}'.");

        var (key, draw) = what(urls.QrUrl(request, id));
        var image = cache.Get(key, draw);
        request.HttpContext.Response.Headers.ETag = image.ETag;
        SecurityHeaders.Image(request.HttpContext.Response);
        if (request.Headers.IfNoneMatch.Contains(image.ETag)) return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        return TypedResults.Bytes(image.Bytes, contentType);
    }
}
