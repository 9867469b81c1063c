using ObrasQr;
using ObrasQr.Secop;
using ObrasQr.Server;
using ObrasQr.Server.Storage;

var builder = WebApplication.CreateBuilder(args);
builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = ExportHandlers.MaxUploadBytes + 1024 * 1024);
builder.Services.AddObrasQr(builder.Configuration);
builder.Services.AddEmbeddedStore();
builder.Services.AddHostedService<DemoSeeder>();
builder.Services.AddHostedService<SyncScheduler>();

var app = builder.Build();
app.MapObrasQr();
app.Run();

public partial class Program;
