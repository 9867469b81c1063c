using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using ObrasQr.Pages;
using static ObrasQr.Tests.Reports.ReportKit;

namespace ObrasQr.Tests.TwoInstances;

/// <summary>
/// Two server processes on one Azure store, as two instances of one deployment: what one acknowledges the other
/// serves, and background work one leaves half done the other finishes. Part of the normal test run (CI).
/// </summary>
[Trait("Category", "TwoInstances")]
public sealed partial class TwoInstancesTests(TwoServers servers) : IClassFixture<TwoServers>, IAsyncLifetime
{
    public Task InitializeAsync() => servers.BothRunningAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_report_acknowledged_by_one_instance_is_found_by_the_other_and_counted_on_its_page_within_the_cache_time()
    {
        var before = await CountOnPageAsync(servers.B);

        var answer = await servers.A.Client.PostAsJsonAsync($"/api/contracts/{ContractId}/reports",
            new { category = "obra_paralizada", description = Unique("Obra detenida desde hace dos semanas") });

        Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
        var code = (await answer.Json()).GetProperty("trackingCode").GetString();
        var lookup = await servers.B.Client.PostAsJsonAsync("/api/reports/lookup", new { trackingCode = code });
        Assert.Equal(HttpStatusCode.OK, lookup.StatusCode);
        Assert.Equal("obra_paralizada", (await lookup.Json()).GetProperty("category").GetString());
        // B may serve the page it kept for up to the cache's freshness; after that it must count the new report.
        var deadline = DateTime.UtcNow + ContractPageCache.Freshness + TimeSpan.FromSeconds(20);
        var count = before;
        while (count != before + 1 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(500);
            count = await CountOnPageAsync(servers.B);
        }
        Assert.Equal(before + 1, count);
    }

    static async Task<int> CountOnPageAsync(ServerProcess server)
    {
        var page = await server.Client.GetStringAsync($"/o/{ContractId}");
        var match = ReportCount().Match(page);
        Assert.True(match.Success, $"No report count on the page of {server.Name}.");
        return int.Parse(match.Groups[1].Value);
    }

    [GeneratedRegex(@"id=""conteo"">(\d+) reportes? ciudadanos? recibidos?")]
    private static partial Regex ReportCount();
}
