using Microsoft.AspNetCore.Http;
using ObrasQr.Auth;
using ObrasQr.Http;
using ObrasQr.Storage;
using ObrasQr.Jobs;

namespace ObrasQr.Secop;

/// <summary>
/// Receiving one uploaded export, the same for the API (<see cref="ExportHandlers.Upload"/>) and the desk's file field
/// (<see cref="Desk.UploadDeskHandlers"/>): keep the file, refuse now what cannot be an export, record it as pending and queue
/// its import. An export sent in chunks (<see cref="ExportUploadHandlers"/>) joins its chunks, then
/// takes the same last steps (<see cref="AcceptAsync"/>). The body goes to the store as a stream: a multipart part is
/// read from ASP.NET Core's temporary file (parts over 64 KB are spooled to disk), never held whole in memory.
/// </summary>
public static class ExportIntake
{
    public static readonly string TooLarge = $"El archivo supera {BodyLimit.Size(BodyLimit.Export)}, lo que cabe en un solo envío: " +
        $"envíelo por partes (POST /api/exports/uploads, o el formulario de /escritorio/cargas con JavaScript activo).";

    public static readonly string TooLargeInChunks = $"El archivo supera {BodyLimit.Size(BodyLimit.ExportTotal)}.";

    /// <summary>The multipart part named <c>file</c> of a form post, or the problem that says why there is none.</summary>
    public static async Task<(IFormFile? File, FieldProblem? Problem)> ReadFilePartAsync(HttpRequest request, string missingReason,
        CancellationToken ct)
    {
        IFormCollection form;
        try { form = await request.ReadFormAsync(ct); }
        catch (InvalidDataException) { return (null, new FieldProblem("file", "El envío multipart no se pudo leer.")); }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        { return (null, new FieldProblem("file", TooLarge, StatusCodes.Status413PayloadTooLarge)); }
        return form.Files.GetFile("file") is { } part
            ? (part, null)
            : (null, new FieldProblem("file", missingReason));
    }

    /// <summary>Keeps the file and records the export as pending, or answers why not (changing nothing).</summary>
    public static async Task<(SecopExport? Export, FieldProblem? Problem)> ReceiveAsync(Stream body, string fileName, string contentType,
        Caller caller, IExportStore exports, IFileStore files, IJobQueue jobs, TimeProvider clock, CancellationToken ct)
    {
        var exportId = NewExportId(clock);
        var path = FilePathOf(exportId);
        var counted = new CountingStream(body, BodyLimit.Export);
        try
        {
            await files.SaveAsync(path, counted, ct);
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
        {
            await files.DeleteAsync(path);
            return (null, new FieldProblem("file", TooLarge, StatusCodes.Status413PayloadTooLarge));
        }
        return await AcceptAsync(exportId, counted.BytesRead, fileName, contentType, caller, exports, files, jobs, clock, ct);
    }

    /// <summary>Sortable by upload time, and unguessable.</summary>
    public static string NewExportId(TimeProvider clock) => $"{clock.GetUtcNow():yyyyMMddHHmmss}-{Guid.NewGuid():N}"[..27];

    public static string FilePathOf(string exportId) => $"exports/{exportId}";

    /// <summary>The file of <paramref name="exportId"/> is in the store, whole (sent in one request or joined from
    /// its chunks): refuses it now (deleting it) if it cannot be an export, else records it pending and starts its import.</summary>
    public static async Task<(SecopExport? Export, FieldProblem? Problem)> AcceptAsync(string exportId, long size, string fileName,
        string contentType, Caller caller, IExportStore exports, IFileStore files, IJobQueue jobs, TimeProvider clock, CancellationToken ct)
    {
        var path = FilePathOf(exportId);
        if (size == 0)
        {
            await files.DeleteAsync(path, ct);
            return (null, new FieldProblem("file", "El archivo está vacío."));
        }

        // A file that cannot be an export is answered now, not at the next sync: 415 when ObrasQr cannot read its
        // format at all, 422 when it reads but is not a contracts export.
        await using (var saved = await files.OpenReadAsync(path, ct))
        {
            if (saved is not null && await UploadGate.CheckAsync(saved, ct) is { } refused)
            {
                await files.DeleteAsync(path);
                return (null, new FieldProblem("file", refused.Message,
                    refused.UnsupportedFormat ? StatusCodes.Status415UnsupportedMediaType : StatusCodes.Status422UnprocessableEntity));
            }
        }

        var export = new SecopExport
        {
            ExportId = exportId,
            FileName = string.IsNullOrWhiteSpace(fileName) ? "export" : fileName,
            ContentType = contentType,
            Size = size,
            FilePath = path,
            UploadedAt = clock.GetUtcNow(),
            UploadedBy = caller.Name,
            EntityNit = caller.EntityNit,
        };
        await exports.AddAsync(export, ct);
        await jobs.EnqueueAsync(JobRef.Import(export.ExportId), ct);
        return (export, null);
    }
}
