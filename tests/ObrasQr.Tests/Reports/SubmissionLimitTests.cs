using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using ObrasQr.Reports;
using static ObrasQr.Tests.Reports.ReportKit;

namespace ObrasQr.Tests.Reports;

public sealed class SubmissionLimitTests
{
    static SubmissionLimiter Limiter(int perHour, TimeProvider? clock = null) =>
        new(Options.Create(new ObrasQrOptions { Reports = new ReportOptions { MaxPerClientPerHour = perHour } }), clock ?? TimeProvider.System);

    static HttpRequest From(string ip)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(ip);
        return context.Request;
    }

    [Theory, InlineData(StoreKind.Sqlite), InlineData(StoreKind.Azure)]
    public async Task Api_and_form_answer_429_with_retry_after_once_the_hourly_limit_is_used(StoreKind store)
    {
        using var factory = new ObrasQrFactory(store);
        factory.Settings["ObrasQr:Reports:MaxPerClientPerHour"] = "3";
        var client = factory.CreateClient();
        object Report() => new { category = "otro", description = Unique("Reporte para probar el límite.") };

        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"/api/contracts/{ContractId}/reports", Report())).StatusCode);
        var api = await client.PostAsJsonAsync($"/api/contracts/{ContractId}/reports", Report());
        var form = await client.PostAsync($"/o/{ContractId}/reportes", Form([("category", "otro"), ("description", Unique("Desde el formulario."))]));

        Assert.Equal(HttpStatusCode.TooManyRequests, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        Assert.True(api.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(HttpStatusCode.TooManyRequests, form.StatusCode);
        Assert.True(form.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Contains("Intente de nuevo", await form.Content.ReadAsStringAsync());
        Assert.Equal(3, (await factory.AllAsAuditor($"contractId={ContractId}")).Count(i => i.GetProperty("description").GetString()!.StartsWith("Reporte para probar")));
        // Reading is not limited.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/seguimiento")).StatusCode);
    }

    [Fact]
    public void Each_client_has_its_own_allowance()
    {
        using var limiter = Limiter(2);

        Assert.Null(limiter.Acquire(From("190.24.1.10")));
        Assert.Null(limiter.Acquire(From("190.24.1.10")));
        Assert.NotNull(limiter.Acquire(From("190.24.1.10")));
        Assert.Null(limiter.Acquire(From("181.50.7.7")));
        Assert.Null(limiter.Acquire(From("2800:e2:1::1")));
    }

    [Fact]
    public void Zero_turns_the_limit_off()
    {
        using var limiter = Limiter(0);
        for (var i = 0; i < 100; i++) Assert.Null(limiter.Acquire(From("190.24.1.10")));
    }

    [Fact]
    public void Clients_are_keyed_by_a_daily_rotating_hmac_not_by_their_address()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 6, 1, 10, 0, 0, TimeSpan.Zero));
        using var limiter = Limiter(10, clock);
        using var other = Limiter(10, clock);
        var ip = IPAddress.Parse("190.24.1.10");

        var key = limiter.ClientKey(ip);
        Assert.Equal(key, limiter.ClientKey(ip));
        Assert.Equal(key, limiter.ClientKey(ip.MapToIPv6())); // the same client over IPv4 and IPv4-mapped IPv6
        Assert.DoesNotContain("190.24", key);
        Assert.NotEqual(key, limiter.ClientKey(IPAddress.Parse("190.24.1.11")));
        Assert.NotEqual(key, other.ClientKey(ip)); // a random secret per process: not a plain hash anyone can recompute
        clock.Now = clock.Now.AddDays(1);
        Assert.NotEqual(key, limiter.ClientKey(ip));
    }
}
