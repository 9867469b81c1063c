using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using ObrasQr.Contracts;
using ObrasQr.Http;
using ObrasQr.Pages;
using ObrasQr.Qr;
using ObrasQr.Reports;

namespace ObrasQr.OpenData;

/// <summary>The bulk CSV of published works and the data dictionary page, for anyone.</summary>
public static class OpenDataHandlers
{
    const int Page = 200;

    /// <summary>GET /api/contracts.csv?sep=: every published work, one row each, streamed; ";" unless sep=comma.</summary>
    [Answers(StatusCodes.Status200OK, OpenData.ContractsCsv.ContentType), Problem(StatusCodes.Status400BadRequest)]
    public static Results<PushStreamHttpResult, ProblemHttpResult> ContractsCsv(HttpRequest request, string? sep, IContractStore contracts,
        PublicUrls urls, TimeProvider clock, CancellationToken ct)
    {
        if (ReportCsv.Semicolon(sep) is not { } semicolon) return Problems.Of(ReportCsv.SeparatorProblem);
        var today = ColombiaTime.Today(clock);
        var baseUrl = urls.BaseUrl(request);
        return TypedResults.Stream(body => OpenData.ContractsCsv.WriteAsync(body, Rows(contracts, baseUrl, today, ct), semicolon, ct),
            OpenData.ContractsCsv.ContentType, $"obras-{today:yyyy-MM-dd}.csv");
    }

    static async IAsyncEnumerable<OpenData.ContractsCsv.Row> Rows(IContractStore contracts, string baseUrl, DateOnly today,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        string? after = null;
        while (true)
        {
            var page = await contracts.ListPublishedAsync(after, Page, ct);
            foreach (var v in page)
            {
                var history = await contracts.HistoryAsync(v.ContractId, ct);
                if (history.Count == 0) continue;
                yield return new(ContractFacts.Of(history, today), $"{baseUrl}/o/{Uri.EscapeDataString(v.ContractId)}", history[^1].SyncedAt);
            }
            if (page.Count < Page) yield break;
            after = page[^1].ContractId;
        }
    }

    /// <summary>GET /datos: what each format holds, field by field, in Spanish.</summary>
    public static Task<IResult> Dictionary(HttpRequest request, PageRenderer pages, IOptions<ObrasQrOptions> options) =>
        pages.CompressedPageAsync<DataDictionaryPage>(request, new Dictionary<string, object?>
        {
            [nameof(DataDictionaryPage.PrefixRegistered)] = !string.IsNullOrWhiteSpace(options.Value.OpenData.ProjectPrefix),
            [nameof(DataDictionaryPage.Prefix)] = string.IsNullOrWhiteSpace(options.Value.OpenData.ProjectPrefix)
                ? OpenDataOptions.UnregisteredPrefix : options.Value.OpenData.ProjectPrefix.Trim(),
        });
}
