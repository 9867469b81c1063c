using ObrasQr.AzureStorage;

namespace ObrasQr.Server.Bench;

/// <summary>
/// bench/azure-ops only (ObrasQr__Bench__StorageOps=true): measures each request in its own flow with the
/// <see cref="StorageOperations"/> policy the Azure clients carry, and writes one log line per request once it has been
/// answered (so that a body read from Blob while it is sent counts too):
/// <c>storage-ops GET /o/… requests=3 rows=12</c>. Never on in production: it would log every request.
/// </summary>
public sealed class BenchStorageOps(ILogger<BenchStorageOps> log) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, then) =>
        {
            var tally = StorageOperations.Measure();
            try { await then(context); }
            finally
            {
                log.LogWarning("storage-ops {Method} {Path}{Query} requests={Requests} rows={Rows}", context.Request.Method,
                    context.Request.Path, context.Request.QueryString, tally.Requests.Count, tally.RowsRead);
            }
        });
        next(app);
    };
}
