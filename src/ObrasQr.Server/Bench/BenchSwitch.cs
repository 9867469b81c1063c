namespace ObrasQr.Server.Bench;

/// <summary>
/// What only the benches under bench/ turn on (ObrasQr__Bench__*), kept out of the production wiring: nothing here is
/// registered or mapped unless a bench asks for it.
/// </summary>
public static class BenchSwitch
{
    /// <summary>ObrasQr__Bench__LongHistory=N: a contract with N versions, stored before the server listens (bench/page);
    /// ObrasQr__Bench__Works, __Reports, __StorageOps: see the classes they turn on.</summary>
    public static void AddBenchDataWhenAsked(this WebApplicationBuilder builder)
    {
        if (builder.Configuration.GetValue<int>("ObrasQr:Bench:LongHistory") > 0)
            builder.Services.AddHostedService<BenchLongHistory>(); // after the demo data
        if (builder.Configuration.GetValue<int>("ObrasQr:Bench:Works") > 0)
            builder.Services.AddHostedService<BenchManyWorks>(); // after the demo data (bench/open-data, bench/page)
        if (builder.Configuration.GetValue<int>("ObrasQr:Bench:Reports") > 0)
            builder.Services.AddHostedService<BenchManyReports>(); // after the bench works (bench/azure-ops)
        if (builder.Configuration.GetValue<bool>("ObrasQr:Bench:StorageOps"))
            builder.Services.AddSingleton<IStartupFilter, BenchStorageOps>(); // bench/azure-ops
    }

    /// <summary>ObrasQr__Bench__Baseline=true: N bytes from memory, the yardstick the citizen page and the QR are
    /// measured against (bench/page).</summary>
    public static void MapBenchBaselineWhenAsked(this WebApplication app)
    {
        if (!app.Configuration.GetValue<bool>("ObrasQr:Bench:Baseline")) return;
        var bytes = new byte[1 << 20];
        Random.Shared.NextBytes(bytes);
        app.MapGet("/bench/baseline/{length:int}", (int length) => Results.Bytes(bytes.AsMemory(0, Math.Clamp(length, 0, bytes.Length)), "application/octet-stream"));
        // The same bytes with the headers the page must send (security, no-store, br): shows what those headers cost.
        app.MapGet("/bench/baseline-headers/{length:int}", (HttpResponse response, int length) =>
        {
            response.Headers.Vary = "Accept-Encoding";
            SecurityHeaders.Page(response);
            response.Headers.CacheControl = "no-store";
            response.Headers.ContentEncoding = "br";
            return Results.Bytes(bytes.AsMemory(0, Math.Clamp(length, 0, bytes.Length)), "text/html; charset=utf-8");
        });
        // Bytes the server has allocated so far (every thread): bench/page/cpu-per-request.sh divides the difference
        // by the requests of a run, a per-request figure that other work on the machine does not move.
        app.MapGet("/bench/allocated", () => Results.Text(GC.GetTotalAllocatedBytes(precise: true).ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }
}
