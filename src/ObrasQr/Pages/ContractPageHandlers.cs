using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using ObrasQr.Contracts;
using ObrasQr.Http;
using ObrasQr.Qr;
using ObrasQr.Storage;
using ObrasQr.Withdrawals;

namespace ObrasQr.Pages;

/// <summary>For citizens: the page a billboard's QR code opens, its share preview, the privacy notice.</summary>
public static class ContractPageHandlers
{
    /// <summary>GET /o/{contractId}: compressed here, not by middleware, so both hosts serve the same bytes; the same bytes
    /// to every visitor, so a CDN may keep them (the route's <see cref="CachePolicy.CitizenPage"/>).</summary>
    public static Task<IResult> Show(HttpRequest request, ContractId contractId, ContractPageCache cache, PublicUrls urls)
    {
        var baseUrl = urls.BaseUrl(request);
        // Most views find the page kept and fresh: answered synchronously, with a result made once per page.
        return cache.TryGetFresh(contractId, baseUrl, out var page) ? View(request, page) : ShowAsync(request, contractId, baseUrl, cache);
    }

    static async Task<IResult> ShowAsync(HttpRequest request, string id, string baseUrl, ContractPageCache cache)
    {
        var page = await cache.FindAsync(id, baseUrl, request.HttpContext.RequestAborted);
        if (page is null)
        {
            // Resolved here, not bound as a parameter: every view would pay for a lookup only unknown ids need.
            var pages = request.HttpContext.RequestServices.GetRequiredService<PageRenderer>();
            return await pages.PageAsync<NotFoundPage>(new Dictionary<string, object?> { ["ContractId"] = id }, StatusCodes.Status404NotFound);
        }
        return await View(request, page);
    }

    static Task<IResult> View(HttpRequest request, CacheablePage page) => page.View(request);

    /// <summary>GET /o/{contractId}/reportes: the receipt's address reloaded, or a form posted elsewhere; back to the form.</summary>
    public static RedirectHttpResult ToForm(ContractId contractId) =>
        TypedResults.Redirect($"/o/{Uri.EscapeDataString(contractId)}#reportar");

    /// <summary>GET /o/{contractId}/vista.png: the preview a shared link shows; drawn once per version, withdrawal and day.</summary>
    [Answers(StatusCodes.Status200OK, "image/png"), Answers(StatusCodes.Status304NotModified, "image/png"), Problem(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Preview(HttpRequest request, ContractId contractId, IContractStore contracts, IWithdrawalStore withdrawals,
        QrCache images, PublicUrls urls, TimeProvider clock, CancellationToken ct)
    {
        var current = await contracts.FindAsync(contractId, ct);
        if (current is null || !current.Contract.IsWork)
            return Problems.NotFound("contractId", $"No hay una obra publicada con el número '{contractId}'.");
        var today = ColombiaTime.Today(clock);
        var url = urls.QrUrl(request, contractId);
        // A withdrawal is no new version: it is part of the key (and so of the ETag), so no instance serves the card
        // it kept from before, and publishing the work again brings that card back.
        var withdrawal = await withdrawals.FindAsync(current.ContractId, ct);
        var image = withdrawal is not null
            ? images.Get($"vista|{current.Number}|retirada {withdrawal.At.UtcTicks}|{url}", () => SharePreview.WithdrawnPng(current.Contract.Name, url))
            : await images.GetAsync($"vista|{current.Number}|{today:yyyy-MM-dd}|{url}",
                async () => SharePreview.Png(await FactsAsync(contracts, contractId, today, ct), contractId, url));
        request.HttpContext.Response.Headers.ETag = image.ETag;
        if (request.Headers.IfNoneMatch.Contains(image.ETag)) return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        return TypedResults.Bytes(image.Bytes, "image/png");
    }

    // The facts only (no versions are listed): the kept summary and the current version, as the page reads them.
    static async Task<ContractFacts> FactsAsync(IContractStore contracts, string contractId, DateOnly today, CancellationToken ct) =>
        (await RecentFacts.LoadAsync(contracts, contractId, 1, today, ct))?.Facts
        ?? throw new InvalidOperationException($"Contract {contractId} was found and then not: contracts are never deleted.");

    /// <summary>GET /privacidad: the privacy notice (Ley 1581 de 2012, Decreto 1377 de 2013).</summary>
    public static Task<HtmlPage<PrivacyPage>> Privacy(PageRenderer pages) =>
        pages.HtmlAsync<PrivacyPage>(new Dictionary<string, object?>());
}
