using Microsoft.AspNetCore.Http;
using ObrasQr.Auth;
using ObrasQr.Storage;
using ObrasQr.Sync;

namespace ObrasQr.Secop;

/// <summary>The office uploads SECOP II exports; the sync job imports them.</summary>
public sealed class ExportHandlers(ApiKeys keys, IExportStore exports, IFileStore files, SyncJob sync, TimeProvider clock)
{
    public const long MaxUploadBytes = 100 * 1024 * 1024;

    /// <summary>POST /api/exports: the raw body (text/csv, application/json) or a multipart part named "file".</summary>
    public async Task<IResult> Upload(HttpRequest request)
    {
        var (caller, denied) = keys.Authorize(request, Roles.Office);
        if (denied is not null) return denied;
        if (request.ContentLength > MaxUploadBytes)
            return Problems.Field("file", $"The export is larger than {MaxUploadBytes / (1024 * 1024)} MB.", StatusCodes.Status413PayloadTooLarge);

        Stream body;
        string fileName, contentType;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
            if (form.Files.GetFile("file") is not { } part)
                return Problems.Field("file", "A multipart upload needs a part named 'file'.");
            (body, fileName, contentType) = (part.OpenReadStream(), Path.GetFileName(part.FileName), part.ContentType ?? "");
        }
        else
        {
            (body, fileName, contentType) = (request.Body, "export", request.ContentType ?? "");
        }

        var exportId = $"{clock.GetUtcNow():yyyyMMddHHmmss}-{Guid.NewGuid():N}"[..27];
        var path = $"exports/{exportId}";
        var counted = new CountingStream(body, MaxUploadBytes);
        try
        {
            await files.SaveAsync(path, counted, request.HttpContext.RequestAborted);
        }
        catch (InvalidDataException)
        {
            await files.DeleteAsync(path);
            return Problems.Field("file", $"The export is larger than {MaxUploadBytes / (1024 * 1024)} MB.", StatusCodes.Status413PayloadTooLarge);
        }
        if (counted.BytesRead == 0)
        {
            await files.DeleteAsync(path);
            return Problems.Field("file", "The export is empty.");
        }

        // A file that cannot be an export is answered now, not at the next sync: 415 when ObrasQr cannot read its
        // format at all, 422 when it reads but is not a contracts export.
        await using (var saved = await files.OpenReadAsync(path, request.HttpContext.RequestAborted))
        {
            if (saved is not null && await SecopFile.CheckAsync(saved, request.HttpContext.RequestAborted) is { } refused)
            {
                await files.DeleteAsync(path);
                return Problems.Field("file", refused.Message,
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
            UploadedBy = caller!.Name,
        };
        await exports.AddAsync(export);
        sync.ImportPendingInBackground();   // the timer still picks up anything this misses
        return Results.Accepted($"/api/exports/{exportId}", new { exportId, status = export.Status });
    }

    /// <summary>GET /api/exports/{exportId}: what importing it did, with the row errors.</summary>
    public async Task<IResult> Status(HttpRequest request, string exportId)
    {
        var (_, denied) = keys.Authorize(request, Roles.Office);
        if (denied is not null) return denied;
        return await exports.FindAsync(exportId) is { } export
            ? Results.Ok(export)
            : Problems.NotFound($"No export with id '{exportId}'.");
    }
}
