using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using ObrasQr.AzureStorage;

namespace ObrasQr.Tests.Storage;

/// <summary>Measures each request in its own flow, from before the app's first middleware.</summary>
public sealed class RequestFlows : IStartupFilter
{
    readonly ConcurrentQueue<(string Request, StorageTally Tally)> flows = new();

    public IEnumerable<(string Request, StorageTally Tally)> All => flows;

    public IEnumerable<StorageTally> Of(string request) => flows.Where(f => f.Request == request).Select(f => f.Tally);

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, then) =>
        {
            flows.Enqueue(($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}", StorageOperations.Measure()));
            await then(context);
        });
        next(app);
    };
}
