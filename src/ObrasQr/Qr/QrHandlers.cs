using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.Http;
using ObrasQr.Auth;
using ObrasQr.Contracts;
using ObrasQr.Storage;

namespace ObrasQr.Qr;

public sealed class QrHandlers(QrCache cache, IContractStore contracts, PublicUrls urls, ApiKeys keys)
{
    /// <summary>Billboards are printed once: a week of caching; the ETag changes with the encoded URL.</summary>
    const string CacheControl = "public, max-age=604800";

    /// <summary>GET /o/{contractId}/qr.png?size=</summary>
    public async Task<IResult> Png(HttpRequest request, string contractId)
    {
        var size = QrCodes.DefaultPngSize;
        if (request.Query.TryGetValue("size", out var raw) &&
            (!int.TryParse(raw, out size) || size < QrCodes.MinPngSize || size > QrCodes.MaxPngSize))
            return Problems.Field("size", $"Must be a whole number of pixels from {QrCodes.MinPngSize} to {QrCodes.MaxPngSize}.");
        return await Serve(request, contractId, "image/png", (id, url) => ($"png:{size}|{url}", () => QrCodes.Png(url, size)));
    }

    /// <summary>GET /o/{contractId}/qr.svg</summary>
    public Task<IResult> Svg(HttpRequest request, string contractId) =>
        Serve(request, contractId, "image/svg+xml", (id, url) => ($"svg|{url}", () => Encoding.UTF8.GetBytes(QrCodes.Svg(url))));

    /// <summary>GET /o/{contractId}/valla.svg: the printable billboard panel.</summary>
    public async Task<IResult> Panel(HttpRequest request, string contractId)
    {
        var id = ContractIds.Normalize(contractId);
        var entity = (await contracts.FindAsync(id, request.HttpContext.RequestAborted))?.Contract.EntityName;
        return await Serve(request, id, "image/svg+xml", (id, url) => ($"valla|{url}|{entity}",
            () => Encoding.UTF8.GetBytes(BillboardPanel.Svg(url, urls.DisplayUrl(request, id), id, entity))));
    }

    /// <summary>GET /api/billboards.zip (office): a panel and a print-size QR PNG for every published work.</summary>
    public async Task<IResult> BillboardsZip(HttpRequest request)
    {
        var (_, denied) = keys.Authorize(request, Roles.Office);
        if (denied is not null) return denied;
        var ct = request.HttpContext.RequestAborted;
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            string? after = null;
            while (true)
            {
                var page = await contracts.ListPublishedAsync(after, 200, ct);
                foreach (var version in page)
                {
                    var (id, url) = (version.ContractId, urls.QrUrl(request, version.ContractId));
                    var folder = EntryFolder(id);
                    Add(zip, $"{folder}/valla.svg", Encoding.UTF8.GetBytes(BillboardPanel.Svg(url, urls.DisplayUrl(request, id), id, version.Contract.EntityName)));
                    Add(zip, $"{folder}/qr.png", QrCodes.Png(url, 1024));
                }
                if (page.Count < 200) break;
                after = page[^1].ContractId;
            }
        }
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        return Results.File(buffer.ToArray(), "application/zip", "vallas-obrasqr.zip");
    }

    /// <summary>
    /// A zip folder name from an imported id: only letters, digits, '.', '-' and '_', never "." or "..", so an id
    /// like "../x" cannot place a file outside the folder it is unpacked in. Unusual ids get a short hash suffix so
    /// two of them cannot share a folder.
    /// </summary>
    public static string EntryFolder(string contractId)
    {
        var safe = new string(contractId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_').ToArray())
            .Replace("..", "__", StringComparison.Ordinal).Trim('.');
        if (safe.Length > 0 && safe == contractId) return safe;
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(contractId)))[..8];
        return $"{(safe.Length > 60 ? safe[..60] : safe)}_{hash}";
    }

    static void Add(ZipArchive zip, string name, byte[] bytes)
    {
        using var entry = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
        entry.Write(bytes);
    }

    async Task<IResult> Serve(HttpRequest request, string contractId, string contentType, Func<string, string, (string Key, Func<byte[]> Draw)> what)
    {
        var id = ContractIds.Normalize(contractId);
        if (!await cache.IsPublishedAsync(id, request.HttpContext.RequestAborted))
            return Problems.NotFound($"No published work with id '{id}'.");

        var (key, draw) = what(id, urls.QrUrl(request, id));
        var image = cache.Get(key, draw);
        var headers = request.HttpContext.Response.Headers;
        headers.ETag = image.ETag;
        SecurityHeaders.Image(request.HttpContext.Response);
        headers.CacheControl = CacheControl;
        if (request.Headers.IfNoneMatch.Contains(image.ETag)) return Results.StatusCode(StatusCodes.Status304NotModified);
        return Results.Bytes(image.Bytes, contentType);
    }
}
