using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using ObrasQr.Contracts;
using ObrasQr.Qr;
using ObrasQr.Storage;

namespace ObrasQr.Pages;

public sealed class ContractPageHandlers(ContractPageCache cache, PageRenderer pages, PublicUrls urls, QrCache images,
    IContractStore contracts, TimeProvider clock)
{
    /// <summary>GET /o/{contractId}: compressed here, not by middleware, so both hosts serve the same bytes.</summary>
    public async Task<IResult> Show(HttpRequest request, string contractId)
    {
        var id = ContractIds.Normalize(contractId);
        var page = await cache.FindAsync(id, urls.BaseUrl(request), request.HttpContext.RequestAborted);
        if (page is null)
            return await pages.PageAsync<NotFoundPage>(new Dictionary<string, object?> { ["ContractId"] = id }, StatusCodes.Status404NotFound);

        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var headers = request.HttpContext.Response.Headers;
        headers.Vary = "Accept-Encoding";
        SecurityHeaders.Page(request.HttpContext.Response);
        // Every view carries its own form token and the countdown changes daily: nothing may keep a copy.
        headers.CacheControl = "no-store";
        if (Accepts(request, "br"))
        {
            headers.ContentEncoding = "br";
            return Results.Bytes(page.Brotli(token), "text/html; charset=utf-8");
        }
        if (Accepts(request, "gzip"))
        {
            headers.ContentEncoding = "gzip";
            return Results.Bytes(page.Gzip(token), "text/html; charset=utf-8");
        }
        return Results.Bytes(page.Plain(token), "text/html; charset=utf-8");
    }

    /// <summary>GET /o/{contractId}/reportes: the receipt's address reloaded, or a form posted elsewhere; back to the form.</summary>
    public IResult ToForm(string contractId) => Results.Redirect($"/o/{Uri.EscapeDataString(ContractIds.Normalize(contractId))}#reportar");

    /// <summary>GET /o/{contractId}/vista.png: the preview a shared link shows; drawn once per version and day.</summary>
    public async Task<IResult> Preview(HttpRequest request, string contractId)
    {
        var id = ContractIds.Normalize(contractId);
        var ct = request.HttpContext.RequestAborted;
        var current = await contracts.FindAsync(id, ct);
        if (current is null || !current.Contract.IsPublishedWork) return Problems.NotFound($"No published work with id '{id}'.");
        var today = ColombiaTime.Today(clock);
        var url = urls.QrUrl(request, id);
        var image = await images.GetAsync($"vista|{current.Number}|{today:yyyy-MM-dd}|{url}",
            async () => SharePreview.Png(ContractFacts.Of(await contracts.HistoryAsync(id, ct), today), id, url));
        var headers = request.HttpContext.Response.Headers;
        headers.ETag = image.ETag;
        headers.CacheControl = "public, max-age=86400";
        if (request.Headers.IfNoneMatch.Contains(image.ETag)) return Results.StatusCode(StatusCodes.Status304NotModified);
        return Results.Bytes(image.Bytes, "image/png");
    }

    /// <summary>GET /privacidad: the privacy notice (Ley 1581 de 2012, Decreto 1377 de 2013).</summary>
    public async Task<IResult> Privacy(HttpRequest request)
    {
        request.HttpContext.Response.Headers.CacheControl = "public, max-age=3600";
        return await pages.CompressedPageAsync<PrivacyPage>(request, new Dictionary<string, object?>());
    }

    /// <summary>True when Accept-Encoding lists the coding (or *) without q=0.</summary>
    public static bool Accepts(HttpRequest request, string coding)
    {
        foreach (var value in request.Headers.AcceptEncoding)
        {
            foreach (var part in (value ?? "").Split(','))
            {
                var pieces = part.Split(';', StringSplitOptions.TrimEntries);
                if (!string.Equals(pieces[0], coding, StringComparison.OrdinalIgnoreCase) && pieces[0] != "*") continue;
                var refused = pieces.Skip(1).Any(p => p.Replace(" ", "") is "q=0" or "q=0.0" or "q=0.00" or "q=0.000");
                return !refused;
            }
        }
        return false;
    }
}
