using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using ObrasQr.Auth;
using ObrasQr.Contracts;
using ObrasQr.Http;
using ObrasQr.Reports;
using ObrasQr.Storage;
using ObrasQr.Withdrawals;

namespace ObrasQr.Progress;

/// <summary>Physical progress of each work: the office records it through the API; anyone reads it and its photos.</summary>
public static class ProgressHandlers
{
    /// <summary>Entries the open data lists per work: more than any work has; a bound all the same.</summary>
    public const int Listed = 1000;

    /// <summary>POST /api/contracts/{contractId}/avances: JSON, or multipart with photos in parts named "photos".</summary>
    [Problem(StatusCodes.Status400BadRequest), Problem(StatusCodes.Status404NotFound), Problem(StatusCodes.Status413PayloadTooLarge),
     Problem(StatusCodes.Status415UnsupportedMediaType)]
    public static async Task<Results<Created<ProgressItem>, ProblemHttpResult>> Record(HttpRequest request, ContractId contractId, Caller caller,
        ProgressLog log)
    {
        var ct = request.HttpContext.RequestAborted;
        // Scope before the body: another entity's office learns nothing, not even what its body got wrong.
        if (await log.WorkAsync(contractId, caller, ct) is null) return Problems.Of(ProgressLog.NoWork(contractId));

        ProgressSubmission submission;
        IReadOnlyList<byte[]> photos = [];
        if (request.HasJsonContentType())
        {
            if (BodyLimit.Apply(request.HttpContext, BodyLimit.Json) is { } tooLarge) return (ProblemHttpResult)tooLarge;
            var (body, problem) = await JsonBody.ReadAsync<ProgressRequest>(request, "el avance { date, percent, note, location }");
            if (problem is not null) return Problems.Of(problem);
            submission = body!.ToSubmission();
        }
        else if (request.HasFormContentType)
        {
            var (form, unreadable) = await FormBody.ReadAsync(request, ReportRequest.MaxMultipartBytes);
            if (unreadable is not null) return Problems.Of(unreadable);
            var (sent, tooBig) = await PhotoBatch.ReadAsync(form!, ct);
            if (tooBig.Count > 0) return Problems.Of("photos", string.Join(" ", tooBig), StatusCodes.Status413PayloadTooLarge);
            (submission, photos) = (ProgressRequest.FromForm(form!), [.. sent.Select(p => p.Bytes)]);
        }
        else
        {
            return Problems.Of("body", "Envíe el avance como application/json o multipart/form-data.", StatusCodes.Status415UnsupportedMediaType);
        }

        return await log.RecordAsync(contractId, submission, photos, caller, ct) switch
        {
            ProgressLog.Recorded r => TypedResults.Created($"/api/contracts/{Uri.EscapeDataString(r.Entry.ContractId)}/avances", ProgressItem.Of(r.Entry)),
            ProgressLog.Refused r => Problems.Of(r.Problem),
            var other => throw new InvalidOperationException($"Unexpected outcome {other}."),
        };
    }

    /// <summary>PATCH /api/contracts/{contractId}/avances/{entryId}: the office corrects one of its entries (JSON
    /// { version, date, percent, note, location, removePhotos, reason }, each optional but version).</summary>
    [Problem(StatusCodes.Status400BadRequest), Problem(StatusCodes.Status403Forbidden), Problem(StatusCodes.Status404NotFound),
     Problem(StatusCodes.Status409Conflict)]
    public static async Task<Results<Ok<ProgressItem>, ProblemHttpResult>> Correct(HttpRequest request, ContractId contractId, string entryId,
        Caller caller, ProgressLog log)
    {
        var ct = request.HttpContext.RequestAborted;
        // Scope before the body, as Record does.
        if ((await log.OwnEntryAsync(contractId, entryId, caller, ct)).Problem is { } refused) return Problems.Of(refused);
        var (correction, problem) = await CorrectionAsync(request, "la corrección { version, date, percent, note, location, removePhotos, reason }");
        if (problem is not null) return Problems.Of(problem);
        return await log.CorrectAsync(contractId, entryId, correction!, caller, ct) switch
        {
            ProgressLog.Corrected c => TypedResults.Ok(ProgressItem.Of(c.Entry)),
            ProgressLog.Refused r => Problems.Of(r.Problem),
            var other => throw new InvalidOperationException($"Unexpected outcome {other}."),
        };
    }

    /// <summary>DELETE /api/contracts/{contractId}/avances/{entryId}: JSON { version, reason }. The entry leaves the page, the
    /// map and the open data; its earlier states and photo files are kept for the record, with no public address.</summary>
    [Problem(StatusCodes.Status400BadRequest), Problem(StatusCodes.Status403Forbidden), Problem(StatusCodes.Status404NotFound),
     Problem(StatusCodes.Status409Conflict)]
    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(HttpRequest request, ContractId contractId, string entryId,
        Caller caller, ProgressLog log)
    {
        var ct = request.HttpContext.RequestAborted;
        if ((await log.OwnEntryAsync(contractId, entryId, caller, ct)).Problem is { } refused) return Problems.Of(refused);
        var (correction, problem) = await CorrectionAsync(request, "{ version, reason }");
        if (problem is not null) return Problems.Of(problem);
        return await log.DeleteAsync(contractId, entryId, correction!, caller, ct) switch
        {
            ProgressLog.Deleted => TypedResults.NoContent(),
            ProgressLog.Refused r => Problems.Of(r.Problem),
            var other => throw new InvalidOperationException($"Unexpected outcome {other}."),
        };
    }

    static async Task<(ProgressCorrection?, FieldProblem?)> CorrectionAsync(HttpRequest request, string shape)
    {
        var (body, problem) = await JsonBody.ReadAsync<JsonObject>(request, shape);
        return problem is not null ? (null, problem) : ProgressCorrection.FromJson(body!);
    }

    /// <summary>GET /api/contracts/{contractId}/avances: what the office recorded, for anyone (open data).</summary>
    [Problem(StatusCodes.Status404NotFound)]
    public static async Task<Results<Ok<ProgressList>, ProblemHttpResult>> List(ContractId contractId, IContractStore contracts,
        IProgressStore progress, IWithdrawalStore withdrawals, CancellationToken ct)
    {
        var current = await contracts.FindAsync(contractId, ct);
        if (current is null || !current.Contract.IsPublishedWork) return Problems.Of(ProgressLog.NoWork(contractId));
        if (await withdrawals.FindAsync(current.ContractId, ct) is { } withdrawn)
            return TypedResults.Ok(new ProgressList(current.ContractId, [], WithdrawalNotice.Of(withdrawn)));
        var entries = await progress.ListAsync(current.ContractId, Listed, ct);
        return TypedResults.Ok(new ProgressList(current.ContractId, entries.Select(ProgressItem.Of).ToList()));
    }

    /// <summary>GET /o/{contractId}/avances/{entryId}/fotos/{n}: a photo as stored, metadata already removed.</summary>
    [Answers(StatusCodes.Status200OK, "image/jpeg", "image/png", "image/webp"), Problem(StatusCodes.Status404NotFound)]
    public static Task<Results<FileStreamHttpResult, ProblemHttpResult>> Photo(HttpResponse response, ContractId contractId, string entryId, int n,
        IProgressStore progress, IFileStore files, CancellationToken ct) =>
        FileAsync(response, contractId, entryId, n, progress, files, ct);

    /// <summary>GET /o/{contractId}/avances/{entryId}/fotos/{n}/miniatura: the gallery's small version of the photo, from
    /// memory after its first view (<see cref="ThumbnailCache"/>).</summary>
    [Answers(StatusCodes.Status200OK, "image/jpeg", "image/png", "image/webp"), Problem(StatusCodes.Status404NotFound)]
    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Thumbnail(HttpResponse response, ContractId contractId, string entryId,
        int n, ThumbnailCache thumbnails, CancellationToken ct)
    {
        if (await thumbnails.FindAsync(contractId, entryId, n, ct) is not { } thumbnail) return NoPhoto();
        response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.Bytes(thumbnail.Bytes, PhotoCleaner.ContentType(Path.GetExtension(thumbnail.Path).TrimStart('.')));
    }

    static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> FileAsync(HttpResponse response, string contractId, string entryId, int n,
        IProgressStore progress, IFileStore files, CancellationToken ct)
    {
        // The entry read on every request (photos are not kept in memory): a deleted entry or a removed photo is 404 at once.
        if ((await progress.FindAsync(contractId, entryId, ct))?.PhotoAt(n) is not { } path) return NoPhoto();
        var stream = await files.OpenReadAsync(path, ct);
        if (stream is null) return NoPhoto();
        response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.Stream(stream, PhotoCleaner.ContentType(Path.GetExtension(path).TrimStart('.')));
    }

    static ProblemHttpResult NoPhoto() => Problems.Of("n", "Ese avance no tiene esa foto.", StatusCodes.Status404NotFound);
}
