using System.Net;
using System.Net.Http.Json;
using static ObrasQr.Tests.Reports.ReportKit;

namespace ObrasQr.Tests.Reports;

/// <summary>
/// A burst of submissions to one contract (a billboard campaign): the stores write them in groups (SQLite: one
/// transaction per group; Azure: one entity group transaction per month partition), and every 201 must still mean
/// stored once, with a tracking code that finds it, replays included.
/// </summary>
public abstract class ConcurrentSubmissionTests(ObrasQrFactory factory)
{
    public sealed class OnSqlite(ObrasQrFactory.OnSqlite store) : ConcurrentSubmissionTests(store), IClassFixture<ObrasQrFactory.OnSqlite>;
    public sealed class OnAzure(ObrasQrFactory.OnAzure store) : ConcurrentSubmissionTests(store), IClassFixture<ObrasQrFactory.OnAzure>;

    readonly ObrasQrFactory factory = Unlimited(factory);

    static ObrasQrFactory Unlimited(ObrasQrFactory factory)
    {
        factory.Unlimited();
        factory.Settings["ObrasQr:Reports:MaxLookupsPerClientPerMinute"] = "0"; // every code is looked up from one client
        return factory;
    }

    static async Task<(HttpStatusCode Status, string? Code, bool Replayed)> Submit(HttpClient client, string key, string description)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/contracts/{ContractId}/reports")
        {
            Content = JsonContent.Create(new { category = "obra_paralizada", description }),
        };
        request.Headers.Add("Idempotency-Key", key);
        var response = await client.SendAsync(request);
        var code = response.StatusCode == HttpStatusCode.Created ? (await response.Json()).GetProperty("trackingCode").GetString() : null;
        return (response.StatusCode, code, response.Headers.Contains("Idempotent-Replayed"));
    }

    [Fact]
    public async Task Concurrent_submissions_to_one_contract_are_each_stored_once_and_every_code_finds_its_report()
    {
        var run = Guid.NewGuid().ToString("N");
        var sends = Enumerable.Range(0, 60).Select(i => (Key: $"{run}-{i}", Description: $"Obra detenida, envío {i} [{run}]")).ToList();
        // Ten of them are sent twice at once, as a phone that resends after a timeout.
        var all = sends.Concat(sends.Take(10)).ToList();

        // One client, made (and the server started) before the burst: the test server starts once, not per request.
        var client = factory.CreateClient();
        var answers = await Task.WhenAll(all.Select(s => Task.Run(() => Submit(client, s.Key, s.Description))));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.Status));
        var stored = (await factory.AllAsAuditor($"contractId={ContractId}"))
            .Select(i => i.GetProperty("description").GetString()!).Where(d => d.Contains(run)).ToList();
        Assert.Equal(sends.Select(s => s.Description).Order(StringComparer.Ordinal), stored.Order(StringComparer.Ordinal));
        Assert.Equal(10, answers.Count(a => a.Replayed));
        var lookups = await Task.WhenAll(answers.Select(a => client.PostAsJsonAsync("/api/reports/lookup", new { trackingCode = a.Code })));
        Assert.All(lookups, l => Assert.Equal(HttpStatusCode.OK, l.StatusCode));
    }
}
