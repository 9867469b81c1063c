using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using ObrasQr.Auth;
using ObrasQr.Http;
using ObrasQr.Storage;
using ObrasQr.Sync;

namespace ObrasQr.Secop;

/// <summary>For the office: upload SECOP II exports; the sync job imports them.</summary>
public static class ExportHandlers
{
    static readonly string TooLarge = $"El archivo supera {BodyLimit.Size(BodyLimit.Export)}.";

    /// <summary>POST /api/exports: the raw body (text/csv, application/json, xlsx) or a multipart part named "file".</summary>
    [Problem(StatusCodes.Status400BadRequest), Problem(StatusCodes.Status415UnsupportedMediaType), Problem(StatusCodes.Status422UnprocessableEntity)]
    public static async Task<Results<Accepted<ExportAccepted>, ProblemHttpResult>> Upload(HttpRequest request, Caller caller,
        IExportStore exports, IFileStore files, SyncJob sync, TimeProvider clock, CancellationToken ct)
    {
        Stream body;
        string fileName, contentType;
        if (request.HasFormContentType)
        {
            IFormCollection form;
            try { form = await request.ReadFormAsync(ct); }
            catch (InvalidDataException) { return Problems.Of("file", "El envío multipart no se pudo leer."); }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
            { return Problems.Of("file", TooLarge, StatusCodes.Status413PayloadTooLarge); }
            if (form.Files.GetFile("file") is not { } part)
                return Problems.Of("file", "Un envío multipart necesita una parte llamada 'file' con el archivo.");
            (body, fileName, contentType) = (part.OpenReadStream(), Path.GetFileName(part.FileName), part.ContentType ?? "");
        }
        else
        {
            (body, fileName, contentType) = (request.Body, "export", request.ContentType ?? "");
        }

        var exportId = $"{clock.GetUtcNow():yyyyMMddHHmmss}-{Guid.NewGuid():N}"[..27];
        var path = $"exports/{exportId}";
        var counted = new CountingStream(body, BodyLimit.Export);
        try
        {
            await files.SaveAsync(path, counted, ct);
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
        {
            await files.DeleteAsync(path);
            return Problems.Of("file", TooLarge, StatusCodes.Status413PayloadTooLarge);
        }
        if (counted.BytesRead == 0)
        {
            await files.DeleteAsync(path);
            return Problems.Of("file", "El archivo está vacío.");
        }

        // A file that cannot be an export is answered now, not at the next sync: 415 when ObrasQr cannot read its
        // format at all, 422 when it reads but is not a contracts export.
        await using (var saved = await files.OpenReadAsync(path, ct))
        {
            if (saved is not null && await SecopFile.CheckAsync(saved, ct) is { } refused)
            {
                await files.DeleteAsync(path);
                return Problems.Of("file", refused.Message,
                    refused.UnsupportedFormat ? StatusCodes.Status415UnsupportedMediaType : StatusCodes.Status422UnprocessableEntity);
            }
        }

        var export = new SecopExport
        {
            ExportId = exportId,
            FileName = string.IsNullOrWhiteSpace(fileName) ? "export" : fileName,
            ContentType = contentType,
            Size = counted.BytesRead,
            FilePath = path,
            UploadedAt = clock.GetUtcNow(),
            UploadedBy = caller.Name,
            EntityNit = caller.EntityNit,
        };
        await exports.AddAsync(export, ct);
        sync.ImportPendingInBackground();   // the timer still picks up anything this misses
        return TypedResults.Accepted($"/api/exports/{exportId}", new ExportAccepted(exportId, export.Status));
    }

    /// <summary>GET /api/exports/{exportId}: what importing it did, with the row errors.</summary>
    [Problem(StatusCodes.Status404NotFound)]
    public static async Task<Results<Ok<SecopExport>, ProblemHttpResult>> Status(string exportId, Caller caller, IExportStore exports, CancellationToken ct) =>
        await exports.FindAsync(exportId, ct) is { } export && caller.Sees(export.EntityNit)
            ? TypedResults.Ok(export)
            : Problems.NotFound("exportId", $"No hay una carga con el identificador '{exportId}'.");
}

public sealed record ExportAccepted(string ExportId, string Status);
