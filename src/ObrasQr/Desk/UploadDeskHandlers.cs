using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
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
    public static async Task<Results<HtmlPage<UploadsPage>, HtmlPage<DeskMessagePage>>> List(Caller caller, string? pagina,
        IExportStore exports, SodaSync soda, IOptions<ObrasQrOptions> options, PageRenderer pages, CancellationToken ct)
    {
        if (!DeskPaging.TryParse(pagina, out var page))
            return await Message(pages, caller, "Página no válida", DeskPaging.BadPage, StatusCodes.Status400BadRequest);
        return await ListPage(caller, page, null, exports, soda, options.Value, pages, StatusCodes.Status200OK, ct);
    }

    /// <summary>POST /escritorio/cargas: the same intake as POST /api/exports; then the upload's own page, or the list
    /// again with the reason next to the file field (nothing kept).</summary>
    public static async Task<Results<RedirectHttpResult, HtmlPage<UploadsPage>>> Upload(HttpRequest request, Caller caller,
        [AsParameters] UploadServices services, CancellationToken ct)
    {
        var (exports, files, jobs, soda, options, clock, pages) = services;
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
                if (export is not null) return TypedResults.Redirect($"/escritorio/cargas/{Uri.EscapeDataString(export.ExportId)}");
                problem = refused;
            }
        }
        return await ListPage(caller, 1, problem, exports, soda, options.Value, pages, problem!.Status, ct);
    }

    /// <summary>GET /escritorio/cargas/{exportId}: one upload with all its errors; another entity's answers 404.</summary>
    public static async Task<Results<HtmlPage<UploadPage>, HtmlPage<DeskMessagePage>>> Detail(Caller caller, string exportId,
        IExportStore exports, PageRenderer pages, CancellationToken ct)
    {
        var export = await exports.FindAsync(exportId, ct);
        if (export is null || !caller.Sees(export.EntityNit))
            return await Message(pages, caller, "Carga no encontrada",
                "No hay una carga con ese identificador entre las de su entidad.", StatusCodes.Status404NotFound);
        return await pages.HtmlAsync<UploadPage>(new Dictionary<string, object?>
        {
            ["Caller"] = caller,
            ["Export"] = export,
        });
    }

    static async Task<HtmlPage<UploadsPage>> ListPage(Caller caller, int page, FieldProblem? problem, IExportStore exports,
        SodaSync soda, ObrasQrOptions options, PageRenderer pages, int status, CancellationToken ct)
    {
        // One more than shown tells whether there is a next page.
        var list = await exports.ListAsync(caller.EntityNit, (page - 1) * PageSize, PageSize + 1, ct);
        return await pages.HtmlAsync<UploadsPage>(new Dictionary<string, object?>
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

    internal static Task<HtmlPage<DeskMessagePage>> Message(PageRenderer pages, Caller caller, string heading, string message, int status,
        string? section = "cargas") =>
        pages.HtmlAsync<DeskMessagePage>(new Dictionary<string, object?>
        {
            ["Caller"] = caller,
            ["Heading"] = heading,
            ["Message"] = message,
            ["Section"] = section,
        }, status);
}

/// <summary>What an upload from the desk uses: the intake's stores and queue, the list page's sync entities and chunk
/// size, the clock and the renderer.</summary>
public sealed record UploadServices(IExportStore Exports, IFileStore Files, ObrasQr.Jobs.IJobQueue Jobs, SodaSync Soda,
    IOptions<ObrasQrOptions> Options, TimeProvider Clock, PageRenderer Pages);
