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
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

// The Functions host: the same core as the self-hosted server, storage on Azure Tables + Blobs, one function per route.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<UnhandledErrors>(); // after the ASP.NET Core integration's own, so it sees the HttpContext

builder.Services.AddObrasQr(builder.Configuration);
builder.Services.AddAzureStore(builder.Configuration);
builder.Services.AddHostedService<DemoDataStartup>();

// Telemetry through OpenTelemetry to Application Insights (host.json sets telemetryMode). Local auth is off on the
// Application Insights resource, so the exporter authenticates with the app's managed identity. Beside the worker's
// invocations: HttpClient (SODA, SECOP) and the Azure SDK's own sources, which it fills only when switched on; logs
// carry the invocation's trace. The host records the HTTP requests; the worker records no body and no query string.
if (!string.IsNullOrEmpty(builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]))
{
    AppContext.SetSwitch("Azure.Experimental.EnableActivitySource", true);
    builder.Services.AddOpenTelemetry()
        .UseFunctionsWorkerDefaults()
        .WithTracing(t => t.AddHttpClientInstrumentation().AddSource("Azure.*"))
        .WithMetrics(m => m.AddHttpClientInstrumentation().AddMeter("Azure.*"))
        .UseAzureMonitorExporter(o => o.Credential = AzureStore.Credential(builder.Configuration));
}

var host = builder.Build();
if (StartupChecks.Refuses(host.Services, Console.Error)) return 1;
host.Run();
return 0;
