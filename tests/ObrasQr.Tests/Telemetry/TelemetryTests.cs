using System.Diagnostics;
using Microsoft.AspNetCore.TestHost;
using OpenTelemetry.Trace;

namespace ObrasQr.Tests.Telemetry;

/// <summary>The server's OpenTelemetry (src/ObrasQr.Server/Telemetry.cs) with an in-memory exporter: a request is a
/// span, the Azure store's calls are spans of the Azure SDK, and a tracking-code lookup leaves no code in any span.</summary>
public sealed class TelemetryTests
{
    const string Code = "QWER-TYUI-ASDF-GHJK-ZXCV";

    static (ObrasQrFactory, Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program>, List<Activity>) Traced(StoreKind store)
    {
        var spans = new List<Activity>();
        var factory = new ObrasQrFactory(store);
        var app = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans))));
        return (factory, app, spans);
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task A_request_is_recorded_as_a_span_with_its_route(StoreKind store)
    {
        var (factory, app, spans) = Traced(store);
        using (factory)
        {
            var response = await app.CreateClient().GetAsync("/o/CO1.PCCNTR.5361557");
            Assert.True(response.IsSuccessStatusCode);
            app.Dispose(); // stops the host: every span has ended and been exported
        }

        Assert.Contains(spans, s => s.Kind == ActivityKind.Server && (s.GetTagItem("http.route") as string) == "/o/{contractId}");
        if (store == StoreKind.Azure) Assert.Contains(spans, s => s.Source.Name.StartsWith("Azure.", StringComparison.Ordinal));
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task A_tracking_code_lookup_leaves_no_code_in_any_span(StoreKind store)
    {
        var (factory, app, spans) = Traced(store);
        var trace = ActivityTraceId.CreateRandom();
        using (factory)
        {
            var client = app.CreateClient();
            // Spans are collected from every host in this test process (other classes run at once): the test's three
            // requests carry a trace of their own, and only its server spans are counted.
            client.DefaultRequestHeaders.Add("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom()}-01");
            await client.PostAsync("/seguimiento", new FormUrlEncodedContent([new("code", Code)]));
            await client.PostAsync("/api/reports/lookup", new FormUrlEncodedContent([new("code", Code)]));
            await client.GetAsync($"/seguimiento?code={Code}");
            app.Dispose();
        }

        Assert.Equal(3, spans.Count(s => s.Kind == ActivityKind.Server && s.TraceId == trace));
        Assert.All(spans, s => Assert.All(s.TagObjects, t => Assert.DoesNotContain("QWER", t.Value?.ToString() ?? "")));
        Assert.All(spans, s => Assert.DoesNotContain("QWER", s.DisplayName));
    }
}
