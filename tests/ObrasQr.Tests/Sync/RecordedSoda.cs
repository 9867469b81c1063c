using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ObrasQr.Tests.Sync;

/// <summary>
/// A real HTTP server on 127.0.0.1 that answers like datos.gov.co's SODA endpoint for jbjy-vk9h, with recorded pages
/// from TestData/secop chosen by $offset, and scripted faults (429, 5xx, a malformed body) served before a page; and
/// like its mfmm-jqmq endpoint (contract execution), answering $where identificadorcontrato in(...) from
/// <see cref="ExecutionRows"/> with $order/$limit/$offset.
/// </summary>
public sealed class RecordedSoda : IAsyncDisposable
{
    readonly WebApplication app;

    /// <summary>Which recorded file answers each $offset; an offset with none gets an empty list.</summary>
    public ConcurrentDictionary<int, string> Pages { get; } = new();

    /// <summary>Answers served, once each and in order, before the page at an offset.</summary>
    public ConcurrentDictionary<int, ConcurrentQueue<Func<HttpResponse, Task>>> Faults { get; } = new();

    /// <summary>Pages of one entity (the NIT in $where), for a sync of several entities; other entities get <see cref="Pages"/>.</summary>
    public ConcurrentDictionary<(string Nit, int Offset), string> EntityPages { get; } = new();

    public ConcurrentQueue<(IQueryCollection Query, string? AppToken)> Requests { get; } = new();

    public string BaseUrl { get; private set; } = "";

    /// <summary>The execution dataset's rows (objects of its fields, as SODA sends them), in the dataset's row order.</summary>
    public ConcurrentQueue<Dictionary<string, string?>> ExecutionRows { get; } = new();

    /// <summary>Answers served, once each and in order, before any execution page.</summary>
    public ConcurrentQueue<Func<HttpResponse, Task>> ExecutionFaults { get; } = new();

    public ConcurrentQueue<IQueryCollection> ExecutionRequests { get; } = new();

    /// <summary>An execution row with the five documented fields.</summary>
    public void AddExecution(string contractId, string? expectedPercent, string? realPercent, string? expectedOn, string? realOn) =>
        ExecutionRows.Enqueue(new()
        {
            ["identificadorcontrato"] = contractId, ["porcentajedeavanceesperado"] = expectedPercent, ["porcentaje_de_avance_real"] = realPercent,
            ["fechadeentregaesperada"] = expectedOn, ["fechadeentregareal"] = realOn,
        });

    RecordedSoda()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        app = builder.Build();
        app.MapGet("/resource/jbjy-vk9h.json", async (HttpContext http) =>
        {
            Requests.Enqueue((http.Request.Query, http.Request.Headers["X-App-Token"].FirstOrDefault()));
            var offset = int.Parse(http.Request.Query["$offset"]!);
            if (Faults.TryGetValue(offset, out var faults) && faults.TryDequeue(out var fault))
            {
                await fault(http.Response);
                return;
            }
            http.Response.ContentType = "application/json; charset=utf-8";
            var where = http.Request.Query["$where"].ToString();
            var entity = EntityPages.Keys.Select(k => k.Nit).FirstOrDefault(nit => where.Contains($"nit_entidad='{nit}'", StringComparison.Ordinal));
            string? name;
            if (entity is not null ? EntityPages.TryGetValue((entity, offset), out name) : Pages.TryGetValue(offset, out name)) await http.Response.SendFileAsync(TestData.PathOf($"secop/{name!}"));
            else await http.Response.WriteAsync("[]\n");
        });
        app.MapGet("/resource/mfmm-jqmq.json", AnswerExecution);
    }

    async Task AnswerExecution(HttpContext http)
    {
        ExecutionRequests.Enqueue(http.Request.Query);
        if (ExecutionFaults.TryDequeue(out var fault))
        {
            await fault(http.Response);
            return;
        }
        // The ids SoQL quotes in the $where, its doubled quotes undone.
        var ids = System.Text.RegularExpressions.Regex.Matches(http.Request.Query["$where"].ToString(), "'((?:[^']|'')*)'")
            .Select(m => m.Groups[1].Value.Replace("''", "'")).ToHashSet(StringComparer.Ordinal);
        var rows = ExecutionRows.Select((row, i) => (row, i)).Where(r => ids.Contains(r.row["identificadorcontrato"] ?? ""))
            .OrderBy(r => r.row["identificadorcontrato"], StringComparer.Ordinal).ThenBy(r => r.i)
            .Skip(int.Parse(http.Request.Query["$offset"]!)).Take(int.Parse(http.Request.Query["$limit"]!)).Select(r => r.row);
        await http.Response.WriteAsJsonAsync(rows);
    }

    public static async Task<RecordedSoda> StartAsync()
    {
        var soda = new RecordedSoda();
        await soda.app.StartAsync();
        soda.BaseUrl = soda.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return soda;
    }

    public void Fail(int offset, Func<HttpResponse, Task> answer) =>
        Faults.GetOrAdd(offset, _ => new()).Enqueue(answer);

    public static Func<HttpResponse, Task> Status(int status, string? retryAfter = null) => response =>
    {
        response.StatusCode = status;
        if (retryAfter is not null) response.Headers.RetryAfter = retryAfter;
        return response.WriteAsync("{\"message\":\"throttled\"}");
    };

    public static Func<HttpResponse, Task> File(string name) => response =>
    {
        response.ContentType = "application/json";
        return response.SendFileAsync(TestData.PathOf($"secop/{name}"));
    };

    public ValueTask DisposeAsync() => app.DisposeAsync();
}
