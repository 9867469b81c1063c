using Microsoft.AspNetCore.Http;
using ObrasQr.Auth;
using ObrasQr.Pages;
using ObrasQr.Storage;

namespace ObrasQr.Reports;

/// <summary>Citizens submit and follow up reports; auditors list, export and answer them.</summary>
public sealed class ReportHandlers(ReportDesk desk, ApiKeys keys, IReportStore reports, IFileStore files,
    SubmissionLimiter limiter, IdentityProtector identities, PageRenderer pages, TimeProvider clock)
{
    /// <summary>POST /api/contracts/{contractId}/reports: JSON, or multipart with photos in parts named "photos".</summary>
    public async Task<IResult> SubmitApi(HttpRequest request, string contractId)
    {
        if (limiter.Acquire(request) is { } wait)
        {
            SubmissionLimiter.SetRetryAfter(request.HttpContext.Response, wait);
            return Problems.Status(StatusCodes.Status429TooManyRequests, "Too many reports",
                "Demasiados reportes aceptados desde esta dirección en el último minuto o la última hora. Intente más tarde.");
        }
        var outcome = await SubmitCounted(request, contractId);
        NoStore(request);
        switch (outcome)
        {
            case ReportDesk.Submitted s:
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
                return Problems.Field(r.Field, r.Reason, r.Status);
            case ReportRequest.Problem p:
                return Problems.Field(p.Field, p.Reason, p.Status);
            default:
                throw new InvalidOperationException();
        }
    }

    /// <summary>POST /o/{contractId}/reportes: the page's form; answers with the receipt page.</summary>
    public async Task<IResult> SubmitForm(HttpRequest request, string contractId)
    {
        if (limiter.Acquire(request) is { } wait)
        {
            SubmissionLimiter.SetRetryAfter(request.HttpContext.Response, wait);
            return await ErrorPage(contractId, "Recibimos demasiados reportes desde su conexión en poco tiempo. " +
                $"Intente de nuevo en unos {Math.Max(1, (int)Math.Ceiling(wait.TotalMinutes))} minutos.", StatusCodes.Status429TooManyRequests);
        }
        if (!request.HasFormContentType)
        {
            limiter.Release(request);
            return await ErrorPage(contractId, "Envíe el reporte desde el formulario de la obra.", StatusCodes.Status400BadRequest);
        }
        var outcome = await SubmitCounted(request, contractId);
        NoStore(request);
        return outcome switch
        {
            ReportRequest.Problem p => await ErrorPage(contractId, p.Reason, p.Status),
            ReportDesk.Submitted s => await pages.PageAsync<ReceiptPage>(new Dictionary<string, object?>
                { ["Report"] = s.Report, ["TrackingCode"] = s.TrackingCode, ["Replayed"] = s.Replayed }),
            ReportDesk.Refused r => await ErrorPage(contractId, r.Reason, r.Status),
            _ => throw new InvalidOperationException(),
        };
    }

    /// <summary>Reads and files a submission; only an accepted new report keeps its slot of the fair limit.</summary>
    async Task<object> SubmitCounted(HttpRequest request, string contractId)
    {
        var kept = false;
        try
        {
            var (incoming, problem) = await ReportRequest.ReadAsync(request);
            if (problem is not null) return problem;
            var outcome = await desk.SubmitAsync(contractId, incoming!.Submission, incoming.Photos, incoming.IdempotencyKey, request.HttpContext.RequestAborted);
            kept = outcome is ReportDesk.Submitted { Replayed: false };
            return outcome;
        }
        finally
        {
            if (!kept) limiter.Release(request);
        }
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
            var all = new List<Report>();
            var page = query! with { After = null, Take = 500 };
            while (true)
            {
                var batch = await reports.ListAsync(page, ct);
                all.AddRange(batch);
                if (batch.Count < page.Take) break;
                page = page with { After = (batch[^1].ReceivedAt, batch[^1].ReportId) };
            }
            return Results.File(ReportCsv.Write(all, Today, semicolon: request.Query["sep"] == "semicolon"), ReportCsv.ContentType, $"reportes-{Today:yyyy-MM-dd}.csv");
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
        pages.PageAsync<FollowUpPage>(new Dictionary<string, object?>());

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
        NoStore(request);
        return await pages.PageAsync<FollowUpPage>(new Dictionary<string, object?>
        {
            ["Searched"] = true,
            ["Status"] = report is null ? null : PublicStatus.Of(report, Today),
        });
    }

    // Always hash, even an empty or malformed code, so a wrong code costs the same as a right one.
    Task<Report?> FindByCodeAsync(string? code, CancellationToken ct) =>
        reports.FindByTrackingHashAsync(TrackingCode.Hash(code ?? ""), ct);

    Task<IResult> ErrorPage(string contractId, string message, int status) =>
        pages.PageAsync<ReportErrorPage>(new Dictionary<string, object?> { ["ContractId"] = contractId, ["Message"] = message }, status);

    static IResult Json(object value, int status = StatusCodes.Status200OK) => Results.Json(value, JsonOut.Options, statusCode: status);

    // Receipts, statuses and the desk's answers are private: no shared or browser cache keeps them.
    static void NoStore(HttpRequest request) => request.HttpContext.Response.Headers.CacheControl = "no-store";

    DateOnly Today => ColombiaTime.Today(clock);
}

public sealed record LookupRequest(string? TrackingCode);
