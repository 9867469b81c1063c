using ObrasQr;
using ObrasQr.Secop;
using ObrasQr.Server;
using ObrasQr.AzureStorage;
using ObrasQr.Server.Storage;

var builder = WebApplication.CreateBuilder(args);
builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = ExportHandlers.MaxUploadBytes + 1024 * 1024);
var developmentKeys = DevelopmentKeys.AddIfNoneConfigured(builder);
builder.Services.AddObrasQr(builder.Configuration);
// ObrasQr__Store: "embedded" (SQLite + a folder, the default) or "azure" (the Functions app's Table + Blob store).
if (string.Equals(builder.Configuration["ObrasQr:Store"], "azure", StringComparison.OrdinalIgnoreCase))
{
    builder.Services.AddAzureStore(builder.Configuration);
}
else
{
    builder.Services.AddEmbeddedStore();
    builder.Services.AddSingleton<OrphanFileSweeper>();
    builder.Services.AddHostedService(sp => sp.GetRequiredService<OrphanFileSweeper>()); // before anything writes
}
builder.Services.AddHostedService(sp => ActivatorUtilities.CreateInstance<DemoSeeder>(sp, developmentKeys));
builder.Services.AddHostedService<SyncScheduler>();
if (builder.Configuration.GetValue<int>("ObrasQr:Bench:LongHistory") > 0)
    builder.Services.AddHostedService<BenchLongHistory>(); // bench/page/run.sh only, after the demo data

var app = builder.Build();
app.MapObrasQr();
// bench/page/run.sh only: N bytes from memory, the yardstick the citizen page and the QR are measured against.
if (app.Configuration.GetValue<bool>("ObrasQr:Bench:Baseline"))
{
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
}
app.Run();

public partial class Program;
