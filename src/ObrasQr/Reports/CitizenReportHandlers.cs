using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using ObrasQr.Contracts;
using ObrasQr.Http;
using ObrasQr.Pages;
using ObrasQr.Storage;

namespace ObrasQr.Reports;

/// <summary>For citizens: report an irregularity (the page's form or the API) and follow it up with the tracking code.</summary>
public static class CitizenReportHandlers
{
    /// <summary>POST /api/contracts/{contractId}/reports: JSON, or multipart with photos in parts named "photos".</summary>
    [Problem(StatusCodes.Status400BadRequest), Problem(StatusCodes.Status404NotFound), Problem(StatusCodes.Status413PayloadTooLarge),
     Problem(StatusCodes.Status415UnsupportedMediaType), Problem(StatusCodes.Status422UnprocessableEntity),
     Problem(StatusCodes.Status429TooManyRequests), Problem(StatusCodes.Status503ServiceUnavailable)]
    public static async Task<Results<Created<Receipt>, ProblemHttpResult>> SubmitApi(HttpRequest request, ContractId contractId,
        SubmissionLimiter limiter, ReportDesk desk)
    {
        var response = request.HttpContext.Response;
        if (limiter.Acquire(request) is { } wait)
        {
            SubmissionLimiter.SetRetryAfter(response, wait);
            return Problems.Of("contractId", "Demasiados reportes aceptados desde esta dirección en el último minuto o la última hora. Intente más tarde.",
                StatusCodes.Status429TooManyRequests);
        }
        var kept = false;
        try
        {
            var (incoming, problem) = await ReportRequest.ReadAsync(request);
            if (problem is not null) return Problems.Of(problem);
            var outcome = await desk.SubmitAsync(contractId, incoming!.Submission, incoming.Photos, incoming.IdempotencyKey, request.HttpContext.RequestAborted);
            switch (outcome)
            {
                case ReportDesk.Submitted s:
                    kept = !s.Replayed;
                    if (s.Replayed) response.Headers["Idempotent-Replayed"] = "true";
                    return TypedResults.Created("/api/reports/lookup", Receipt.Of(s));
                case ReportDesk.Refused r:
                    if (r.Problem.Status == StatusCodes.Status503ServiceUnavailable) response.Headers.RetryAfter = "10";
                    return Problems.Of(r.Problem);
                default:
                    throw new InvalidOperationException($"Unexpected outcome {outcome}.");
            }
        }
        finally
        {
            if (!kept) limiter.Release(request); // only an accepted new report keeps its slot of the fair limit
        }
    }

    /// <summary>
    /// POST /o/{contractId}/reportes: the page's form; answers with the receipt page, or, when something is missing or
    /// wrong, with the same form filled in as sent, the problem next to its field and the photos already received held.
    /// </summary>
    public static async Task<IResult> SubmitForm(HttpRequest request, ContractId contractId, SubmissionLimiter limiter, ReportDesk desk,
        PageRenderer pages, HeldPhotos heldPhotos, IContractStore contracts)
    {
        if (limiter.Acquire(request) is { } wait)
        {
            SubmissionLimiter.SetRetryAfter(request.HttpContext.Response, wait);
            return await ErrorPage(request, pages, contractId, "Recibimos demasiados reportes desde su conexión en poco tiempo. " +
                $"Intente de nuevo en unos {Math.Max(1, (int)Math.Ceiling(wait.TotalMinutes))} minutos.", StatusCodes.Status429TooManyRequests);
        }
        var kept = false;
        try
        {
            var (result, accepted) = await SubmitFormCounted(request, contractId, desk, pages, heldPhotos, contracts);
            kept = accepted;
            return result;
        }
        finally
        {
            if (!kept) limiter.Release(request); // only an accepted new report keeps its slot of the fair limit
        }
    }

    static async Task<(IResult Result, bool Accepted)> SubmitFormCounted(HttpRequest request, string contractId, ReportDesk desk,
        PageRenderer pages, HeldPhotos heldPhotos, IContractStore contracts)
    {
        if (!request.HasFormContentType)
            return (await ErrorPage(request, pages, contractId, "Envíe el reporte desde el formulario de la obra.", StatusCodes.Status400BadRequest), false);
        var ct = request.HttpContext.RequestAborted;
        var (form, unreadable) = await ReportRequest.ReadFormFieldsAsync(request);
        if (unreadable is not null)
            return (await ErrorPage(request, pages, contractId, unreadable.Reason + " Envíe menos fotos o fotos más livianas.", unreadable.Status), false);

        var draft = ReportDraft.From(form!);
        var token = HeldPhotos.IsToken(draft.Token) ? draft.Token! : Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var held = await heldPhotos.LoadAsync(token, ct);
        var (photos, photoProblem) = await PhotoBatch.ReceiveAsync(ReportRequest.PhotoFiles(form!), held, "por reporte", ct);
        var (submission, fieldProblem) = ReportRequest.SubmissionOf(form!);
        var problem = fieldProblem ?? submission!.Problem();
        // Both said at once, so one more try is enough; the message sits next to the field.
        if (problem is not null && photoProblem is not null) problem = problem with { Reason = $"{problem.Reason} {photoProblem.Reason}" };
        problem ??= photoProblem;
        if (problem is null)
        {
            var outcome = await desk.SubmitAsync(contractId, submission!, photos.Select(p => p.Bytes).ToList(),
                ReportRequest.Header(request) ?? token, ct);
            switch (outcome)
            {
                case ReportDesk.Submitted s:
                    await heldPhotos.ForgetAsync(token, held);
                    return (await pages.CompressedPageAsync<ReceiptPage>(request, new Dictionary<string, object?>
                    {
                        ["Report"] = s.Report, ["TrackingCode"] = s.TrackingCode, ["Replayed"] = s.Replayed,
                        ["ContactNotKept"] = submission!.Anonymous && draft.HasContact,
                    }), !s.Replayed);
                case ReportDesk.Refused { Problem.Status: StatusCodes.Status404NotFound } r:
                    return (await ErrorPage(request, pages, contractId, r.Problem.Reason, r.Problem.Status), false);
                case ReportDesk.Refused r:
                    problem = r.Problem;
                    break;
            }
        }
        var contract = await contracts.FindAsync(contractId, ct);
        if (contract is null || !contract.Contract.IsWork)
            return (await ErrorPage(request, pages, contractId, "No existe una obra publicada con ese número de contrato.", StatusCodes.Status404NotFound), false);
        var keptPhotos = photos.Count > 0 && await heldPhotos.HoldAsync(token, photos, ct) ? photos : [];
        return (await pages.CompressedPageAsync<ReportFormPage>(request, new Dictionary<string, object?>
        {
            ["Contract"] = contract.Contract, ["Draft"] = draft with { Token = token }, ["Held"] = keptPhotos,
            ["Message"] = problem!.Reason, ["Field"] = problem.Field,
        }, problem.Status), false);
    }

    /// <summary>POST /api/reports/lookup: the code travels in the body, never in a URL that ends up in logs.</summary>
    [Problem(StatusCodes.Status400BadRequest), Problem(StatusCodes.Status404NotFound), Problem(StatusCodes.Status429TooManyRequests)]
    public static async Task<Results<Ok<PublicStatus>, ProblemHttpResult>> Lookup(HttpRequest request, SubmissionLimiter limiter,
        IReportStore reports, TimeProvider clock)
    {
        if (limiter.AcquireLookup(request) is { } wait)
        {
            SubmissionLimiter.SetRetryAfter(request.HttpContext.Response, wait);
            return Problems.Of("trackingCode", "Demasiadas consultas desde este cliente en el último minuto. Intente más tarde.",
                StatusCodes.Status429TooManyRequests);
        }
        var (body, problem) = await JsonBody.ReadAsync<LookupRequest>(request, "{ \"trackingCode\": \"…\" }");
        if (problem is { Status: StatusCodes.Status413PayloadTooLarge }) return Problems.Of(problem);
        if (string.IsNullOrWhiteSpace(body?.TrackingCode)) return Problems.Of("trackingCode", "Escriba el código de seguimiento.");
        var report = await FindByCodeAsync(reports, body.TrackingCode, request.HttpContext.RequestAborted);
        // Unknown and mistyped codes get the same answer: nothing to learn by guessing.
        return report is null
            ? Problems.NotFound("trackingCode", "Ningún reporte tiene ese código de seguimiento.")
            : TypedResults.Ok(PublicStatus.Of(report, ColombiaTime.Today(clock)));
    }

    /// <summary>GET /seguimiento</summary>
    public static Task<IResult> FollowUpForm(HttpRequest request, PageRenderer pages) =>
        pages.CompressedPageAsync<FollowUpPage>(request, new Dictionary<string, object?>());

    /// <summary>POST /seguimiento</summary>
    public static async Task<IResult> FollowUp(HttpRequest request, SubmissionLimiter limiter, IReportStore reports, IContractStore contracts,
        PageRenderer pages, TimeProvider clock)
    {
        if (limiter.AcquireLookup(request) is { } wait)
        {
            SubmissionLimiter.SetRetryAfter(request.HttpContext.Response, wait);
            return await pages.PageAsync<FollowUpPage>(new Dictionary<string, object?>
            {
                ["Notice"] = $"Hizo muchas consultas en el último minuto. Intente de nuevo en {Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))} segundos.",
            }, StatusCodes.Status429TooManyRequests);
        }
        var code = "";
        if (request.HasFormContentType)
        {
            try { code = (await request.ReadFormAsync(request.HttpContext.RequestAborted))["code"].ToString(); }
            catch (InvalidDataException) { }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge) { }
        }
        var report = await FindByCodeAsync(reports, code, request.HttpContext.RequestAborted);
        var work = report is null ? null : (await contracts.FindAsync(report.ContractId, request.HttpContext.RequestAborted))?.Contract;
        return await pages.CompressedPageAsync<FollowUpPage>(request, new Dictionary<string, object?>
        {
            ["Searched"] = true,
            ["Status"] = report is null ? null : PublicStatus.Of(report, ColombiaTime.Today(clock)),
            ["ContractId"] = report?.ContractId,
            ["ContractObject"] = work?.Name,
            ["Code"] = report is null ? code : null,
        });
    }

    // Always hash, even an empty or malformed code, so a wrong code costs the same as a right one.
    static Task<Report?> FindByCodeAsync(IReportStore reports, string? code, CancellationToken ct) =>
        reports.FindByTrackingHashAsync(TrackingCode.Hash(code ?? ""), ct);

    static Task<IResult> ErrorPage(HttpRequest request, PageRenderer pages, string contractId, string message, int status) =>
        pages.CompressedPageAsync<ReportErrorPage>(request, new Dictionary<string, object?>
            { ["ContractId"] = contractId, ["Message"] = message }, status);
}

public sealed record LookupRequest(string? TrackingCode);

/// <summary>What the API answers when it keeps a report: the tracking code is shown only now.</summary>
public sealed record Receipt(string? TrackingCode, string Status, DateOnly Deadline, bool LacksEvidence, int Photos)
{
    public static Receipt Of(ReportDesk.Submitted s) =>
        new(s.TrackingCode, s.Report.Status, s.Report.Deadline, s.Report.LacksEvidence, s.Report.Photos.Count);
}
