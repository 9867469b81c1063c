using Microsoft.AspNetCore.Http;
using ObrasQr.Http;

namespace ObrasQr.Accountability;

/// <summary>For citizens: GET /, the works of the entity as a whole.</summary>
public static class WorksIndexHandlers
{
    /// <summary>GET /?q=&amp;estado=&amp;alerta=&amp;pagina=: kept per data version and query, so repeated views cost a lookup.</summary>
    public static Task<IResult> Index(HttpRequest request, string? q, string? estado, string? alerta, string? pagina,
        WorksCatalog catalog, AccountabilityPages pages)
    {
        var (query, problem) = WorksQuery.Parse(q, estado, alerta, pagina);
        var key = query?.Key ?? "bad|" + request.QueryString.Value;
        if (catalog.TryGetFresh(out var snapshot) && query is not null && pages.TryGet(AccountabilityPages.Kind.Index, snapshot.DataVersion, key, out var page))
            return page.ForAsync(request);
        return RenderAsync(request, query, problem, catalog, pages);
    }

    static async Task<IResult> RenderAsync(HttpRequest request, WorksQuery? query, FieldProblem? problem,
        WorksCatalog catalog, AccountabilityPages pages)
    {
        var snapshot = await catalog.CurrentAsync(request.HttpContext.RequestAborted);
        if (query is null)
        {
            // A bad filter is answered with the unfiltered first page and the reason, never kept.
            var shown = Parameters(snapshot, WorksQuery.Everything);
            shown["Problem"] = problem?.Reason;
            shown["ProblemField"] = problem?.Field;
            return (await pages.RenderUnkeptAsync<WorksIndexPage>(shown, StatusCodes.Status400BadRequest)).For(request);
        }
        var page = await pages.RenderAsync<WorksIndexPage>(AccountabilityPages.Kind.Index, snapshot.DataVersion, query.Key, Parameters(snapshot, query));
        return page.For(request);
    }

    static Dictionary<string, object?> Parameters(WorksCatalog.Snapshot snapshot, WorksQuery query)
    {
        var matches = query.Filter(snapshot.Works).ToList();
        var pages = Math.Max(1, (matches.Count + WorksQuery.PageSize - 1) / WorksQuery.PageSize);
        var shown = matches.Skip((Math.Min(query.Page, pages) - 1) * WorksQuery.PageSize).Take(WorksQuery.PageSize).ToList();
        return new Dictionary<string, object?>
        {
            ["Works"] = shown,
            ["Query"] = query with { Page = Math.Min(query.Page, pages) },
            ["Total"] = snapshot.Works.Count,
            ["Matches"] = matches.Count,
            ["Pages"] = pages,
            ["ManyEntities"] = snapshot.Works.Select(w => w.Contract.EntityNit).Distinct().Skip(1).Any(),
            ["Today"] = snapshot.Today,
        };
    }
}
