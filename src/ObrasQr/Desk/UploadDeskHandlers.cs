using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using ObrasQr.Auth;
using ObrasQr.Http;
using ObrasQr.Pages;
using ObrasQr.Secop;
using ObrasQr.Storage;
using ObrasQr.Sync;

namespace ObrasQr.Desk;

/// <summary>For the office, in the browser: upload SECOP II exports and see what importing each did.</summary>
public static class UploadDeskHandlers
{
    public const int PageSize = 20;

    /// <summary>GET /escritorio/cargas: the file field and the past uploads within the caller's scope, newest first.</summary>
    public static async Task<IResult> List(HttpRequest request, Caller caller, string? pagina, IExportStore exports, SodaSync soda,
        IOptions<ObrasQrOptions> options, PageRenderer pages, CancellationToken ct)
    {
        if (!DeskPaging.TryParse(pagina, out var page))
            return await Message(request, pages, caller, "Página no válida", DeskPaging.BadPage, StatusCodes.Status400BadRequest);
        return await ListPage(request, caller, page, null, exports, soda, options.Value, pages, StatusCodes.Status200OK, ct);
    }

    /// <summary>POST /escritorio/cargas: the same intake as POST /api/exports; then the upload's own page, or the list
    /// again with the reason next to the file field (nothing kept).</summary>
    public static async Task<IResult> Upload(HttpRequest request, Caller caller, IExportStore exports, IFileStore files, ObrasQr.Jobs.IJobQueue jobs,
        SodaSync soda, IOptions<ObrasQrOptions> options, TimeProvider clock, PageRenderer pages, CancellationToken ct)
    {
        FieldProblem? problem;
        if (!request.HasFormContentType)
            problem = new FieldProblem("file", "Envíe el archivo con el formulario de esta página.", StatusCodes.Status415UnsupportedMediaType);
        else
        {
            var (part, missing) = await ExportIntake.ReadFilePartAsync(request, "Elija el archivo exportado de SECOP II (CSV, JSON o xlsx).", ct);
            problem = missing;
            if (part is not null)
            {
                await using var body = part.OpenReadStream();
                var (export, refused) = await ExportIntake.ReceiveAsync(body, Path.GetFileName(part.FileName), part.ContentType ?? "",
                    caller, exports, files, jobs, clock, ct);
                if (export is not null) return Results.Redirect($"/escritorio/cargas/{Uri.EscapeDataString(export.ExportId)}");
                problem = refused;
            }
        }
        return await ListPage(request, caller, 1, problem, exports, soda, options.Value, pages, problem!.Status, ct);
    }

    /// <summary>GET /escritorio/cargas/{exportId}: one upload with all its errors; another entity's answers 404.</summary>
    public static async Task<IResult> Detail(HttpRequest request, Caller caller, string exportId, IExportStore exports, PageRenderer pages,
        CancellationToken ct)
    {
        var export = await exports.FindAsync(exportId, ct);
        if (export is null || !caller.Sees(export.EntityNit))
            return await Message(request, pages, caller, "Carga no encontrada",
                "No hay una carga con ese identificador entre las de su entidad.", StatusCodes.Status404NotFound);
        return await pages.CompressedPageAsync<UploadPage>(request, new Dictionary<string, object?>
        {
            ["Caller"] = caller,
            ["Export"] = export,
        });
    }

    static async Task<IResult> ListPage(HttpRequest request, Caller caller, int page, FieldProblem? problem, IExportStore exports,
        SodaSync soda, ObrasQrOptions options, PageRenderer pages, int status, CancellationToken ct)
    {
        // One more than shown tells whether there is a next page.
        var list = await exports.ListAsync(caller.EntityNit, (page - 1) * PageSize, PageSize + 1, ct);
        return await pages.CompressedPageAsync<UploadsPage>(request, new Dictionary<string, object?>
        {
            ["Caller"] = caller,
            ["Exports"] = list.Take(PageSize).ToList(),
            ["PageNumber"] = page,
            ["HasMore"] = list.Count > PageSize,
            ["SyncEntities"] = soda.IsConfigured ? soda.Entities.Where(caller.Sees).ToList() : new List<string>(),
            ["Problem"] = problem,
            ["ChunkSize"] = ExportUpload.ChunkSizeOf(options),
        }, status);
    }

    internal static Task<IResult> Message(HttpRequest request, PageRenderer pages, Caller caller, string heading, string message, int status,
        string? section = "cargas") =>
        pages.CompressedPageAsync<DeskMessagePage>(request, new Dictionary<string, object?>
        {
            ["Caller"] = caller,
            ["Heading"] = heading,
            ["Message"] = message,
            ["Section"] = section,
        }, status);
}
