using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using ObrasQr.Accountability;
using ObrasQr.Contracts;
using ObrasQr.Http;
using ObrasQr.Pages;
using ObrasQr.Storage;

namespace ObrasQr.Reports;

/// <summary>For citizens: report an irregularity (the page's form or the API) and follow it up with the tracking code.</summary>
public static class CitizenReportHandlers
{
    /// <summary>POST /api/contracts/{contractId}/reports: JSON, or multipart with photos in parts named "photos".</summary>
    [Problem(StatusCodes.Status400BadRequest), Problem(StatusCodes.Status404NotFound), Problem(StatusCodes.Status408RequestTimeout),
     Problem(StatusCodes.Status409Conflict), Problem(StatusCodes.Status413PayloadTooLarge), Problem(StatusCodes.Status415UnsupportedMediaType),
     Problem(StatusCodes.Status422UnprocessableEntity), Problem(StatusCodes.Status429TooManyRequests)]
    public static async Task<Results<Created<Receipt>, ProblemHttpResult>> SubmitApi(HttpRequest request, ContractId contractId,
        ReportLimits limiter, ClientAddresses addresses, ReportIntake intake, IdentityProtector identities, TimeProvider clock)
    {
        var response = request.HttpContext.Response;
        // Every submission counts, refused or not: only a retry of a stored report gives its slot back.
        if (limiter.Acquire(request) is { } wait)
        {
            RetryAfter.Set(response, wait);
            return Problems.Of(RateLimited(wait, clock));
        }
        var (incoming, problem) = await ReportRequest.ReadAsync(request);
        problem ??= incoming!.Unparsed ?? (incoming.TooBig.Count > 0
            ? new FieldProblem("photos", string.Join(" ", incoming.TooBig), StatusCodes.Status413PayloadTooLarge)
            : null);
        if (problem is not null) return Problems.Of(problem);
        var outcome = await intake.SubmitAsync(contractId, incoming!.Submission, [.. incoming.Photos.Select(p => p.Bytes)], incoming.IdempotencyKey,
            addresses.Pseudonym(request, identities), request.HttpContext.RequestAborted);
        switch (outcome)
        {
            case ReportOutcome.Submitted s:
                if (s.Replayed)
                {
                    limiter.Release(request);
                    response.Headers["Idempotent-Replayed"] = "true";
                }
                return TypedResults.Created("/api/reports/lookup", Receipt.Of(s));
            case ReportOutcome.Refused r:
                return Problems.Of(r.Problem);
            case ReportOutcome.Withdrawn w:
                return Problems.Of(w.Problem);
            default:
                throw new InvalidOperationException($"Unexpected outcome {outcome}.");
        }
    }

    /// <summary>
    /// POST /o/{contractId}/reportes: the page's form; answers with the receipt page, or, when something is missing or
    /// wrong or the address sent too many, with the same form filled in as sent, the problem next to its field and the
    /// photos already received held (their headers checked; no photo is decoded unless the report is otherwise fine).
    /// A work its entity withdrew from publication answers, whatever was sent, with its withdrawal and where reports go.
    /// </summary>
    public static async Task<IResult> SubmitForm(HttpRequest request, ContractId contractId, [AsParameters] ReportFormServices services)
    {
        var (limiter, addresses, intake, pages, heldPhotos, identities, clock) = services;
        var ct = request.HttpContext.RequestAborted;
        var client = addresses.Pseudonym(request, identities);
        // Every submission counts, refused or not: only a retry of a stored report gives its slot back.
        var wait = limiter.Acquire(request);
        if (wait is not null) RetryAfter.Set(request.HttpContext.Response, wait.Value);
        var limited = wait is null ? null : RateLimited(wait.Value, clock);
        if (!request.HasFormContentType)
            return await ErrorPage(request, pages, contractId, limited?.Reason ?? "Envíe el reporte desde el formulario de la obra.",
                limited?.Status ?? StatusCodes.Status400BadRequest);
        var (incoming, unreadable) = await ReportRequest.ReadAsync(request);
        if (unreadable is not null)
            return await ErrorPage(request, pages, contractId, limited?.Reason ?? unreadable.Reason +
                (unreadable.Status == StatusCodes.Status413PayloadTooLarge ? " Envíe menos fotos o fotos más livianas." : ""), limited?.Status ?? unreadable.Status);

        var draft = incoming!.Draft!;
        var held = await heldPhotos.LoadAsync(draft.HeldToken, client, ct);
        var (photos, photoProblem) = PhotoBatch.Receive(incoming.Photos, incoming.TooBig, held, "por reporte");
        var problem = limited;
        int? refusedPhoto = null;
        if (problem is null && (incoming.Unparsed is not null || photoProblem is not null))
        {
            // Both said at once, so one more try is enough; the message sits next to the field.
            var fields = incoming.Unparsed ?? incoming.Submission.Problem();
            problem = fields is null ? photoProblem : photoProblem is null ? fields : fields with { Reason = $"{fields.Reason} {photoProblem.Reason}" };
        }
        else if (problem is null)
        {
            IReadOnlyList<byte[]> bytes = [.. photos.Select(p => p.Bytes)];
            // The work's page sends no token (it is the same for every visitor); its content tells a double tap apart.
            var key = incoming.IdempotencyKey ?? ReportIntake.SameContentKey(contractId, incoming.Submission, bytes, clock.GetUtcNow());
            switch (await intake.SubmitAsync(contractId, incoming.Submission, bytes, key, client, ct))
            {
                case ReportOutcome.Submitted s:
                    if (draft.HeldToken is { } token) await heldPhotos.ForgetAsync(token, client);
                    if (s.Replayed) limiter.Release(request);
                    return await pages.CompressedPageAsync<ReceiptPage>(request, new Dictionary<string, object?>
                    {
                        ["Report"] = s.Report, ["TrackingCode"] = s.TrackingCode, ["Replayed"] = s.Replayed,
                        ["ContactNotKept"] = incoming.Submission.Anonymous && draft.HasContact,
                    });
                case ReportOutcome.Refused { Problem.Status: StatusCodes.Status404NotFound } r:
                    return await ErrorPage(request, pages, contractId, r.Problem.Reason, r.Problem.Status);
                case ReportOutcome.Refused r:
                    (problem, refusedPhoto) = (r.Problem, r.Photo);
                    break;
                case ReportOutcome.Withdrawn w:
                    return await WithdrawnPage(request, pages, heldPhotos, draft, client, w);
            }
        }
        // The form comes back filled in only for a work that still receives reports.
        var (contract, refusal) = await intake.ReceivingAsync(contractId, ct);
        switch (refusal)
        {
            case ReportOutcome.Refused r:
                return await ErrorPage(request, pages, contractId, r.Problem.Reason, r.Problem.Status);
            case ReportOutcome.Withdrawn w:
                return await WithdrawnPage(request, pages, heldPhotos, draft, client, w);
        }
        // A photo that could not be decoded is not held again: it would be refused on every try.
        var keep = photos.Where((_, n) => n != refusedPhoto).ToList();
        var heldToken = await heldPhotos.HoldAsync(client, draft.HeldToken, keep, ct);
        return await pages.CompressedPageAsync<ReportFormPage>(request, new Dictionary<string, object?>
        {
            ["Contract"] = contract, ["Draft"] = draft with { HeldToken = heldToken }, ["Held"] = heldToken is null ? [] : keep,
            ["Message"] = problem!.Reason, ["Field"] = problem.Field,
        }, problem.Status);
    }

    /// <summary>What the page's form needs besides the request, resolved by the framework as one parameter.</summary>
    public sealed record ReportFormServices(ReportLimits Limits, ClientAddresses Addresses, ReportIntake Intake, PageRenderer Pages,
        HeldPhotos HeldPhotos, IdentityProtector Identities, TimeProvider Clock);

    /// <summary>The refusal of a submission over the limit, with when the citizen may send it again (Colombian time).</summary>
    public static FieldProblem RateLimited(TimeSpan wait, TimeProvider clock)
    {
        var at = ColombiaTime.Now(clock) + wait;
        at = at.AddTicks(-(at.Ticks % TimeSpan.TicksPerMinute)).AddMinutes(at.Ticks % TimeSpan.TicksPerMinute == 0 ? 0 : 1);
        var when = wait <= TimeSpan.FromMinutes(1) ? "en 1 minuto" : $"a las {at:H:mm}";
        return new FieldProblem("body", "Recibimos demasiados reportes desde su conexión en poco tiempo. " +
            $"Lo que escribió no se perdió: podrá enviarlo de nuevo {when}.", StatusCodes.Status429TooManyRequests);
    }

    /// <summary>POST /api/reports/lookup: the code travels in the body, never in a URL that ends up in logs.</summary>
    [Problem(StatusCodes.Status400BadRequest), Problem(StatusCodes.Status404NotFound), Problem(StatusCodes.Status429TooManyRequests)]
    public static async Task<Results<Ok<PublicStatus>, ProblemHttpResult>> Lookup(HttpRequest request, ReportLimits limiter,
        IReportStore reports, TimeProvider clock)
    {
        if (limiter.AcquireLookup(request) is { } wait)
        {
            RetryAfter.Set(request.HttpContext.Response, wait);
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
    public static async Task<IResult> FollowUp(HttpRequest request, ReportLimits limiter, IReportStore reports,
        WorksCatalog catalog, PageRenderer pages, TimeProvider clock)
    {
        if (limiter.AcquireLookup(request) is { } wait)
        {
            RetryAfter.Set(request.HttpContext.Response, wait);
            return await pages.PageAsync<FollowUpPage>(new Dictionary<string, object?>
            {
                ["Notice"] = $"Hizo muchas consultas en el último minuto. Intente de nuevo en {Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))} segundos.",
            }, StatusCodes.Status429TooManyRequests);
        }
        var (form, unreadable) = await FormBody.ReadAsync(request, BodyLimit.SmallForm);
        if (unreadable is { Status: not StatusCodes.Status415UnsupportedMediaType })
            return await pages.PageAsync<FollowUpPage>(new Dictionary<string, object?> { ["Notice"] = unreadable.Reason }, unreadable.Status);
        var code = form is null ? "" : form["code"].ToString();
        var report = await FindByCodeAsync(reports, code, request.HttpContext.RequestAborted);
        var work = report is null ? null : await catalog.FindWorkAsync(report.ContractId, request.HttpContext.RequestAborted);
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

    // Nothing of the report is kept, not even the photos held for another try: the office receives it, not this site.
    static async Task<IResult> WithdrawnPage(HttpRequest request, PageRenderer pages, HeldPhotos heldPhotos, ReportDraft draft, string client,
        ReportOutcome.Withdrawn withdrawn)
    {
        if (draft.HeldToken is { } token) await heldPhotos.ForgetAsync(token, client);
        return await pages.CompressedPageAsync<WithdrawnPage>(request, new Dictionary<string, object?>
        {
            ["Contract"] = withdrawn.Work, ["Withdrawal"] = withdrawn.Withdrawal, ["ReportGoesTo"] = withdrawn.Office,
        }, withdrawn.Problem.Status);
    }

    static Task<IResult> ErrorPage(HttpRequest request, PageRenderer pages, string contractId, string message, int status) =>
        pages.CompressedPageAsync<ReportErrorPage>(request, new Dictionary<string, object?>
            { ["ContractId"] = contractId, ["Message"] = message }, status);
}

public sealed record LookupRequest(string? TrackingCode);

/// <summary>What the API answers when it keeps a report: the tracking code is shown only now.</summary>
public sealed record Receipt(string? TrackingCode, string Status, DateOnly Deadline, bool LacksEvidence, int Photos)
{
    public static Receipt Of(ReportOutcome.Submitted s) =>
        new(s.TrackingCode, s.Report.Status, s.Report.Deadline, s.Report.LacksEvidence, s.Report.Photos.Count);
}
