using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using ObrasQr.Auth;
using ObrasQr.Http;
using ObrasQr.Storage;
using ObrasQr.Jobs;

namespace ObrasQr.Secop;

/// <summary>For the office: upload SECOP II exports; the sync job imports them.</summary>
public static class ExportHandlers
{
    /// <summary>POST /api/exports: the raw body (text/csv, application/json, xlsx) or a multipart part named "file".</summary>
    [Problem(StatusCodes.Status400BadRequest), Problem(StatusCodes.Status415UnsupportedMediaType), Problem(StatusCodes.Status422UnprocessableEntity)]
    public static async Task<Results<Accepted<ExportAccepted>, ProblemHttpResult>> Upload(HttpRequest request, Caller caller,
        IExportStore exports, IFileStore files, IJobQueue jobs, TimeProvider clock, CancellationToken ct)
    {
        Stream body;
        string fileName, contentType;
        if (request.HasFormContentType)
        {
            var (part, missing) = await ExportIntake.ReadFilePartAsync(request,
                "Un envío multipart necesita una parte llamada 'file' con el archivo.", ct);
            if (part is null) return Problems.Of(missing!);
            (body, fileName, contentType) = (part.OpenReadStream(), Path.GetFileName(part.FileName), part.ContentType ?? "");
        }
        else
        {
            (body, fileName, contentType) = (request.Body, "export", request.ContentType ?? "");
        }

        var (export, refused) = await ExportIntake.ReceiveAsync(body, fileName, contentType, caller, exports, files, jobs, clock, ct);
        if (export is null) return Problems.Of(refused!);
        return TypedResults.Accepted($"/api/exports/{export.ExportId}", new ExportAccepted(export.ExportId, export.Status));
    }

    /// <summary>GET /api/exports/{exportId}: what importing it did, with the row errors.</summary>
    [Problem(StatusCodes.Status404NotFound)]
    public static async Task<Results<Ok<SecopExport>, ProblemHttpResult>> Status(string exportId, Caller caller, IExportStore exports, CancellationToken ct) =>
        await exports.FindAsync(exportId, ct) is { } export && caller.Sees(export.EntityNit)
            ? TypedResults.Ok(export)
            : Problems.NotFound("exportId", $"No hay una carga con el identificador '{exportId}'.");
}

public sealed record ExportAccepted(string ExportId, string Status);
