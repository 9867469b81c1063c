using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using ObrasQr.Auth;
using ObrasQr.Http;
using ObrasQr.Storage;
using ObrasQr.Sync;

namespace ObrasQr.Secop;

/// <summary>
/// For the office: an export too large for one request (over <see cref="BodyLimit.Export"/>, the Functions host's
/// limit), sent in chunks of at most <see cref="BodyLimit.ExportChunk"/>: start, send each chunk (in any order, again
/// if its answer was lost), complete. Completing checks and records it exactly as <see cref="ExportHandlers.Upload"/>.
/// </summary>
public static class ExportUploadHandlers
{
    /// <summary>POST /api/exports/uploads: { fileName, contentType, totalSize } → the upload's id and how to cut the file.</summary>
    [Problem(StatusCodes.Status400BadRequest)]
    public static async Task<Results<Created<ExportUploadStarted>, ProblemHttpResult>> Start(HttpRequest request, Caller caller,
        IFileStore files, IOptions<ObrasQrOptions> options, TimeProvider clock, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<ExportUploadRequest>(request, "la carga { fileName, contentType, totalSize }");
        if (body is null) return Problems.Of(problem!);
        if (body.TotalSize is not > 0)
            return Problems.Of("totalSize", "Indique el tamaño total del archivo en bytes (un número mayor que 0).");
        if (body.TotalSize > BodyLimit.ExportTotal)
            return Problems.Of("totalSize", ExportIntake.TooLargeInChunks, StatusCodes.Status413PayloadTooLarge);
        var fileName = Path.GetFileName(body.FileName?.Trim() ?? "");
        var upload = new ExportUpload(ExportIntake.NewExportId(clock),
            fileName is { Length: > 0 and <= 255 } ? fileName : "export",
            body.ContentType is { Length: <= 255 } type ? type : "",
            body.TotalSize.Value, ExportUpload.ChunkSizeOf(options.Value),
            clock.GetUtcNow(), ExportUpload.OwnerOf(caller), caller.Name, caller.EntityNit);
        await ExportUpload.SaveAsync(files, upload, ct);
        var at = $"/api/exports/uploads/{upload.UploadId}";
        return TypedResults.Created(at, new ExportUploadStarted(upload.UploadId, upload.ChunkSize, upload.ChunkCount,
            $"{at}/chunks/{{n}}", $"{at}/complete", upload.StartedAt + ExportUpload.Lifetime));
    }

    /// <summary>PUT /api/exports/uploads/{uploadId}/chunks/{n}: chunk n (from 1) as the raw body, of exactly the size
    /// the start announced (the last one holds the rest); sending it again replaces it.</summary>
    [Problem(StatusCodes.Status400BadRequest), Problem(StatusCodes.Status404NotFound)]
    public static async Task<Results<NoContent, ProblemHttpResult>> Chunk(string uploadId, int n, HttpRequest request, Caller caller,
        IFileStore files, IFileParts parts, TimeProvider clock, CancellationToken ct)
    {
        if (await ExportUpload.FindAsync(files, uploadId, caller, clock, ct) is not { } upload) return Unknown(uploadId);
        if (n < 1) return Problems.Of("n", $"Las partes se numeran desde 1 hasta {upload.ChunkCount}.");
        if (n > upload.ChunkCount)
            return Problems.Of("n", $"La parte {n} queda fuera del archivo anunciado: {upload.TotalSize} bytes en {upload.ChunkCount} partes.",
                StatusCodes.Status413PayloadTooLarge);
        var expected = upload.SizeOf(n);
        if (request.ContentLength > expected) return TooLong(n, expected);
        var counted = new CountingStream(request.Body, expected);
        try
        {
            await parts.SavePartAsync(upload.FilePath, n, counted, ct);
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
        {
            return TooLong(n, expected);
        }
        // A short chunk is kept: completing names it, and sending it again replaces it.
        if (counted.BytesRead != expected) return Problems.Of("body", ShortChunk(n, counted.BytesRead, expected));
        return TypedResults.NoContent();
    }

    /// <summary>POST /api/exports/uploads/{uploadId}/complete: joins the chunks in order, then the same checks and
    /// import as a whole upload; 202 with the export's status address.</summary>
    [Problem(StatusCodes.Status400BadRequest), Problem(StatusCodes.Status404NotFound), Problem(StatusCodes.Status415UnsupportedMediaType),
     Problem(StatusCodes.Status422UnprocessableEntity)]
    public static async Task<Results<Accepted<ExportAccepted>, ProblemHttpResult>> Complete(string uploadId, Caller caller, IFileStore files,
        IFileParts parts, IExportStore exports, ObrasQr.Jobs.IJobQueue jobs, TimeProvider clock, CancellationToken ct)
    {
        if (await ExportUpload.FindAsync(files, uploadId, caller, clock, ct) is not { } upload) return Unknown(uploadId);
        var kept = await parts.ListPartsAsync(upload.FilePath, ct);
        var missing = Enumerable.Range(1, upload.ChunkCount).Where(n => !kept.ContainsKey(n)).ToList();
        if (missing.Count > 0)
            return Problems.Of("chunks", missing.Count == 1
                ? $"Falta la parte {missing[0]} de {upload.ChunkCount}. Envíela y vuelva a completar la carga."
                : $"Faltan las partes {Join(missing)} de {upload.ChunkCount}. Envíelas y vuelva a completar la carga.");
        if (Enumerable.Range(1, upload.ChunkCount).FirstOrDefault(n => kept[n] != upload.SizeOf(n)) is > 0 and var wrong)
            return Problems.Of("chunks", $"{ShortChunk(wrong, kept[wrong], upload.SizeOf(wrong))} Envíela de nuevo y vuelva a completar la carga.");

        await parts.CommitPartsAsync(upload.FilePath, upload.ChunkCount, ct);
        await ExportUpload.ForgetAsync(files, upload.UploadId, ct);
        var (export, refused) = await ExportIntake.AcceptAsync(upload.UploadId, upload.TotalSize, upload.FileName, upload.ContentType, caller,
            exports, files, jobs, clock, ct);
        if (export is null) return Problems.Of(refused!);
        return TypedResults.Accepted($"/api/exports/{export.ExportId}", new ExportAccepted(export.ExportId, export.Status));
    }

    static ProblemHttpResult Unknown(string uploadId) => Problems.NotFound("uploadId",
        $"No hay una carga en curso con el identificador '{uploadId}': no existe, es de otra persona o empezó hace más de un día.");

    static ProblemHttpResult TooLong(int n, long expected) =>
        Problems.Of("body", $"La parte {n} debe tener {expected} bytes y llegaron más.", StatusCodes.Status413PayloadTooLarge);

    static string ShortChunk(int n, long got, long expected) => $"La parte {n} tiene {got} bytes y debe tener {expected}.";

    static string Join(List<int> numbers) => $"{string.Join(", ", numbers[..^1])} y {numbers[^1]}";
}

public sealed record ExportUploadRequest(string? FileName, string? ContentType, long? TotalSize);

/// <param name="ChunkUrl">Where chunk n goes ("{n}" replaced by its number, from 1).</param>
public sealed record ExportUploadStarted(string UploadId, long ChunkSize, int ChunkCount, string ChunkUrl, string CompleteUrl,
    DateTimeOffset ExpiresAt);
