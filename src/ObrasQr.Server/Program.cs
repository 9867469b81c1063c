using ObrasQr;
using ObrasQr.Http;
using ObrasQr.Server.Bench;
using ObrasQr.Server;
using ObrasQr.AzureStorage;
using ObrasQr.Server.Storage;

var builder = WebApplication.CreateBuilder(args);
// Each route narrows this to its own body limit (HttpContract); the largest is a SECOP export.
builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = BodyLimit.Export + 1024 * 1024);
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
builder.AddBenchDataWhenAsked();

var app = builder.Build();
app.UseObrasQr();
app.MapBenchBaselineWhenAsked();
app.Run();

public partial class Program;
