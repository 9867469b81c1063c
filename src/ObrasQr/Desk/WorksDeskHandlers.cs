using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using ObrasQr.Auth;
using ObrasQr.Contracts;
using ObrasQr.OpenData;
using ObrasQr.Pages;
using ObrasQr.Withdrawals;

namespace ObrasQr.Desk;

/// <summary>For the office, in the browser: the works with their billboard panels and QR codes, and registering a
/// work that is not in SECOP II.</summary>
public static class WorksDeskHandlers
{
    public const int PageSize = 20;

    /// <summary>GET /escritorio/obras: published works (SECOP's and registered ones) within the caller's scope, by id,
    /// <see cref="PageSize"/> at a time from <paramref name="desde"/> (keyset: the last id of the page before).</summary>
    public static async Task<HtmlPage<WorksPage>> List(Caller caller, string? desde, string? registrada, string? retirada,
        string? publicada, IContractStore contracts, WorkPublication publication, PageRenderer pages, CancellationToken ct)
    {
        var after = string.IsNullOrWhiteSpace(desde) ? null : ContractIds.Normalize(desde);
        // An office's own works are one list of the store (one partition on Azure); the whole store's published works
        // for a caller who sees every entity.
        var works = caller.EntityNit is { } entityNit
            ? await contracts.ListByEntityAsync(entityNit, publishedOnly: true, after, PageSize + 1, ct)
            : await contracts.ListPublishedAsync(after, PageSize + 1, ct);
        var shown = works.Take(PageSize).ToList();
        var registered = string.IsNullOrWhiteSpace(registrada) ? null : ContractIds.Normalize(registrada);
        var withdrawn = await publication.WithdrawnAsync(caller, ct);
        return await pages.HtmlAsync<WorksPage>(new Dictionary<string, object?>
        {
            ["Caller"] = caller,
            ["Works"] = shown,
            ["Next"] = works.Count > PageSize ? shown[^1].ContractId : null,
            ["First"] = after is null,
            // Named only when it is a work the caller sees: the banner never echoes an arbitrary query string.
            ["Registered"] = registered is not null && ManualWorks.IsManualId(registered)
                && await contracts.FindAsync(registered, ct) is { } found && caller.Sees(found.Contract.EntityNit) ? registered : null,
            ["Withdrawn"] = withdrawn,
            // Named only when the list confirms it, for the same reason.
            ["JustWithdrawn"] = withdrawn.FirstOrDefault(w => retirada is not null && w.ContractId == ContractIds.Normalize(retirada))?.ContractId,
            ["JustRepublished"] = string.IsNullOrWhiteSpace(publicada) ? null
                : await contracts.FindAsync(ContractIds.Normalize(publicada), ct) is { } back && caller.Sees(back.Contract.EntityNit)
                  && withdrawn.All(w => w.ContractId != back.ContractId) ? back.ContractId : null,
        });
    }

    /// <summary>GET /escritorio/obras/nueva: the empty form.</summary>
    public static Task<HtmlPage<NewWorkPage>> NewForm(Caller caller, IOptions<ObrasQrOptions> options, PageRenderer pages)
    {
        var entities = DeskEntity.For(caller, options.Value);
        return FormPage(caller, ManualWorkForm.Empty(entities), entities, pages, StatusCodes.Status200OK);
    }

    /// <summary>POST /escritorio/obras/nueva: stores the work as version 1 with source "registro manual", then back to
    /// the works list naming it; or the form again with the reasons (nothing stored).</summary>
    public static async Task<Results<RedirectHttpResult, HtmlPage<NewWorkPage>>> Register(HttpRequest request, Caller caller, IOptions<ObrasQrOptions> options, IContractStore contracts,
        OpenDataBuild openData, TimeProvider clock, PageRenderer pages, CancellationToken ct)
    {
        var entities = DeskEntity.For(caller, options.Value);
        if (!request.HasFormContentType)
            return await FormPage(caller, ManualWorkForm.Empty(entities), entities, pages, StatusCodes.Status415UnsupportedMediaType);
        IFormCollection posted;
        try { posted = await request.ReadFormAsync(ct); }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException)
        {
            return await FormPage(caller, ManualWorkForm.Empty(entities), entities, pages, StatusCodes.Status400BadRequest);
        }
        var (form, contract) = ManualWorkForm.Read(posted, entities);
        if (contract is null) return await FormPage(caller, form, entities, pages, StatusCodes.Status400BadRequest);
        // A fresh random id: AddVersionAsync refuses only if that very id exists, and then a new one is drawn.
        for (var attempt = 0; !await contracts.AddVersionAsync(ContractVersion.First(contract, clock.GetUtcNow(), ManualWorks.Source), ct); attempt++)
        {
            if (attempt >= 3) throw new InvalidOperationException("Could not find a free id for a registered work.");
            contract = contract with { ContractId = ManualWorks.NewId() };
        }
        openData.RequestBuild(); // a published work: the open data lists it once the build in the background is done
        return TypedResults.Redirect($"/escritorio/obras?registrada={Uri.EscapeDataString(contract.ContractId)}");
    }

    static Task<HtmlPage<NewWorkPage>> FormPage(Caller caller, ManualWorkForm form, IReadOnlyList<DeskEntity> entities, PageRenderer pages,
        int status) =>
        pages.HtmlAsync<NewWorkPage>(new Dictionary<string, object?>
        {
            ["Caller"] = caller,
            ["Form"] = form,
            ["Entities"] = entities,
        }, status);
}
