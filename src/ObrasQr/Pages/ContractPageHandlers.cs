using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using ObrasQr.Contracts;

namespace ObrasQr.Pages;

public sealed class ContractPageHandlers(ContractPageCache cache, PageRenderer pages)
{
    /// <summary>GET /o/{contractId}: compressed here, not by middleware, so both hosts serve the same bytes.</summary>
    public async Task<IResult> Show(HttpRequest request, string contractId)
    {
        var id = ContractIds.Normalize(contractId);
        var page = await cache.FindAsync(id, request.HttpContext.RequestAborted);
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
