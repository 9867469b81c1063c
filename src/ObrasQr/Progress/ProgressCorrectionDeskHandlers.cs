using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using ObrasQr.Auth;
using ObrasQr.Contracts;
using ObrasQr.Http;
using ObrasQr.Pages;

namespace ObrasQr.Progress;

/// <summary>For the contracting office's desk: correct or delete one of its entries, without JavaScript. Each action
/// has its own page (the delete page is its confirmation step) and goes back to the work's progress page (303).</summary>
public static class ProgressCorrectionDeskHandlers
{
    /// <summary>GET /escritorio/obras/{contractId}/avance/{entryId}: the entry's fields, filled in as it reads now.</summary>
    public static async Task<Results<HtmlPage<ProgressCorrectPage>, HtmlPage<NotFoundPage>, ProblemHttpResult>> CorrectForm(HttpRequest request, ContractId contractId, string entryId, Caller caller, ProgressLog log,
        PageRenderer pages, TimeProvider clock)
    {
        var ct = request.HttpContext.RequestAborted;
        var (entry, problem) = await log.OwnEntryAsync(contractId, entryId, caller, ct);
        if (problem is not null) return problem.Status == StatusCodes.Status404NotFound ? await NotFound(pages, contractId) : Problems.Of(problem);
        return await pages.HtmlAsync<ProgressCorrectPage>(new Dictionary<string, object?>
        {
            ["Caller"] = caller, ["Contract"] = (await log.WorkAsync(contractId, caller, ct))!.Contract, ["Entry"] = entry,
            ["Draft"] = new ProgressCorrection().Over(entry!), ["Today"] = ColombiaTime.Today(clock),
        });
    }

    /// <summary>POST /escritorio/obras/{contractId}/avance/{entryId}: saves the correction, or shows the form as sent with why not.</summary>
    public static async Task<Results<StatusCodeHttpResult, HtmlPage<ProgressCorrectPage>, HtmlPage<NotFoundPage>, ProblemHttpResult>> Correct(HttpRequest request, ContractId contractId, string entryId, Caller caller, ProgressLog log,
        PageRenderer pages, TimeProvider clock)
    {
        var ct = request.HttpContext.RequestAborted;
        var (entry, problem) = await log.OwnEntryAsync(contractId, entryId, caller, ct);
        if (problem is not null) return problem.Status == StatusCodes.Status404NotFound ? await NotFound(pages, contractId) : Problems.Of(problem);
        var (form, unreadable) = await ReadAsync(request);
        var correction = form is null ? new ProgressCorrection() : ProgressCorrection.FromForm(form);
        var outcome = unreadable is not null ? new ProgressLog.Refused(unreadable) : await log.CorrectAsync(contractId, entryId, correction, caller, ct);
        if (outcome is ProgressLog.Corrected) return Back(request, contractId, "corregido");
        var refused = ((ProgressLog.Refused)outcome).Problem;
        // A change made meanwhile: the form shows the entry as it reads now, so the person corrects that.
        var shown = refused.Status == StatusCodes.Status409Conflict ? await log.OwnEntryAsync(contractId, entryId, caller, ct) : (entry, null);
        if (shown.Entry is null) return (shown.Problem ?? refused) is { Status: not StatusCodes.Status404NotFound } gone ? Problems.Of(gone) : await NotFound(pages, contractId);
        return await pages.HtmlAsync<ProgressCorrectPage>(new Dictionary<string, object?>
        {
            ["Caller"] = caller, ["Contract"] = (await log.WorkAsync(contractId, caller, ct))!.Contract, ["Entry"] = shown.Entry,
            ["Draft"] = refused.Status == StatusCodes.Status409Conflict ? new ProgressCorrection().Over(shown.Entry) : correction.Over(shown.Entry),
            ["Removed"] = correction.RemovePhotos, ["Reason"] = correction.Reason, ["Today"] = ColombiaTime.Today(clock),
            ["Message"] = refused.Reason, ["Field"] = refused.Field == "reason" ? "motivo" : refused.Field,
        }, refused.Status);
    }

    /// <summary>GET /escritorio/obras/{contractId}/avance/{entryId}/eliminar: the confirmation step, asking why.</summary>
    public static async Task<Results<HtmlPage<ProgressDeletePage>, HtmlPage<NotFoundPage>, ProblemHttpResult>> DeleteForm(HttpRequest request, ContractId contractId, string entryId, Caller caller, ProgressLog log,
        PageRenderer pages)
    {
        var ct = request.HttpContext.RequestAborted;
        var (entry, problem) = await log.OwnEntryAsync(contractId, entryId, caller, ct);
        if (problem is not null) return problem.Status == StatusCodes.Status404NotFound ? await NotFound(pages, contractId) : Problems.Of(problem);
        return await pages.HtmlAsync<ProgressDeletePage>(new Dictionary<string, object?>
        {
            ["Caller"] = caller, ["Contract"] = (await log.WorkAsync(contractId, caller, ct))!.Contract, ["Entry"] = entry,
        });
    }

    /// <summary>POST /escritorio/obras/{contractId}/avance/{entryId}/eliminar: deletes the entry with its reason.</summary>
    public static async Task<Results<StatusCodeHttpResult, HtmlPage<ProgressDeletePage>, HtmlPage<NotFoundPage>, ProblemHttpResult>> Delete(HttpRequest request, ContractId contractId, string entryId, Caller caller, ProgressLog log,
        PageRenderer pages)
    {
        var ct = request.HttpContext.RequestAborted;
        var (entry, problem) = await log.OwnEntryAsync(contractId, entryId, caller, ct);
        if (problem is not null) return problem.Status == StatusCodes.Status404NotFound ? await NotFound(pages, contractId) : Problems.Of(problem);
        var (form, unreadable) = await ReadAsync(request);
        var deletion = form is null ? new ProgressCorrection() : ProgressCorrection.FromForm(form);
        var outcome = unreadable is not null ? new ProgressLog.Refused(unreadable) : await log.DeleteAsync(contractId, entryId, deletion, caller, ct);
        if (outcome is ProgressLog.Deleted) return Back(request, contractId, "eliminado");
        var refused = ((ProgressLog.Refused)outcome).Problem;
        var shown = refused.Status == StatusCodes.Status409Conflict ? await log.OwnEntryAsync(contractId, entryId, caller, ct) : (entry, null);
        if (shown.Entry is null) return (shown.Problem ?? refused) is { Status: not StatusCodes.Status404NotFound } gone ? Problems.Of(gone) : await NotFound(pages, contractId);
        return await pages.HtmlAsync<ProgressDeletePage>(new Dictionary<string, object?>
        {
            ["Caller"] = caller, ["Contract"] = (await log.WorkAsync(contractId, caller, ct))!.Contract, ["Entry"] = shown.Entry,
            ["Reason"] = deletion.Reason, ["Message"] = refused.Reason,
        }, refused.Status);
    }

    static async Task<(IFormCollection?, FieldProblem?)> ReadAsync(HttpRequest request) =>
        request.HasFormContentType ? await FormBody.ReadAsync(request, BodyLimit.SmallForm) : (null, new FieldProblem("body", "Envíe el cambio desde el formulario."));

    /// <summary>303 to the work's progress page, which says what was done; reloading it changes nothing again.</summary>
    static StatusCodeHttpResult Back(HttpRequest request, string contractId, string done)
    {
        request.HttpContext.Response.Headers.Location = $"/escritorio/obras/{Uri.EscapeDataString(contractId)}/avance?{done}=1";
        return TypedResults.StatusCode(StatusCodes.Status303SeeOther);
    }

    /// <summary>An unknown work or entry (or another entity's) is the not-found page; SECOP II's entries get a problem
    /// saying why not.</summary>
    static Task<HtmlPage<NotFoundPage>> NotFound(PageRenderer pages, string contractId) =>
        pages.HtmlAsync<NotFoundPage>(new Dictionary<string, object?> { ["ContractId"] = contractId }, StatusCodes.Status404NotFound);
}
