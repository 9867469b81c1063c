using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using ObrasQr.Http;
using ObrasQr.Pages;
using ObrasQr.Storage;
using ObrasQr.Reports;

namespace ObrasQr.OpenData;

/// <summary>The bulk CSV of published works and the data dictionary page, for anyone.</summary>
public static class OpenDataHandlers
{
    /// <summary>GET /api/contracts.csv?sep=&amp;entity=: every published work (of one entity with ?entity=NIT), one row
    /// each, as <see cref="OpenDataBuild"/> wrote it; ";" unless sep=comma. Both files are built, so each separator is
    /// served with the same ETag, 304 and ranges.</summary>
    [Answers(StatusCodes.Status200OK, OpenData.ContractsCsv.ContentType), Answers(StatusCodes.Status206PartialContent, OpenData.ContractsCsv.ContentType),
     Answers(StatusCodes.Status304NotModified), Problem(StatusCodes.Status400BadRequest), Problem(StatusCodes.Status404NotFound)]
    public static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> ContractsCsv(string? sep, string? entity, IFileStore files,
        OpenDataBuild build, CancellationToken ct)
    {
        if (ReportCsv.Semicolon(sep) is not { } semicolon) return Problems.Of(ReportCsv.SeparatorProblem);
        if (Oc4idsHandlers.Scope(entity) is not { } scope) return Problems.Of(Oc4idsHandlers.NotANit);
        var name = scope.Nit is null ? "obras.csv" : $"obras-{scope.Nit}.csv";
        return await OpenDataFiles.ServeAsync(files, build, OpenDataFiles.Csv(scope.Nit, semicolon), OpenData.ContractsCsv.ContentType, name,
            Oc4idsHandlers.NoWorks(scope.Nit), ct);
    }

    /// <summary>GET /datos: what each format holds, field by field, in Spanish.</summary>
    public static Task<HtmlPage<DataDictionaryPage>> Dictionary(PageRenderer pages, IOptions<ObrasQrOptions> options) =>
        pages.HtmlAsync<DataDictionaryPage>(new Dictionary<string, object?>
        {
            [nameof(DataDictionaryPage.PrefixRegistered)] = !string.IsNullOrWhiteSpace(options.Value.OpenData.ProjectPrefix),
            [nameof(DataDictionaryPage.Prefix)] = string.IsNullOrWhiteSpace(options.Value.OpenData.ProjectPrefix)
                ? OpenDataOptions.UnregisteredPrefix : options.Value.OpenData.ProjectPrefix.Trim(),
        });
}
