using System.Collections.Concurrent;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace ObrasQr.AzureStorage;

/// <summary>
/// A pipeline policy that records every Table and Blob request made in the current async flow (an HTTP request, a
/// test): add it to the clients' options (<c>options.AddPolicy(new StorageOperations(), HttpPipelinePosition.PerCall)</c>),
/// then call <see cref="Measure"/> at the start of the flow; requests made by tasks the flow starts are recorded in
/// its tally too (the tally flows with the execution context). Requests made outside a measured flow are not recorded.
/// </summary>
public sealed class StorageOperations : HttpPipelinePolicy
{
    static readonly AsyncLocal<StorageTally?> current = new();

    /// <summary>Starts recording the current flow's requests in a new tally. Not async on purpose: the value set here
    /// stays in the caller's flow.</summary>
    public static StorageTally Measure()
    {
        var tally = new StorageTally();
        current.Value = tally;
        return tally;
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
        current.Value?.Add(StorageRequest.Of(message));
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        ProcessNext(message, pipeline);
        current.Value?.Add(StorageRequest.Of(message));
    }
}

/// <summary>The requests of one measured flow, in the order they were answered.</summary>
public sealed class StorageTally
{
    readonly ConcurrentQueue<StorageRequest> requests = new();

    public IReadOnlyList<StorageRequest> Requests => [.. requests];

    public int RowsRead => requests.Sum(r => r.Rows);

    internal void Add(StorageRequest request) => requests.Enqueue(request);
}

/// <param name="Resource">The last segment of the path: <c>reports()</c> (a query), <c>reports(PartitionKey='…',RowKey='…')</c>
/// (a point read or write), <c>$batch</c>, or a blob's name.</param>
/// <param name="Filter">The query's <c>$filter</c>, decoded, if any.</param>
/// <param name="Rows">Entities read: those in a query's page, 1 for a point read that found its row, else 0.</param>
public sealed record StorageRequest(string Method, string Resource, string? Filter, int Status, int Rows)
{
    /// <summary>The table a Table request is about (with its prefix), or null for a batch or a blob.</summary>
    public string? Table => Resource.IndexOf('(') is var at and > 0 ? Resource[..at] : null;

    /// <summary>A read of many rows: one page of a query, which may span partitions unless its filter names one.</summary>
    public bool IsQuery => Method == "GET" && Resource.EndsWith("()", StringComparison.Ordinal);

    /// <summary>A query whose filter starts with one PartitionKey, so it reads inside that partition only.</summary>
    public bool NamesItsPartition => Filter is { } filter && filter.StartsWith("PartitionKey eq '", StringComparison.Ordinal)
        && !filter.Contains(" or PartitionKey", StringComparison.Ordinal);

    internal static StorageRequest Of(HttpMessage message)
    {
        var uri = message.Request.Uri.ToUri();
        var resource = Uri.UnescapeDataString(uri.AbsolutePath[(uri.AbsolutePath.LastIndexOf('/') + 1)..]);
        var filter = uri.Query.TrimStart('?').Split('&')
            .Select(part => Uri.UnescapeDataString(part.Replace('+', ' ')))
            .FirstOrDefault(part => part.StartsWith("$filter=", StringComparison.Ordinal))?["$filter=".Length..];
        var method = message.Request.Method.Method;
        var status = message.HasResponse ? message.Response.Status : 0;
        var rows = method == "GET" && status == 200 && resource.EndsWith(')')
            ? resource.EndsWith("()", StringComparison.Ordinal) ? EntitiesIn(message.Response) : 1
            : 0;
        return new StorageRequest(method, resource, filter, status, rows);
    }

    /// <summary>The entities in a query's answer ({"value": [...]}); 0 when the body was not buffered.</summary>
    static int EntitiesIn(Response response)
    {
        try
        {
            using var json = JsonDocument.Parse(response.Content);
            return json.RootElement.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Array ? value.GetArrayLength() : 0;
        }
        catch (Exception e) when (e is InvalidOperationException or JsonException)
        {
            return 0;
        }
    }
}
