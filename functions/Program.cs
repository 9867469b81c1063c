using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ObrasQr;
using ObrasQr.AzureStorage;
using ObrasQr.Functions;
using OpenTelemetry;

// The Functions host: the same core as the self-hosted server, storage on Azure Tables + Blobs, one function per route.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<UnhandledErrors>(); // after the ASP.NET Core integration's own, so it sees the HttpContext

builder.Services.AddObrasQr(builder.Configuration);
builder.Services.AddAzureStore(builder.Configuration);
builder.Services.AddHostedService<DemoDataStartup>();

// Telemetry through OpenTelemetry to Application Insights (host.json sets telemetryMode). Local auth is off on the
// Application Insights resource, so the exporter authenticates with the app's managed identity.
if (!string.IsNullOrEmpty(builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]))
{
    builder.Services.AddOpenTelemetry()
        .UseFunctionsWorkerDefaults()
        .UseAzureMonitorExporter(o => o.Credential = AzureStore.Credential(builder.Configuration));
}

var host = builder.Build();
if (StartupChecks.Refuses(host.Services, Console.Error)) return 1;
host.Run();
return 0;
