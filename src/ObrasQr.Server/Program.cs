using ObrasQr;
using ObrasQr.Http;
using ObrasQr.Server.Bench;
using ObrasQr.Server;
using ObrasQr.AzureStorage;
using ObrasQr.Server.Storage;

// `staff add ...`: makes a staff account in the configured store and ends, without the web server (docs/staff.md).
if (StaffCommand.Wants(args)) return await StaffCommand.RunAsync(args);
// `migrate-azure`: brings an Azure store to this version's keys (docs/azure-tables.md, "Migrations").
if (MigrateCommand.Wants(args)) return await MigrateCommand.RunAsync(args);
// `restore-azure RUN`: writes a nightly table backup into an Azure store (docs/operations.md).
if (RestoreCommand.Wants(args)) return await RestoreCommand.RunAsync(args);

// Settings are read once, at start. Reloading them on change watches the content root and every folder under it (on
// Linux one inotify watch per folder, set up before the server listens: the data folder's photos, a checkout's
// node_modules): a second or more before the first answer (bench/cold-start).
var builder = WebApplication.CreateBuilder([.. args, "--hostBuilder:reloadConfigOnChange=false"]);
builder.WebHost.ConfigureKestrel(k =>
{
    // Each route narrows this to its own body limit (HttpContract); the largest is a SECOP export.
    k.Limits.MaxRequestBodySize = BodyLimit.Export + 1024 * 1024;
    // No "Server: Kestrel" on every answer: it tells a prober what runs here and tells a citizen nothing.
    k.AddServerHeader = false;
});
var developmentKeys = DevelopmentKeys.AddIfNoneConfigured(builder);
builder.Services.AddObrasQr(builder.Configuration);
builder.AddObrasQrTelemetry();
Program.AddStore(builder);
if (builder.Services.Any(s => s.ServiceType == typeof(SqliteDatabase)))
{
    builder.Services.AddSingleton<OrphanFileSweeper>();
    builder.Services.AddHostedService(sp => sp.GetRequiredService<OrphanFileSweeper>());
    builder.Services.AddHostedService<OrphanFileSweeper.Daily>();
}
builder.Services.AddSingleton<DevelopmentStaff>();
builder.Services.AddHostedService(sp => ActivatorUtilities.CreateInstance<DemoSeeder>(sp, developmentKeys));
builder.Services.AddHostedService<SyncScheduler>();
builder.Services.AddHostedService<JobWorker>();
builder.Services.AddHostedService<MailScheduler>();
builder.Services.AddHostedService<HeldPhotoScheduler>();
builder.Services.AddHostedService<FigureScheduler>();
if (builder.Services.Any(s => s.ServiceType == typeof(AzureStore))) builder.Services.AddHostedService<BackupScheduler>();
builder.AddBenchDataWhenAsked();
builder.Services.AddHostedService<CatalogWarmer>(); // last: after the demo and bench data are stored
builder.Services.AddHostedService<OpenDataScheduler>(); // the same: its first build reads them

var app = builder.Build();
if (StartupChecks.Refuses(app.Services, Console.Error)) return 1;
app.UseObrasQr();
app.MapBenchBaselineWhenAsked();
await app.RunAsync();
return 0;

public partial class Program
{
    /// <summary>ObrasQr__Store: "embedded" (SQLite + a folder, the default) or "azure" (the Functions app's Table + Blob
    /// store). The staff command uses the same choice.</summary>
    public static void AddStore(WebApplicationBuilder builder)
    {
        if (string.Equals(builder.Configuration["ObrasQr:Store"], "azure", StringComparison.OrdinalIgnoreCase))
            builder.Services.AddAzureStore(builder.Configuration);
        else
            builder.Services.AddEmbeddedStore();
    }
}
