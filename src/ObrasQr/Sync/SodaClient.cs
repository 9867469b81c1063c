using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ObrasQr.Contracts;

namespace ObrasQr.Sync;

/// <summary>The SODA API could not give a page, even after retrying.</summary>
public sealed class SodaUnavailable(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Pages of "SECOP II - Contratos Electrónicos" (jbjy-vk9h) for one entity, from datos.gov.co's SODA API, queried as
/// the dataset's page documents: by NIT and update stamp, in a stable order, with $limit/$offset; and pages of SECOP II's contract
/// execution dataset (mfmm-jqmq) for a chunk of contract ids. Both retry 429 and 5xx with exponential backoff,
/// honoring Retry-After.
/// </summary>
public sealed class SodaClient(IHttpClientFactory http, IOptions<ObrasQrOptions> options, TimeProvider clock, ILogger<SodaClient> log)
{
    public const string Dataset = "jbjy-vk9h";
    /// <summary>"Ejecución de contratos": physical progress by delivery (https://www.datos.gov.co/d/mfmm-jqmq).</summary>
    public const string ExecutionDataset = "mfmm-jqmq";

    SyncOptions Settings => options.Value.Sync;

    /// <summary>The raw JSON of one page: rows with ultima_actualizacion at or after <paramref name="watermark"/>.</summary>
    public Task<byte[]> GetPageAsync(string entityNit, DateTime? watermark, int offset, CancellationToken ct) =>
        GetAsync(PageUri(Settings.SodaBaseUrl!, entityNit, watermark, Settings.PageSize, offset), $"{Dataset} offset {offset}", ct);

    /// <summary>The raw JSON of one page of execution rows of <paramref name="contractIds"/>.</summary>
    public Task<byte[]> GetExecutionPageAsync(IReadOnlyCollection<string> contractIds, int offset, CancellationToken ct) =>
        GetAsync(ExecutionPageUri(Settings.SodaBaseUrl!, contractIds, Settings.PageSize, offset), $"{ExecutionDataset} offset {offset}", ct);

    async Task<byte[]> GetAsync(Uri uri, string page, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            if (!string.IsNullOrWhiteSpace(Settings.AppToken)) request.Headers.Add("X-App-Token", Settings.AppToken);
            TimeSpan? retryAfter = null;
            string problem;
            // Each try has its own deadline: a server that accepts and then stalls is a failed try, retried like a 5xx,
            // not a run that hangs (and, past HttpClient's 100 s, used to surface as an unhandled cancellation: a 500).
            using var perTry = CancellationTokenSource.CreateLinkedTokenSource(ct);
            perTry.CancelAfter(Settings.RequestTimeout);
            try
            {
                using var response = await http.CreateClient(nameof(SodaClient)).SendAsync(request, perTry.Token);
                if (response.IsSuccessStatusCode) return await response.Content.ReadAsByteArrayAsync(perTry.Token);
                problem = $"HTTP {(int)response.StatusCode}";
                if (response.StatusCode != HttpStatusCode.TooManyRequests && (int)response.StatusCode < 500)
                    throw new SodaUnavailable($"datos.gov.co respondió {problem} a {uri}.");
                retryAfter = response.Headers.RetryAfter switch
                {
                    { Delta: { } delta } => delta,
                    { Date: { } date } => date - clock.GetUtcNow(),
                    _ => null,
                };
            }
            catch (HttpRequestException e)
            {
                problem = e.Message;
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                problem = $"sin respuesta en {Settings.RequestTimeout.TotalSeconds:0} s";
            }
            if (attempt >= Settings.MaxAttempts)
                throw new SodaUnavailable($"datos.gov.co no respondió bien después de {attempt} intentos ({problem}).");

            var wait = retryAfter ?? Settings.RetryBaseDelay * Math.Pow(2, attempt - 1);
            wait = wait < TimeSpan.Zero ? TimeSpan.Zero : wait > Settings.MaxRetryDelay ? Settings.MaxRetryDelay : wait;
            log.LogWarning("SODA page {Page}: {Problem}; retrying in {Wait}", page, problem, wait);
            await Task.Delay(wait, clock, ct);
        }
    }

    public static Uri PageUri(string baseUrl, string entityNit, DateTime? watermark, int limit, int offset)
    {
        var resource = Resource(baseUrl, Dataset);
        // Only works get a page, so only works are pulled (docs/secop-works.md).
        var where = $"nit_entidad={Literal(entityNit)} AND tipo_de_contrato in({string.Join(",", Contract.WorkTypes.Select(Literal))})";
        if (watermark is { } since) where += $" AND ultima_actualizacion >= {Literal(since.ToString(StampFormat, CultureInfo.InvariantCulture))}";
        return Query(resource, where, "ultima_actualizacion,id_contrato", limit, offset);
    }

    /// <summary>
    /// The execution rows of some contracts. The dataset has no documented entity or update column, so it is asked by
    /// contract id; ordered by id and then Socrata's row id (:id, every dataset has it), a total order, so $offset pages
    /// neither skip nor repeat a row.
    /// </summary>
    public static Uri ExecutionPageUri(string baseUrl, IReadOnlyCollection<string> contractIds, int limit, int offset)
    {
        if (contractIds.Count == 0) throw new ArgumentException("At least one contract id.", nameof(contractIds));
        var where = $"identificadorcontrato in({string.Join(",", contractIds.Select(Literal))})";
        return Query(Resource(baseUrl, ExecutionDataset), where, "identificadorcontrato,:id", limit, offset);
    }

    /// <summary>A SoQL string literal: quoted, its quotes doubled.</summary>
    static string Literal(string value) => $"'{value.Replace("'", "''")}'";

    static Uri Query(string resource, string where, string order, int limit, int offset) => new($"{resource}?" + string.Join("&",
        $"$where={Uri.EscapeDataString(where)}",
        $"$order={order}",
        $"$limit={limit.ToString(CultureInfo.InvariantCulture)}",
        $"$offset={offset.ToString(CultureInfo.InvariantCulture)}"));

    /// <summary>A host (https://www.datos.gov.co) gets the dataset's resource path. A resource URL
    /// (…/resource/jbjy-vk9h.json, as the setting allows) is the contracts' own; other datasets sit beside it.</summary>
    static string Resource(string baseUrl, string dataset)
    {
        var url = baseUrl.TrimEnd('/');
        if (!url.EndsWith(".json", StringComparison.OrdinalIgnoreCase)) return $"{url}/resource/{dataset}.json";
        return dataset == Dataset ? url : url[..(url.LastIndexOf('/') + 1)] + dataset + ".json";
    }

    /// <summary>SODA's floating timestamp (no zone: Colombia local time, as published).</summary>
    public const string StampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff";
}
