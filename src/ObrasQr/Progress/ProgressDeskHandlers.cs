using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using ObrasQr.Auth;
using ObrasQr.Contracts;
using ObrasQr.Http;
using ObrasQr.Pages;
using ObrasQr.Reports;

namespace ObrasQr.Progress;

/// <summary>For the contracting office's desk: the form that records a work's progress, without JavaScript.</summary>
public static class ProgressDeskHandlers
{
    /// <summary>Entries the desk lists with their "Corregir" and "Eliminar" links.</summary>
    public const int Listed = 50;

    /// <summary>GET /escritorio/obras/{contractId}/avance (?registrado=1, ?corregido=1 or ?eliminado=1 after each action).</summary>
    public static async Task<Results<HtmlPage<ProgressFormPage>, HtmlPage<NotFoundPage>>> Form(HttpRequest request, ContractId contractId, Caller caller, ProgressLog log, IProgressStore progress,
        PageRenderer pages, TimeProvider clock)
    {
        var ct = request.HttpContext.RequestAborted;
        if (await log.WorkAsync(contractId, caller, ct) is not { } work) return await NotFound(pages, contractId);
        var entries = await progress.ListAsync(work.ContractId, Listed, ct);
        return await pages.HtmlAsync<ProgressFormPage>(new Dictionary<string, object?>
        {
            ["Caller"] = caller, ["Contract"] = work.Contract, ["Latest"] = entries.FirstOrDefault(), ["Entries"] = entries,
            ["Corrected"] = request.Query["corregido"] == "1", ["Deleted"] = request.Query["eliminado"] == "1",
            ["Draft"] = new ProgressSubmission { Date = ColombiaTime.Today(clock).ToString("yyyy-MM-dd") },
            ["Token"] = NewToken(), ["Today"] = ColombiaTime.Today(clock), ["Recorded"] = request.Query["registrado"] == "1",
        });
    }

    /// <summary>POST /escritorio/obras/{contractId}/avance: records the entry and goes back to the form (303), or answers the
    /// form filled in as sent with the problem next to its field and the photos already received held.</summary>
    public static async Task<Results<StatusCodeHttpResult, HtmlPage<ProgressFormPage>, HtmlPage<NotFoundPage>>> Submit(HttpRequest request, ContractId contractId, Caller caller, ProgressLog log, IProgressStore progress,
        PageRenderer pages, HeldPhotos heldPhotos, TimeProvider clock)
    {
        var ct = request.HttpContext.RequestAborted;
        if (await log.WorkAsync(contractId, caller, ct) is not { } work) return await NotFound(pages, contractId);
        var today = ColombiaTime.Today(clock);
        var latest = await LatestAsync(progress, work.ContractId, ct);
        if (!request.HasFormContentType)
            return await Refused(pages, caller, work.Contract, latest, new ProgressSubmission(), NewToken(), null, [], today,
                new("body", "Envíe el avance desde el formulario."));
        var (form, unreadable) = await FormBody.ReadAsync(request, ReportRequest.MaxMultipartBytes);
        if (unreadable is not null)
            return await Refused(pages, caller, work.Contract, latest, new ProgressSubmission(), NewToken(), null, [], today,
                unreadable with { Reason = unreadable.Reason + " Envíe menos fotos o fotos más livianas." });

        var draft = ProgressRequest.FromForm(form!);
        var token = FormBody.First(form!, "token") ?? NewToken();
        var holder = $"staff:{caller.MemberId ?? caller.Name}";
        var heldToken = FormBody.First(form!, "held");
        var held = await heldPhotos.LoadAsync(heldToken, holder, ct);
        var (sent, tooBig) = await PhotoBatch.ReadAsync(form!, ct);
        var (photos, photoProblem) = PhotoBatch.Receive(sent, tooBig, held, "por avance");
        var (_, problem) = draft.Check(today, await progress.ListAsync(work.ContractId, 500, ct));
        // Both said at once, so one more try is enough.
        if (problem is not null && photoProblem is not null) problem = problem with { Reason = $"{problem.Reason} {photoProblem.Reason}" };
        problem ??= photoProblem;
        int? refusedPhoto = null;
        if (problem is null)
        {
            switch (await log.RecordAsync(work.ContractId, draft, [.. photos.Select(p => p.Bytes)], caller, ct))
            {
                case ProgressLog.Recorded:
                    if (heldToken is not null) await heldPhotos.ForgetAsync(heldToken, holder);
                    // 303: the browser shows the form again with GET, so reloading it records nothing twice.
                    request.HttpContext.Response.Headers.Location = $"/escritorio/obras/{Uri.EscapeDataString(work.ContractId)}/avance?registrado=1";
                    return TypedResults.StatusCode(StatusCodes.Status303SeeOther);
                case ProgressLog.Refused r:
                    (problem, refusedPhoto) = (r.Problem, r.Photo);
                    break;
            }
        }
        var keep = photos.Where((_, n) => n != refusedPhoto).ToList();
        var newHeld = await heldPhotos.HoldAsync(holder, heldToken, keep, ct);
        return await Refused(pages, caller, work.Contract, latest, draft, token, newHeld, newHeld is null ? [] : keep, today, problem!);
    }

    static async Task<ProgressEntry?> LatestAsync(IProgressStore progress, string contractId, CancellationToken ct) =>
        (await progress.ListAsync(contractId, 1, ct)) is [var latest, ..] ? latest : null;

    static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    static Task<HtmlPage<ProgressFormPage>> Refused(PageRenderer pages, Caller caller, Contract contract, ProgressEntry? latest,
        ProgressSubmission draft, string token, string? heldToken, IReadOnlyList<HeldPhotos.Photo> held, DateOnly today, Http.FieldProblem problem) =>
        pages.HtmlAsync<ProgressFormPage>(new Dictionary<string, object?>
        {
            ["Caller"] = caller, ["Contract"] = contract, ["Latest"] = latest, ["Draft"] = draft, ["Token"] = token, ["HeldToken"] = heldToken, ["Held"] = held,
            ["Today"] = today, ["Message"] = problem.Reason, ["Field"] = problem.Field,
        }, problem.Status);

    static Task<HtmlPage<NotFoundPage>> NotFound(PageRenderer pages, string contractId) =>
        pages.HtmlAsync<NotFoundPage>(new Dictionary<string, object?> { ["ContractId"] = contractId }, StatusCodes.Status404NotFound);
}
