using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ObrasQr.Server;

/// <summary>
/// OpenTelemetry for the server: traces and metrics of ASP.NET Core, HttpClient (the SODA pull, the execution sync) and
/// the Azure SDK (its "Azure.*" sources, when the store is Azure), logs with their trace ids. Exported over OTLP only when
/// OTEL_EXPORTER_OTLP_ENDPOINT is set (the exporter reads the other OTEL_* settings itself); otherwise nothing leaves.
/// Personal data stays out: no request or response body is ever recorded, and the query string (where a visitor could
/// put a tracking code) is dropped from every request span; routes carry their template, not the citizen's values.
/// </summary>
public static class Telemetry
{
    public static WebApplicationBuilder AddObrasQrTelemetry(this WebApplicationBuilder builder)
    {
        // The Azure SDK writes its spans to ActivitySources only when asked to.
        AppContext.SetSwitch("Azure.Experimental.EnableActivitySource", true);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("obrasqr-server"))
            .WithTracing(t => t
                .AddAspNetCoreInstrumentation(o => o.EnrichWithHttpRequest = static (activity, _) => WithoutQuery(activity))
                .AddHttpClientInstrumentation()
                .AddSource("Azure.*"))
            .WithMetrics(m => m
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddMeter("Azure.*"))
            .WithLogging();
        if (!string.IsNullOrEmpty(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])) telemetry.UseOtlpExporter();
        return builder;
    }

    static void WithoutQuery(Activity activity)
    {
        activity.SetTag("url.query", null);
        if (activity.GetTagItem("url.full") is string full && full.IndexOf('?') is var at and >= 0) activity.SetTag("url.full", full[..at]);
    }
}
