using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using ObrasQr.Contracts;
using ObrasQr.Http;
using ObrasQr.Qr;
using ObrasQr.Secop;
using ObrasQr.Reports;
using ObrasQr.Storage;

using ObrasQr.Accountability;

namespace ObrasQr.OpenData;

/// <summary>The filters of GET /open311/v2/requests.{format}, in the spec's names.</summary>
public sealed record Open311Query(
    [FromQuery(Name = "service_request_id")] string? ServiceRequestId,
    [FromQuery(Name = "service_code")] string? ServiceCode,
    [FromQuery(Name = "status")] string? Status,
    [FromQuery(Name = "start_date")] string? StartDate,
    [FromQuery(Name = "end_date")] string? EndDate,
    [FromQuery(Name = "page_size")] string? PageSize,
    [FromQuery(Name = "after")] string? After);

/// <summary>Open311 GeoReport v2, read-only, for anyone (<see cref="Open311"/> says what is published).</summary>
public static class Open311Handlers
{
    /// <summary>The spec's defaults: a 90-day window and at most 1,000 requests.</summary>
    const int DefaultDays = 90, MaxPage = 1000;

    /// <summary>GET /open311/v2/services.{format}: the report categories.</summary>
    [Answers(StatusCodes.Status200OK, "application/json", "text/xml"), Answers(StatusCodes.Status404NotFound, "application/json")]
    public static IResult Services(string format) => format switch
    {
        "json" => new Body(Open311.Json(Open311.Services), Open311.JsonType, StatusCodes.Status200OK),
        "xml" => new Body(Open311.Xml(Open311.Services), Open311.XmlType, StatusCodes.Status200OK),
        _ => UnknownFormat(),
    };

    /// <summary>GET /open311/v2/requests.{format}: reports received in a window (90 days to now by default), newest first,
    /// by category and open/closed; the next page is in the Link header (rel="next").</summary>
    [Answers(StatusCodes.Status200OK, "application/json", "text/xml"), Answers(StatusCodes.Status400BadRequest, "application/json", "text/xml"),
     Answers(StatusCodes.Status404NotFound, "application/json")]
    public static async Task<IResult> Requests(HttpRequest request, string format, [AsParameters] Open311Query q, IReportStore reports,
        WorksCatalog catalog, IOptions<ObrasQrOptions> options, PublicUrls urls, TimeProvider clock, CancellationToken ct)
    {
        if (format is not ("json" or "xml")) return UnknownFormat();
        var baseUrl = urls.BaseUrl(request);
        var agency = DemoData.Publisher(options.Value.Trust.OfficeName, options.Value.SeedDemoData);

        // The spec: with service_request_id, the other filters are ignored.
        if (!string.IsNullOrWhiteSpace(q.ServiceRequestId))
        {
            var ids = q.ServiceRequestId.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
            if (ids.Count > 100) return Error(format, 400, "Pida hasta 100 service_request_id a la vez.");
            var found = new List<Report>();
            foreach (var id in ids)
                if (await reports.FindAsync(id, ct) is { } r) found.Add(r);
            return Answer(format, await PublishAsync(found, catalog, agency, baseUrl, ct));
        }

        var now = clock.GetUtcNow();
        if (!Moment(q.EndDate, out var end)) return Error(format, 400, "end_date debe ser una fecha ISO 8601 (2026-11-30 o 2026-11-30T18:00:00-05:00).");
        if (!Moment(q.StartDate, out var start)) return Error(format, 400, "start_date debe ser una fecha ISO 8601 (2026-09-01 o 2026-09-01T00:00:00-05:00).");
        // Reports exist only from this century: a far date is a mistake, and must not overflow the window's arithmetic.
        if (!InRange(start) || !InRange(end))
            return Error(format, 400, "Use fechas entre los años 2000 y 2100 en start_date y end_date.");
        var to = end ?? now;
        var from = start ?? to.AddDays(-DefaultDays);
        if (from > to) return Error(format, 400, "start_date debe ser anterior a end_date.");
        // GeoReport v2 lets service_code and status list several values, comma-separated.
        var codes = List(q.ServiceCode);
        if (codes.FirstOrDefault(c => !ReportCategory.Labels.ContainsKey(c)) is not null)
            return Error(format, 400, $"service_code desconocido; use uno o varios, separados por comas, de {string.Join(", ", ReportCategory.Labels.Keys)}.");
        var statuses = List(q.Status);
        if (statuses.Any(s => s is not ("open" or "closed"))) return Error(format, 400, "status debe ser open, closed o ambos separados por comas.");
        bool? open = statuses.Count == 1 ? statuses[0] == "open" : null;
        var take = MaxPage;
        if (q.PageSize is not null && (!int.TryParse(q.PageSize, NumberStyles.None, CultureInfo.InvariantCulture, out take) || take is < 1 or > MaxPage))
            return Error(format, 400, $"page_size debe ser un número entero de 1 a {MaxPage}.");
        (DateTimeOffset, string)? after = null;
        if (!string.IsNullOrEmpty(q.After) && (after = ReportFilter.DecodeCursor(q.After)) is null)
            return Error(format, 400, "after no es un valor que haya dado el enlace rel=\"next\" de esta lista.");

        var query = new ReportQuery { From = from, To = to.AddTicks(1), Categories = codes.Count > 0 ? codes : null, Open = open, After = after, Take = take + 1 };
        var page = await reports.ListAsync(query, ct);
        var items = page.Take(take).ToList();
        if (page.Count > take)
        {
            var next = QueryString.Create(new KeyValuePair<string, string?>[] {
                new("start_date", from.ToString("O", CultureInfo.InvariantCulture)), new("end_date", to.ToString("O", CultureInfo.InvariantCulture)),
                new("service_code", q.ServiceCode), new("status", q.Status), new("page_size", take.ToString(CultureInfo.InvariantCulture)),
                new("after", ReportFilter.EncodeCursor(items[^1]))}.Where(p => p.Value is { Length: > 0 }));
            request.HttpContext.Response.Headers.Link = $"<{baseUrl}/open311/v2/requests.{format}{next}>; rel=\"next\"";
        }
        return Answer(format, await PublishAsync(items, catalog, agency, baseUrl, ct));
    }

    /// <summary>GET /open311/v2/requests/{reportId}.{format}: one report, as a one-element list (the spec's shape).</summary>
    [Answers(StatusCodes.Status200OK, "application/json", "text/xml"), Answers(StatusCodes.Status404NotFound, "application/json", "text/xml")]
    public static async Task<IResult> Request(HttpRequest request, string reportId, string format, IReportStore reports, WorksCatalog catalog,
        IOptions<ObrasQrOptions> options, PublicUrls urls, CancellationToken ct)
    {
        if (format is not ("json" or "xml")) return UnknownFormat();
        if (await reports.FindAsync(reportId, ct) is not { } report)
            return Error(format, 404, $"No hay un reporte con el identificador '{reportId}'.");
        return Answer(format, await PublishAsync([report], catalog, DemoData.Publisher(options.Value.Trust.OfficeName, options.Value.SeedDemoData), urls.BaseUrl(request), ct));
    }

    /// <summary>GET /open311/v2/requests/{reportId}/media/{n}: a photo of a report an auditor marked publishable; of any
    /// other report, the same 404 as for a report that does not exist.</summary>
    [Answers(StatusCodes.Status200OK, "image/jpeg", "image/png", "image/webp"), Problem(StatusCodes.Status404NotFound)]
    public static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> Media(HttpResponse response, string reportId, int n,
        IReportStore reports, IFileStore files, CancellationToken ct)
    {
        var report = await reports.FindAsync(reportId, ct);
        if (report is not { Publishable: true } || n < 1 || n > report.Photos.Count) return NoMedia();
        var path = report.Photos[n - 1];
        if (await files.OpenReadAsync(path, ct) is not { } stream) return NoMedia();
        response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.Stream(stream, PhotoCleaner.ContentType(Path.GetExtension(path).TrimStart('.')));
    }

    static ProblemHttpResult NoMedia() => Problems.NotFound("n", "No hay una foto publicada con ese número.");

    static async Task<List<Open311.Request>> PublishAsync(IReadOnlyList<Report> reports, WorksCatalog catalog, string agency,
        string baseUrl, CancellationToken ct)
    {
        var works = new Dictionary<string, Contract?>();
        var published = new List<Open311.Request>(reports.Count);
        foreach (var r in reports)
        {
            if (!works.TryGetValue(r.ContractId, out var work))
                works[r.ContractId] = work = await catalog.FindWorkAsync(r.ContractId, ct);
            published.Add(Open311.Request.Of(r, work, agency, baseUrl));
        }
        return published;
    }

    static IResult Answer(string format, IReadOnlyList<Open311.Request> requests) => format == "xml"
        ? new Body(Open311.Xml(requests), Open311.XmlType, StatusCodes.Status200OK)
        : new Body(Open311.Json(requests), Open311.JsonType, StatusCodes.Status200OK);

    /// <summary>Open311's error list, in the format asked.</summary>
    static IResult Error(string format, int status, string description)
    {
        var error = new Open311.Error(status, description);
        return format == "xml" ? new Body(Open311.Xml(error), Open311.XmlType, status) : new Body(Open311.Json(error), Open311.JsonType, status);
    }

    static IResult UnknownFormat() => Error("json", 404, "Formato desconocido: use .json o .xml.");

    /// <summary>Bytes with a status of their own (an Open311 error list is not a problem+json).</summary>
    sealed class Body(byte[] bytes, string contentType, int status) : IResult
    {
        public Task ExecuteAsync(HttpContext context)
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = contentType;
            context.Response.ContentLength = bytes.Length;
            return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : context.Response.Body.WriteAsync(bytes).AsTask();
        }
    }

    static List<string> List(string? values) =>
        [.. (values ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal)];

    static bool InRange(DateTimeOffset? moment) => moment is null || moment.Value.UtcDateTime.Year is >= 2000 and <= 2100;

    static bool Moment(string? text, out DateTimeOffset? moment)
    {
        moment = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            moment = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), ColombiaTime.Offset);
            return true;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            moment = at;
            return true;
        }
        return false;
    }
}
