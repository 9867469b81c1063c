using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http;
using ObrasQr.Auth;
using ObrasQr.Contracts;
using ObrasQr.Pages;
using ObrasQr.Storage;

namespace ObrasQr.Reports;

/// <summary>Citizens submit and follow up reports; auditors list, export and answer them.</summary>
public sealed class ReportHandlers(ReportDesk desk, ApiKeys keys, IReportStore reports, IFileStore files,
    SubmissionLimiter limiter, IdentityProtector identities, PageRenderer pages, TimeProvider clock, HeldPhotos heldPhotos,
    IContractStore contracts)
{
    /// <summary>POST /api/contracts/{contractId}/reports: JSON, or multipart with photos in parts named "photos".</summary>
    public async Task<IResult> SubmitApi(HttpRequest request, string contractId)
    {
        contractId = ContractIds.Normalize(contractId); // both hosts: the Functions app binds a plain string
        if (limiter.Acquire(request) is { } wait)
        {
            SubmissionLimiter.SetRetryAfter(request.HttpContext.Response, wait);
            return Problems.Status(StatusCodes.Status429TooManyRequests, "Too many reports",
                "Demasiados reportes aceptados desde esta dirección en el último minuto o la última hora. Intente más tarde.");
        }
        var kept = false;
        try
        {
            var (incoming, problem) = await ReportRequest.ReadAsync(request);
            if (problem is not null) return Problems.Field(problem.Field, problem.Reason, problem.Status);
            var outcome = await desk.SubmitAsync(contractId, incoming!.Submission, incoming.Photos, incoming.IdempotencyKey, request.HttpContext.RequestAborted);
            NoStore(request);
            switch (outcome)
            {
                case ReportDesk.Submitted s:
                    kept = !s.Replayed;
                    if (s.Replayed) request.HttpContext.Response.Headers["Idempotent-Replayed"] = "true";
                    request.HttpContext.Response.Headers.Location = "/api/reports/lookup";
                    return Json(new
                    {
                        trackingCode = s.TrackingCode,
                        status = s.Report.Status,
                        deadline = s.Report.Deadline,
                        lacksEvidence = s.Report.LacksEvidence,
                        photos = s.Report.Photos.Count,
                    }, StatusCodes.Status201Created);
                case ReportDesk.Refused r:
                    if (r.Status == StatusCodes.Status503ServiceUnavailable) request.HttpContext.Response.Headers.RetryAfter = "10";
                    return Problems.Field(r.Field, r.Reason, r.Status);
                default:
                    throw new InvalidOperationException();
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
    public async Task<IResult> SubmitForm(HttpRequest request, string contractId)
    {
        contractId = ContractIds.Normalize(contractId); // both hosts: the Functions app binds a plain string
        if (limiter.Acquire(request) is { } wait)
        {
            SubmissionLimiter.SetRetryAfter(request.HttpContext.Response, wait);
            return await ErrorPage(request, contractId, "Recibimos demasiados reportes desde su conexión en poco tiempo. " +
                $"Intente de nuevo en unos {Math.Max(1, (int)Math.Ceiling(wait.TotalMinutes))} minutos.", StatusCodes.Status429TooManyRequests);
        }
        var kept = false;
        try
        {
            var (result, accepted) = await SubmitFormCounted(request, contractId);
            kept = accepted;
            return result;
        }
        finally
        {
            if (!kept) limiter.Release(request); // only an accepted new report keeps its slot of the fair limit
        }
    }

    async Task<(IResult Result, bool Accepted)> SubmitFormCounted(HttpRequest request, string contractId)
    {
        if (!request.HasFormContentType)
            return (await ErrorPage(request, contractId, "Envíe el reporte desde el formulario de la obra.", StatusCodes.Status400BadRequest), false);
        var ct = request.HttpContext.RequestAborted;
        NoStore(request);
        var (form, unreadable) = await ReportRequest.ReadFormFieldsAsync(request);
        if (unreadable is not null)
            return (await ErrorPage(request, contractId, unreadable.Reason + " Envíe menos fotos o fotos más livianas.", unreadable.Status), false);

        var draft = ReportDraft.From(form!);
        var token = HeldPhotos.IsToken(draft.Token) ? draft.Token! : Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var held = await heldPhotos.LoadAsync(token, ct);
        var (photos, photoProblem) = await ReceivePhotosAsync(ReportRequest.PhotoFiles(form!), held, ct);
        var (submission, fieldProblem) = ReportRequest.SubmissionOf(form!);
        var problem = fieldProblem
            ?? (submission!.Problem() is { } p ? new ReportRequest.Problem(StatusCodes.Status400BadRequest, p.Field, p.Reason) : null);
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
                case ReportDesk.Refused { Status: StatusCodes.Status404NotFound } r:
                    return (await ErrorPage(request, contractId, r.Reason, r.Status), false);
                case ReportDesk.Refused r:
                    problem = new ReportRequest.Problem(r.Status, r.Field, r.Reason);
                    break;
            }
        }
        var contract = await contracts.FindAsync(ContractIds.Normalize(contractId), ct);
        if (contract is null || !contract.Contract.IsPublishedWork)
            return (await ErrorPage(request, contractId, "No existe una obra publicada con ese número de contrato.", StatusCodes.Status404NotFound), false);
        var keptPhotos = photos.Count > 0 && await heldPhotos.HoldAsync(token, photos, ct) ? photos : [];
        return (await pages.CompressedPageAsync<ReportFormPage>(request, new Dictionary<string, object?>
        {
            ["Contract"] = contract.Contract, ["Draft"] = draft with { Token = token }, ["Held"] = keptPhotos,
            ["Message"] = problem!.Reason, ["Field"] = problem.Field,
        }, problem.Status), false);
    }

    static readonly System.Globalization.CultureInfo ColombianNumbers = System.Globalization.CultureInfo.GetCultureInfo("es-CO");

    /// <summary>The photos held from earlier tries plus the new ones that pass; the refused ones are named in Spanish.</summary>
    static async Task<(List<HeldPhotos.Photo> Photos, ReportRequest.Problem? Problem)> ReceivePhotosAsync(
        IReadOnlyList<IFormFile> files, IReadOnlyList<HeldPhotos.Photo> held, CancellationToken ct)
    {
        var photos = new List<HeldPhotos.Photo>(held);
        var refused = new List<string>();
        var status = StatusCodes.Status400BadRequest;
        foreach (var file in files)
        {
            var name = Path.GetFileName(file.FileName) is { Length: > 0 } n ? (n.Length > 60 ? n[..60] + "…" : n) : "sin nombre";
            if (photos.Count >= PhotoCleaner.MaxCount)
                refused.Add($"«{name}» no se recibió: el máximo es {PhotoCleaner.MaxCount} fotos por reporte.");
            else if (file.Length > PhotoCleaner.MaxBytes)
            {
                // Rounded up, so a photo just over the limit never reads as "8 MB; the maximum is 8 MB".
                var megabytes = Math.Ceiling(file.Length / 1024.0 / 1024 * 10) / 10;
                refused.Add($"La foto «{name}» pesa {megabytes.ToString("0.#", ColombianNumbers)} MB; el máximo es {PhotoCleaner.MaxBytes / 1024 / 1024} MB por foto.");
                status = StatusCodes.Status413PayloadTooLarge;
            }
            else if (PhotoCleaner.Clean(await ReportRequest.BytesOf(file, ct)) is { } clean)
                photos.Add(new HeldPhotos.Photo(clean.Bytes, clean.Format));
            else
                refused.Add($"«{name}» no es una imagen JPEG, PNG o WebP válida.");
        }
        if (refused.Count == 0) return (photos, null);
        var kept = photos.Count > 0 ? $" Las demás fotos sí las recibimos ({photos.Count})." : "";
        return (photos, new ReportRequest.Problem(status, "photos", string.Join(" ", refused) + kept));
    }

    /// <summary>POST /api/reports/lookup: the code travels in the body, never in a URL that ends up in logs.</summary>
    public async Task<IResult> Lookup(HttpRequest request)
    {
        if (limiter.AcquireLookup(request) is { } wait)
        {
            SubmissionLimiter.SetRetryAfter(request.HttpContext.Response, wait);
            return Problems.Status(StatusCodes.Status429TooManyRequests, "Too many lookups",
                "Demasiadas consultas desde este cliente en el último minuto. Intente más tarde.");
        }
        if (!BodyLimit.Apply(request, BodyLimit.SmallJson)) return BodyLimit.TooLarge(BodyLimit.SmallJson);
        LookupRequest? body;
        try { body = await request.ReadFromJsonAsync<LookupRequest>(request.HttpContext.RequestAborted); }
        catch (System.Text.Json.JsonException) { body = null; }
        catch (InvalidOperationException) { body = null; } // not JSON at all
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge) { return BodyLimit.TooLarge(BodyLimit.SmallJson); }
        if (string.IsNullOrWhiteSpace(body?.TrackingCode)) return Problems.Field("trackingCode", "A tracking code is required.");
        var report = await FindByCodeAsync(body.TrackingCode, request.HttpContext.RequestAborted);
        NoStore(request);
        // Unknown and mistyped codes get the same answer: nothing to learn by guessing.
        return report is null ? Problems.NotFound("No report has that tracking code.") : Json(PublicStatus.Of(report, Today));
    }

    /// <summary>GET /api/reports (auditor): filtered, newest first, paged with an opaque cursor; ?format=csv exports all matches
    /// (&amp;sep=semicolon for spreadsheets in a Spanish regional format).</summary>
    public async Task<IResult> List(HttpRequest request)
    {
        var (_, denied) = keys.Authorize(request, Roles.Auditor);
        if (denied is not null) return denied;
        var (query, problem) = DeskFilter.Parse(request.Query, Today);
        if (problem is { } p) return Problems.Field(p.Field, p.Reason);
        var ct = request.HttpContext.RequestAborted;
        NoStore(request);

        if (request.Query["format"] == "csv")
        {
            var (today, semicolon) = (Today, request.Query["sep"] == "semicolon");
            return Results.Stream(body => ReportCsv.WriteAsync(body, AllPages(query! with { After = null, Take = 500 }, ct), today, semicolon, ct),
                ReportCsv.ContentType, $"reportes-{today:yyyy-MM-dd}.csv");
        }

        // One more than asked tells whether there is a next page.
        var list = await reports.ListAsync(query! with { Take = query.Take + 1 }, ct);
        var items = list.Take(query.Take).ToList();
        return Json(new
        {
            items = items.Select(r => DeskItem.Of(r, Today)),
            next = list.Count > query.Take ? DeskFilter.EncodeCursor(items[^1]) : null,
        });
    }

    /// <summary>Every report the query matches, one store page at a time (keyset paging, newest first).</summary>
    async IAsyncEnumerable<Report> AllPages(ReportQuery page, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        while (true)
        {
            var batch = await reports.ListAsync(page, ct);
            foreach (var report in batch) yield return report;
            if (batch.Count < page.Take) yield break;
            page = page with { After = (batch[^1].ReceivedAt, batch[^1].ReportId) };
        }
    }

    /// <summary>GET /api/reports/{reportId} (auditor): with history, photo links and the reporter's identity when given.</summary>
    public async Task<IResult> Detail(HttpRequest request, string reportId)
    {
        var (_, denied) = keys.Authorize(request, Roles.Auditor);
        if (denied is not null) return denied;
        var report = await reports.FindAsync(reportId, request.HttpContext.RequestAborted);
        if (report is null) return Problems.NotFound($"No report with id '{reportId}'.");
        var identity = report.Anonymous ? null : await reports.FindIdentityAsync(reportId, request.HttpContext.RequestAborted) is { } sealedIdentity
            ? identities.Open(sealedIdentity) : null;
        NoStore(request);
        return Json(new
        {
            report = DeskItem.Of(report, Today),
            photos = report.Photos.Select((_, i) => $"/api/reports/{report.ReportId}/photos/{i + 1}"),
            history = report.History,
            reporter = identity,
        });
    }

    /// <summary>GET /api/reports/{reportId}/photos/{n} (auditor): a photo as stored, metadata already removed.</summary>
    public async Task<IResult> Photo(HttpRequest request, string reportId, int n)
    {
        var (_, denied) = keys.Authorize(request, Roles.Auditor);
        if (denied is not null) return denied;
        var report = await reports.FindAsync(reportId, request.HttpContext.RequestAborted);
        if (report is null || n < 1 || n > report.Photos.Count) return Problems.NotFound("No such photo.");
        var path = report.Photos[n - 1];
        var stream = await files.OpenReadAsync(path, request.HttpContext.RequestAborted);
        if (stream is null) return Problems.NotFound("No such photo.");
        request.HttpContext.Response.Headers.CacheControl = "private, no-store";
        request.HttpContext.Response.Headers.XContentTypeOptions = "nosniff";
        return Results.Stream(stream, PhotoCleaner.ContentType(Path.GetExtension(path).TrimStart('.')));
    }

    /// <summary>PATCH /api/reports/{reportId} (auditor): { status, note, publicAnswer }</summary>
    public async Task<IResult> ChangeStatus(HttpRequest request, string reportId)
    {
        var (caller, denied) = keys.Authorize(request, Roles.Auditor);
        if (denied is not null) return denied;
        if (!BodyLimit.Apply(request, ReportRequest.MaxJsonBytes)) return BodyLimit.TooLarge(ReportRequest.MaxJsonBytes);
        StatusChangeRequest? change;
        try { change = await request.ReadFromJsonAsync<StatusChangeRequest>(request.HttpContext.RequestAborted); }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge) { return BodyLimit.TooLarge(ReportRequest.MaxJsonBytes); }
        catch (System.Text.Json.JsonException e) { return Problems.Field("body", $"Not valid JSON: {e.Message}"); }
        catch (InvalidOperationException) { return Problems.Field("body", "Send the change as application/json."); }
        if (change is null) return Problems.Field("body", "A JSON body { status, note } is required.");
        var outcome = await desk.ChangeStatusAsync(reportId, change, caller!.Name, request.HttpContext.RequestAborted);
        return outcome switch
        {
            ReportDesk.Submitted s => Json(new { report = DeskItem.Of(s.Report, Today), history = s.Report.History }),
            ReportDesk.Refused r => Problems.Field(r.Field, r.Reason, r.Status),
            _ => throw new InvalidOperationException(),
        };
    }

    /// <summary>GET /seguimiento</summary>
    public Task<IResult> FollowUpForm(HttpRequest request) =>
        pages.CompressedPageAsync<FollowUpPage>(request, new Dictionary<string, object?>());

    /// <summary>POST /seguimiento</summary>
    public async Task<IResult> FollowUp(HttpRequest request)
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
        if (request.HasFormContentType && BodyLimit.Apply(request, BodyLimit.SmallJson))
        {
            try { code = (await request.ReadFormAsync(request.HttpContext.RequestAborted))["code"].ToString(); }
            catch (InvalidDataException) { }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge) { }
        }
        var report = await FindByCodeAsync(code, request.HttpContext.RequestAborted);
        var work = report is null ? null : (await contracts.FindAsync(report.ContractId, request.HttpContext.RequestAborted))?.Contract;
        NoStore(request);
        return await pages.CompressedPageAsync<FollowUpPage>(request, new Dictionary<string, object?>
        {
            ["Searched"] = true,
            ["Status"] = report is null ? null : PublicStatus.Of(report, Today),
            ["ContractId"] = report?.ContractId,
            ["ContractObject"] = work?.Object,
        });
    }

    // Always hash, even an empty or malformed code, so a wrong code costs the same as a right one.
    Task<Report?> FindByCodeAsync(string? code, CancellationToken ct) =>
        reports.FindByTrackingHashAsync(TrackingCode.Hash(code ?? ""), ct);

    Task<IResult> ErrorPage(HttpRequest request, string contractId, string message, int status) =>
        pages.CompressedPageAsync<ReportErrorPage>(request, new Dictionary<string, object?>
            { ["ContractId"] = ContractIds.Normalize(contractId), ["Message"] = message }, status);

    static IResult Json(object value, int status = StatusCodes.Status200OK) => Results.Json(value, JsonOut.Options, statusCode: status);

    // Receipts, statuses and the desk's answers are private: no shared or browser cache keeps them.
    static void NoStore(HttpRequest request) => request.HttpContext.Response.Headers.CacheControl = "no-store";

    DateOnly Today => ColombiaTime.Today(clock);
}

public sealed record LookupRequest(string? TrackingCode);
