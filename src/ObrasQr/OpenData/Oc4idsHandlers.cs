using System.Globalization;
using System.IO.Hashing;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using ObrasQr.Contracts;
using ObrasQr.Http;
using ObrasQr.Qr;
using ObrasQr.Secop;

namespace ObrasQr.OpenData;

/// <summary>GET /api/oc4ids.json: every published work as an OC4IDS 0.9 project package, for anyone.</summary>
public static class Oc4idsHandlers
{
    const int Page = 200;

    /// <summary>
    /// Streams the package: one store page of works and one work's history in memory at a time. The ETag is computed
    /// first from the published works' ids and version numbers (one pass over the current versions, no histories), the
    /// day (statuses move with dates), the filter and the address, so a client that has the package gets a 304 cheaply.
    /// </summary>
    [Answers(StatusCodes.Status200OK, "application/json"), Answers(StatusCodes.Status304NotModified),
     Problem(StatusCodes.Status400BadRequest), Problem(StatusCodes.Status404NotFound)]
    public static async Task<Results<PushStreamHttpResult, StatusCodeHttpResult, ProblemHttpResult>> Package(HttpRequest request, string? entity,
        IContractStore contracts, IOptions<ObrasQrOptions> options, PublicUrls urls, TimeProvider clock, CancellationToken ct)
    {
        string? nit = null;
        if (!string.IsNullOrWhiteSpace(entity) && (nit = Nit(entity)) is null)
            return Problems.Of("entity", "Escriba el NIT de la entidad: solo dígitos, con o sin el dígito de verificación (890480184 o 890480184-4).");

        var today = ColombiaTime.Today(clock);
        var baseUrl = urls.BaseUrl(request);
        var open = options.Value.OpenData;
        var prefix = string.IsNullOrWhiteSpace(open.ProjectPrefix) ? OpenDataOptions.UnregisteredPrefix : open.ProjectPrefix.Trim();

        var hash = new XxHash128();
        var count = 0;
        DateTimeOffset? latest = null;
        await foreach (var v in Published(contracts, nit, ct))
        {
            count++;
            hash.Append(Encoding.UTF8.GetBytes($"{v.ContractId}\n{v.Number}\n"));
            if (latest is null || v.SyncedAt > latest) latest = v.SyncedAt;
        }
        if (count == 0)
            return Problems.NotFound("entity", nit is null ? "Todavía no hay obras publicadas." : $"No hay obras publicadas de la entidad con NIT {nit}.");
        hash.Append(Encoding.UTF8.GetBytes($"{count}\n{today:yyyy-MM-dd}\n{nit}\n{prefix}\n{baseUrl}\n{open.License}"));
        var etag = $"\"{Convert.ToHexStringLower(hash.GetCurrentHash())}\"";

        var response = request.HttpContext.Response;
        response.Headers.ETag = etag;
        if (request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Any(t => t.Trim() == etag || t.Trim() == "*")))
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);

        var self = $"{baseUrl}/api/oc4ids.json" + (nit is null ? "" : $"?entity={Uri.EscapeDataString(nit)}");
        var trust = options.Value.Trust;
        return TypedResults.Stream(async body =>
        {
            await using var w = new Utf8JsonWriter(body, new JsonWriterOptions { Encoder = JsonOut.Encoder });
            w.WriteStartObject();
            w.WriteString("uri", self);
            w.WriteStartObject("publisher");
            w.WriteString("name", DemoData.Publisher(trust.EntityName, options.Value.SeedDemoData));
            if (!string.IsNullOrWhiteSpace(trust.EntityNit))
            {
                w.WriteString("scheme", Oc4idsProject.NitScheme);
                w.WriteString("uid", trust.EntityNit.Trim());
            }
            w.WriteString("uri", baseUrl);
            w.WriteEndObject();
            // Generated on demand: the date of the last change to what it holds (the latest synchronised version).
            w.WriteString("publishedDate", latest!.Value.ToOffset(ColombiaTime.Offset).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture));
            w.WriteString("version", "0.9");
            if (!string.IsNullOrWhiteSpace(open.License)) w.WriteString("license", open.License.Trim());
            w.WriteString("publicationPolicy", $"{baseUrl}/datos#politica");
            w.WriteStartArray("projects");
            var written = 0;
            await foreach (var v in Published(contracts, nit, ct))
            {
                var history = await contracts.HistoryAsync(v.ContractId, ct);
                if (history.Count == 0) continue;
                Oc4idsProject.Write(w, prefix, baseUrl, history, today);
                if (++written % 20 == 0) await w.FlushAsync(ct);
            }
            w.WriteEndArray();
            w.WriteEndObject();
            await w.FlushAsync(ct);
        }, "application/json; charset=utf-8");
    }

    /// <summary>The current versions of the published works, of one entity when <paramref name="nit"/> is given.</summary>
    static async IAsyncEnumerable<ContractVersion> Published(IContractStore contracts, string? nit,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        string? after = null;
        while (true)
        {
            var page = await contracts.ListPublishedAsync(after, Page, ct);
            foreach (var v in page)
                if (nit is null || Nit(v.Contract.EntityNit) == nit) yield return v;
            if (page.Count < Page) yield break;
            after = page[^1].ContractId;
        }
    }

    /// <summary>The NIT without its check digit ("890480184-4" and "890480184" are the same entity); null when it is not a NIT.</summary>
    public static string? Nit(string? text)
    {
        var t = (text ?? "").Trim().Replace(".", "", StringComparison.Ordinal);
        var dash = t.IndexOf('-');
        var number = dash < 0 ? t : t[..dash];
        if (dash >= 0 && (t.Length != dash + 2 || !char.IsAsciiDigit(t[^1]))) return null;
        return number.Length is >= 5 and <= 15 && number.All(char.IsAsciiDigit) ? number : null;
    }
}
