using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using ObrasQr.Reports;
using static ObrasQr.Tests.Reports.ReportKit;

namespace ObrasQr.Tests.Reports;

public sealed class SubmissionLimitTests
{
    static ReportLimits Limiter(int perHour, TimeProvider? clock = null) =>
        Limits(new ObrasQrOptions { Reports = new ReportOptions { MaxPerClientPerHour = perHour } }, clock);

    internal static ReportLimits Limits(ObrasQrOptions options, TimeProvider? clock = null) =>
        new(Options.Create(options), new ClientAddresses(Options.Create(options), clock ?? TimeProvider.System), clock ?? TimeProvider.System);

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
        Assert.Contains("enviarlo de nuevo", System.Net.WebUtility.HtmlDecode(await form.Content.ReadAsStringAsync()));
        Assert.Equal(3, (await factory.AllAsAuditor($"contractId={ContractId}")).Count(i => i.GetProperty("description").GetString()!.StartsWith("Reporte para probar")));
        // Reading is not limited.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/seguimiento")).StatusCode);
    }

    [Fact]
    public void Each_client_has_its_own_allowance()
    {
        var limiter = Limiter(2);

        Assert.Null(limiter.Acquire(From("190.24.1.10")));
        Assert.Null(limiter.Acquire(From("190.24.1.10")));
        Assert.NotNull(limiter.Acquire(From("190.24.1.10")));
        Assert.Null(limiter.Acquire(From("181.50.7.7")));
        Assert.Null(limiter.Acquire(From("2800:e2:1::1")));
    }

    [Fact]
    public void A_new_day_forgets_the_counts_of_the_day_before()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 6, 1, 10, 0, 0, TimeSpan.Zero));
        var limiter = Limiter(1, clock);

        Assert.Null(limiter.Acquire(From("190.24.1.10")));
        Assert.NotNull(limiter.Acquire(From("190.24.1.10")));
        clock.Now = clock.Now.AddDays(1);
        Assert.Null(limiter.Acquire(From("190.24.1.10")));
    }

    [Fact]
    public void Zero_turns_the_limit_off()
    {
        var limiter = Limiter(0);
        for (var i = 0; i < 100; i++) Assert.Null(limiter.Acquire(From("190.24.1.10")));
    }

}

/// <summary>The fair limit of docs/reports.md: accepted reports only, per address, with a burst per minute.</summary>
public sealed class FairLimitTests
{
    static object Report(string text) => new { category = "otro", description = Unique(text) };

    [Fact]
    public async Task Thirty_people_behind_one_address_can_all_report_within_an_hour()
    {
        var clock = ObrasQr.Tests.ManualClock.AtNoonInColombia(2026, 6, 2);
        using var factory = new ObrasQrFactory { Clock = clock };
        var client = factory.CreateClient(); // one address for everyone, like a carrier NAT

        for (var person = 0; person < 30; person++)
        {
            var response = await client.PostAsJsonAsync($"/api/contracts/{ContractId}/reports", Report($"Vecino {person} detrás del mismo NAT."));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            clock.Advance(TimeSpan.FromMinutes(2));
        }
    }

    [Fact]
    public async Task Refused_submissions_count_toward_the_quota()
    {
        using var factory = new ObrasQrFactory();
        factory.Settings["ObrasQr:Reports:MaxPerClientPerHour"] = "3";
        var client = factory.CreateClient();

        for (var i = 0; i < 3; i++) // too short: 400, and nothing stored, but each one cost the server a request
            Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync($"/api/contracts/{ContractId}/reports", new { category = "otro", description = "corto" })).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.PostAsJsonAsync($"/api/contracts/{ContractId}/reports", Report("Tras los errores, válido."))).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.PostAsJsonAsync("/api/contracts/CO1.PCCNTR.0000000/reports", Report("Obra que no existe."))).StatusCode);
    }

    [Fact]
    public async Task One_script_is_held_to_the_burst_per_minute()
    {
        var clock = ObrasQr.Tests.ManualClock.AtNoonInColombia(2026, 6, 2);
        using var factory = new ObrasQrFactory { Clock = clock };
        var client = factory.CreateClient();

        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
            codes.Add((await client.PostAsJsonAsync($"/api/contracts/{ContractId}/reports", Report("Envío automático en ráfaga."))).StatusCode);
        clock.Advance(TimeSpan.FromMinutes(1));
        var later = await client.PostAsJsonAsync($"/api/contracts/{ContractId}/reports", Report("Un minuto después."));

        Assert.Equal(10, codes.Count(c => c == HttpStatusCode.Created));
        Assert.Equal(2, codes.Count(c => c == HttpStatusCode.TooManyRequests));
        Assert.Equal(HttpStatusCode.Created, later.StatusCode);
    }

    static HttpRequest From(string peer, string? forwardedFor = null) => ClientAddressesTests.From(peer, forwardedFor);

    [Fact]
    public void Behind_a_trusted_proxy_each_citizen_has_an_own_allowance()
    {
        var limiter = SubmissionLimitTests.Limits(new ObrasQrOptions
        { Reports = new ReportOptions { MaxPerClientPerHour = 2, TrustedProxies = ["10.0.0.5"] } });

        Assert.Null(limiter.Acquire(From("10.0.0.5", "190.24.1.10")));
        Assert.Null(limiter.Acquire(From("10.0.0.5", "190.24.1.10")));
        Assert.NotNull(limiter.Acquire(From("10.0.0.5", "190.24.1.10")));
        Assert.Null(limiter.Acquire(From("10.0.0.5", "181.50.7.7")));
    }

    [Fact]
    public void Addresses_of_one_ipv6_64_share_one_report_allowance_and_another_64_has_its_own()
    {
        var limiter = SubmissionLimitTests.Limits(new ObrasQrOptions
        { Reports = new ReportOptions { MaxPerClientPerHour = 2, TrustedProxies = ["10.0.0.5"] } });

        Assert.Null(limiter.Acquire(From("10.0.0.5", "2800:e2:1:7::1")));
        Assert.Null(limiter.Acquire(From("10.0.0.5", "2800:e2:1:7:aaaa::2")));
        Assert.NotNull(limiter.Acquire(From("10.0.0.5", "2800:e2:1:7:ffff:ffff:ffff:3")));
        Assert.Null(limiter.Acquire(From("10.0.0.5", "2800:e2:1:8::1")));
    }

    [Fact]
    public async Task Lookups_are_limited_per_minute_on_the_api_and_the_page()
    {
        using var factory = new ObrasQrFactory();
        factory.Settings["ObrasQr:Reports:MaxLookupsPerClientPerMinute"] = "3";
        var client = factory.CreateClient();

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
            answers.Add((await client.PostAsJsonAsync("/api/reports/lookup", new { trackingCode = "AAAA-BBBB-CCCC-DDDD-EEEE" })).StatusCode);
        var page = await client.PostAsync("/seguimiento", new FormUrlEncodedContent([new("code", "AAAA-BBBB-CCCC-DDDD-EEEE")]));

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests], answers);
        Assert.Equal(HttpStatusCode.TooManyRequests, page.StatusCode);
        Assert.Contains("Intente de nuevo", await page.Content.ReadAsStringAsync());
    }
}
