using Microsoft.AspNetCore.Http;
using ObrasQr.Contracts;
using ObrasQr.Qr;
using ObrasQr.Storage;

namespace ObrasQr.Pages;

public sealed class ContractPageHandlers(ContractPageCache cache, PageRenderer pages, PublicUrls urls, QrCache images,
    IContractStore contracts, TimeProvider clock)
{
    /// <summary>GET /o/{contractId}: compressed here, not by middleware, so both hosts serve the same bytes.</summary>
    public Task<IResult> Show(HttpRequest request, string contractId)
    {
        var id = ContractIds.Normalize(contractId);
        var baseUrl = urls.BaseUrl(request);
        // Most views find the page kept and fresh: answered synchronously, with a result made once per page.
        return cache.TryGetFresh(id, baseUrl, out var page) ? View(request, page) : ShowAsync(request, id, baseUrl);
    }

    async Task<IResult> ShowAsync(HttpRequest request, string id, string baseUrl)
    {
        var page = await cache.FindAsync(id, baseUrl, request.HttpContext.RequestAborted);
        if (page is null)
            return await pages.PageAsync<NotFoundPage>(new Dictionary<string, object?> { ["ContractId"] = id }, StatusCodes.Status404NotFound);
        return await View(request, page);
    }

    static Task<IResult> View(HttpRequest request, SplicedPage page)
    {
        var headers = request.HttpContext.Response.Headers;
        headers.Vary = "Accept-Encoding";
        SecurityHeaders.Page(request.HttpContext.Response);
        // Every view carries its own form token and the countdown changes daily: nothing may keep a copy.
        headers.CacheControl = "no-store";
        var coding = Accepts(request, "br") ? SplicedPage.Coding.Brotli : Accepts(request, "gzip") ? SplicedPage.Coding.Gzip : SplicedPage.Coding.Plain;
        if (coding != SplicedPage.Coding.Plain) headers.ContentEncoding = coding == SplicedPage.Coding.Brotli ? "br" : "gzip";
        return page.View(coding);
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
    /// <remarks>Parsed on spans: it runs on every page view, and splitting strings was a visible share of a view's
    /// cost on the page bench.</remarks>
    public static bool Accepts(HttpRequest request, string coding)
    {
        foreach (var value in request.Headers.AcceptEncoding)
        {
            var text = (value ?? "").AsSpan();
            foreach (var partRange in text.Split(','))
            {
                var part = text[partRange];
                var pieces = part.Split(';');
                if (!pieces.MoveNext()) continue;
                var name = part[pieces.Current].Trim();
                if (!name.Equals(coding, StringComparison.OrdinalIgnoreCase) && name is not "*") continue;
                while (pieces.MoveNext())
                    if (IsZeroQuality(part[pieces.Current].Trim())) return false;
                return true;
            }
        }
        return false;
    }

    // "q=0", "q=0.0", "q=0.00", "q=0.000", with any spaces inside.
    static bool IsZeroQuality(ReadOnlySpan<char> parameter)
    {
        Span<char> compact = stackalloc char[8];
        var length = 0;
        foreach (var c in parameter)
        {
            if (c == ' ') continue;
            if (length == compact.Length) return false;
            compact[length++] = c;
        }
        return compact[..length] is "q=0" or "q=0.0" or "q=0.00" or "q=0.000";
    }
}
